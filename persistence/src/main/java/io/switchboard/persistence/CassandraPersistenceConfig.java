package io.switchboard.persistence;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns {@link PersistenceSettings} into the Pekko configuration that makes
 * pekko-persistence-cassandra the journal and snapshot store: plugin selection, keyspace,
 * replication, schema creation, and the Cassandra driver's contact points, datacenter and
 * credentials.
 *
 * <p>Used by whoever creates an ActorSystem that persists (the engine, {@code create-schema}, tests):
 * the returned config goes in front of the application's configuration. Stateless.
 */
public final class CassandraPersistenceConfig {

  /** Config path of the journal plugin. */
  public static final String JOURNAL_PLUGIN = "pekko.persistence.cassandra.journal";
  /** Config path of the snapshot plugin. */
  public static final String SNAPSHOT_PLUGIN = "pekko.persistence.cassandra.snapshot";
  /** Config path of the plugin's shared session settings. */
  public static final String PLUGIN_PATH = "pekko.persistence.cassandra";
  /**
   * Session settings for Switchboard's own queries (readiness, schema): the same driver
   * configuration as the plugin, but another session. The session registry runs a session's init
   * function (the plugin's schema creation) only for whoever asks first, so sharing the plugin's
   * session key could skip it.
   */
  public static final String OWN_SESSION_PATH = "pekko.connectors.cassandra";
  /** Name of the journal table; the readiness check looks for it. */
  public static final String JOURNAL_TABLE = "messages";

  private CassandraPersistenceConfig() {}

  /**
   * The Pekko configuration for a cluster reached at {@code contactPoints}.
   *
   * @param settings keyspace, replication, datacenter and credentials
   * @param contactPoints {@code host:port} entries (the embedded node's or the external cluster's)
   * @param createSchema whether the plugin creates keyspace and tables when it starts
   */
  public static Config forCluster(
      PersistenceSettings settings, List<String> contactPoints, boolean createSchema) {
    if (contactPoints.isEmpty()) {
      throw new IllegalArgumentException("at least one Cassandra contact point is needed");
    }
    Map<String, Object> values = new HashMap<>();
    values.put("pekko.persistence.journal.plugin", JOURNAL_PLUGIN);
    values.put("pekko.persistence.snapshot-store.plugin", SNAPSHOT_PLUGIN);
    for (String plugin : List.of(JOURNAL_PLUGIN, SNAPSHOT_PLUGIN)) {
      // One keyspace for journal and snapshots: one thing to create, replicate and back up.
      values.put(plugin + ".keyspace", settings.keyspace());
      values.put(plugin + ".keyspace-autocreate", createSchema);
      values.put(plugin + ".tables-autocreate", createSchema);
      values.put(plugin + ".replication-strategy", settings.replication().strategy());
      values.put(plugin + ".replication-factor", settings.replication().factor());
      values.put(plugin + ".data-center-replication-factors", settings.replication().datacenterFactors());
    }
    values.put("datastax-java-driver.basic.contact-points", contactPoints);
    values.put(
        "datastax-java-driver.basic.load-balancing-policy.local-datacenter", settings.localDatacenter());
    values.put("datastax-java-driver.basic.request.timeout", settings.requestTimeout().toMillis() + "ms");
    // Keep retrying the first connection instead of failing the session for good: the cluster may
    // still be starting, and readiness reports the wait meanwhile.
    values.put("datastax-java-driver.advanced.reconnect-on-init", true);
    settings.credentials().ifPresent(credentials -> {
      values.put("datastax-java-driver.advanced.auth-provider.class", "PlainTextAuthProvider");
      values.put("datastax-java-driver.advanced.auth-provider.username", credentials.username());
      values.put("datastax-java-driver.advanced.auth-provider.password", credentials.password());
    });
    return ConfigFactory.parseMap(values, "switchboard.persistence settings");
  }
}
