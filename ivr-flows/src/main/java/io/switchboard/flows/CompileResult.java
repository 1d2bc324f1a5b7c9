package io.switchboard.flows;

import java.util.List;
import java.util.Optional;

/** The outcome of compiling one flow file: the flow, or every error found. Immutable. */
public sealed interface CompileResult {

  /** The flow, if it compiled. */
  Optional<CompiledFlow> flow();

  /** The errors, sorted by position; empty when it compiled. */
  List<FlowError> errors();

  /** The content hash of the file, whether it compiled or not. */
  String version();

  /** The flow compiled: every check passed. */
  record Compiled(CompiledFlow compiled) implements CompileResult {
    @Override
    public Optional<CompiledFlow> flow() {
      return Optional.of(compiled);
    }

    @Override
    public List<FlowError> errors() {
      return List.of();
    }

    @Override
    public String version() {
      return compiled.version();
    }
  }

  /** The flow did not compile: all the errors found. */
  record Rejected(String file, String version, List<FlowError> errors) implements CompileResult {
    public Rejected {
      errors = List.copyOf(errors);
      if (errors.isEmpty()) {
        throw new IllegalArgumentException("a rejected flow has at least one error");
      }
    }

    @Override
    public Optional<CompiledFlow> flow() {
      return Optional.empty();
    }
  }
}
