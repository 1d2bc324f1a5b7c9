package io.switchboard.engine.queue.routing;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The call side of a routing decision.
 *
 * @param callId the call being routed
 * @param requiredSkills skills this call needs on top of the queue's own (the higher level wins)
 * @param triedAgents agents already offered this call in the current round
 */
public record RoutingRequest(String callId, Map<String, Integer> requiredSkills, Set<String> triedAgents) {

  public RoutingRequest {
    Objects.requireNonNull(callId, "callId");
    requiredSkills = requiredSkills == null ? Map.of() : Map.copyOf(requiredSkills);
    triedAgents = triedAgents == null ? Set.of() : Set.copyOf(triedAgents);
  }

  /** A call with no skill needs that no agent has been offered yet. */
  public static RoutingRequest of(String callId) {
    return new RoutingRequest(callId, Map.of(), Set.of());
  }
}
