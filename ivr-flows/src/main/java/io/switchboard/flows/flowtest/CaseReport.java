package io.switchboard.flows.flowtest;

import io.switchboard.flows.FlowError;
import io.switchboard.flows.simulation.Simulation;
import java.util.List;

/**
 * The result of one flow test.
 *
 * @param failures what differed, each located in the test file; empty when it passed
 * @param transcript the inputs and commands of the simulated call
 */
public record CaseReport(String name, List<FlowError> failures, List<Simulation.Event> transcript) {
  public CaseReport {
    failures = List.copyOf(failures);
    transcript = List.copyOf(transcript);
  }

  public boolean passed() {
    return failures.isEmpty();
  }
}
