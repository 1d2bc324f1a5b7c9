package io.switchboard.engine.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.media.sim.EndpointScript;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The switchboard.engine.demo section: safe defaults, and bad values named with their fix. */
class DemoSettingsTest {

  private static DemoSettings with(Map<String, Object> values) {
    Config root = ConfigFactory.parseMap(values).withFallback(ConfigFactory.defaultReference()).resolve();
    return DemoSettings.fromConfig(root);
  }

  @Test
  void the_defaults_are_off_on_a_free_port_with_the_demo_folder() {
    // when
    DemoSettings settings = with(Map.of());

    // then
    assertThat(settings.mediaSim()).isFalse();
    assertThat(settings.port()).isZero();
    assertThat(settings.password()).isEqualTo("ClueCon");
    assertThat(settings.directoryFile()).isEqualTo(Path.of(settings.folder().toString(), "directory.yaml"));
    assertThat(settings.endpointsFile()).isEqualTo(Path.of(settings.folder().toString(), "endpoints.txt"));
    assertThat(settings.defaultEndpoint()).isEqualTo(new EndpointScript.Answer(Duration.ofSeconds(2)));
    assertThat(settings.playback()).isEqualTo(Duration.ofSeconds(3));
    assertThat(settings.operator()).isEqualTo("user:reception");
  }

  @Test
  void bad_values_are_named_with_their_fix() {
    assertThatThrownBy(() -> with(Map.of("switchboard.engine.demo.port", 70000)))
        .hasMessageContaining("SWITCHBOARD_MEDIA_SIM_PORT").hasMessageContaining("or 0 for a free one");
    assertThatThrownBy(() -> with(Map.of("switchboard.engine.demo.default-endpoint", "whistle")))
        .hasMessageContaining("switchboard.engine.demo.default-endpoint: endpoint script 'whistle' is not valid");
    assertThatThrownBy(() -> with(Map.of("switchboard.engine.demo.playback", "0s")))
        .hasMessageContaining("playback: must be more than 0s");
    assertThatThrownBy(() -> with(Map.of("switchboard.engine.demo.media-sim", "maybe")))
        .hasMessageContaining("SWITCHBOARD_MEDIA_SIM takes true or false");
    assertThatThrownBy(() -> with(Map.of("switchboard.engine.demo.password", "two words")))
        .hasMessageContaining("password: use printable ASCII without spaces");
  }
}
