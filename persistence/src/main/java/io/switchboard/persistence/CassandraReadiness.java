package io.switchboard.persistence;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * Answers "can events be stored?" with a real CQL query on the journal plugin's own session: the
 * journal table must exist in the configured keyspace. Used by the engine's {@code /ready}.
 *
 * <p>Created once per ActorSystem; {@link #check} is non-blocking and safe from any thread.
 */
public final class CassandraReadiness {

  private static final String QUERY =
      "SELECT table_name FROM system_schema.tables WHERE keyspace_name = ? AND table_name = ?";

  private final CassandraSession session;
  private final String keyspace;
  private final Duration timeout;

  /**
   * @param system an ActorSystem configured with {@link CassandraPersistenceConfig}
   * @param keyspace the journal's keyspace
   * @param timeout how long one check may take
   */
  public CassandraReadiness(ClassicActorSystemProvider system, String keyspace, Duration timeout) {
    this.session = CassandraSessionRegistry.get(system).sessionFor(CassandraPersistenceConfig.OWN_SESSION_PATH);
    this.keyspace = keyspace;
    this.timeout = timeout;
  }

  /** Completes with empty when ready, otherwise with what is wrong; never completes exceptionally. */
  public CompletionStage<Optional<String>> check() {
    CompletableFuture<Optional<String>> result = session
        .selectOne(QUERY, keyspace, CassandraPersistenceConfig.JOURNAL_TABLE)
        .toCompletableFuture()
        .thenApply(row -> row.isPresent()
            ? Optional.<String>empty()
            : Optional.of("journal table " + keyspace + "." + CassandraPersistenceConfig.JOURNAL_TABLE
                + " does not exist (run `switchboard cassandra create-schema --execute` or set"
                + " SWITCHBOARD_CASSANDRA_SCHEMA_AUTOCREATE=true)"));
    return result
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(e -> {
          Throwable cause = e.getCause() != null && e instanceof CompletionException
              ? e.getCause() : e;
          return Optional.of(cause instanceof TimeoutException
              ? "no answer from Cassandra within " + timeout.toMillis() + " ms"
              : "Cassandra query failed: " + cause.getMessage());
        });
  }
}
