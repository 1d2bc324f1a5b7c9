package io.switchboard.engine.queue.routing;

import java.time.Instant;
import java.util.Objects;

/**
 * A live offer of a waiting call to one agent, from the queue's side of the reserve-then-offer
 * protocol: first {@link Phase#RESERVING} (the Agent entity was asked to reserve itself), then
 * {@link Phase#ALERTING} (reserved; the agent's leg rings). The deadline is journaled so that a
 * recovered queue re-arms its timer.
 *
 * @param agentId the agent
 * @param phase where the offer is
 * @param requestId the queue's number of the reservation request that began the offer: every
 *     answer and release names it, so a late answer to an earlier request cannot be taken for this
 *     one
 * @param startedAt when the current phase started
 * @param deadline when the current phase times out (reservation timeout, or alert time)
 */
public record Offer(String agentId, Phase phase, long requestId, Instant startedAt, Instant deadline) {

  /** Where an offer is in the protocol. */
  public enum Phase {
    /** Asked the Agent entity to reserve itself for this call; no leg exists yet. */
    RESERVING,
    /** The agent is reserved and its leg is (being) originated and rings. */
    ALERTING
  }

  public Offer {
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(deadline, "deadline");
  }
}
