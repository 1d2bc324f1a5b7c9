package io.switchboard.engine.organisation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.switchboard.engine.SwitchboardConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OrganisationSettingsTest {

  @Test
  void defaults() {
    // given the reference configuration (no environment overrides expected in the build)
    OrganisationSettings settings = OrganisationSettings.fromConfig(ConfigFactory.defaultReference());

    // then
    assertThat(settings.directoryFile()).isEmpty();
    assertThat(settings.reservationTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.reservationGrace()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.keepAliveInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.askTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.loadTimeout()).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void a_directory_file_is_read_as_a_path() {
    OrganisationSettings settings = OrganisationSettings.fromConfig(
        SwitchboardConfig.load(Optional.empty(), Map.of("switchboard.engine.directory-file", " /etc/switchboard/directory.yaml ")));
    assertThat(settings.directoryFile()).contains(Path.of("/etc/switchboard/directory.yaml"));
  }

  @Test
  void a_bad_value_names_the_setting() {
    assertThatThrownBy(() -> OrganisationSettings.fromConfig(SwitchboardConfig.load(Optional.empty(),
        Map.of("switchboard.engine.organisation.reservation-timeout", "0s"))))
        .hasMessage("switchboard.engine.organisation.reservation-timeout (SWITCHBOARD_RESERVATION_TIMEOUT): 0s must be more than 0s");
    assertThatThrownBy(() -> OrganisationSettings.fromConfig(SwitchboardConfig.load(Optional.empty(),
        Map.of("switchboard.engine.organisation.ask-timeout", "soon"))))
        .hasMessageStartingWith("invalid organisation setting: ")
        .hasMessageContaining("ask-timeout");
  }
}
