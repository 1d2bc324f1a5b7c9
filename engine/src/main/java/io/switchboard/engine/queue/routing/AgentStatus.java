package io.switchboard.engine.queue.routing;

import io.switchboard.agents.Presence;
import io.switchboard.engine.directory.Ids;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What an Agent entity tells one queue about itself: everything routing needs that the agent, not
 * the queue, owns.
 *
 * <p>Sent by the Agent entity to each queue it is a member of whenever it changes (the opt-in flag
 * is the one for that queue), and applied through {@link QueueCommand.UpdateAgentStatus}. A value;
 * journaled in {@link QueueEvent.AgentStatusUpdated}; immutable and thread-safe.
 *
 * @param agentId the agent (a user id)
 * @param presence presence as set by the agent or derived by the Agent entity
 * @param optedIn whether the agent takes calls from this queue
 * @param signedIn whether the agent is signed in to the contact center at all
 * @param onCall whether the agent is on a call, from any queue or direct
 * @param reservedElsewhere whether the agent is reserved for a call of another queue
 * @param wrapUpUntil end of the current wrap-up, or {@code null} when not in wrap-up
 * @param idleSince when the agent last became free (end of the last call and wrap-up, or sign-in),
 *     or {@code null} when unknown, which ranks first for longest idle
 * @param skills skill name to level (1-10)
 * @param missedOffers consecutive offers the agent missed (reset when the agent answers)
 * @param version the Agent entity's revision when it made the report; a queue ignores a report
 *     older than the one it holds (reports and reservation replies travel different paths and may
 *     cross). 0 means unversioned (tools, tests): applied whenever it differs
 */
public record AgentStatus(
    String agentId,
    Presence presence,
    boolean optedIn,
    boolean signedIn,
    boolean onCall,
    boolean reservedElsewhere,
    Instant wrapUpUntil,
    Instant idleSince,
    Map<String, Integer> skills,
    int missedOffers,
    long version) {

  public AgentStatus {
    Ids.require("agent", agentId);
    Objects.requireNonNull(presence, "presence");
    skills = skills == null ? Map.of() : Map.copyOf(skills);
    if (missedOffers < 0) {
      throw new IllegalArgumentException("missed offers cannot be negative: " + missedOffers);
    }
    if (version < 0) {
      throw new IllegalArgumentException("version cannot be negative: " + version);
    }
  }

  /**
   * Whether a queue that holds this status should take {@code report} instead: it says something
   * else, and it is not older (unversioned reports always count).
   */
  public boolean supersededBy(AgentStatus report) {
    return !equals(report) && (report.version == 0 || report.version > version);
  }

  /** A signed-in, opted-in, available agent with no skills, idle since {@code idleSince}. */
  public static AgentStatus available(String agentId, Instant idleSince) {
    return new AgentStatus(agentId, Presence.AVAILABLE, true, true, false, false, null, idleSince, Map.of(), 0, 0);
  }

  /** A signed-out agent. */
  public static AgentStatus signedOut(String agentId) {
    return new AgentStatus(agentId, Presence.OFFLINE, true, false, false, false, null, null, Map.of(), 0, 0);
  }

  public AgentStatus withPresence(Presence value) {
    return new AgentStatus(agentId, value, optedIn, signedIn, onCall, reservedElsewhere, wrapUpUntil, idleSince, skills, missedOffers, version);
  }

  public AgentStatus withOptedIn(boolean value) {
    return new AgentStatus(agentId, presence, value, signedIn, onCall, reservedElsewhere, wrapUpUntil, idleSince, skills, missedOffers, version);
  }

  public AgentStatus withSignedIn(boolean value) {
    return new AgentStatus(agentId, presence, optedIn, value, onCall, reservedElsewhere, wrapUpUntil, idleSince, skills, missedOffers, version);
  }

  public AgentStatus withOnCall(boolean value) {
    return new AgentStatus(agentId, presence, optedIn, signedIn, value, reservedElsewhere, wrapUpUntil, idleSince, skills, missedOffers, version);
  }

  public AgentStatus withReservedElsewhere(boolean value) {
    return new AgentStatus(agentId, presence, optedIn, signedIn, onCall, value, wrapUpUntil, idleSince, skills, missedOffers, version);
  }

  public AgentStatus withWrapUpUntil(Instant value) {
    return new AgentStatus(agentId, presence, optedIn, signedIn, onCall, reservedElsewhere, value, idleSince, skills, missedOffers, version);
  }

  public AgentStatus withIdleSince(Instant value) {
    return new AgentStatus(agentId, presence, optedIn, signedIn, onCall, reservedElsewhere, wrapUpUntil, value, skills, missedOffers, version);
  }

  public AgentStatus withSkills(Map<String, Integer> value) {
    return new AgentStatus(agentId, presence, optedIn, signedIn, onCall, reservedElsewhere, wrapUpUntil, idleSince, value, missedOffers, version);
  }

  public AgentStatus withMissedOffers(int value) {
    return new AgentStatus(agentId, presence, optedIn, signedIn, onCall, reservedElsewhere, wrapUpUntil, idleSince, skills, value, version);
  }

  public AgentStatus withVersion(long value) {
    return new AgentStatus(agentId, presence, optedIn, signedIn, onCall, reservedElsewhere, wrapUpUntil, idleSince, skills, missedOffers, value);
  }
}
