package io.switchboard.flows;

import java.util.List;
import java.util.Objects;

/** The result of one step of a flow: the new state and the commands to execute, in order. */
public record Step(FlowState state, List<FlowCommand> commands) {
  public Step {
    Objects.requireNonNull(state, "state");
    commands = List.copyOf(commands);
  }
}
