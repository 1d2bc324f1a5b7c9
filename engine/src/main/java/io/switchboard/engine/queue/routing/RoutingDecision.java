package io.switchboard.engine.queue.routing;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The explained outcome of routing one call: who is offered it, what every member's verdict was,
 * and the tie-break that ordered the eligible agents. Journaled as is (in {@link
 * QueueEvent.CallRouted}) so that "why did agent X not get this call" is answered from history.
 *
 * <p>Created only by {@link Router#route}; immutable, thread-safe.
 *
 * @param callId the call
 * @param method the routing method applied
 * @param at the instant of the decision
 * @param chosen the agents to reserve and alert: none, one, or all eligible for ring-all
 * @param candidates one assessment per member: chosen and outranked first in rank order, then the
 *     others by agent id
 * @param tieBreak how the chosen agent(s) won, in words, e.g. {@code "longest idle: agent b idle
 *     since 2026-11-24T09:02:11Z < agent c 2026-11-24T09:05:40Z"}
 * @param newRound true when every eligible agent had already been tried for this call, so a new
 *     round started and the call's tried set was cleared
 * @param cursor the round-robin cursor after this decision (unchanged for other methods)
 */
public record RoutingDecision(
    String callId,
    RoutingMethod method,
    Instant at,
    List<String> chosen,
    List<CandidateAssessment> candidates,
    String tieBreak,
    boolean newRound,
    RoutingCursor cursor) {

  public RoutingDecision {
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(at, "at");
    chosen = chosen == null ? List.of() : List.copyOf(chosen);
    candidates = candidates == null ? List.of() : List.copyOf(candidates);
    Objects.requireNonNull(tieBreak, "tieBreak");
    Objects.requireNonNull(cursor, "cursor");
  }

  /** Whether anyone is offered the call. */
  public boolean offersAnyone() {
    return !chosen.isEmpty();
  }

  /** The assessment of one member. */
  public CandidateAssessment assessmentOf(String agentId) {
    return candidates.stream()
        .filter(c -> c.agentId().equals(agentId))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(agentId + " is not a member of this decision"));
  }
}
