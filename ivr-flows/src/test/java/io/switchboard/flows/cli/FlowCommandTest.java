package io.switchboard.flows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.flows.TestFlows;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The flow CLI run in-process: output and exit codes. */
class FlowCommandTest {

  static final String MAIN = """
      flow: main
      language: en-US
      timezone: Europe/Paris
      start: hours
      nodes:
        hours:
          type: schedule
          rules: [{days: mon-fri, hours: "09:00-18:00"}]
          otherwise: closed
          on-open: menu
          on-closed: bye
        menu:
          type: menu
          prompt: {say: "Press 1 for sales, 2 for the other menu"}
          options: {"1": sales, "2": other}
          retries: 0
          on-timeout: bye
        sales: {type: transfer, queue: sales}
        other: {type: transfer, flow: other}
        bye: {type: hangup}
      """;

  static final String OTHER = """
      flow: other
      language: en-US
      start: bye
      nodes:
        bye: {type: hangup}
      """;

  @TempDir
  Path dir;

  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();
  String stdin = "";
  Map<String, String> env = Map.of("PATH", "/nonexistent");

  @BeforeEach
  void files() throws Exception {
    Files.writeString(dir.resolve("main.flow.yaml"), MAIN);
    Files.writeString(dir.resolve("other.flow.yaml"), OTHER);
    Files.writeString(dir.resolve("directory.yaml"), """
        queues: [{id: sales}]
        flows: [{id: main, file: main.flow.yaml}, {id: other, file: other.flow.yaml}]
        """);
  }

