package io.switchboard.engine.cli;

import io.switchboard.engine.Engine;
import io.switchboard.engine.Switchboard;
import io.switchboard.engine.demo.DemoMode;
import io.switchboard.engine.demo.DemoSettings;
import io.switchboard.persistence.EmbeddedCassandra;
import com.typesafe.config.Config;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard run}: starts the embedded Cassandra node (unless an external cluster is
 * configured) and the engine, prints where they listen, and runs until Ctrl-C or SIGTERM, which
 * shut down the engine and then the node. Created by picocli per invocation.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
        "Start Cassandra (embedded, unless an external cluster is configured) and the engine; run until Ctrl-C.",
        "",
        "Starts the embedded Cassandra node in ./data/cassandra unless SWITCHBOARD_CASSANDRA_CONTACT_POINTS names an"
            + " external cluster, then the Pekko cluster node with the Call, Queue and Agent entities and the HTTP"
            + " server (GET /health, GET /ready), and prints where they listen. Ctrl-C or SIGTERM stop it cleanly:"
            + " HTTP first, then the entities, then Cassandra.",
        "",
        "With --media-sim (demo mode) no FreeSWITCH is needed: Switchboard's ESL simulator runs in the same process,"
            + " the demo organisation (demo/directory.yaml) is loaded unless --directory is given, and /sim/... places"
            + " simulated calls, presses keys and hangs up. Every call is simulated: no audio, no SIP.",
        ""})
final class RunCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ConfigOptions config;

  @Option(names = "--http-port", paramLabel = "PORT",
      description = "HTTP port (setting switchboard.engine.http.port, SWITCHBOARD_HTTP_PORT, default 8080).")
  Integer httpPort;

  @Option(names = "--cassandra-port", paramLabel = "PORT",
      description = "CQL port of the embedded Cassandra node (SWITCHBOARD_CASSANDRA_PORT, default 9042).")
  Integer cassandraPort;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Local data directory; the embedded node lives in DIR/cassandra (SWITCHBOARD_DATA_DIR,"
          + " default ./data).")
  Path dataDir;

  @Option(names = "--directory", paramLabel = "FILE",
      description = "Directory file (numbers, users, queues, mailboxes, flows, gateways; see engine/DIRECTORY.md) loaded"
          + " at start; only its differences from the journal are applied (setting switchboard.engine.directory-file,"
          + " SWITCHBOARD_DIRECTORY_FILE, default: none, run on the journaled directory).")
  Path directoryFile;

  @Option(names = "--media-sim",
      description = "Demo mode: run the ESL simulator (a test and demo tool, not FreeSWITCH) in this process as the"
          + " only media node, load demo/directory.yaml unless --directory is given, and serve /sim/... to place"
          + " simulated calls (setting switchboard.engine.demo.media-sim, SWITCHBOARD_MEDIA_SIM, default false).")
  boolean mediaSim;

  @Option(names = "--cassandra-contact-points", paramLabel = "HOST:PORT[,HOST:PORT...]",
      description = "External Cassandra cluster instead of the embedded node"
          + " (SWITCHBOARD_CASSANDRA_CONTACT_POINTS, default: none, i.e. embedded).")
  String contactPoints;

  @Override
  public Integer call() {
    Map<String, Object> overrides = new HashMap<>();
    if (httpPort != null) {
      overrides.put("switchboard.engine.http.port", httpPort);
    }
    if (cassandraPort != null) {
      overrides.put("switchboard.persistence.cassandra.embedded.port", cassandraPort);
    }
    if (dataDir != null) {
      overrides.put("switchboard.persistence.data-dir", dataDir.toString());
    }
    if (contactPoints != null) {
      overrides.put("switchboard.persistence.cassandra.contact-points", contactPoints);
    }
    if (directoryFile != null) {
      overrides.put("switchboard.engine.directory-file", directoryFile.toAbsolutePath().toString());
    }
    if (mediaSim) {
      overrides.put("switchboard.engine.demo.media-sim", true);
    }
    PrintWriter out = spec.commandLine().getOut();
    Config root = config.load(overrides);
    Optional<DemoMode> demo = Optional.empty();
    if (DemoSettings.fromConfig(root).mediaSim()) {
      out.println("DEMO MODE: media is simulated (Switchboard's ESL simulator, not FreeSWITCH; no audio, no SIP).");
      demo = Optional.of(DemoMode.start(root));
    }
    out.println("Starting Switchboard...");
    out.flush();
    Switchboard switchboard;
    try {
      switchboard = demo.isPresent()
          ? Switchboard.start(demo.get().engineConfig(), demo.get().extension())
          : Switchboard.start(root);
    } catch (RuntimeException e) {
      demo.ifPresent(DemoMode::stop);
      throw e;
    }
    printWhereItListens(out, switchboard, demo);
    switchboard.awaitTermination();
    demo.ifPresent(DemoMode::stop);
    out.println("Switchboard stopped.");
    out.flush();
    return 0;
  }

  private static void printWhereItListens(PrintWriter out, Switchboard switchboard, Optional<DemoMode> demo) {
    Engine engine = switchboard.engine();
    String http = "http://" + engine.httpAddress().getHostString() + ":" + engine.httpAddress().getPort();
    out.println("Switchboard is running.");
    out.println("  HTTP       " + http + "  (GET " + http + "/health, GET " + http + "/ready)");
    switchboard.cassandra().ifPresentOrElse(
        node -> {
          EmbeddedCassandra n = node;
          out.println("  Cassandra  embedded node, CQL on " + n.contactPoint() + " (pid " + n.process().pid()
              + ", ready after " + n.startDuration().map(d -> String.format("%.1f s", d.toMillis() / 1000.0)).orElse("?")
              + ")");
          out.println("  Data       " + n.settings().directory());
          out.println("  Node log   " + n.logFile());
        },
        () -> out.println("  Cassandra  external cluster"));
    out.println("  Cluster    " + engine.clusterAddress());
    var directory = engine.organisation().directory();
    out.println("  Directory  " + engine.organisation().settings().directoryFile().map(Object::toString).orElse("journaled")
        + ": " + directory.users().size() + " users, " + directory.queues().size() + " queues, "
        + directory.numbers().size() + " numbers; flows " + engine.organisation().runningFlows());
    demo.ifPresent(d -> {
      out.println("  Media      SIMULATED: ESL simulator on " + d.simulator().host() + ":" + d.simulator().port()
          + " (demo mode; GET " + http + "/sim)");
      out.println();
      out.print(d.tryIt(http));
      out.println();
    });
    out.println("Press Ctrl-C to stop.");
    out.flush();
  }
}
