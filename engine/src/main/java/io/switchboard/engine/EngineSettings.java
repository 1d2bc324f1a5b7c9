package io.switchboard.engine;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The {@code switchboard.engine} section, read once: HTTP interface, cluster address and seed nodes,
 * readiness timeout.
 *
 * <p>Created with {@link #fromConfig(Config)} by {@link Engine}. Validation happens here, so a bad
 * value fails at start naming the setting and its environment variable. Immutable.
 *
 * @param httpHost interface of the HTTP API
 * @param httpPort HTTP port, 0 for a free one
 * @param clusterHost address of Pekko remoting
 * @param clusterPort remoting port, 0 for a free one
 * @param seedNodes Pekko addresses of the nodes to join; empty to form a cluster of one
 * @param readyTimeout how long the readiness query may take
 */
public record EngineSettings(
    String httpHost, int httpPort, String clusterHost, int clusterPort, List<String> seedNodes, Duration readyTimeout) {

  /** Name of the ActorSystem; part of every cluster address. */
  public static final String SYSTEM_NAME = "switchboard";

  private static final String PREFIX = "switchboard.engine.";

  public EngineSettings {
    Objects.requireNonNull(httpHost, "httpHost");
    Objects.requireNonNull(clusterHost, "clusterHost");
    Objects.requireNonNull(readyTimeout, "readyTimeout");
    seedNodes = List.copyOf(seedNodes);
    requirePort("http.port (SWITCHBOARD_HTTP_PORT)", httpPort);
    requirePort("cluster.port (SWITCHBOARD_CLUSTER_PORT)", clusterPort);
  }

  /** Reads and validates {@code switchboard.engine} from a resolved root configuration. */
  public static EngineSettings fromConfig(Config root) {
    try {
      return new EngineSettings(
          root.getString(PREFIX + "http.host"),
          root.getInt(PREFIX + "http.port"),
          root.getString(PREFIX + "cluster.host"),
          root.getInt(PREFIX + "cluster.port"),
          parseSeedNodes(root.getString(PREFIX + "cluster.seed-nodes")),
          root.getDuration(PREFIX + "ready-timeout"));
    } catch (ConfigException e) {
      throw new IllegalArgumentException("invalid engine setting: " + e.getMessage(), e);
    }
  }

  /**
   * Turns {@code "host:port,pekko://switchboard@host:port"} into Pekko addresses.
   *
   * @throws IllegalArgumentException naming the bad entry
   */
  public static List<String> parseSeedNodes(String value) {
    List<String> result = new ArrayList<>();
    for (String entry : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()) {
      String hostPort = entry.startsWith("pekko://" + SYSTEM_NAME + "@")
          ? entry.substring(("pekko://" + SYSTEM_NAME + "@").length())
          : entry;
      int colon = hostPort.lastIndexOf(':');
      if (colon <= 0 || !hostPort.substring(colon + 1).matches("[1-9][0-9]{0,4}") || hostPort.contains("/")) {
        throw new IllegalArgumentException(
            PREFIX + "cluster.seed-nodes: '" + entry + "' is not host:port or pekko://" + SYSTEM_NAME
                + "@host:port (SWITCHBOARD_SEED_NODES)");
      }
      result.add("pekko://" + SYSTEM_NAME + "@" + hostPort);
    }
    return List.copyOf(result);
  }

  private static void requirePort(String name, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          PREFIX + name + ": " + port + " is not a TCP port; use 1-65535, or 0 for a free one");
    }
  }
}
