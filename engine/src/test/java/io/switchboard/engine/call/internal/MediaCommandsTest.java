package io.switchboard.engine.call.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.switchboard.engine.call.CallAction;
import io.switchboard.engine.call.CallSettings;
import io.switchboard.engine.call.CallState;
import io.switchboard.media.MediaCommand;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MediaCommandsTest {

  static final String LEG = "6f1d9c2e-0000-4000-8000-000000000001";
  static final CallSettings SETTINGS = CallSettings.fromConfig(ConfigFactory.load());

  @Test
  void aDialStringsLeadingVariablesBecomeOriginateVariablesAndTheCallsOwnWin() {
    // given
    CallAction.Originate originate = new CallAction.Originate(LEG,
        "{absolute_codec_string='PCMU,PCMA',switchboard_call_id=forged}sofia/gateway/carrier-b/15557654321",
        "Example Corp", "15551000100", Duration.ofSeconds(60), Map.of("switchboard_call_id", "call-1"));

    // when
    List<MediaCommand> commands = MediaCommands.of(originate, SETTINGS);

    // then
    assertThat(commands).containsExactly(MediaCommand.Originate.park(LEG, "sofia/gateway/carrier-b/15557654321",
        new MediaCommand.CallerId("Example Corp", "15551000100"), Duration.ofSeconds(60),
        Map.of("absolute_codec_string", "PCMU,PCMA", "switchboard_call_id", "call-1")));
  }

  @Test
  void aDialStringWithoutOrWithAnUnreadableBlockIsKept() {
    assertThat(MediaCommands.split("user/1001")).isEqualTo(new MediaCommands.DialString(Map.of(), "user/1001"));
    assertThat(MediaCommands.split("{novalue}user/1001").dial()).isEqualTo("{novalue}user/1001");
    assertThat(MediaCommands.split("{a=b user/1001").dial()).isEqualTo("{a=b user/1001");
  }

  @Test
  void aPlaybackIsOneApplicationPerSoundSpeechThroughTheConfiguredEngine() {
    // given
    CallAction.PlaySounds play = new CallAction.PlaySounds(LEG, "p1", List.of(
        new CallAction.SoundPart("a1", new CallState.Sound.Speech("Hello.", "kal")),
        new CallAction.SoundPart("a2", new CallState.Sound.File("tone_stream://%(500,0,800)"))));

    // then
    assertThat(MediaCommands.of(play, SETTINGS)).containsExactly(
        new MediaCommand.Speak(LEG, "flite", "kal", "Hello.", "a1"),
        new MediaCommand.Playback(LEG, "tone_stream://%(500,0,800)", "a2"));
  }

  @Test
  void recordingCarriesTheMailboxsSilenceDetection() {
    assertThat(MediaCommands.of(new CallAction.RecordMessage(LEG, "/vm/general/m.wav", Duration.ofMinutes(2), 250, 3,
        "r1"), SETTINGS)).containsExactly(new MediaCommand.Record(LEG, "/vm/general/m.wav", Duration.ofMinutes(2), 250, 3,
        "r1"));
  }

  @Test
  void peerActionsAreNotMedia() {
    assertThat(MediaCommands.isMedia(new CallAction.LookupMailbox("general"))).isFalse();
    assertThat(MediaCommands.of(new CallAction.LookupMailbox("general"), SETTINGS)).isEmpty();
    assertThat(MediaCommands.of(new CallAction.HoldLeg(LEG, true), SETTINGS))
        .containsExactly(new MediaCommand.UuidHold(LEG, true));
  }
}
