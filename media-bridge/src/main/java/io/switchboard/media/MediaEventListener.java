package io.switchboard.media;

/**
 * Receives every {@link MediaEvent} of a {@link MediaBridge} (or of one outbound call).
 *
 * <p>Called from the bridge's own dispatching stage, one event at a time, in arrival order per
 * connection, never from the socket reader: the reader hands events over through a bounded,
 * measured buffer (see {@link HandOffStats}). Keep it fast and non-blocking (an actor
 * {@code tell}); a slow listener fills the buffer, which raises an alarm and, when full, drops
 * events and triggers a reconciliation (see {@link MediaEvent.ChannelsReconciled}).
 */
@FunctionalInterface
public interface MediaEventListener {
  void onEvent(MediaEvent event);
}
