package io.switchboard.media.it;

import com.typesafe.config.ConfigFactory;
import io.switchboard.media.CommandResult;
import io.switchboard.media.MediaBridgeSettings;
import io.switchboard.media.sim.EslSimulator;
import io.switchboard.media.sim.SimulatorSettings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;

/** Helpers shared by the integration tests: a simulator on a free port and bridge settings. */
public final class SimFixture {

  public static final String PASSWORD = "ClueCon";

  private SimFixture() {}

  public static EslSimulator simulator(ActorSystem<?> system) {
    return simulator(system, SimulatorSettings.of(0, PASSWORD).withDefaultPlayback(Duration.ofMillis(300)));
  }

  public static EslSimulator simulator(ActorSystem<?> system, SimulatorSettings s) {
    return join(EslSimulator.start(system, s));
  }

  /** Reference settings with fast backoff and the given nodes (id -> simulator). */
  public static MediaBridgeSettings settings(List<MediaBridgeSettings.Node> nodes) {
    return MediaBridgeSettings.fromConfig(ConfigFactory.load())
        .withNodes(nodes)
        .withBackoff(Duration.ofMillis(50), Duration.ofMillis(400));
  }

  public static MediaBridgeSettings.Node node(String id, EslSimulator sim) {
    return new MediaBridgeSettings.Node(id, "127.0.0.1", sim.port(), PASSWORD);
  }

  public static <T> T join(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(EventLog.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("stage did not complete: " + e, e);
    }
  }

  public static CommandResult ok(CompletionStage<CommandResult> stage) {
    CommandResult r = join(stage);
    if (!r.ok()) {
      throw new AssertionError("command failed: " + r.text());
    }
    return r;
  }
}
