package io.switchboard.engine.queue.routing;

/**
 * How an offer ended without connecting the call, in {@link QueueEvent.OfferEnded}.
 *
 * <p>The adapter acts on it: when the offer was {@link Offer.Phase#ALERTING} the Call entity hangs
 * up the agent leg (unless the agent already hung it up); in every case the Agent entity releases
 * its reservation for the call.
 */
public enum OfferOutcome {
  /** The Agent entity refused the reservation: it is reserved or busy elsewhere. */
  RESERVATION_REFUSED(false),
  /** The Agent entity did not answer the reservation request in time. */
  RESERVATION_TIMED_OUT(false),
  /** The agent's phone rang for the whole alert time. Counts as missed. */
  NO_ANSWER(true),
  /** The agent declined the call (rejected the leg, or the leg came back busy). Counts as missed. */
  DECLINED(true),
  /** The agent's endpoint could not be reached (unregistered, failed). Counts as missed. */
  UNREACHABLE(true),
  /** Ring-all: another agent answered first. */
  CANCELLED_ANSWERED_ELSEWHERE(false),
  /** The caller hung up. */
  CANCELLED_CALLER_LEFT(false),
  /** The caller reached the queue timeout. */
  CANCELLED_QUEUE_TIMEOUT(false),
  /** The last agent signed out and the no-agents action applies to waiting calls. */
  CANCELLED_NO_AGENTS(false);

  private final boolean missed;

  OfferOutcome(boolean missed) {
    this.missed = missed;
  }

  /** Whether this outcome counts towards the agent's missed-offer limit. */
  public boolean countsAsMissed() {
    return missed;
  }
}
