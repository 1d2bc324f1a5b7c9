package io.switchboard.engine.cli;

import com.typesafe.config.ConfigException;
import io.switchboard.engine.EngineStartException;
import io.switchboard.persistence.CassandraStartException;
import java.io.PrintWriter;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code switchboard} command line: the root command and its {@code main}.
 *
 * <p>A new subcommand is one more class in {@code subcommands} below. Errors a user can fix (bad
 * settings, ports in use, Cassandra not starting) are printed as their message alone, with exit code
 * 1; anything else also prints its stack trace. Created per invocation; not thread-safe.
 */
@Command(
    name = "switchboard",
    mixinStandardHelpOptions = true,
    versionProvider = SwitchboardCommand.Version.class,
    description = {
        "Switchboard: call-center queue and IVR engine on Apache Pekko, Cassandra and FreeSWITCH.", ""},
    subcommands = {
        RunCommand.class,
        CassandraCommand.class,
        io.switchboard.flows.cli.FlowCommand.class,
        io.switchboard.media.sim.MediaSimCommand.class,
        CommandLine.HelpCommand.class,
    },
    footer = {
        "",
        "Every setting can also be given as an environment variable named SWITCHBOARD_<SETTING>, e.g."
            + " SWITCHBOARD_HTTP_PORT=8081; README.md lists them all with their defaults."})
public final class SwitchboardCommand implements Runnable {

  @Spec CommandSpec spec;

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    // Initialise logging on this thread before Pekko's threads log, or SLF4J warns about replaying
    // the log calls it intercepted during a concurrent initialisation.
    LoggerFactory.getILoggerFactory();
    int exitCode = commandLine().execute(args);
    System.exit(exitCode);
  }

  /** The configured command line, for {@link #main} and tests. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new SwitchboardCommand());
    commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
      PrintWriter err = cmd.getErr();
      if (userError(e)) {
        err.println("switchboard: " + e.getMessage());
      } else {
        err.println("switchboard: unexpected error: " + e);
        e.printStackTrace(err);
      }
      err.flush();
      return 1;
    });
    return commandLine;
  }

  @Override
  public void run() {
    // No subcommand given: show what there is.
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static boolean userError(Throwable e) {
    return e instanceof CassandraStartException
        || e instanceof EngineStartException
        || e instanceof IllegalArgumentException
        || e instanceof ConfigException;
  }

  /** The version from the jar's manifest, or "development build" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = SwitchboardCommand.class.getPackage().getImplementationVersion();
      return new String[] {"switchboard " + (version == null ? "development build" : version)};
    }
  }
}
