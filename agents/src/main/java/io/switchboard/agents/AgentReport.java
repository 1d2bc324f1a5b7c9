package io.switchboard.agents;

import io.switchboard.persistence.CborSerializable;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What an Agent entity tells one of its queues about itself: everything routing needs that the
 * agent owns. The engine maps it onto the queue routing's own status type (the agents module
 * cannot see engine types).
 *
 * <p>Built by {@link Agent.State#reportFor(String)}; sent through {@link AgentStatusListener} after
 * every change that concerns that queue, and with every refused reservation. {@link #revision()}
 * orders reports: a queue ignores one older than what it already applied (a refusal reply and a
 * status report travel different paths and may cross). A value; immutable.
 *
 * @param agentId the agent
 * @param queueId the queue the report is for
 * @param presence the effective presence: busy on a call, wrap-up in wrap-up, else as set
 * @param optedIn whether the agent takes calls from this queue
 * @param signedIn whether the agent is signed in (presence not offline)
 * @param onCall whether the agent is on a call, from any queue or direct
 * @param reservedElsewhere whether the agent is reserved for a call of another queue
 * @param wrapUpUntil end of the current wrap-up, or {@code null}
 * @param idleSince when the agent last became free, or {@code null} when never
 * @param skills skill name to level
 * @param missedOffers offers missed in a row, across queues
 * @param revision the agent's revision when the report was made
 */
public record AgentReport(
    String agentId,
    String queueId,
    Presence presence,
    boolean optedIn,
    boolean signedIn,
    boolean onCall,
    boolean reservedElsewhere,
    Instant wrapUpUntil,
    Instant idleSince,
    Map<String, Integer> skills,
    int missedOffers,
    long revision)
    implements CborSerializable {

  public AgentReport {
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(queueId, "queueId");
    Objects.requireNonNull(presence, "presence");
    skills = skills == null ? Map.of() : Map.copyOf(skills);
  }

  /** Whether {@code other} says the same, whatever its revision. */
  public boolean sameContentAs(AgentReport other) {
    return other != null && withRevision(0).equals(other.withRevision(0));
  }

  private AgentReport withRevision(long value) {
    return new AgentReport(agentId, queueId, presence, optedIn, signedIn, onCall, reservedElsewhere, wrapUpUntil,
        idleSince, skills, missedOffers, value);
  }
}
