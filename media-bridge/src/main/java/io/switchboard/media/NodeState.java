package io.switchboard.media;

/** Where a connection to a FreeSWITCH node stands. */
public enum NodeState {
  /** Waiting before the next connection attempt (backoff). */
  DISCONNECTED,
  /** TCP connecting, authenticating or subscribing. */
  CONNECTING,
  /** Authenticated and subscribed: commands are accepted. */
  CONNECTED,
  /** The bridge was stopped. */
  STOPPED
}
