package io.switchboard.flows.flowtest;

import io.switchboard.flows.Branch;
import io.switchboard.flows.CompileResult;
import io.switchboard.flows.CompiledFlow;
import io.switchboard.flows.ErrorClass;
import io.switchboard.flows.FlowCommand;
import io.switchboard.flows.FlowCompiler;
import io.switchboard.flows.FlowContext;
import io.switchboard.flows.FlowError;
import io.switchboard.flows.Prompt;
import io.switchboard.flows.directory.Directory;
import io.switchboard.flows.directory.DirectoryFile;
import io.switchboard.flows.directory.StaticDirectory;
import io.switchboard.flows.internal.yaml.Pos;
import io.switchboard.flows.internal.yaml.YamlDocument;
import io.switchboard.flows.model.ScheduleNode;
import io.switchboard.flows.simulation.InputToken;
import io.switchboard.flows.simulation.Simulation;
import io.switchboard.flows.simulation.SimulationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Runs {@code *.flowtest.yaml} files: compiles the flow they name, simulates each test's call
 * through it with {@link Simulation}, compares what happened with the expectations, and measures
 * branch coverage. Failures say exactly what differed, located in the test file.
 *
 * <p>Immutable and thread-safe; each run works on its own simulations.
 */
public final class FlowTestRunner {

  /** When no {@code at} is given and the flow has no schedule: any fixed instant will do. */
  private static final Instant NO_TIME = Instant.parse("2000-01-03T09:00:00Z");

  private final FlowCompiler compiler;
  private final StaticDirectory fallbackDirectory;

  /**
   * @param compiler compiles the flows under test (its clock sets the schedule check's first day)
   * @param fallbackDirectory used when a test file names no directory; may be null
   */
  public FlowTestRunner(FlowCompiler compiler, StaticDirectory fallbackDirectory) {
    this.compiler = Objects.requireNonNull(compiler, "compiler");
    this.fallbackDirectory = fallbackDirectory;
  }

