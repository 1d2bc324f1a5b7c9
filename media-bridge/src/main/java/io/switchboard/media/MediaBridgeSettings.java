package io.switchboard.media;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code switchboard.media} section of the configuration, read once (see reference.conf for
 * what each key is for). Immutable; {@link #fromConfig} validates and names the bad key.
 */
public record MediaBridgeSettings(
    List<Node> nodes,
    EventFormat eventFormat,
    Duration minBackoff,
    Duration maxBackoff,
    Duration connectTimeout,
    Duration keepAliveInterval,
    Duration keepAliveTimeout,
    Duration commandTimeout,
    Duration backgroundJobTimeout,
    int maxPendingCommands,
    int handOffBufferSize,
    double handOffAlarmThreshold,
    int maxHeaderBytes,
    int maxBodyBytes,
    Outbound outbound) {

  /** One FreeSWITCH node: {@code id} is how commands address it and events name it. */
  public record Node(String id, String host, int port, String password) {
    @Override
    public String toString() {
      return "Node[id=" + id + ", host=" + host + ", port=" + port + ", password=***]";
    }
  }

  /** Outbound-socket server settings. */
  public record Outbound(boolean enabled, String host, int port, Duration linger) {}

  /** ESL event serialisation requested with {@code event <format> ...}. */
  public enum EventFormat {
    JSON, PLAIN;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public MediaBridgeSettings {
    nodes = List.copyOf(nodes);
    Set<String> ids = new HashSet<>();
    for (Node n : nodes) {
      if (!ids.add(n.id())) {
        throw new IllegalArgumentException("switchboard.media.nodes: id '" + n.id()
            + "' appears twice; give each node its own id");
      }
    }
    if (handOffBufferSize < 16) {
      throw new IllegalArgumentException("switchboard.media.hand-off.buffer-size must be >= 16");
    }
    if (handOffAlarmThreshold <= 0 || handOffAlarmThreshold > 1) {
      throw new IllegalArgumentException(
          "switchboard.media.hand-off.alarm-threshold must be in (0, 1], got " + handOffAlarmThreshold);
    }
    if (minBackoff.isNegative() || minBackoff.isZero() || maxBackoff.compareTo(minBackoff) < 0) {
      throw new IllegalArgumentException(
          "switchboard.media.reconnect: need 0 < min-backoff <= max-backoff");
    }
  }

  /** Reads {@code switchboard.media} from a config that includes the module's reference.conf. */
  public static MediaBridgeSettings fromConfig(Config root) {
    Config c = root.getConfig("switchboard.media");
    try {
      int defaultPort = c.getInt("default-port");
      String defaultPassword = c.getString("default-password");
      List<Node> nodes = new ArrayList<>();
      int i = 0;
      for (Config n : c.getConfigList("nodes")) {
        if (!n.hasPath("id") || !n.hasPath("host")) {
          throw new IllegalArgumentException("switchboard.media.nodes[" + i
              + "] needs at least id and host, e.g. { id = \"fs1\", host = \"10.0.0.5\" }");
        }
        nodes.add(new Node(n.getString("id"), n.getString("host"),
            n.hasPath("port") ? n.getInt("port") : defaultPort,
            n.hasPath("password") ? n.getString("password") : defaultPassword));
        i++;
      }
      String spec = c.getString("nodes-spec").strip();
      if (!spec.isEmpty()) {
        if (!nodes.isEmpty()) {
          throw new IllegalArgumentException("switchboard.media: give the nodes either as nodes = [...] or as"
              + " nodes-spec / SWITCHBOARD_MEDIA_NODES, not both");
        }
        nodes.addAll(parseNodesSpec(spec, defaultPort, defaultPassword));
      }
      String format = c.getString("event-format").toUpperCase(Locale.ROOT);
      EventFormat eventFormat;
      try {
        eventFormat = EventFormat.valueOf(format);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("switchboard.media.event-format must be json or plain, got '"
            + c.getString("event-format") + "'");
      }
      return new MediaBridgeSettings(nodes, eventFormat,
          c.getDuration("reconnect.min-backoff"), c.getDuration("reconnect.max-backoff"),
          c.getDuration("connect-timeout"),
          c.getDuration("keep-alive.interval"), c.getDuration("keep-alive.timeout"),
          c.getDuration("command-timeout"), c.getDuration("background-job-timeout"),
          c.getInt("max-pending-commands"),
          c.getInt("hand-off.buffer-size"), c.getDouble("hand-off.alarm-threshold"),
          (int) c.getBytes("max-header-bytes").longValue(), (int) c.getBytes("max-body-bytes").longValue(),
          new Outbound(c.getBoolean("outbound.enabled"), c.getString("outbound.host"),
              c.getInt("outbound.port"), c.getDuration("outbound.linger")));
    } catch (ConfigException e) {
      throw new IllegalArgumentException("switchboard.media: " + e.getMessage(), e);
    }
  }

  /**
   * Parses {@code "id=host[:port],..."} (the {@code SWITCHBOARD_MEDIA_NODES} form); every node
   * takes {@code password}.
   */
  static List<Node> parseNodesSpec(String spec, int defaultPort, String password) {
    List<Node> nodes = new ArrayList<>();
    for (String entry : spec.split(",")) {
      String item = entry.strip();
      int eq = item.indexOf('=');
      if (eq <= 0 || eq == item.length() - 1) {
        throw new IllegalArgumentException("switchboard.media.nodes-spec: '" + item
            + "' is not id=host[:port]; write e.g. fs1=10.0.0.5:8021,fs2=10.0.0.6");
      }
      String id = item.substring(0, eq).strip();
      String address = item.substring(eq + 1).strip();
      int colon = address.lastIndexOf(':');
      int port = defaultPort;
      String host = address;
      if (colon >= 0) {
        host = address.substring(0, colon);
        try {
          port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("switchboard.media.nodes-spec: port of '" + item
              + "' is not a number; write e.g. fs1=10.0.0.5:8021");
        }
        if (port < 1 || port > 65535) {
          throw new IllegalArgumentException("switchboard.media.nodes-spec: port " + port + " of '" + item
              + "' is out of range 1-65535");
        }
      }
      if (host.isEmpty()) {
        throw new IllegalArgumentException("switchboard.media.nodes-spec: '" + item + "' has no host");
      }
      nodes.add(new Node(id, host, port, password));
    }
    return nodes;
  }

  public MediaBridgeSettings withNodes(List<Node> newNodes) {
    return new MediaBridgeSettings(newNodes, eventFormat, minBackoff, maxBackoff, connectTimeout,
        keepAliveInterval, keepAliveTimeout, commandTimeout, backgroundJobTimeout,
        maxPendingCommands, handOffBufferSize, handOffAlarmThreshold, maxHeaderBytes, maxBodyBytes,
        outbound);
  }

  public MediaBridgeSettings withEventFormat(EventFormat format) {
    return new MediaBridgeSettings(nodes, format, minBackoff, maxBackoff, connectTimeout,
        keepAliveInterval, keepAliveTimeout, commandTimeout, backgroundJobTimeout,
        maxPendingCommands, handOffBufferSize, handOffAlarmThreshold, maxHeaderBytes, maxBodyBytes,
        outbound);
  }

  public MediaBridgeSettings withHandOff(int bufferSize, double alarmThreshold) {
    return new MediaBridgeSettings(nodes, eventFormat, minBackoff, maxBackoff, connectTimeout,
        keepAliveInterval, keepAliveTimeout, commandTimeout, backgroundJobTimeout,
        maxPendingCommands, bufferSize, alarmThreshold, maxHeaderBytes, maxBodyBytes, outbound);
  }

  public MediaBridgeSettings withKeepAlive(Duration interval, Duration timeout) {
    return new MediaBridgeSettings(nodes, eventFormat, minBackoff, maxBackoff, connectTimeout,
        interval, timeout, commandTimeout, backgroundJobTimeout,
        maxPendingCommands, handOffBufferSize, handOffAlarmThreshold, maxHeaderBytes, maxBodyBytes,
        outbound);
  }

  public MediaBridgeSettings withBackoff(Duration min, Duration max) {
    return new MediaBridgeSettings(nodes, eventFormat, min, max, connectTimeout,
        keepAliveInterval, keepAliveTimeout, commandTimeout, backgroundJobTimeout,
        maxPendingCommands, handOffBufferSize, handOffAlarmThreshold, maxHeaderBytes, maxBodyBytes,
        outbound);
  }

  public int handOffAlarmCount() {
    return Math.max(1, (int) Math.floor(handOffBufferSize * handOffAlarmThreshold));
  }
}
