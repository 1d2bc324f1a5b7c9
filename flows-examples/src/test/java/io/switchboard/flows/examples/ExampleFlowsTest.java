package io.switchboard.flows.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.flows.CompileResult;
import io.switchboard.flows.FlowCompiler;
import io.switchboard.flows.cli.FlowCommand;
import io.switchboard.flows.directory.DirectoryFile;
import io.switchboard.flows.directory.StaticDirectory;
import io.switchboard.flows.flowtest.CaseReport;
import io.switchboard.flows.flowtest.Coverage;
import io.switchboard.flows.flowtest.FlowTestRunner;
import io.switchboard.flows.flowtest.SuiteReport;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The examples validate against their directory and their flow tests pass and cover every branch. */
class ExampleFlowsTest {

  /** The schedule check's first day; the examples' schedules hold whatever the day. */
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T08:00:00Z"), ZoneOffset.UTC);
  static final Path FOLDER = Path.of("src/main/resources/flows");

  static StaticDirectory directory() {
    DirectoryFile.Result d = DirectoryFile.load(FOLDER.resolve("directory.yaml"));
    assertThat(d.errors()).isEmpty();
    return d.directory().orElseThrow();
  }

  @Test
  void everyExampleValidatesAgainstTheDirectory() {
    // given
    FlowCompiler compiler = FlowCompiler.create(CLOCK).withDirectory(directory());

    // when
    List<String> problems = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (String resource : ExampleFlows.FLOWS) {
      CompileResult r = compiler.compile(resource, ExampleFlows.read(resource));
      r.errors().forEach(e -> problems.add(e.toString()));
      r.flow().ifPresent(f -> ids.add(f.id()));
    }

    // then
    assertThat(problems).isEmpty();
    assertThat(ids).containsExactly("main-line", "sales-menu", "support-line", "after-hours", "bilingual-menu");
    assertThat(directory().flowIds()).containsAll(ids);
  }

  @Test
  void everyFlowTestPassesAndCoversEveryBranch() {
    // given
    FlowTestRunner runner = new FlowTestRunner(FlowCompiler.create(CLOCK), null);

    // when
    List<SuiteReport> reports = new ArrayList<>();
    for (String resource : ExampleFlows.FLOWS) {
      String test = resource.replace("flows/", "").replace(".flow.yaml", ".flowtest.yaml");
      reports.add(runner.run(FOLDER.resolve(test)));
    }

    // then
    List<String> failures = new ArrayList<>();
    for (SuiteReport r : reports) {
      r.errors().forEach(e -> failures.add(e.toString()));
      for (CaseReport c : r.cases()) {
        c.failures().forEach(f -> failures.add(f.toString()));
      }
      Coverage coverage = r.coverage().orElseThrow();
      assertThat(coverage.uncovered()).as("branches of %s no test takes", r.flowId()).isEmpty();
    }
    assertThat(failures).isEmpty();
    Map<String, Integer> tests = reports.stream().collect(Collectors.toMap(SuiteReport::flowId, r -> r.cases().size()));
    assertThat(tests).containsOnlyKeys("main-line", "sales-menu", "support-line", "after-hours", "bilingual-menu");
    assertThat(tests.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThanOrEqualTo(60);
  }

  @Test
  void theCommandLineValidatesAndTestsTheExamples() {
    // given
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new FlowCommand(CLOCK, new ByteArrayInputStream(new byte[0]), Map.of()))
        .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(out, true));

    // when
    int validate = cli.execute("validate", "--directory", FOLDER.resolve("directory.yaml").toString());
    int test = cli.execute("test", "--require-full-coverage", FOLDER.toString());

    // then
    assertThat(validate).as(out.toString()).isZero();
    assertThat(test).as(out.toString()).isZero();
    assertThat(out.toString()).contains("5 files valid\n").contains(" passed, 0 failed (5 files)\n")
        .doesNotContain("FAIL");
  }

  @Test
  void unknownResourcesAreRefusedWithTheList() {
    try {
      ExampleFlows.read("flows/nope.flow.yaml");
      throw new AssertionError("expected a refusal");
    } catch (IllegalArgumentException e) {
      assertThat(e).hasMessageStartingWith("no example resource flows/nope.flow.yaml; the examples are [flows/main-line");
    }
  }
}
