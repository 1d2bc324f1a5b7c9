package io.switchboard.engine.directory;

/** Where a number of the organisation's inventory stands. */
public enum NumberState {
  /** Held by the organisation, not routed anywhere yet. */
  AVAILABLE,
  /** Routed to a flow, a queue or a user. */
  ASSIGNED,
  /** Being ported in from another carrier; it cannot be assigned until the port completes. */
  PORTING_IN
}
