package io.switchboard.persistence;

import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.persistence.cassandra.KeyspaceAndTableStatements;
import org.apache.pekko.persistence.cassandra.PluginSettings;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * The CQL schema of the journal and snapshot store: keyspace (with the configured replication) and
 * tables, exactly as pekko-persistence-cassandra creates them, so that an external cluster can be
 * prepared once by an operator ({@code switchboard cassandra create-schema}).
 *
 * <p>The statements come from the plugin itself, for the configuration of the given ActorSystem
 * (see {@link CassandraPersistenceConfig}); nothing here is a hand-written copy that could drift.
 * Stateless; {@link #execute} blocks the calling thread and must not run on an actor thread.
 */
public final class CassandraSchema {

  private CassandraSchema() {}

  /** Every CREATE statement, in execution order, each ending without a semicolon. */
  public static List<String> statements(ClassicActorSystemProvider system) {
    var classic = system.classicSystem();
    PluginSettings settings = new PluginSettings(
        classic, classic.settings().config().getConfig(CassandraPersistenceConfig.PLUGIN_PATH));
    var statements = new KeyspaceAndTableStatements(
        system, CassandraPersistenceConfig.PLUGIN_PATH, settings);
    // Journal and snapshots share one keyspace, so its CREATE KEYSPACE appears once (the plugin
    // formats the two copies with different whitespace).
    Map<String, String> byNormalizedText = new LinkedHashMap<>();
    List<String> all = new ArrayList<>();
    all.add(statements.createJournalKeyspaceStatement());
    all.addAll(statements.getCreateJournalTablesStatements());
    all.add(statements.createSnapshotKeyspaceStatement());
    all.addAll(statements.getCreateSnapshotTablesStatements());
    for (String statement : all) {
      byNormalizedText.putIfAbsent(statement.trim().replaceAll("\\s+", " "), statement.trim());
    }
    return List.copyOf(byNormalizedText.values());
  }

  /**
   * Executes {@code statements} one after the other on a session of Switchboard's own (all are
   * {@code IF NOT EXISTS}, so running them again changes nothing).
   *
   * @throws RuntimeException with the failing statement when one fails or times out
   */
  public static void execute(ClassicActorSystemProvider system, List<String> statements, Duration timeout) {
    CassandraSession session =
        CassandraSessionRegistry.get(system).sessionFor(CassandraPersistenceConfig.OWN_SESSION_PATH);
    for (String statement : statements) {
      try {
        // Each statement gets the caller's timeout: DDL on a busy node outlasts ordinary requests.
        session.underlying()
            .thenCompose(cql -> cql.executeAsync(SimpleStatement.newInstance(statement).setTimeout(timeout)))
            .toCompletableFuture()
            .get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while executing: " + statement, e);
      } catch (Exception e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        throw new IllegalStateException("CQL statement failed (" + cause + "): " + statement, cause);
      }
    }
  }
}
