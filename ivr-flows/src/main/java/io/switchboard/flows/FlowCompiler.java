package io.switchboard.flows;

import io.switchboard.flows.directory.FlowDirectory;
import io.switchboard.flows.internal.compile.FlowPipeline;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles flow files (YAML) into {@link CompiledFlow}s, or reports every error with its
 * {@code file:line:column}.
 *
 * <p>Checks, in order: YAML syntax and duplicate keys; the JSON Schema shipped as {@code
 * io/switchboard/flows/flow.schema.json}; values (dates, time zones, time ranges, patterns,
 * prompts, translations); meaning (node references, unreachable nodes, dead ends, endless
 * loops, contradictory limits); the schedule of each schedule node over the next 365 days from the
 * clock's today; and, when a {@link FlowDirectory} is given, references to queues, users,
 * extensions, flows and mailboxes.
 *
 * <p>Create one with {@link #create(Clock)}; immutable and thread-safe.
 */
public final class FlowCompiler {
  private static final Logger LOG = LoggerFactory.getLogger(FlowCompiler.class);

  private final Clock clock;
  private final FlowDirectory directory;

  private FlowCompiler(Clock clock, FlowDirectory directory) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.directory = directory;
  }

  /** A compiler that checks schedules from the clock's current day and no directory references. */
  public static FlowCompiler create(Clock clock) {
    return new FlowCompiler(clock, null);
  }

  /** The same compiler, also checking references against {@code flowDirectory}. */
  public FlowCompiler withDirectory(FlowDirectory flowDirectory) {
    return new FlowCompiler(clock, Objects.requireNonNull(flowDirectory, "flowDirectory"));
  }

  /** Reads (UTF-8) and compiles a file; errors name the file as given. */
  public CompileResult compile(Path file) {
    String name = file.toString();
    try {
      byte[] bytes = Files.readAllBytes(file);
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
      return compile(name, text);
    } catch (CharacterCodingException e) {
      return rejected(name, "the file is not UTF-8 text; save it as UTF-8");
    } catch (IOException e) {
      return rejected(name, "cannot read the file: " + describe(e) + "; check the path and permissions");
    }
  }

  /** Compiles flow text; {@code name} is used in error messages. */
  public CompileResult compile(String name, String text) {
    long started = System.nanoTime();
    FlowPipeline.Outcome outcome = FlowPipeline.compile(name, text, directory, clock.instant());
    if (outcome.flow().isEmpty()) {
      LOG.debug("flow {} rejected with {} error(s)", name, outcome.errors().size());
      return new CompileResult.Rejected(name, outcome.version(), outcome.errors());
    }
    CompiledFlow flow = new CompiledFlow(name, outcome.flow().get(), outcome.version());
    LOG.debug("flow {} ({}) compiled from {} in {} ms", flow.id(), flow.version(), name,
        (System.nanoTime() - started) / 1_000_000);
    return new CompileResult.Compiled(flow);
  }

  private static CompileResult rejected(String name, String message) {
    return new CompileResult.Rejected(name, "", List.of(new FlowError(name, 1, 1, ErrorClass.UNREADABLE_FILE, message)));
  }

  private static String describe(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
  }
}
