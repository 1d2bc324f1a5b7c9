package io.switchboard.flows.cli;

import io.switchboard.flows.CompileResult;
import io.switchboard.flows.FlowCompiler;
import io.switchboard.flows.FlowError;
import io.switchboard.flows.directory.DirectoryFile;
import io.switchboard.flows.directory.FlowDirectory;
import io.switchboard.flows.directory.StaticDirectory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code flow validate FILES...}: every error of every file, as {@code file:line:column: message}. */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = {"Check flow files and print every error as file:line:column: message [class].",
        "Exit code 0 when all files are valid, 1 otherwise."})
final class ValidateCommand implements Callable<Integer> {

  @CommandLine.ParentCommand
  FlowCommand parent;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "0..*", paramLabel = "FILES",
      description = "flow files, or folders searched for *.flow.yaml; with --directory and no FILES, the flows "
          + "the directory lists")
  List<Path> files = new ArrayList<>();

  @Option(names = "--directory", paramLabel = "FILE",
      description = "a directory file (users, queues, mailboxes, flows); references are checked against it")
  Path directory;

  @Option(names = "--today", paramLabel = "YYYY-MM-DD",
      description = "the first day of the 365-day schedule check (default: today, UTC)")
  String today;

  @Override
  public Integer call() {
    CommandLine cmd = spec.commandLine();
    PrintWriter out = cmd.getOut();
    FlowCompiler compiler = FlowCompiler.create(Inputs.clock(parent, today, cmd));
    StaticDirectory dir = null;
    if (directory != null) {
      DirectoryFile.Result d = DirectoryFile.load(directory);
      if (d.directory().isEmpty()) {
        d.errors().forEach(out::println);
        out.println("the directory file has " + d.errors().size() + " error(s); nothing validated");
        out.flush();
        return 1;
      }
      dir = d.directory().get();
    }
    List<Path> targets = new ArrayList<>();
    if (files.isEmpty()) {
      if (dir == null) {
        throw new CommandLine.ParameterException(cmd, "give flow FILES, or --directory listing flows with their file");
      }
      dir.flows().stream().filter(f -> f.file() != null).forEach(f -> targets.add(f.file()));
      if (targets.isEmpty()) {
        throw new CommandLine.ParameterException(cmd, "the directory lists no flow with a file; give flow FILES");
      }
    } else {
      targets.addAll(Inputs.expand(files, ".flow.yaml", cmd));
    }

    // compile once without references to learn the ids, so that flows given together may refer to each other
    Map<Path, CompileResult> first = new LinkedHashMap<>();
    List<String> ids = new ArrayList<>();
    for (Path p : targets) {
      CompileResult r = compiler.compile(p);
      first.put(p, r);
      r.flow().ifPresent(f -> ids.add(f.id()));
    }
    int errors = 0;
    int invalid = 0;
    for (Path p : targets) {
      CompileResult r = first.get(p);
      if (dir != null && r.flow().isPresent()) {
        FlowDirectory known = dir.withFlows(ids);
        r = compiler.withDirectory(known).compile(p);
      }
      if (r.flow().isPresent()) {
        out.println("ok " + p + " (flow " + r.flow().get().id() + ", " + r.version() + ")");
      } else {
        invalid++;
        errors += r.errors().size();
        for (FlowError e : r.errors()) {
          out.println(e);
        }
      }
    }
    if (invalid == 0) {
      out.println(targets.size() + (targets.size() == 1 ? " file" : " files") + " valid"
          + (dir == null ? " (references not checked: no --directory)" : ""));
    } else {
      out.println(errors + " error(s) in " + invalid + " of " + targets.size() + (targets.size() == 1 ? " file" : " files"));
    }
    out.flush();
    return invalid == 0 ? 0 : 1;
  }
}
