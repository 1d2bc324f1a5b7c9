package io.switchboard.engine.demo;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.switchboard.engine.EngineExtension;
import io.switchboard.engine.http.ApiResponses;
import io.switchboard.media.sim.EndpointScript;
import io.switchboard.media.sim.EslSimulator;
import io.switchboard.media.sim.SimulatorSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo mode ({@code switchboard run --media-sim}): Switchboard's ESL simulator, a test and
 * demo tool that speaks FreeSWITCH's Event Socket without audio or SIP, runs in the engine's JVM
 * on 127.0.0.1 in place of FreeSWITCH. This class starts it (on an actor system of its own, so
 * that it is listening before the engine's media bridge connects), scripts the simulated phones
 * from the demo's endpoints file, and gives the engine what it needs to run against it:
 *
 * <ul>
 *   <li>{@link #engineConfig()}: the configuration with the simulator as the only media node, the
 *       demo directory ({@code demo/directory.yaml}) unless one was configured, and the demo's
 *       operator target;
 *   <li>{@link #extension()}: the {@code /sim/...} routes ({@link SimRoutes}), a {@code /ready}
 *       note and a {@code Switchboard-Media: simulated} header on every HTTP response.
 * </ul>
 *
 * <p>Created with {@link #start} by the {@code run} command (and tests) before the engine; stopped
 * with {@link #stop} after it. Thread-safe: its state is fixed at start; the simulator is
 * thread-safe.
 */
public final class DemoMode {

  /** The media node id the engine knows the simulator by. */
  public static final String NODE_ID = "sim";
  /** The response header that labels every answer of a demo node. */
  public static final String HEADER = "Switchboard-Media";

  private static final Logger LOG = LoggerFactory.getLogger(DemoMode.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private final DemoSettings settings;
  private final ActorSystem<Void> system;
  private final EslSimulator sim;
  private final Map<String, EndpointScript> endpoints;
  private final Config engineConfig;
  private final Optional<Path> demoDirectory;

  private DemoMode(DemoSettings settings, ActorSystem<Void> system, EslSimulator sim,
      Map<String, EndpointScript> endpoints, Config engineConfig, Optional<Path> demoDirectory) {
    this.settings = settings;
    this.system = system;
    this.sim = sim;
    this.endpoints = endpoints;
    this.engineConfig = engineConfig;
    this.demoDirectory = demoDirectory;
  }

  /**
   * Starts the simulator as {@code root}'s {@code switchboard.engine.demo} section says.
   *
   * @param root the resolved configuration the engine would start with
   * @throws IllegalArgumentException when a demo setting or the endpoints file is invalid, or the
   *     demo directory is missing (nothing is left running)
   * @throws IllegalStateException when the simulator cannot listen
   */
  public static DemoMode start(Config root) {
    return start(root, Clock.systemUTC());
  }

  /**
   * As {@link #start(Config)}, with the clock the simulator stamps its events with (tests give the
   * engine and the simulator the same clock).
   */
  public static DemoMode start(Config root, Clock clock) {
    DemoSettings settings = DemoSettings.fromConfig(root);
    Map<String, EndpointScript> endpoints = EndpointsFile.load(settings.endpointsFile());
    String configuredDirectory = root.getString("switchboard.engine.directory-file").strip();
    Optional<Path> demoDirectory = Optional.empty();
    if (configuredDirectory.isEmpty()) {
      Path file = settings.directoryFile().toAbsolutePath().normalize();
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("the demo directory " + file + " does not exist; run from the repository's"
            + " root (./switchboard run --media-sim), set SWITCHBOARD_DEMO_FOLDER to its demo/ folder, or give your own"
            + " --directory FILE");
      }
      demoDirectory = Optional.of(file);
    }

    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "switchboard-media-sim", ConfigFactory.parseMap(Map.of(
            "pekko.actor.provider", "local",
            "pekko.loggers", List.of("org.apache.pekko.event.slf4j.Slf4jLogger"),
            "pekko.logging-filter", "org.apache.pekko.event.slf4j.Slf4jLoggingFilter",
            // Stopped by stop() after the engine, so that the engine's shutdown never sees its
            // media node vanish first.
            "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", "off"))
        .withFallback(ConfigFactory.defaultReference()));
    EslSimulator sim;
    try {
      SimulatorSettings simSettings = new SimulatorSettings("127.0.0.1", settings.port(), settings.password(),
          settings.playback(), settings.defaultEndpoint(), 20_000, "switchboard-demo-sim", clock);
      sim = EslSimulator.start(system, simSettings).toCompletableFuture()
          .get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      system.terminate();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("the ESL simulator cannot listen on 127.0.0.1:" + settings.port() + " (" + e
          + "); choose another port with SWITCHBOARD_MEDIA_SIM_PORT, or 0 for a free one", e);
    }
    endpoints.forEach(sim::scriptEndpoint);

    Map<String, Object> overrides = new HashMap<>();
    overrides.put("switchboard.media.nodes", List.of(Map.of(
        "id", NODE_ID, "host", sim.host(), "port", sim.port(), "password", settings.password())));
    demoDirectory.ifPresent(file -> {
      overrides.put("switchboard.engine.directory-file", file.toString());
      if (root.getString("switchboard.engine.calls.operator").isBlank()) {
        overrides.put("switchboard.engine.calls.operator", settings.operator());
      }
    });
    if (!root.getList("switchboard.media.nodes").isEmpty()) {
      LOG.warn("DEMO MODE: the configured switchboard.media.nodes are ignored; the only media node is the simulator");
    }
    Config engineConfig = ConfigFactory.parseMap(overrides).withFallback(root);
    LOG.warn("DEMO MODE: media is SIMULATED by Switchboard's ESL simulator on {}:{} (not FreeSWITCH: no audio, no SIP);"
        + " directory {}; {} scripted endpoints from {}", sim.host(), sim.port(),
        demoDirectory.map(Path::toString).orElse(configuredDirectory + " (yours)"), endpoints.size(),
        settings.endpointsFile().toAbsolutePath().normalize());
    return new DemoMode(settings, system, sim, endpoints, engineConfig, demoDirectory);
  }

  /** The configuration to start the engine with. */
  public Config engineConfig() {
    return engineConfig;
  }

  /** The simulator. */
  public EslSimulator simulator() {
    return sim;
  }

  /** The demo directory, when the demo organisation is loaded (no directory of one's own). */
  public Optional<Path> demoDirectory() {
    return demoDirectory;
  }

  /** What the engine adds in demo mode: the {@code /sim} routes, a readiness note, a response header. */
  public EngineExtension extension() {
    String what = "simulated: Switchboard's ESL simulator on " + sim.host() + ":" + sim.port()
        + " (demo mode, not FreeSWITCH: no audio, no SIP)";
    return new EngineExtension() {
      @Override
      public Optional<Route> routes(ActorSystem<?> engineSystem) {
        return Optional.of(new SimRoutes(sim, NODE_ID, endpoints, settings.defaultEndpoint(),
            settings.maxCommandsListed(), ApiResponses.of(engineSystem)).route());
      }

      @Override
      public Map<String, String> readinessNotes() {
        return Map.of("media", what);
      }

      @Override
      public Route wrap(Route all) {
        return new AllDirectives() {}.respondWithHeader(RawHeader.create(HEADER, "simulated"), () -> all);
      }
    };
  }

  /**
   * The "try it" block printed at start: the demo folder's {@code try-it.txt} with {@code {http}}
   * replaced by the engine's address, when the demo directory is loaded; otherwise how to drive
   * the simulator with one's own directory.
   */
  public String tryIt(String http) {
    if (demoDirectory.isPresent()) {
      Path file = settings.folder().resolve("try-it.txt");
      try {
        return Files.readString(file, StandardCharsets.UTF_8).replace("{http}", http);
      } catch (IOException e) {
        LOG.warn("Cannot read {} ({}); see the README's demo section instead", file, e.toString());
      }
    }
    return "Try it (simulated calls): curl " + http + "/sim shows what is simulated and the /sim routes;\n"
        + "  curl -X POST " + http + "/sim/calls -H 'Content-Type: application/json' -d '{\"from\": \"+12125550100\","
        + " \"callerName\": \"Jane Doe\", \"to\": \"NUMBER\"}' places a call to one of your numbers.\n";
  }

  /** Stops the simulator (call after the engine has stopped); idempotent. */
  public void stop() {
    try {
      sim.stop().toCompletableFuture().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      LOG.warn("ESL simulator did not stop cleanly: {}", e.toString());
    }
    system.terminate();
  }
}
