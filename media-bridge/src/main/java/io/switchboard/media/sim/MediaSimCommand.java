package io.switchboard.media.sim;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code media-sim}: runs the ESL simulator as a process. A TEST AND DEMO TOOL that speaks
 * FreeSWITCH's Event Socket on a TCP port; it is not FreeSWITCH and carries no audio.
 *
 * <p>Created by picocli (the root {@code switchboard} command wires it as a subcommand; it also
 * has its own {@link #main}). Runs until the process is stopped.
 */
@Command(name = "media-sim", mixinStandardHelpOptions = true,
    description = {
        "Run the ESL simulator, a test and demo tool (not FreeSWITCH).",
        "It speaks FreeSWITCH's Event Socket over TCP but carries no audio and no SIP. Point the",
        "media bridge at it instead of a real FreeSWITCH node."},
    footer = {"", "Endpoint scripts: answer, answer:2s, busy, reject:CAUSE[:2s], ring.",
        "Example: media-sim --port 8021 --endpoint user/1001=answer:3s --endpoint 'user/*=busy'"})
public final class MediaSimCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Listen address (default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "8021", description = "ESL port; 0 picks a free one (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--password", defaultValue = "ClueCon", description = "ESL password (default ${DEFAULT-VALUE}).")
  String password;

  @Option(names = "--endpoint", paramLabel = "DIAL=SCRIPT",
      description = "How a dial string (or prefix ending in *) behaves; repeatable.")
  List<String> endpoints = new ArrayList<>();

  @Option(names = "--endpoints-file", paramLabel = "FILE",
      description = "A file of DIAL=SCRIPT lines ('#' starts a comment).")
  Path endpointsFile;

  @Option(names = "--default-endpoint", defaultValue = "answer", paramLabel = "SCRIPT",
      description = "How other dial strings behave (default ${DEFAULT-VALUE}).")
  String defaultEndpoint;

  @Option(names = "--playback", defaultValue = "3s", paramLabel = "DURATION",
      description = "How long a prompt of unknown length plays, e.g. 3s or 500ms (default ${DEFAULT-VALUE}).")
  String playback;

  @Option(names = "--call", paramLabel = "CALLER,NAME,DESTINATION",
      description = "An inbound call placed once a client has subscribed to events; repeatable.")
  List<String> calls = new ArrayList<>();

  /** A running simulator and the actor system it runs on. */
  public record Running(ActorSystem<Void> system, EslSimulator simulator) {
    public void stop() {
      simulator.stop().toCompletableFuture().join();
      system.terminate();
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new MediaSimCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Running running = start();
    Runtime.getRuntime().addShutdownHook(new Thread(running::stop, "media-sim-shutdown"));
    running.system().getWhenTerminated().toCompletableFuture().get();
    return 0;
  }

  /** Validates the options and starts the simulator (does not wait for it to end). */
  public Running start() throws Exception {
    Map<String, EndpointScript> scripts = scripts();
    EndpointScript fallback = EndpointScript.parse(defaultEndpoint);
    Duration playbackLength = duration(playback);
    List<String[]> inbound = new ArrayList<>();
    for (String c : calls) {
      String[] p = c.split(",", -1);
      if (p.length != 3 || p[0].isBlank() || p[2].isBlank()) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--call '" + c + "' must be CALLER,NAME,DESTINATION, e.g. +15551230001,Alice,+15550100");
      }
      inbound.add(p);
    }
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "media-sim");
    EslSimulator sim;
    try {
      sim = EslSimulator.start(system, new SimulatorSettings(host, port, password, playbackLength,
          fallback, 20_000, "media-sim", java.time.Clock.systemUTC()))
          .toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      system.terminate();
      throw new CommandLine.ExecutionException(spec.commandLine(),
          "cannot listen on " + host + ":" + port + " (" + e.getCause() + ")", e);
    }
    scripts.forEach(sim::scriptEndpoint);
    PrintWriter out = spec.commandLine().getOut();
    out.printf("ESL simulator (test and demo tool, not FreeSWITCH) listening on %s:%d%n", host, sim.port());
    scripts.forEach((k, v) -> out.printf("  endpoint %s -> %s%n", k, v));
    out.printf("  other endpoints -> %s; prompts of unknown length play %d ms%n", fallback,
        playbackLength.toMillis());
    out.flush();
    if (!inbound.isEmpty()) {
      placeWhenConnected(system, sim, inbound, out);
    }
    return new Running(system, sim);
  }

  private static void placeWhenConnected(ActorSystem<Void> system, EslSimulator sim,
      List<String[]> inbound, PrintWriter out) {
    Runnable[] check = new Runnable[1];
    check[0] = () -> {
      if (sim.subscribedConnectionCount() > 0) {
        for (String[] c : inbound) {
          String uuid = sim.placeInboundCall(c[0], c[1], c[2]);
          out.printf("placed inbound call %s from %s (%s) to %s%n", uuid, c[0], c[1], c[2]);
        }
        out.flush();
      } else {
        system.scheduler().scheduleOnce(Duration.ofMillis(100), check[0], system.executionContext());
      }
    };
    system.scheduler().scheduleOnce(Duration.ofMillis(100), check[0], system.executionContext());
  }

  private Map<String, EndpointScript> scripts() throws IOException {
    Map<String, EndpointScript> out = new LinkedHashMap<>();
    List<String> lines = new ArrayList<>();
    if (endpointsFile != null) {
      if (!Files.isRegularFile(endpointsFile)) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--endpoints-file " + endpointsFile + " does not exist");
      }
      for (String l : Files.readAllLines(endpointsFile)) {
        String t = l.strip();
        if (!t.isEmpty() && !t.startsWith("#")) {
          lines.add(t);
        }
      }
    }
    lines.addAll(endpoints);
    for (String l : lines) {
      int eq = l.indexOf('=');
      if (eq <= 0) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "endpoint '" + l + "' must be DIAL=SCRIPT, e.g. user/1001=answer:2s");
      }
      try {
        out.put(l.substring(0, eq).strip(), EndpointScript.parse(l.substring(eq + 1)));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
    }
    return out;
  }

  private Duration duration(String s) {
    try {
      return ((EndpointScript.Answer) EndpointScript.parse("answer:" + s)).after();
    } catch (RuntimeException e) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--playback '" + s + "' is not a duration; use e.g. 3s or 500ms");
    }
  }
}