  int run(String... args) {
    FlowCommand command = new FlowCommand(TestFlows.CLOCK,
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), env);
    return new CommandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
  }

  String path(String name) {
    return dir.resolve(name).toString();
  }

  @Test
  void validateAcceptsValidFiles() {
    // when
    int code = run("validate", path("main.flow.yaml"), path("other.flow.yaml"));

    // then
    assertThat(code).isZero();
    assertThat(out.toString()).matches("(?s)ok .*main.flow.yaml \\(flow main, sha256:[0-9a-f]{64}\\)\n"
        + "ok .*other.flow.yaml \\(flow other, sha256:[0-9a-f]{64}\\)\n"
        + "2 files valid \\(references not checked: no --directory\\)\n");
  }

  @Test
  void validatePrintsEveryErrorAndExitsWithOne() throws Exception {
    // given
    Files.writeString(dir.resolve("bad.flow.yaml"), MAIN.replace("retries: 0", "retries: ten").replace("bye: {", "by: {"));

    // when
    int code = run("validate", path("bad.flow.yaml"));

    // then
    assertThat(code).isEqualTo(1);
    String file = path("bad.flow.yaml");
    assertThat(out.toString()).isEqualTo(String.join("\n",
        file + ":11:16: schedule 'hours': on-closed goes to 'bye', which is not a node of this flow; did you mean 'by'? [unknown-node]",
        file + ":16:14: menu 'menu': retries must be a number of retries (a whole number from 0 to 9, for example '2'), not 'ten' [wrong-type]",
        file + ":17:17: menu 'menu': on-timeout goes to 'bye', which is not a node of this flow; did you mean 'by'? [unknown-node]",
        file + ":20:3: hangup 'by' cannot be reached from the start node 'hours'; lead to it from another node, or remove it [unreachable-node]",
        "4 error(s) in 1 of 1 file", ""));
  }

  @Test
  void validateChecksReferencesAgainstTheDirectoryAndTheOtherFilesGiven() {
    // when
    int alone = run("validate", "--directory", path("directory.yaml"), path("main.flow.yaml"));
    int listed = run("validate", "--directory", path("directory.yaml"));

    // then
    assertThat(alone).isZero();
    assertThat(listed).isZero();
    assertThat(out.toString()).contains("1 file valid\n").contains("2 files valid\n");
  }

  @Test
  void validateReportsUnknownReferences() throws Exception {
    // given
    Files.writeString(dir.resolve("directory.yaml"), "queues: [{id: support}]\n");

    // when
    int code = run("validate", "--directory", path("directory.yaml"), path("main.flow.yaml"));

    // then
    assertThat(code).isEqualTo(1);
    assertThat(out.toString()).contains(path("main.flow.yaml")
        + ":18:34: transfer 'sales': queue 'sales' is not in the directory; add it to the directory's queues or fix the id [unknown-reference]")
        .contains("flow 'other' is not in the directory");
  }

  @Test
  void testRunsFlowTestsAndReportsCoverage() throws Exception {
    // given
    Files.writeString(dir.resolve("main.flowtest.yaml"), """
        flow: main.flow.yaml
        defaults: {at: 2026-12-07T10:00}
        tests:
          - name: sales
            inputs: "1"
            expect: {result: {transfer: {queue: sales}}}
          - name: wrong
            inputs: "2"
            expect: {result: {transfer: {queue: sales}}}
        """);

    // when
    int code = run("test", dir.toString());

    // then
    assertThat(code).isEqualTo(1);
    assertThat(out.toString()).isEqualTo(String.join("\n",
        path("main.flowtest.yaml") + " (flow main)",
        "  PASS sales",
        "  FAIL wrong",
        "       " + path("main.flowtest.yaml") + ":9:14: test 'wrong': expected transfer to queue sales, but got transfer to flow other [test-failure]",
        "  coverage: 3/6 branches; not covered: hours:closed, menu:on-invalid, menu:on-timeout",
        "2 tests, 1 passed, 1 failed (1 file)", ""));
  }

  @Test
  void testCanRequireFullCoverage() throws Exception {
    // given
    Files.writeString(dir.resolve("main.flowtest.yaml"), """
        flow: main.flow.yaml
        defaults: {at: 2026-12-07T10:00}
        tests:
          - {name: sales, inputs: "1", expect: {result: {transfer: {queue: sales}}}}
        """);

    // then
    assertThat(run("test", path("main.flowtest.yaml"))).isZero();
    assertThat(run("test", "--require-full-coverage", path("main.flowtest.yaml"))).isEqualTo(1);
  }

  @Test
  void simulateScriptedPrintsPromptsDecisionsAndTheResult() {
    // when
    int code = run("simulate", path("main.flow.yaml"), "--at", "2026-12-07T10:00", "--from", "+33612345678",
        "--input", "timeout");

    // then
    assertThat(code).isZero();
    assertThat(out.toString()).matches("(?s)flow main \\(sha256:[0-9a-f]+\\) at Mon 2026-12-07 10:00 Europe/Paris, caller '\\+33612345678'\n"
        + "< call started\n"
        + "\\* hours: open -- Mon 2026-12-07 10:00 Europe/Paris: rule 1 \\(mon-fri 09:00-18:00\\)\n"
        + "> play menu.prompt \\[say \"Press 1 for sales, 2 for the other menu\" \\(en-US\\)\\] \\(a key interrupts\\) \\[menu/p1\\]\n"
        + "< finished menu/p1\n"
        + "> wait for a key, 5s \\[menu/t2\\]\n"
        + "< timeout menu/t2\n"
        + "\\* menu: on-timeout -- no key within 5s; no retry left\n"
        + "> hang up NORMAL_CLEARING\n"
        + "result: hang-up with NORMAL_CLEARING\n");
  }

  @Test
  void simulateRefusesInputsThatCannotApply() {
    assertThat(run("simulate", path("main.flow.yaml"), "--at", "2026-12-07T10:00", "--input", "1,2")).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("cannot go on: key 2 cannot be applied: the call has ended: transfer to queue sales\n");
    assertThat(run("simulate", path("main.flow.yaml"), "--input", "1,x")).isEqualTo(2);
    assertThat(err.toString()).contains("--input: input 'x' is not keys");
  }

  @Test
  void simulateInteractivelyFromStandardInput() {
    // given
    stdin = "9\n2\n";

    // when
    int code = run("simulate", path("main.flow.yaml"), "--at", "2026-12-07T10:00");

    // then
    assertThat(code).isZero();
    assertThat(out.toString())
        .contains("> wait for a key, 5s [menu/t2]\ntype keys (1, 201#, spell:mart#), timeout, transfer-failed[:reason], or quit\n> ")
        .contains("* menu: on-invalid -- key 9 is not an option (1, 2); no retry left\n> hang up NORMAL_CLEARING\n")
        .endsWith("result: hang-up with NORMAL_CLEARING\n");
  }

  @Test
  void graphPrintsMermaidOrDot() {
    assertThat(run("graph", path("other.flow.yaml"))).isZero();
    assertThat(out.toString()).isEqualTo("""
        flowchart TD
          start(("other"))
          n0(["bye<br/>hang up (NORMAL_CLEARING)"])
          start --> n0
        """);
    assertThat(run("graph", "--format", "dot", path("other.flow.yaml"))).isZero();
    assertThat(out.toString()).contains("digraph \"other\" {");
  }

  @Test
  void svgFallsBackToDotWhenGraphvizIsMissing() {
    // when
    int code = run("graph", "--format", "svg", path("other.flow.yaml"));

    // then
    assertThat(code).isZero();
    assertThat(err.toString()).isEqualTo("Graphviz 'dot' is not installed (not found on PATH), so no SVG; printing DOT "
        + "instead. Install Graphviz (Debian: apt-get install graphviz) for SVG.\n");
    assertThat(out.toString()).startsWith("digraph \"other\" {");
  }

  @Test
  void svgGoesThroughDotWhenInstalled() throws Exception {
    // given a stand-in dot on the PATH, and an output file
    Path bin = Files.createDirectory(dir.resolve("bin"));
    Path dot = bin.resolve("dot");
    Files.writeString(dot, "#!/bin/sh\necho '<svg>'; cat; echo '</svg>'\n");
    Files.setPosixFilePermissions(dot, PosixFilePermissions.fromString("rwxr-xr-x"));
    env = Map.of("PATH", bin.toString());

    // when
    int code = run("graph", "--format", "svg", "-o", path("other.svg"), path("other.flow.yaml"));

    // then
    assertThat(code).isZero();
    assertThat(Files.readString(dir.resolve("other.svg"))).startsWith("<svg>\ndigraph \"other\" {").endsWith("}\n</svg>\n");
  }

  @Test
  void helpListsTheSubcommands() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("validate").contains("test").contains("simulate").contains("graph");
  }
}
