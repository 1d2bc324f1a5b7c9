package io.switchboard.flows;

import io.switchboard.flows.internal.runtime.Branches;
import io.switchboard.flows.internal.runtime.FlowMachine;
import io.switchboard.flows.model.Flow;
import java.util.List;

/**
 * A flow that passed every check, ready to run calls: a pure, deterministic state machine.
 *
 * <p>{@link #start(FlowContext)} begins a call; {@link #step(FlowState, FlowInput, FlowContext)}
 * feeds it one input. The same state, input and context always give the same {@link Step}: time
 * comes from the context, ids from the state. The engine keeps the {@link FlowState} (and may
 * snapshot it) and pins each call to the {@link #version()} it started on.
 *
 * <p>Created by {@link FlowCompiler}; immutable and safe to share between threads and calls.
 */
public final class CompiledFlow {
  private final String source;
  private final Flow definition;
  private final String version;
  private final FlowMachine machine;
  private final List<Branch> branches;

  CompiledFlow(String source, Flow definition, String version) {
    this.source = source;
    this.definition = definition;
    this.version = version;
    this.machine = new FlowMachine(definition, version);
    this.branches = Branches.of(definition);
  }

  /** The flow id from the file. */
  public String id() {
    return definition.id();
  }

  /** The deployed version: "sha256:" and the hex SHA-256 of the normalised file text. */
  public String version() {
    return version;
  }

  /** The flow's default language. */
  public String language() {
    return definition.language();
  }

  /** Every language the flow offers. */
  public List<String> languages() {
    return definition.languages();
  }

  /** The file or resource name it was compiled from. */
  public String source() {
    return source;
  }

  /** The flow as written, for tools (graphs, coverage). */
  public Flow definition() {
    return definition;
  }

  /** Every decision the flow can take (for coverage). */
  public List<Branch> branches() {
    return branches;
  }

  /** The state of a call that has not started yet. */
  public FlowState initialState() {
    return machine.initialState();
  }

  /** Starts a call: the same as {@code step(initialState(), new Started(), context)}. */
  public Step start(FlowContext context) {
    return machine.step(machine.initialState(), new FlowInput.Started(), context);
  }

  /**
   * Feeds one input. Stale inputs (a timer or playback that is no longer current, anything after
   * the end) change nothing and return no command.
   *
   * @throws IllegalArgumentException if the state belongs to another flow or version
   */
  public Step step(FlowState state, FlowInput input, FlowContext context) {
    return machine.step(state, input, context);
  }

  @Override
  public String toString() {
    return "CompiledFlow[" + id() + " " + version + " from " + source + "]";
  }
}
