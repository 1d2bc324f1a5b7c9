package io.switchboard.engine.queue.routing;

import java.util.Objects;

/**
 * One member's verdict in a {@link RoutingDecision}, with the detail that makes it checkable (the
 * wrap-up end, the presence, the missing skill, the idle-since instant).
 *
 * @param agentId the member
 * @param verdict chosen, outranked, or why it was skipped
 * @param detail human-readable facts behind the verdict
 */
public record CandidateAssessment(String agentId, Verdict verdict, String detail) {

  public CandidateAssessment {
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(detail, "detail");
  }
}
