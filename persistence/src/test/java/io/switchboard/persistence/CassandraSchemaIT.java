package io.switchboard.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.switchboard.persistence.testkit.TestCassandra;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

/** create-schema's statements, executed on a real node, make the journal ready. */
class CassandraSchemaIT {

  @Test
  void statementsCreateWhatReadinessChecks() {
    // given an ActorSystem configured for a keyspace that does not exist, without autocreate
    TestCassandra cassandra = TestCassandra.shared();
    Config settingsConfig = cassandra.settingsConfig("schema_it")
        .withValue("switchboard.persistence.cassandra.schema-autocreate", ConfigValueFactory.fromAnyRef(false));
    PersistenceSettings settings = PersistenceSettings.fromConfig(settingsConfig.withFallback(ConfigFactory.load()));
    Config config = CassandraPersistenceConfig.forCluster(settings, List.of(cassandra.contactPoint()), false)
        .withFallback(ConfigFactory.load());
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "schema-it", config);
    try {
      CassandraReadiness readiness = new CassandraReadiness(system, "schema_it", Duration.ofSeconds(10));
      assertThat(readiness.check().toCompletableFuture().join())
          .hasValueSatisfying(problem -> assertThat(problem).startsWith("journal table schema_it.messages does not exist"));

      // when
      List<String> statements = CassandraSchema.statements(system);
      CassandraSchema.execute(system, statements, Duration.ofSeconds(30));

      // then
      assertThat(statements.get(0)).startsWith("CREATE KEYSPACE IF NOT EXISTS schema_it")
          .contains("'class' : 'SimpleStrategy'", "'replication_factor':1");
      assertThat(statements).filteredOn(s -> s.startsWith("CREATE KEYSPACE")).hasSize(1);
      assertThat(statements).anyMatch(s -> s.contains("schema_it.messages"));
      assertThat(statements).anyMatch(s -> s.contains("schema_it.snapshots"));
      assertThat(readiness.check().toCompletableFuture().join()).isEqualTo(Optional.empty());

      // and running them again changes nothing
      CassandraSchema.execute(system, statements, Duration.ofSeconds(30));
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
    }
  }
}
