package io.switchboard.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EngineSettingsTest {

  @Test
  void defaults() {
    // given the reference configuration (no environment overrides expected in the build)
    EngineSettings settings = EngineSettings.fromConfig(ConfigFactory.defaultReference());

    // then
    assertThat(settings.httpHost()).isEqualTo("127.0.0.1");
    assertThat(settings.clusterHost()).isEqualTo("127.0.0.1");
    assertThat(settings.seedNodes()).isEmpty();
    assertThat(settings.readyTimeout()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void seedNodesAcceptHostPortAndFullAddresses() {
    assertThat(EngineSettings.parseSeedNodes("10.0.0.1:25520, pekko://switchboard@10.0.0.2:25520"))
        .containsExactly("pekko://switchboard@10.0.0.1:25520", "pekko://switchboard@10.0.0.2:25520");
  }

  @Test
  void badSeedNodeNamesTheEntryAndVariable() {
    assertThatThrownBy(() -> EngineSettings.parseSeedNodes("pekko://other@10.0.0.1:25520"))
        .hasMessage("switchboard.engine.cluster.seed-nodes: 'pekko://other@10.0.0.1:25520' is not host:port"
            + " or pekko://switchboard@host:port (SWITCHBOARD_SEED_NODES)");
  }

  @Test
  void commandLineOverridesBeatEverything() {
    // when
    EngineSettings settings = EngineSettings.fromConfig(
        SwitchboardConfig.load(Optional.empty(), Map.of("switchboard.engine.http.port", 9999)));

    // then
    assertThat(settings.httpPort()).isEqualTo(9999);
  }

  @Test
  void portOutOfRangeIsRejected() {
    assertThatThrownBy(() -> EngineSettings.fromConfig(
        SwitchboardConfig.load(Optional.empty(), Map.of("switchboard.engine.http.port", 70000))))
        .hasMessage("switchboard.engine.http.port (SWITCHBOARD_HTTP_PORT): 70000 is not a TCP port;"
            + " use 1-65535, or 0 for a free one");
  }
}
