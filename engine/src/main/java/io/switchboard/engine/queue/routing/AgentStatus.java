package io.switchboard.engine.queue.routing;

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
    int missedOffers) {

  public AgentStatus {
    Ids.require("agent", agentId);
    Objects.requireNonNull(presence, "presence");
    skills = skills == null ? Map.of() : Map.copyOf(skills);
    if (missedOffers < 0) {
      throw new IllegalArgumentException("missed offers cannot be negative: " + missedOffers);
    }
  }

  /** A signed-in, opted-in, available agent with no skills, idle since {@code idleSince}. */
  public static AgentStatus available(String agentId, Instant idleSince) {
    return new AgentStatus(agentId, Presence.AVAILABLE, true, true, false, false, null, idleSince, Map.of(), 0);
  }

  /** A signed-out agent. */
  public static AgentStatus signedOut(String agentId) {
    return new AgentStatus(agentId, Presence.OFFLINE, true, false, false, false, null, null, Map.of(), 0);
  }

  public AgentStatus withPresence(Presence value) {
    return new AgentStatus(agentId, value, optedIn, signedIn, onCall, reservedElsewhere, wrapUpUntil, idleSince, skills, missedOffers);
  }

  public AgentStatus withOptedIn(boolean value) {
    return new AgentStatus(agentId, presence, value, signedIn, onCall, reservedElsewhere, wrapUpUntil, idleSince, skills, missedOffers);
  }

  public AgentStatus withSignedIn(boolean value) {
    return new AgentStatus(agentId, presence, optedIn, value, onCall, reservedElsewhere, wrapUpUntil, idleSince, skills, missedOffers);
  }

  public AgentStatus withOnCall(boolean value) {
    return new AgentStatus(agentId, presence, optedIn, signedIn, value, reservedElsewhere, wrapUpUntil, idleSince, skills, missedOffers);
  }

  public AgentStatus withReservedElsewhere(boolean value) {
    return new AgentStatus(agentId, presence, optedIn, signedIn, onCall, value, wrapUpUntil, idleSince, skills, missedOffers);
  }

  public AgentStatus withWrapUpUntil(Instant value) {
    return new AgentStatus(agentId, presence, optedIn, signedIn, onCall, reservedElsewhere, value, idleSince, skills, missedOffers);
  }

  public AgentStatus withIdleSince(Instant value) {
    return new AgentStatus(agentId, presence, optedIn, signedIn, onCall, reservedElsewhere, wrapUpUntil, value, skills, missedOffers);
  }

  public AgentStatus withSkills(Map<String, Integer> value) {
    return new AgentStatus(agentId, presence, optedIn, signedIn, onCall, reservedElsewhere, wrapUpUntil, idleSince, value, missedOffers);
  }

  public AgentStatus withMissedOffers(int value) {
    return new AgentStatus(agentId, presence, optedIn, signedIn, onCall, reservedElsewhere, wrapUpUntil, idleSince, skills, value);
  }
}
