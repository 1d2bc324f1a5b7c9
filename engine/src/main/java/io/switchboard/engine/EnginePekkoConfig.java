package io.switchboard.engine;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Pekko configuration the engine needs, derived from {@link EngineSettings}: a cluster on the
 * configured address (joined through seed nodes, or by itself), split-brain resolver downing, and
 * SLF4J logging. It goes in front of the application's configuration, because these follow from
 * Switchboard settings and must not be contradicted by Pekko's defaults. Stateless.
 */
final class EnginePekkoConfig {

  private EnginePekkoConfig() {}

  static Config of(EngineSettings settings) {
    Map<String, Object> values = new HashMap<>();
    values.put("pekko.actor.provider", "cluster");
    values.put("pekko.remote.artery.canonical.hostname", settings.clusterHost());
    values.put("pekko.remote.artery.canonical.port", settings.clusterPort());
    values.put("pekko.cluster.seed-nodes", settings.seedNodes());
    // Without a downing provider an unreachable node blocks shard rebalancing forever.
    values.put("pekko.cluster.downing-provider-class", "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider");
    values.put("pekko.loggers", List.of("org.apache.pekko.event.slf4j.Slf4jLogger"));
    values.put("pekko.logging-filter", "org.apache.pekko.event.slf4j.Slf4jLoggingFilter");
    // Shutdown stops entities and connections on purpose; letters to them are expected then.
    values.put("pekko.log-dead-letters-during-shutdown", "off");
    return ConfigFactory.parseMap(values, "switchboard.engine settings");
  }
}
