package io.switchboard.flows.cli;

import java.io.InputStream;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code switchboard flow}: validate, test, simulate and draw IVR flow files.
 *
 * <p>A picocli command; the root {@code switchboard} command adds it as a subcommand, and
 * {@link #main} runs it alone. The clock (for the schedule check's first day and simulations
 * without {@code --at}), standard input (for interactive simulation) and the environment (to find
 * Graphviz) are given to the constructor so that tests run it in-process. Not thread-safe: one
 * instance per command line.
 */
@Command(
    name = "flow",
    mixinStandardHelpOptions = true,
    description = "Validate, test, simulate and draw IVR flow files (*.flow.yaml).",
    subcommands = {ValidateCommand.class, TestCommand.class, SimulateCommand.class, GraphCommand.class,
        CommandLine.HelpCommand.class})
public final class FlowCommand implements Runnable {

  final Clock clock;
  final InputStream in;
  final Map<String, String> environment;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** The command as run from a terminal: system clock, standard input, the process environment. */
  public FlowCommand() {
    this(Clock.systemUTC(), System.in, System.getenv());
  }

  public FlowCommand(Clock clock, InputStream in, Map<String, String> environment) {
    this.clock = clock;
    this.in = in;
    this.environment = Map.copyOf(environment);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new FlowCommand()).execute(args));
  }
}
