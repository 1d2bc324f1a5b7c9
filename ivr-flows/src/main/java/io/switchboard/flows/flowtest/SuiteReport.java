package io.switchboard.flows.flowtest;

import io.switchboard.flows.FlowError;
import java.util.List;
import java.util.Optional;

/**
 * The result of one flow test file.
 *
 * @param flowId the flow tested (empty if it could not be loaded)
 * @param errors problems that stopped the tests from running: the test file or the flow is invalid
 * @param coverage the branches covered, when the flow compiled
 */
public record SuiteReport(String file, String flowId, List<FlowError> errors, List<CaseReport> cases,
    Optional<Coverage> coverage) {
  public SuiteReport {
    errors = List.copyOf(errors);
    cases = List.copyOf(cases);
  }

  public boolean passed() {
    return errors.isEmpty() && cases.stream().allMatch(CaseReport::passed);
  }

  public long failedCount() {
    return cases.stream().filter(c -> !c.passed()).count();
  }
}
