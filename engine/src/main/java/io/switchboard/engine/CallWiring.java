package io.switchboard.engine;

import com.typesafe.config.Config;
import io.switchboard.engine.call.CallEntity;
import io.switchboard.engine.call.CallHistory;
import io.switchboard.engine.call.CallPeers;
import io.switchboard.engine.call.CallSettings;
import io.switchboard.engine.http.CallRoutes;
import io.switchboard.engine.media.CallInbox;
import io.switchboard.engine.media.MediaIntegration;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;

/**
 * Calls and media in a running engine: reads {@code switchboard.engine.calls}, starts the media
 * integration (the bridge to the configured FreeSWITCH nodes, whose events go to the Call
 * entities), registers the Call entity with its peers (media through the bridge, everything else
 * through {@code entities}), and offers the calls API and the media readiness check.
 *
 * <p>Created once by {@link Engine#start}; thread-safe.
 *
 * @param settings the call settings
 * @param media the media integration
 * @param routes the {@code /calls} routes
 */
public record CallWiring(CallSettings settings, MediaIntegration media, Route routes) {

  /**
   * Starts calls and media.
   *
   * @param entities the entity side of the Call's peers (directory, flows, queues, mailboxes,
   *     agents)
   * @throws IllegalArgumentException when a calls or media setting is invalid
   */
  public static CallWiring start(ActorSystem<?> system, Config root, Clock clock, CallPeers entities) {
    CallSettings settings = CallSettings.fromConfig(root);
    Duration askTimeout = root.getDuration("switchboard.engine.calls.api-timeout");
    ClusterSharding sharding = ClusterSharding.get(system);
    MediaIntegration media = MediaIntegration.start(system, root, CallInbox.sharded(sharding), clock);
    CallEntity.init(system, CallPeers.withMedia(entities, media::execute), settings, clock);
    CallRoutes routes = new CallRoutes(sharding, CallHistory.journal(system),
        JacksonObjectMapperProvider.get(system).getOrCreate("jackson-json", Optional.empty()), clock, askTimeout,
        media::nodeIds, settings.defaultNode(), () -> UUID.randomUUID().toString());
    return new CallWiring(settings, media, routes.route());
  }
}
