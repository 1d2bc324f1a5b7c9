package io.switchboard.flows;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;

/** Compiles flow text for tests, with a fixed "today" so that schedule checks are reproducible. */
public final class TestFlows {
  /** The day the 365-day schedule check starts at in tests. */
  public static final Instant TODAY = Instant.parse("2026-11-24T08:00:00Z");
  public static final Clock CLOCK = Clock.fixed(TODAY, ZoneOffset.UTC);

  private TestFlows() {}

  public static CompileResult compile(String yaml) {
    return FlowCompiler.create(CLOCK).compile("test.flow.yaml", yaml);
  }

  /** The compiled flow; fails the test with every error if it does not compile. */
  public static CompiledFlow valid(String yaml) {
    CompileResult r = compile(yaml);
    if (r.flow().isEmpty()) {
      throw new AssertionError("expected a valid flow, got:\n"
          + r.errors().stream().map(FlowError::toString).collect(Collectors.joining("\n")));
    }
    return r.flow().get();
  }

  /** The errors as "line:column: message [class]". */
  public static List<String> errors(String yaml) {
    return compile(yaml).errors().stream().map(FlowError::located).toList();
  }
}
