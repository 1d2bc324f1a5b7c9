package io.switchboard.flows.cli;

import io.switchboard.flows.CompileResult;
import io.switchboard.flows.CompiledFlow;
import io.switchboard.flows.FlowCompiler;
import io.switchboard.flows.FlowContext;
import io.switchboard.flows.FlowState;
import io.switchboard.flows.directory.Directory;
import io.switchboard.flows.directory.DirectoryFile;
import io.switchboard.flows.directory.StaticDirectory;
import io.switchboard.flows.simulation.InputToken;
import io.switchboard.flows.simulation.Outcome;
import io.switchboard.flows.simulation.Simulation;
import io.switchboard.flows.simulation.SimulationException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code flow simulate FILE}: a call through a flow, typed in a terminal or scripted with --input. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = {"Run a call through a flow without media: see every prompt, decision and the result.",
        "Interactive: type keys (1, 201#, spell:mart#), timeout, transfer-failed or quit; prompts play to their end.",
        "Scripted: --input 1,2,timeout (barge:<key> presses a key while a prompt plays)."})
final class SimulateCommand implements Callable<Integer> {

  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ENGLISH);

  @CommandLine.ParentCommand
  FlowCommand parent;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "the flow file")
  Path file;

  @Option(names = "--at", paramLabel = "DATE-TIME",
      description = "when the call starts: YYYY-MM-DDTHH:MM in --timezone, or with an offset (default: now)")
  String at;

  @Option(names = "--timezone", paramLabel = "ZONE",
      description = "the time zone of --at (default: the flow's timezone, else UTC)")
  String timezone;

  @Option(names = "--from", paramLabel = "NUMBER", description = "the caller's number")
  String from = "";

  @Option(names = "--caller-name", paramLabel = "NAME", description = "the caller id name")
  String callerName = "";

  @Option(names = "--to", paramLabel = "NUMBER", description = "the dialled number")
  String to = "";

  @Option(names = "--language", paramLabel = "TAG", description = "the call's language as the engine gives it")
  String language = "";

  @Option(names = "--var", paramLabel = "NAME=VALUE", description = "a call variable set before the flow (repeatable)")
  Map<String, String> variables = new LinkedHashMap<>();

  @Option(names = "--directory", paramLabel = "FILE",
      description = "a directory file: users for dial by name and extension, and reference checks")
  Path directory;

  @Option(names = "--input", paramLabel = "INPUTS",
      description = "scripted inputs, comma-separated: keys (1, 201#), spell:<letters>, timeout, barge:<key>, "
          + "transfer-failed[:reason]")
  String input;

  @Override
  public Integer call() throws IOException {
    CommandLine cmd = spec.commandLine();
    PrintWriter out = cmd.getOut();
    PrintWriter err = cmd.getErr();
    StaticDirectory dir = null;
    if (directory != null) {
      DirectoryFile.Result d = DirectoryFile.load(directory);
      if (d.directory().isEmpty()) {
        d.errors().forEach(err::println);
        err.flush();
        return 1;
      }
      dir = d.directory().get();
    }
    List<InputToken> script = null;
    if (input != null) {
      try {
        script = InputToken.parseList(input);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(cmd, "--input: " + e.getMessage());
      }
    }
    FlowCompiler compiler = FlowCompiler.create(parent.clock);
    CompileResult result = (dir == null ? compiler : compiler.withDirectory(dir)).compile(file);
    if (result.flow().isEmpty()) {
      result.errors().forEach(err::println);
      err.println(file + " is not a valid flow (" + result.errors().size() + " error(s)); nothing simulated");
      err.flush();
      return 1;
    }
    CompiledFlow flow = result.flow().get();
    ZoneId zone = zone(flow, cmd);
    Instant start = instant(zone, cmd);
    FlowContext context = new FlowContext(from, callerName, to, start, language, variables,
        dir == null ? Directory.EMPTY : dir);
    out.println("flow " + flow.id() + " (" + flow.version() + ") at " + WHEN.format(start.atZone(zone)) + " "
        + zone.getId() + ", caller '" + from + "'" + (language.isEmpty() ? "" : ", language " + language));
    Simulation sim = new Simulation(flow, context);
    print(out, sim.start());
    try {
      if (script != null) {
        for (InputToken token : script) {
          print(out, sim.apply(token));
        }
        print(out, sim.settle());
      } else {
        interactive(sim, out);
      }
    } catch (SimulationException e) {
      out.flush();
      err.println("cannot go on: " + e.getMessage());
      err.flush();
      return 1;
    }
    out.println("result: " + sim.outcome().describe());
    out.flush();
    return 0;
  }

  private void interactive(Simulation sim, PrintWriter out) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(parent.in, StandardCharsets.UTF_8));
    print(out, sim.settle());
    if (!(sim.outcome() instanceof Outcome.Waiting)) {
      return;
    }
    out.println("type keys (1, 201#, spell:mart#), timeout, transfer-failed[:reason], or quit");
    while (true) {
      boolean transferring = sim.state().position() instanceof FlowState.Transferring;
      if (!(sim.outcome() instanceof Outcome.Waiting) && !transferring) {
        return;
      }
      out.print(transferring ? "(transferred; transfer-failed to continue) > " : "> ");
      out.flush();
      String line = reader.readLine();
      if (line == null || line.trim().equalsIgnoreCase("quit") || line.trim().equalsIgnoreCase("q")) {
        out.println();
        return;
      }
      if (line.isBlank()) {
        continue;
      }
      try {
        for (String part : line.trim().split("[,\\s]+")) {
          for (InputToken token : InputToken.parse(part)) {
            print(out, sim.apply(token));
          }
        }
        print(out, sim.settle());
      } catch (IllegalArgumentException | SimulationException e) {
        out.println("! " + e.getMessage());
      }
    }
  }

  private static void print(PrintWriter out, List<Simulation.Event> events) {
    for (Simulation.Event e : events) {
      out.println(Transcript.line(e));
    }
    out.flush();
  }

  private ZoneId zone(CompiledFlow flow, CommandLine cmd) {
    if (timezone != null) {
      try {
        return ZoneId.of(timezone);
      } catch (DateTimeException e) {
        throw new CommandLine.ParameterException(cmd, "--timezone '" + timezone + "' is not a time zone id; use an "
            + "IANA id such as Europe/Paris");
      }
    }
    return flow.definition().timezone() != null ? flow.definition().timezone() : ZoneOffset.UTC;
  }

  private Instant instant(ZoneId zone, CommandLine cmd) {
    if (at == null) {
      return parent.clock.instant();
    }
    try {
      if (at.contains("[")) {
        return ZonedDateTime.parse(at).toInstant();
      }
      if (at.endsWith("Z") || at.matches(".*[+-][0-9]{2}:[0-9]{2}$")) {
        return OffsetDateTime.parse(at).toInstant();
      }
      return LocalDateTime.parse(at).atZone(zone).toInstant();
    } catch (DateTimeException e) {
      throw new CommandLine.ParameterException(cmd, "--at '" + at + "' is not a date and time; write "
          + "YYYY-MM-DDTHH:MM, for example 2026-12-07T10:30");
    }
  }
}