  public SuiteReport run(Path testFile) {
    String name = testFile.toString();
    String text;
    try {
      text = Files.readString(testFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return failed(name, "", List.of(new FlowError(name, 1, 1, ErrorClass.UNREADABLE_FILE,
          "cannot read the flow test file (" + e.getClass().getSimpleName() + "); check the path")));
    }
    List<FlowError> errors = new ArrayList<>();
    FlowTestFile.Parsed parsed = FlowTestFile.parse(name, text, errors);
    if (!errors.isEmpty() || parsed == null) {
      return failed(name, "", errors);
    }
    YamlDocument doc = parsed.doc();
    Path base = testFile.toAbsolutePath().getParent();

    StaticDirectory directory = fallbackDirectory;
    if (parsed.directory() != null) {
      if (!Files.exists(base.resolve(parsed.directory()))) {
        return failed(name, "", List.of(at(doc, doc.valuePos("/directory"), "directory file " + parsed.directory()
            + " does not exist next to the test file; fix the path")));
      }
      DirectoryFile.Result d = DirectoryFile.load(relativeForMessages(testFile, parsed.directory()));
      if (d.directory().isEmpty()) {
        return failed(name, "", d.errors());
      }
      directory = d.directory().get();
    }

    Path flowFile = relativeForMessages(testFile, parsed.flow());
    if (!Files.exists(base.resolve(parsed.flow()))) {
      return failed(name, "", List.of(at(doc, doc.valuePos("/flow"), "flow file " + parsed.flow()
          + " does not exist next to the test file; fix the path")));
    }
    FlowCompiler c = directory == null ? compiler : compiler.withDirectory(directory);
    CompileResult compiled = c.compile(flowFile);
    if (compiled.flow().isEmpty()) {
      List<FlowError> all = new ArrayList<>(compiled.errors());
      all.add(at(doc, doc.valuePos("/flow"), "flow " + parsed.flow() + " does not compile ("
          + compiled.errors().size() + " error(s) above); fix the flow first"));
      return failed(name, "", all);
    }
    CompiledFlow flow = compiled.flow().get();
    Directory runtime = directory == null ? Directory.EMPTY : directory;
    List<CaseReport> reports = new ArrayList<>();
    Set<Branch> covered = new HashSet<>();
    Set<Branch> possible = new HashSet<>(flow.branches());
    for (FlowTestFile.Case test : parsed.cases()) {
      CaseReport report = runCase(doc, flow, runtime, test);
      reports.add(report);
      for (Simulation.Event e : report.transcript()) {
        if (e instanceof Simulation.Event.Command cmd && cmd.command() instanceof FlowCommand.Decision d) {
          Branch b = new Branch(d.nodeId(), d.branch());
          if (possible.contains(b)) {
            covered.add(b);
          }
        }
      }
    }
    return new SuiteReport(name, flow.id(), List.of(), reports, Optional.of(new Coverage(flow.branches(), covered)));
  }

  /** The path as the user would write it: next to the test file, as given on the command line. */
  private static Path relativeForMessages(Path testFile, String relative) {
    Path parent = testFile.getParent();
    return parent == null ? Path.of(relative) : parent.resolve(relative).normalize();
  }

  private CaseReport runCase(YamlDocument doc, CompiledFlow flow, Directory directory, FlowTestFile.Case test) {
    List<FlowError> failures = new ArrayList<>();
    String who = "test '" + test.name() + "': ";
    FlowTestFile.Call call = test.call();
    Instant at = instant(doc, flow, call, who, failures);
    if (at == null) {
      return new CaseReport(test.name(), failures, List.of());
    }
    FlowContext context = new FlowContext(call.caller(), call.callerName(), call.dialled(), at,
        call.language(), Map.copyOf(call.variables()), directory);
    Simulation sim = new Simulation(flow, context);
    sim.start();
    boolean inputsApplied = true;
    for (int i = 0; i < test.inputs().size(); i++) {
      InputToken token = test.inputs().get(i);
      try {
        sim.apply(token);
      } catch (SimulationException e) {
        failures.add(at(doc, doc.valuePos(test.inputPointers().get(i)), who + "input " + (i + 1) + " '" + token
            + "' cannot be applied: " + e.getMessage()));
        inputsApplied = false;
        break;
      }
    }
    if (inputsApplied) {
      sim.settle();
    }
    compare(doc, test, sim, who, failures);
    return new CaseReport(test.name(), failures, sim.transcript());
  }

  private Instant instant(YamlDocument doc, CompiledFlow flow, FlowTestFile.Call call, String who, List<FlowError> failures) {
    boolean hasSchedule = flow.definition().nodes().values().stream().anyMatch(n -> n instanceof ScheduleNode);
    if (call.at() == null) {
      if (hasSchedule) {
        failures.add(at(doc, doc.valuePos(call.atPointer().startsWith("/defaults") ? "" : call.atPointer()), who
            + "the flow has a schedule, so the test needs at: (when the call starts), here or in defaults"));
        return null;
      }
      return NO_TIME;
    }
    ZoneId zone;
    try {
      zone = call.timezone() != null ? ZoneId.of(call.timezone())
          : flow.definition().timezone() != null ? flow.definition().timezone() : ZoneOffset.UTC;
    } catch (DateTimeException e) {
      failures.add(at(doc, doc.valuePos(call.atPointer()), who + "timezone '" + call.timezone()
          + "' is not a time zone id; use an IANA id such as Europe/Paris"));
      return null;
    }
    String text = call.at();
    try {
      if (text.contains("[")) {
        return ZonedDateTime.parse(text).toInstant();
      }
      if (text.endsWith("Z") || text.matches(".*[+-][0-9]{2}:[0-9]{2}$")) {
        return OffsetDateTime.parse(text).toInstant();
      }
      return LocalDateTime.parse(text).atZone(zone).toInstant();
    } catch (DateTimeException e) {
      failures.add(new FlowError(doc.file(), doc.valuePos(call.atPointer()).line(), doc.valuePos(call.atPointer()).column(),
          ErrorClass.INVALID_DATE, who + "at '" + text + "' is not a date and time: " + e.getMessage()));
      return null;
    }
  }

  private static void compare(YamlDocument doc, FlowTestFile.Case test, Simulation sim, String who, List<FlowError> failures) {
    String e = test.pointer() + "/expect";
    List<FlowCommand.Play> plays = new ArrayList<>();
    List<String> decisions = new ArrayList<>();
    for (FlowCommand c : sim.commands()) {
      if (c instanceof FlowCommand.Play p) {
        plays.add(p);
      } else if (c instanceof FlowCommand.Decision d) {
        decisions.add(d.nodeId() + ": " + d.branch());
      }
    }
    if (test.prompts() != null) {
      List<String> labels = plays.stream().map(FlowCommand.Play::label).toList();
      String played = " (played: " + (labels.isEmpty() ? "nothing" : String.join(", ", labels)) + ")";
      int n = Math.min(test.prompts().size(), plays.size());
      boolean differed = false;
      for (int i = 0; i < n; i++) {
        FlowTestFile.ExpectedPrompt expected = test.prompts().get(i);
        if (!matches(expected, plays.get(i))) {
          failures.add(at(doc, doc.valuePos(e + "/prompts/" + i), who + "prompt " + (i + 1) + " differs: expected "
              + expected.describe() + ", played '" + plays.get(i).label() + "' " + content(plays.get(i)) + played));
          differed = true;
          break;
        }
      }
      if (!differed && test.prompts().size() > plays.size()) {
        failures.add(at(doc, doc.keyPos(e + "/prompts"), who + "expected " + test.prompts().size() + " prompts, "
            + plays.size() + " played: missing " + test.prompts().get(plays.size()).describe() + played));
      } else if (!differed && plays.size() > test.prompts().size()) {
        failures.add(at(doc, doc.keyPos(e + "/prompts"), who + plays.size() + " prompts played, "
            + test.prompts().size() + " expected: unexpected '" + plays.get(test.prompts().size()).label() + "'" + played));
      }
    }
    if (test.decisions() != null) {
      String taken = " (decisions: " + (decisions.isEmpty() ? "none" : String.join(", ", decisions)) + ")";
      int n = Math.min(test.decisions().size(), decisions.size());
      boolean differed = false;
      for (int i = 0; i < n; i++) {
        if (!test.decisions().get(i).equals(decisions.get(i))) {
          failures.add(at(doc, doc.valuePos(e + "/decisions/" + i), who + "decision " + (i + 1) + " differs: expected '"
              + test.decisions().get(i) + "', took '" + decisions.get(i) + "'" + taken));
          differed = true;
          break;
        }
      }
      if (!differed && test.decisions().size() != decisions.size()) {
        boolean missing = test.decisions().size() > decisions.size();
        failures.add(at(doc, doc.keyPos(e + "/decisions"), who + "expected " + test.decisions().size() + " decisions, "
            + decisions.size() + " taken: " + (missing ? "missing '" + test.decisions().get(decisions.size())
                : "unexpected '" + decisions.get(test.decisions().size())) + "'" + taken));
      }
    }
    Map<String, String> vars = sim.variables();
    test.variables().forEach((k, v) -> {
      String actual = vars.get(k);
      if (!v.equals(actual)) {
        failures.add(at(doc, doc.valuePos(e + "/variables/" + k), who + "variable " + k + " is "
            + (actual == null ? "unset" : "'" + actual + "'") + ", expected '" + v + "'"));
      }
    });
    if (test.result() != null && !test.result().equals(sim.outcome())) {
      failures.add(at(doc, doc.keyPos(e + "/result"), who + "expected " + test.result().describe() + ", but got "
          + sim.outcome().describe()));
    }
  }

  private static boolean matches(FlowTestFile.ExpectedPrompt expected, FlowCommand.Play play) {
    if (expected.label() != null) {
      return expected.label().equals(play.label());
    }
    for (Prompt p : play.prompts()) {
      if (expected.audio() != null && p instanceof Prompt.AudioFile a && a.path().equals(expected.audio())) {
        return true;
      }
      if (expected.say() != null && p instanceof Prompt.Speech s && s.text().equals(expected.say())) {
        return true;
      }
      if (expected.tone() != null && p instanceof Prompt.Tone t && t.spec().equals(expected.tone())) {
        return true;
      }
    }
    return false;
  }

  /** "[audio a.wav, say 'Hello' (en-US)]". */
  static String content(FlowCommand.Play play) {
    List<String> parts = new ArrayList<>();
    for (Prompt p : play.prompts()) {
      if (p instanceof Prompt.AudioFile a) {
        parts.add("audio " + a.path());
      } else if (p instanceof Prompt.Tone t) {
        parts.add("tone " + t.spec());
      } else if (p instanceof Prompt.Speech s) {
        parts.add("say '" + s.text() + "' (" + s.language() + ")");
      }
    }
    return "[" + String.join(", ", parts) + "]";
  }

  private static FlowError at(YamlDocument doc, Pos pos, String message) {
    return new FlowError(doc.file(), pos.line(), pos.column(), ErrorClass.TEST_FAILURE, message);
  }

  private static SuiteReport failed(String name, String flowId, List<FlowError> errors) {
    return new SuiteReport(name, flowId, errors.stream().sorted().toList(), List.of(), Optional.empty());
  }
}
