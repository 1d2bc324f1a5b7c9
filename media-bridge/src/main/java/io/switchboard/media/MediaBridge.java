package io.switchboard.media;

import io.switchboard.media.internal.EslCommandRenderer;
import io.switchboard.media.internal.EslConnection;
import io.switchboard.media.internal.EventHandOff;
import io.switchboard.media.esl.EslRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's way to FreeSWITCH: one inbound Event Socket connection per configured node,
 * typed {@link MediaCommand}s in, typed {@link MediaEvent}s out.
 *
 * <p>Each node's connection authenticates, subscribes to the events the engine uses (never
 * ALL), reconciles with {@code show channels as json} after every (re)connect, keeps itself
 * alive and reconnects with backoff. Events reach the {@link MediaEventListener} through one
 * bounded hand-off ({@link #handOffStats()}).
 *
 * <p>Created by the engine with {@link #start}; thread-safe; {@link #execute} never blocks and
 * its stage can be piped to an actor. Stop it with {@link #stop()}.
 */
public final class MediaBridge {

  private static final Logger log = LoggerFactory.getLogger(MediaBridge.class);

  private final Map<String, ActorRef<EslConnection.Msg>> connections;
  private final Map<String, EslConnection.Shared> shared;
  private final EventHandOff handOff;
  private final Supplier<UUID> jobIds;

  private MediaBridge(Map<String, ActorRef<EslConnection.Msg>> connections,
      Map<String, EslConnection.Shared> shared, EventHandOff handOff, Supplier<UUID> jobIds) {
    this.connections = connections;
    this.shared = shared;
    this.handOff = handOff;
    this.jobIds = jobIds;
  }

  /** Starts one connection per node of {@code settings}; returns at once (connections follow). */
  public static MediaBridge start(ActorSystem<?> system, MediaBridgeSettings settings,
      MediaEventListener listener) {
    return start(system, settings, listener, Clock.systemUTC(), UUID::randomUUID);
  }

  /**
   * As {@link #start(ActorSystem, MediaBridgeSettings, MediaEventListener)}, with the clock that
   * stamps connection events and the source of bgapi Job-UUIDs (internal correlation ids that are
   * never journaled) given explicitly.
   */
  public static MediaBridge start(ActorSystem<?> system, MediaBridgeSettings settings,
      MediaEventListener listener, Clock clock, Supplier<UUID> jobIds) {
    if (settings.nodes().isEmpty()) {
      log.warn("switchboard.media.nodes is empty: the media bridge has no FreeSWITCH to talk to");
    }
    Map<String, ActorRef<EslConnection.Msg>> refs = new LinkedHashMap<>();
    Map<String, EslConnection.Shared> states = new LinkedHashMap<>();
    // filled below, read by stream threads when the hand-off drops events
    Map<String, ActorRef<EslConnection.Msg>> lookup = new ConcurrentHashMap<>();
    EventHandOff handOff = new EventHandOff(system, "media-bridge", settings.handOffBufferSize(),
        settings.handOffAlarmCount(), nodeId -> {
          ActorRef<EslConnection.Msg> ref = lookup.get(nodeId);
          if (ref != null) {
            ref.tell(new EslConnection.ReconcileRequested(MediaEvent.ReconcileReason.EVENTS_DROPPED));
          }
        });
    for (MediaBridgeSettings.Node node : settings.nodes()) {
      EslConnection.Shared s = new EslConnection.Shared(node.id(), listener);
      states.put(node.id(), s);
      ActorRef<EslConnection.Msg> ref = system.systemActorOf(
          EslConnection.inbound(node, settings, handOff, clock, s),
          "media-node-" + safeName(node.id()) + "-" + UUID.randomUUID().toString().substring(0, 8),
          Props.empty());
      refs.put(node.id(), ref);
      lookup.put(node.id(), ref);
    }
    return new MediaBridge(Map.copyOf(refs), Map.copyOf(states), handOff, jobIds);
  }

  private static String safeName(String id) {
    return id.replaceAll("[^A-Za-z0-9_-]", "_");
  }

  /**
   * Sends a command to a node. The stage completes with FreeSWITCH's answer (for originate,
   * when the BACKGROUND_JOB arrives), or exceptionally with a {@link MediaBridgeException}:
   * {@code InvalidCommand} (nothing sent), {@code NodeUnavailable}, {@code Overloaded},
   * {@code ConnectionLost} or {@code Timeout}. Never blocks.
   */
  public CompletionStage<CommandResult> execute(String nodeId, MediaCommand command) {
    CompletableFuture<CommandResult> f = new CompletableFuture<>();
    ActorRef<EslConnection.Msg> ref = connections.get(nodeId);
    if (ref == null) {
      f.completeExceptionally(new MediaBridgeException.NodeUnavailable("unknown node '" + nodeId
          + "'; configured nodes: " + connections.keySet()));
      return f;
    }
    List<EslRequest> requests;
    try {
      requests = EslCommandRenderer.render(command, jobIds.get().toString());
    } catch (MediaBridgeException e) {
      f.completeExceptionally(e);
      return f;
    }
    ref.tell(new EslConnection.Execute(requests, f));
    return f;
  }

  public Set<String> nodeIds() {
    return connections.keySet();
  }

  /** The connection state of a node (DISCONNECTED for an unknown id). */
  public NodeState nodeState(String nodeId) {
    EslConnection.Shared s = shared.get(nodeId);
    return s == null ? NodeState.DISCONNECTED : s.state();
  }

  public Map<String, NodeState> nodeStates() {
    Map<String, NodeState> out = new LinkedHashMap<>();
    shared.forEach((id, s) -> out.put(id, s.state()));
    return out;
  }

  /** The hand-off's size, high-water mark, counters and alarm (for metrics and health checks). */
  public HandOffStats handOffStats() {
    return handOff.stats();
  }

  /** Closes every connection (test support and shutdown); commands in flight fail. */
  public CompletionStage<Done> stop() {
    List<CompletableFuture<Done>> all = new ArrayList<>();
    for (ActorRef<EslConnection.Msg> ref : connections.values()) {
      CompletableFuture<Done> d = new CompletableFuture<>();
      ref.tell(new EslConnection.Stop(d));
      all.add(d);
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(v -> {
      handOff.close();
      return Done.getInstance();
    });
  }

  /** Drops a node's TCP connection as if the network failed (tests of reconnect). */
  public void abortConnection(String nodeId) {
    ActorRef<EslConnection.Msg> ref = connections.get(nodeId);
    if (ref != null) {
      ref.tell(new EslConnection.Abort("requested"));
    }
  }
}
