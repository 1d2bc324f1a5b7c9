package io.switchboard.engine.media;

import com.typesafe.config.Config;
import io.switchboard.media.CommandResult;
import io.switchboard.media.MediaBridge;
import io.switchboard.media.MediaBridgeException;
import io.switchboard.media.MediaBridgeSettings;
import io.switchboard.media.MediaCommand;
import io.switchboard.media.NodeState;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's FreeSWITCH side: starts the {@link MediaBridge} on the nodes of
 * {@code switchboard.media.nodes} with a {@link MediaEventRouter} as listener, carries out the
 * calls' media commands ({@link #execute}, the {@code media} part of
 * {@code CallPeers}), and reports readiness. Without a configured node the engine runs without
 * media: {@link #execute} fails every command with {@code NodeUnavailable} and readiness does not
 * mention media.
 *
 * <p>Created once by the engine wiring with {@link #start}; the bridge stops with the ActorSystem
 * (CoordinatedShutdown, before the cluster leaves). Thread-safe.
 */
public final class MediaIntegration {

  private static final Logger log = LoggerFactory.getLogger(MediaIntegration.class);

  private final MediaBridge bridge;
  private final MediaBridgeSettings settings;
  private final MediaEventRouter router;

  private MediaIntegration(MediaBridge bridge, MediaBridgeSettings settings, MediaEventRouter router) {
    this.bridge = bridge;
    this.settings = settings;
    this.router = router;
  }

  /**
   * Starts the bridge (when nodes are configured); returns at once, connections follow.
   *
   * @throws IllegalArgumentException when {@code switchboard.media} is invalid
   */
  public static MediaIntegration start(ActorSystem<?> system, Config root, CallInbox inbox, Clock clock) {
    MediaBridgeSettings settings = MediaBridgeSettings.fromConfig(root);
    MediaEventRouter router = new MediaEventRouter(inbox, clock);
    if (settings.nodes().isEmpty()) {
      log.info("No media node configured (switchboard.media.nodes): the engine runs without FreeSWITCH");
      return new MediaIntegration(null, settings, router);
    }
    MediaBridge bridge = MediaBridge.start(system, settings, router, clock, UUID::randomUUID);
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceStop(), "switchboard-media-bridge-stop",
        () -> bridge.stop().thenApply(done -> Done.done()));
    log.info("Media bridge connecting to {}", settings.nodes().stream()
        .map(n -> n.id() + " (" + n.host() + ":" + n.port() + ")").collect(Collectors.joining(", ")));
    return new MediaIntegration(bridge, settings, router);
  }

  /** Whether any node is configured. */
  public boolean configured() {
    return bridge != null;
  }

  /** The configured node ids, in configuration order. */
  public List<String> nodeIds() {
    return settings.nodes().stream().map(MediaBridgeSettings.Node::id).toList();
  }

  /** Sends a command to a node; never blocks (see {@link MediaBridge#execute}). */
  public CompletionStage<CommandResult> execute(String nodeId, MediaCommand command) {
    if (bridge == null) {
      return CompletableFuture.failedFuture(new MediaBridgeException.NodeUnavailable(
          "no media node is configured (switchboard.media.nodes); cannot reach " + nodeId));
    }
    return bridge.execute(nodeId, command);
  }

  /** Connection state per node. */
  public Map<String, NodeState> nodeStates() {
    return bridge == null ? Map.of() : bridge.nodeStates();
  }

  /**
   * The readiness problem, if any: empty when no node is configured (media is not required) or
   * when at least one node is connected.
   */
  public Optional<String> readinessProblem() {
    if (bridge == null) {
      return Optional.empty();
    }
    Map<String, NodeState> states = bridge.nodeStates();
    if (states.containsValue(NodeState.CONNECTED)) {
      return Optional.empty();
    }
    return Optional.of("no media node connected: " + states.entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
  }

  /** The listener (for metrics and tests). */
  public MediaEventRouter router() {
    return router;
  }

  /** The bridge, when nodes are configured (hand-off statistics, tests). */
  public Optional<MediaBridge> bridge() {
    return Optional.ofNullable(bridge);
  }
}
