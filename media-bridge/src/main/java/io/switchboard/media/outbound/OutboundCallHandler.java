package io.switchboard.media.outbound;

import io.switchboard.media.MediaEventListener;

/**
 * Told about each call FreeSWITCH's {@code socket} application hands over; returns the listener
 * for that call's events (they are delivered through the server's bounded hand-off).
 *
 * <p>Called on the connection's actor thread: keep it short (create or tell an actor).
 */
@FunctionalInterface
public interface OutboundCallHandler {
  MediaEventListener onCall(OutboundCall call);
}
