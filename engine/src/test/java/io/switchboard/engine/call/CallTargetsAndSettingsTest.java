package io.switchboard.engine.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.switchboard.engine.SwitchboardConfig;
import io.switchboard.flows.TransferTarget;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallTargetsAndSettingsTest {

  @Test
  void everyTargetFormParsesAndFormatsBack() {
    for (String text : new String[] {"queue:sales", "user:alice", "extension:201", "number:+15557654321",
        "flow:main", "voicemail:general", "operator"}) {
      assertThat(CallTargets.format(CallTargets.parse(text))).isEqualTo(text);
    }
    assertThat(CallTargets.parse(" Mailbox:general ")).isEqualTo(new TransferTarget.Voicemail("general"));
  }

  @Test
  void badTargetsNameTheProblemAndTheForms() {
    assertThatThrownBy(() -> CallTargets.parse("sales")).hasMessage(
        "target \"sales\" has no kind; write one of " + CallTargets.FORMS);
    assertThatThrownBy(() -> CallTargets.parse("room:12")).hasMessage(
        "target kind \"room\" is unknown; write one of " + CallTargets.FORMS);
    assertThatThrownBy(() -> CallTargets.parse("extension:12a")).hasMessage(
        "extension \"12a\" is invalid; use 2 to 7 digits");
    assertThatThrownBy(() -> CallTargets.parse("number:5557654321")).hasMessageContaining("must start with '+'");
    assertThatThrownBy(() -> CallTargets.parse("queue:a b")).hasMessageContaining("queue id \"a b\" is invalid");
    assertThatThrownBy(() -> CallTargets.parse(null)).hasMessageStartingWith("the target is missing");
  }

  @Test
  void theDefaultsAreValidAndTheVoicemailFolderFollowsTheDataDirectory() {
    // when
    CallSettings settings = CallSettings.fromConfig(SwitchboardConfig.load(Optional.empty(),
        Map.of("switchboard.persistence.data-dir", "/srv/switchboard")));

    // then
    assertThat(settings.voicemailDir()).isEqualTo("/srv/switchboard/voicemail");
    assertThat(settings.musicOnHold()).isEqualTo("local_stream://moh");
    assertThat(settings.storage().messagePath("general", "m1")).isEqualTo("/srv/switchboard/voicemail/general/m1.wav");
  }

  @Test
  void aRelativeVoicemailFolderIsMadeAbsolute() {
    CallSettings settings = CallSettings.fromConfig(ConfigFactory.parseMap(Map.of(
        "switchboard.engine.calls.voicemail-dir", "data/vm")).withFallback(ConfigFactory.load()));
    assertThat(settings.voicemailDir()).isEqualTo(Path.of("data/vm").toAbsolutePath().normalize().toString());
  }

  @Test
  void everyBadSettingIsReportedAtOnceWithItsKey() {
    assertThatThrownBy(() -> CallSettings.fromConfig(ConfigFactory.parseMap(Map.of(
        "switchboard.engine.calls.prompt-file", "switchboard/x.wav",
        "switchboard.engine.calls.user-ring-time", "0s",
        "switchboard.engine.calls.operator", "room:1",
        "switchboard.engine.calls.recording-format", "w a v")).withFallback(ConfigFactory.load())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("switchboard.engine.calls.prompt-file: \"switchboard/x.wav\" has no {id}")
        .hasMessageContaining("switchboard.engine.calls.user-ring-time must be a positive duration")
        .hasMessageContaining("switchboard.engine.calls.operator: target kind \"room\" is unknown")
        .hasMessageContaining("recording format \"w a v\" is invalid");
    assertThatThrownBy(() -> CallSettings.fromConfig(ConfigFactory.parseMap(Map.of(
        "switchboard.engine.calls.ringback", List.of())).withFallback(ConfigFactory.load())))
        .hasMessageStartingWith("invalid call setting:");
  }
}
