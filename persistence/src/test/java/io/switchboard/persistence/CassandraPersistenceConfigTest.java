package io.switchboard.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class CassandraPersistenceConfigTest {

  private static PersistenceSettings settings(String overrides) {
    return PersistenceSettings.fromConfig(
        ConfigFactory.parseString(overrides).withFallback(ConfigFactory.defaultReference()).resolve());
  }

  @Test
  void selectsThePluginsAndPointsTheDriverAtTheCluster() {
    // given
    PersistenceSettings settings = settings("switchboard.persistence.cassandra.keyspace = calls");

    // when
    Config config = CassandraPersistenceConfig.forCluster(settings, List.of("127.0.0.1:19042"), true);

    // then
    assertThat(config.getString("pekko.persistence.journal.plugin")).isEqualTo("pekko.persistence.cassandra.journal");
    assertThat(config.getString("pekko.persistence.snapshot-store.plugin")).isEqualTo("pekko.persistence.cassandra.snapshot");
    assertThat(config.getString("pekko.persistence.cassandra.journal.keyspace")).isEqualTo("calls");
    assertThat(config.getString("pekko.persistence.cassandra.snapshot.keyspace")).isEqualTo("calls");
    assertThat(config.getBoolean("pekko.persistence.cassandra.journal.tables-autocreate")).isTrue();
    assertThat(config.getStringList("datastax-java-driver.basic.contact-points")).containsExactly("127.0.0.1:19042");
    assertThat(config.getString("datastax-java-driver.basic.load-balancing-policy.local-datacenter"))
        .isEqualTo("datacenter1");
    assertThat(config.hasPath("datastax-java-driver.advanced.auth-provider")).isFalse();
  }

  @Test
  void credentialsAndReplicationReachThePlugin() {
    // given
    PersistenceSettings settings = settings("""
        switchboard.persistence.cassandra {
          username = app
          password = secret
          replication-strategy = NetworkTopologyStrategy
          datacenter-replication-factors = "dc1:3"
        }
        """);

    // when
    Config config = CassandraPersistenceConfig.forCluster(settings, List.of("db:9042"), false);

    // then
    assertThat(config.getString("datastax-java-driver.advanced.auth-provider.class")).isEqualTo("PlainTextAuthProvider");
    assertThat(config.getString("datastax-java-driver.advanced.auth-provider.username")).isEqualTo("app");
    assertThat(config.getString("pekko.persistence.cassandra.journal.replication-strategy"))
        .isEqualTo("NetworkTopologyStrategy");
    assertThat(config.getStringList("pekko.persistence.cassandra.journal.data-center-replication-factors"))
        .containsExactly("dc1:3");
    assertThat(config.getBoolean("pekko.persistence.cassandra.journal.keyspace-autocreate")).isFalse();
  }
}
