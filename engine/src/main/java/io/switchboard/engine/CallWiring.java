package io.switchboard.engine;

import com.typesafe.config.Config;
import io.switchboard.engine.call.CallEntity;
import io.switchboard.engine.call.CallHistory;
import io.switchboard.engine.call.CallPeers;
import io.switchboard.engine.call.CallSettings;
import io.switchboard.engine.http.CallRoutes;
import io.switchboard.engine.media.CallInbox;
import io.switchboard.engine.media.MediaIntegration;
import io.switchboard.media.CommandResult;
import io.switchboard.media.MediaCommand;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;

/**
 * Calls and media in a running engine, started in two steps by {@link Engine#start}:
 *
 * <ol>
 *   <li>{@link #register}: reads {@code switchboard.engine.calls} and registers the Call entity
 *       with its peers (everything but media through {@code entities}), so that queues recovering
 *       while the organisation loads can already reach their calls;
 *   <li>{@link #startMedia}: once the directory and flows are loaded, starts the media integration
 *       (the bridge to the configured FreeSWITCH nodes, whose events go to the Call entities).
 * </ol>
 *
 * <p>A media command a Call sends between the two steps (a recovered call offered an agent while
 * the organisation loads) waits for the bridge instead of failing. Thread-safe.
 */
public final class CallWiring {

  private final ActorSystem<?> system;
  private final Config root;
  private final Clock clock;
  private final CallSettings settings;
  private final CompletableFuture<MediaIntegration> media = new CompletableFuture<>();
  private final Route routes;

  private CallWiring(ActorSystem<?> system, Config root, Clock clock, CallSettings settings) {
    this.system = system;
    this.root = root;
    this.clock = clock;
    this.settings = settings;
    Duration askTimeout = root.getDuration("switchboard.engine.calls.api-timeout");
    this.routes = new CallRoutes(ClusterSharding.get(system), CallHistory.journal(system),
        JacksonObjectMapperProvider.get(system).getOrCreate("jackson-json", Optional.empty()), clock, askTimeout,
        () -> media().map(MediaIntegration::nodeIds).orElse(List.of()), settings.defaultNode(),
        () -> UUID.randomUUID().toString()).route();
  }

  /**
   * Registers the Call entity and the calls API; media starts with {@link #startMedia}.
   *
   * @param peers builds the Call's peers around the media sender it is given (which waits for
   *     {@link #startMedia})
   * @throws IllegalArgumentException when a calls setting is invalid
   */
  public static CallWiring register(ActorSystem<?> system, Config root, Clock clock,
      Function<CallPeers.Media, CallPeers> peers) {
    CallWiring wiring = new CallWiring(system, root, clock, CallSettings.fromConfig(root));
    CallEntity.init(system, peers.apply(wiring::execute), wiring.settings, clock);
    return wiring;
  }

  /**
   * Starts the media integration: connects to the configured FreeSWITCH nodes.
   *
   * @throws IllegalArgumentException when a media setting is invalid
   */
  public MediaIntegration startMedia() {
    MediaIntegration started = MediaIntegration.start(system, root, CallInbox.sharded(ClusterSharding.get(system)), clock);
    media.complete(started);
    return started;
  }

  private CompletionStage<CommandResult> execute(String nodeId, MediaCommand command) {
    return media.thenCompose(m -> m.execute(nodeId, command));
  }

  /** The call settings. */
  public CallSettings settings() {
    return settings;
  }

  /** The media integration, once {@link #startMedia} ran. */
  public Optional<MediaIntegration> media() {
    return Optional.ofNullable(media.getNow(null));
  }

  /** The {@code /calls} routes. */
  public Route routes() {
    return routes;
  }
}
