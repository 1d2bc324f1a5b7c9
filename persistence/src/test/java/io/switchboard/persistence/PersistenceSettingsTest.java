package io.switchboard.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PersistenceSettingsTest {

  private static PersistenceSettings settings(String overrides) {
    Config config = ConfigFactory.parseString(overrides)
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
    return PersistenceSettings.fromConfig(config);
  }

  @Test
  void defaultsRunTheEmbeddedNodeUnderTheDataDirectory() {
    // given the reference configuration alone
    // when
    PersistenceSettings settings = settings("switchboard.persistence.data-dir = \"./data\"");

    // then
    assertThat(settings.usesEmbeddedNode()).isTrue();
    assertThat(settings.dataDirectory()).isEqualTo(Path.of("data").toAbsolutePath());
    assertThat(settings.embedded().directory()).isEqualTo(Path.of("data", "cassandra").toAbsolutePath());
    assertThat(settings.embedded().jmxPort()).isZero();
    assertThat(settings.embedded().jvmOptions()).containsExactly("-XX:TieredStopAtLevel=1");
    assertThat(settings.embedded().startTimeout()).isEqualTo(Duration.ofSeconds(120));
    assertThat(settings.keyspace()).isEqualTo("switchboard");
    assertThat(settings.replication()).isEqualTo(new PersistenceSettings.Replication("SimpleStrategy", 1, List.of()));
    assertThat(settings.credentials()).isEmpty();
    assertThat(settings.schemaAutocreate()).isFalse();
  }

  @Test
  void externalClusterWithCredentialsAndNetworkTopology() {
    // given
    String overrides = """
        switchboard.persistence.cassandra {
          contact-points = "10.0.0.5:9142, cassandra-2"
          local-datacenter = dc1
          username = app
          password = secret
          replication-strategy = NetworkTopologyStrategy
          datacenter-replication-factors = "dc1:3,dc2:2"
        }
        """;

    // when
    PersistenceSettings settings = settings(overrides);

    // then
    assertThat(settings.usesEmbeddedNode()).isFalse();
    assertThat(settings.contactPoints()).containsExactly("10.0.0.5:9142", "cassandra-2:9042");
    assertThat(settings.localDatacenter()).isEqualTo("dc1");
    assertThat(settings.credentials()).contains(new PersistenceSettings.Credentials("app", "secret"));
    assertThat(settings.credentials().orElseThrow().toString()).doesNotContain("secret");
    assertThat(settings.replication().datacenterFactors()).containsExactly("dc1:3", "dc2:2");
  }

  @Test
  void emptyJvmOptionsMeanNone() {
    assertThat(settings("switchboard.persistence.cassandra.embedded.jvm-options = \"\"").embedded().jvmOptions())
        .isEmpty();
    assertThat(settings("switchboard.persistence.cassandra.embedded.jvm-options = \" -Xss512k  -XX:+UseSerialGC \"")
        .embedded().jvmOptions()).containsExactly("-Xss512k", "-XX:+UseSerialGC");
  }

  @Test
  void badContactPointNamesTheEntryAndTheVariable() {
    assertThatThrownBy(() -> settings("switchboard.persistence.cassandra.contact-points = \"db:port\""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'db:port'")
        .hasMessageContaining("SWITCHBOARD_CASSANDRA_CONTACT_POINTS");
  }

  @Test
  void badKeyspaceIsRejected() {
    assertThatThrownBy(() -> settings("switchboard.persistence.cassandra.keyspace = \"my-keyspace\""))
        .hasMessageContaining("'my-keyspace' is not a Cassandra keyspace name")
        .hasMessageContaining("SWITCHBOARD_CASSANDRA_KEYSPACE");
  }

  @Test
  void networkTopologyWithoutDatacentersIsRejected() {
    assertThatThrownBy(() -> settings(
        "switchboard.persistence.cassandra.replication-strategy = NetworkTopologyStrategy"))
        .hasMessageContaining("NetworkTopologyStrategy needs at least one \"dc:replicas\" entry");
  }

  @Test
  void unknownStrategyIsRejected() {
    assertThatThrownBy(() -> settings("switchboard.persistence.cassandra.replication-strategy = Everywhere"))
        .hasMessageContaining("'Everywhere' is not SimpleStrategy or NetworkTopologyStrategy");
  }

  @Test
  void clashingEmbeddedPortsAreRejected() {
    assertThatThrownBy(() -> settings("""
        switchboard.persistence.cassandra.embedded { port = 9042, storage-port = 9042 }
        """))
        .hasMessageContaining("port, storage-port and jmx-port must differ");
  }

  @Test
  void nonNumericPortNamesTheSetting() {
    assertThatThrownBy(() -> settings("switchboard.persistence.cassandra.embedded.port = abc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("embedded.port");
  }

  @Test
  void badHeapIsRejected() {
    assertThatThrownBy(() -> settings("switchboard.persistence.cassandra.embedded.heap = lots"))
        .hasMessageContaining("'lots' is not a JVM memory size");
  }
}
