package io.switchboard.engine.queue.routing;

import io.switchboard.engine.directory.Ids;
import java.util.Objects;

/**
 * A queue's view of one of its members: the membership the queue owns (tier, serial order,
 * presence-based flag) and the last {@link AgentStatus} the agent reported.
 *
 * <p>Held in {@link QueueState#members()} and passed to {@link Router#route}; the routing never
 * sees agents of other queues. Between two status reports the queue applies its own predictions
 * (an answered offer makes the member busy, a refused reservation marks it reserved elsewhere) so
 * that it does not offer the same agent twice before the agent's next report. Immutable,
 * thread-safe.
 *
 * @param agentId the agent
 * @param tier priority tier for skills-based routing, 1 = first
 * @param serialOrder position in the serial and round-robin order (ties broken by agent id)
 * @param presenceBased whether this member's presence gates offers when the queue uses
 *     presence-based routing; false for plain endpoints that publish no presence (a lobby phone),
 *     which would otherwise never be offered a call
 * @param status what the agent reported last
 */
public record MemberView(String agentId, int tier, int serialOrder, boolean presenceBased, AgentStatus status) {

  public MemberView {
    Ids.require("agent", agentId);
    Objects.requireNonNull(status, "status");
    if (!status.agentId().equals(agentId)) {
      throw new IllegalArgumentException(
          "status of agent " + status.agentId() + " given for member " + agentId);
    }
    if (tier < 1) {
      throw new IllegalArgumentException("tier " + tier + " of agent " + agentId + " must be 1 or more");
    }
  }

  /** A member in tier 1 with serial order 0 that follows presence. */
  public static MemberView of(AgentStatus status) {
    return new MemberView(status.agentId(), 1, 0, true, status);
  }

  public MemberView withTier(int value) {
    return new MemberView(agentId, value, serialOrder, presenceBased, status);
  }

  public MemberView withSerialOrder(int value) {
    return new MemberView(agentId, tier, value, presenceBased, status);
  }

  public MemberView withPresenceBased(boolean value) {
    return new MemberView(agentId, tier, serialOrder, value, status);
  }

  public MemberView withStatus(AgentStatus value) {
    return new MemberView(agentId, tier, serialOrder, presenceBased, value);
  }

  /** Signed in and opted in: counts as staffing the queue (for no-agents and estimated wait). */
  public boolean staffing() {
    return status.signedIn() && status.optedIn();
  }
}
