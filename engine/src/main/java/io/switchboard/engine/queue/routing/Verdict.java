package io.switchboard.engine.queue.routing;

/**
 * What a routing decision concluded about one member. Every member of the queue gets exactly one
 * verdict, so a decision always explains why each agent was or was not offered the call.
 *
 * <p>The skip verdicts are checked in the order declared here (signed out first, already tried
 * last), and the first that applies is recorded.
 */
public enum Verdict {
  /** Offered the call (for ring-all: one of the agents alerted). */
  CHOSEN,
  /** Eligible, but another agent ranked first (the decision's tie-break says why). */
  OUTRANKED,
  /** Eligible, but in a higher tier than the best tier that has an eligible agent (skills). */
  LOWER_TIER,
  /** Not signed in. */
  SIGNED_OUT,
  /** Signed in but opted out of this queue. */
  OPTED_OUT,
  /** On a call, whatever the presence says. */
  BUSY,
  /** Reserved for another call, of this queue or another. */
  RESERVED,
  /** In after-call work. */
  WRAP_UP,
  /** Presence is not available while presence-based routing applies to this member. */
  PRESENCE,
  /** Reached the queue's missed-offer limit; the queue has asked the Agent to set itself away. */
  MISSED_OFFERS,
  /** Lacks a required skill or its level (skills-based routing). */
  NOT_SKILLED,
  /** Already offered this call in the current round. */
  ALREADY_TRIED_FOR_THIS_CALL
}
