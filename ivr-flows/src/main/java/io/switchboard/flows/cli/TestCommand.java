package io.switchboard.flows.cli;

import io.switchboard.flows.Branch;
import io.switchboard.flows.FlowCompiler;
import io.switchboard.flows.FlowError;
import io.switchboard.flows.directory.DirectoryFile;
import io.switchboard.flows.directory.StaticDirectory;
import io.switchboard.flows.flowtest.CaseReport;
import io.switchboard.flows.flowtest.Coverage;
import io.switchboard.flows.flowtest.FlowTestRunner;
import io.switchboard.flows.flowtest.SuiteReport;
import io.switchboard.flows.simulation.Simulation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code flow test FILES...}: runs flow tests and reports failures and branch coverage. */
@Command(name = "test", mixinStandardHelpOptions = true,
    description = {"Run flow tests (*.flowtest.yaml): simulated calls with expected prompts, decisions and result.",
        "Exit code 0 when every test passes, 1 otherwise."})
final class TestCommand implements Callable<Integer> {

  @CommandLine.ParentCommand
  FlowCommand parent;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILES", description = "flow test files, or folders searched for *.flowtest.yaml")
  List<Path> files = new ArrayList<>();

  @Option(names = "--directory", paramLabel = "FILE",
      description = "a directory file for test files that name none (users for dial by name and extension)")
  Path directory;

  @Option(names = "--today", paramLabel = "YYYY-MM-DD",
      description = "the first day of the 365-day schedule check (default: today, UTC)")
  String today;

  @Option(names = "--require-full-coverage", description = "fail when a branch of a tested flow is not covered")
  boolean requireFullCoverage;

  @Option(names = {"-v", "--verbose"}, description = "print the transcript of failed tests")
  boolean verbose;

  @Override
  public Integer call() {
    CommandLine cmd = spec.commandLine();
    PrintWriter out = cmd.getOut();
    StaticDirectory dir = null;
    if (directory != null) {
      DirectoryFile.Result d = DirectoryFile.load(directory);
      if (d.directory().isEmpty()) {
        d.errors().forEach(out::println);
        out.flush();
        return 1;
      }
      dir = d.directory().get();
    }
    FlowTestRunner runner = new FlowTestRunner(FlowCompiler.create(Inputs.clock(parent, today, cmd)), dir);
    int tests = 0;
    int failed = 0;
    boolean ok = true;
    List<Path> targets = Inputs.expand(files, ".flowtest.yaml", cmd);
    for (Path file : targets) {
      SuiteReport report = runner.run(file);
      out.println(file + (report.flowId().isEmpty() ? "" : " (flow " + report.flowId() + ")"));
      for (FlowError e : report.errors()) {
        out.println("  " + e);
      }
      ok &= report.errors().isEmpty();
      for (CaseReport c : report.cases()) {
        tests++;
        out.println("  " + (c.passed() ? "PASS " : "FAIL ") + c.name());
        if (!c.passed()) {
          failed++;
          ok = false;
          c.failures().forEach(f -> out.println("       " + f));
          if (verbose) {
            for (Simulation.Event e : c.transcript()) {
              out.println("         " + Transcript.line(e));
            }
          }
        }
      }
      if (report.coverage().isPresent()) {
        Coverage cov = report.coverage().get();
        List<String> missing = cov.uncovered().stream().map(Branch::toString).toList();
        out.println("  coverage: " + cov.summary() + (missing.isEmpty() ? "" : "; not covered: " + String.join(", ", missing)));
        if (requireFullCoverage && !cov.complete()) {
          ok = false;
        }
      }
    }
    out.println(tests + " tests, " + (tests - failed) + " passed, " + failed + " failed (" + targets.size()
        + (targets.size() == 1 ? " file)" : " files)"));
    out.flush();
    return ok ? 0 : 1;
  }
}
