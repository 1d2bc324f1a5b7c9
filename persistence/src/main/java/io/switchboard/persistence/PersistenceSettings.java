package io.switchboard.persistence;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code switchboard.persistence} section, read once: local data directory, the external
 * Cassandra cluster (if any), keyspace and replication, credentials, and the embedded node.
 *
 * <p>Created with {@link #fromConfig(Config)} by whoever builds the application (the engine's
 * {@code run} command, tests). Validation happens here, so a bad value fails at start with a message
 * that names the setting, its environment variable and the fix. Immutable.
 *
 * @param dataDirectory root of the local data ({@code SWITCHBOARD_DATA_DIR})
 * @param contactPoints external cluster as {@code host:port}; empty for the embedded node
 * @param localDatacenter datacenter the driver routes to
 * @param keyspace keyspace of the journal and snapshot tables
 * @param replication replication used when Switchboard creates the keyspace
 * @param credentials username and password, if the cluster authenticates
 * @param requestTimeout how long one CQL request may take
 * @param schemaAutocreate create keyspace and tables on start for an external cluster
 * @param embedded the embedded node's settings, used when {@code contactPoints} is empty
 */
public record PersistenceSettings(
    Path dataDirectory,
    List<String> contactPoints,
    String localDatacenter,
    String keyspace,
    Replication replication,
    Optional<Credentials> credentials,
    Duration requestTimeout,
    boolean schemaAutocreate,
    EmbeddedCassandraSettings embedded) {

  /** Default CQL port for contact points given without one. */
  public static final int DEFAULT_CQL_PORT = 9042;

  private static final String PREFIX = "switchboard.persistence.";

  public PersistenceSettings {
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    contactPoints = List.copyOf(contactPoints);
    Objects.requireNonNull(localDatacenter, "localDatacenter");
    Objects.requireNonNull(replication, "replication");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(embedded, "embedded");
    if (!keyspace.matches("[a-zA-Z][a-zA-Z0-9_]{0,47}")) {
      throw new IllegalArgumentException(
          PREFIX + "cassandra.keyspace: '" + keyspace
              + "' is not a Cassandra keyspace name; use a letter followed by letters, digits or _,"
              + " at most 48 (SWITCHBOARD_CASSANDRA_KEYSPACE)");
    }
  }

  /**
   * How the keyspace is replicated when Switchboard creates it.
   *
   * @param strategy {@code SimpleStrategy} or {@code NetworkTopologyStrategy}
   * @param factor replicas for {@code SimpleStrategy}
   * @param datacenterFactors {@code dc:replicas} entries for {@code NetworkTopologyStrategy}
   */
  public record Replication(String strategy, int factor, List<String> datacenterFactors) {
    public Replication {
      datacenterFactors = List.copyOf(datacenterFactors);
      switch (strategy) {
        case "SimpleStrategy" -> {
          if (factor < 1) {
            throw new IllegalArgumentException(
                PREFIX + "cassandra.replication-factor: " + factor
                    + " must be at least 1 (SWITCHBOARD_CASSANDRA_REPLICATION_FACTOR)");
          }
        }
        case "NetworkTopologyStrategy" -> {
          if (datacenterFactors.isEmpty()) {
            throw new IllegalArgumentException(
                PREFIX + "cassandra.datacenter-replication-factors: NetworkTopologyStrategy needs"
                    + " at least one \"dc:replicas\" entry, e.g. \"dc1:3\""
                    + " (SWITCHBOARD_CASSANDRA_DATACENTER_REPLICATION_FACTORS)");
          }
          for (String entry : datacenterFactors) {
            if (!entry.matches("[^:\\s]+:[1-9][0-9]*")) {
              throw new IllegalArgumentException(
                  PREFIX + "cassandra.datacenter-replication-factors: '" + entry
                      + "' is not \"dc:replicas\", e.g. \"dc1:3\""
                      + " (SWITCHBOARD_CASSANDRA_DATACENTER_REPLICATION_FACTORS)");
            }
          }
        }
        default -> throw new IllegalArgumentException(
            PREFIX + "cassandra.replication-strategy: '" + strategy
                + "' is not SimpleStrategy or NetworkTopologyStrategy"
                + " (SWITCHBOARD_CASSANDRA_REPLICATION_STRATEGY)");
      }
    }
  }

  /** Plain-text credentials for Cassandra's PasswordAuthenticator. */
  public record Credentials(String username, String password) {
    public Credentials {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
      return "Credentials[username=" + username + ", password=***]";
    }
  }

  /** Reads and validates {@code switchboard.persistence} from a resolved root configuration. */
  public static PersistenceSettings fromConfig(Config root) {
    try {
      // Full paths, so that an error names the whole setting (Typesafe Config reports the path asked).
      String c = PREFIX;
      String cassandra = PREFIX + "cassandra.";
      String embedded = cassandra + "embedded.";
      Path dataDirectory = Path.of(root.getString(c + "data-dir")).toAbsolutePath().normalize();
      String username = root.getString(cassandra + "username");
      String java = root.getString(embedded + "java");
      return new PersistenceSettings(
          dataDirectory,
          parseContactPoints(root.getString(cassandra + "contact-points")),
          root.getString(cassandra + "local-datacenter"),
          root.getString(cassandra + "keyspace"),
          new Replication(
              root.getString(cassandra + "replication-strategy"),
              root.getInt(cassandra + "replication-factor"),
              splitList(root.getString(cassandra + "datacenter-replication-factors"))),
          username.isEmpty()
              ? Optional.empty()
              : Optional.of(new Credentials(username, root.getString(cassandra + "password"))),
          root.getDuration(cassandra + "request-timeout"),
          root.getBoolean(cassandra + "schema-autocreate"),
          new EmbeddedCassandraSettings(
              dataDirectory.resolve("cassandra"),
              root.getInt(embedded + "port"),
              root.getInt(embedded + "storage-port"),
              root.getInt(embedded + "jmx-port"),
              Path.of(root.getString(embedded + "classpath-file")).toAbsolutePath().normalize(),
              root.getString(embedded + "heap"),
              root.getDuration(embedded + "start-timeout"),
              root.getDuration(embedded + "stop-timeout"),
              java.isEmpty() ? EmbeddedCassandraSettings.currentJava() : Path.of(java),
              Arrays.stream(root.getString(embedded + "jvm-options").trim().split("\\s+"))
                  .filter(option -> !option.isEmpty())
                  .toList()));
    } catch (ConfigException e) {
      // Typesafe Config already names the setting and the origin of the bad value.
      throw new IllegalArgumentException("invalid persistence setting: " + e.getMessage(), e);
    }
  }

  /** True when no external cluster is configured and the embedded node must run. */
  public boolean usesEmbeddedNode() {
    return contactPoints.isEmpty();
  }

  /**
   * Parses {@code "host:port,host"} into normalized {@code host:port} entries; blank means none.
   *
   * @throws IllegalArgumentException naming the bad entry
   */
  public static List<String> parseContactPoints(String value) {
    List<String> result = new ArrayList<>();
    for (String entry : splitList(value)) {
      int colon = entry.lastIndexOf(':');
      String host = colon < 0 ? entry : entry.substring(0, colon);
      String port = colon < 0 ? String.valueOf(DEFAULT_CQL_PORT) : entry.substring(colon + 1);
      if (host.isEmpty() || host.contains(":") || !port.matches("[0-9]{1,5}")
          || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
        throw new IllegalArgumentException(
            PREFIX + "cassandra.contact-points: '" + entry
                + "' is not host or host:port; use e.g. \"10.0.0.5:9042,10.0.0.6:9042\""
                + " (SWITCHBOARD_CASSANDRA_CONTACT_POINTS)");
      }
      result.add(host + ":" + port);
    }
    return List.copyOf(result);
  }

  private static List<String> splitList(String value) {
    return Arrays.stream(value.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .toList();
  }
}
