package io.switchboard.media.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.media.MediaBridgeException.InvalidCommand;
import io.switchboard.media.MediaCommand;
import io.switchboard.media.MediaCommand.CallerId;
import io.switchboard.media.esl.EslRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What each command looks like on the wire (compared with the shared transcripts' commands). */
class EslCommandRendererTest {

  static final String A = "76eb5802-ff33-416c-aea0-d939896bb65c";
  static final String B = "a48dcc8f-cd70-4d4f-8909-b919ca86125f";
  static final String E = "cd2d6562-5d47-4b9a-b055-91a2837edfeb";
  static final String JOB = "554938e7-385e-473a-9e1c-bb46947e9232";

  private static String one(MediaCommand c) {
    List<EslRequest> r = EslCommandRenderer.render(c, JOB);
    assertThat(r).hasSize(1);
    return r.get(0).wire();
  }

  @Test
  void originate_renders_like_the_transcripts_plus_our_job_uuid() {
    // given
    var o = MediaCommand.Originate.park(A, "loopback/9999/default",
        new CallerId("Alice Example", "+15551230001"), null, Map.of());
    // when
    String wire = one(o);
    // then
    assertThat(wire).isEqualTo("bgapi originate {origination_uuid=" + A
        + ",origination_caller_id_number=+15551230001,origination_caller_id_name='Alice Example'}"
        + "loopback/9999/default &park\nJob-UUID: " + JOB + "\n\n");
  }

  @Test
  void originate_with_timeout_variables_and_an_application_argument() {
    var o = new MediaCommand.Originate(A, "user/1001", new CallerId("Bob", "1000"),
        Duration.ofSeconds(20), Map.of("switchboard_call_id", "call-42", "b_var", "x y"),
        "eavesdrop", B);
    assertThat(one(o)).startsWith("bgapi originate {origination_uuid=" + A
        + ",originate_timeout=20,origination_caller_id_number=1000,origination_caller_id_name='Bob',"
        + "b_var='x y',switchboard_call_id=call-42}user/1001 &eavesdrop(" + B + ")\n");
  }

  @Test
  void sendmsg_execute_carries_the_argument_as_a_counted_body() {
    String wire = one(new MediaCommand.Playback(A, "tone_stream://%(300,100,440);loops=2", E));
    assertThat(wire).isEqualTo("sendmsg " + A + "\ncall-command: execute\nexecute-app-name: playback\n"
        + "event-lock: true\nEvent-UUID: " + E + "\ncontent-type: text/plain\ncontent-length: 36\n\n"
        + "tone_stream://%(300,100,440);loops=2");
  }

  @Test
  void record_with_and_without_silence_detection() {
    assertThat(one(new MediaCommand.Record(A, "/var/vm/general/m1.wav", Duration.ofSeconds(120), E)))
        .endsWith("execute-app-name: record\nevent-lock: true\nEvent-UUID: " + E
            + "\ncontent-type: text/plain\ncontent-length: 26\n\n/var/vm/general/m1.wav 120");
    assertThat(one(new MediaCommand.Record(A, "/var/vm/general/m1.wav", Duration.ofSeconds(120), 250, 3, E)))
        .endsWith("content-length: 32\n\n/var/vm/general/m1.wav 120 250 3");
    assertThatThrownBy(() -> one(new MediaCommand.Record(A, "/var/vm/m1.wav", Duration.ofSeconds(120), 250, null, E)))
        .isInstanceOf(InvalidCommand.class)
        .hasMessageContaining("give both or neither");
  }

  @Test
  void answer_and_park_have_no_body() {
    assertThat(one(new MediaCommand.Answer(A, E))).isEqualTo("sendmsg " + A
        + "\ncall-command: execute\nexecute-app-name: answer\nevent-lock: true\nEvent-UUID: " + E + "\n\n");
    assertThat(one(new MediaCommand.Park(A, null))).doesNotContain("Event-UUID");
  }

  @Test
  void hangup_is_a_sendmsg_hangup_with_cause() {
    assertThat(one(new MediaCommand.Hangup(A, "NORMAL_CLEARING"))).isEqualTo("sendmsg " + A
        + "\ncall-command: hangup\nhangup-cause: NORMAL_CLEARING\n\n");
  }

  @Test
  void api_commands() {
    assertThat(one(new MediaCommand.UuidBreak(A, true))).isEqualTo("api uuid_break " + A + " all\n\n");
    assertThat(one(new MediaCommand.UuidBreak(A, false))).isEqualTo("api uuid_break " + A + "\n\n");
    assertThat(one(new MediaCommand.UuidBridge(A, B))).isEqualTo("api uuid_bridge " + A + " " + B + "\n\n");
    assertThat(one(new MediaCommand.UuidKill(A, null))).isEqualTo("api uuid_kill " + A + "\n\n");
    assertThat(one(new MediaCommand.UuidKill(A, "USER_BUSY"))).isEqualTo("api uuid_kill " + A + " USER_BUSY\n\n");
    assertThat(one(new MediaCommand.UuidSetVar(A, "park_after_bridge", "true")))
        .isEqualTo("api uuid_setvar " + A + " park_after_bridge true\n\n");
    assertThat(one(new MediaCommand.UuidBroadcast(A, "local_stream://moh", MediaCommand.BroadcastLeg.ALEG)))
        .isEqualTo("api uuid_broadcast " + A + " local_stream://moh aleg\n\n");
    assertThat(one(new MediaCommand.UuidRecord(A, true, "/tmp/r.wav", Duration.ofSeconds(90))))
        .isEqualTo("api uuid_record " + A + " start /tmp/r.wav 90\n\n");
    assertThat(one(new MediaCommand.UuidRecord(A, false, "/tmp/r.wav", null)))
        .isEqualTo("api uuid_record " + A + " stop /tmp/r.wav\n\n");
    assertThat(one(new MediaCommand.UuidHold(A, true))).isEqualTo("api uuid_hold " + A + "\n\n");
    assertThat(one(new MediaCommand.UuidHold(A, false))).isEqualTo("api uuid_hold off " + A + "\n\n");
    assertThat(one(new MediaCommand.UuidAudio(A, true))).isEqualTo("api uuid_audio " + A + " start read mute 1\n\n");
    assertThat(one(new MediaCommand.UuidTransfer(A, "2000", "default")))
        .isEqualTo("api uuid_transfer " + A + " 2000 XML default\n\n");
  }

  @Test
  void eavesdrop_sets_the_whisper_flags_then_runs_eavesdrop_in_order() {
    List<EslRequest> r = EslCommandRenderer.render(
        new MediaCommand.Eavesdrop(A, B, MediaCommand.EavesdropMode.WHISPER, E), JOB);
    assertThat(r).hasSize(3);
    assertThat(r.get(0).wire()).endsWith("\n\neavesdrop_whisper_aleg=true");
    assertThat(r.get(1).wire()).endsWith("\n\neavesdrop_whisper_bleg=false");
    assertThat(r.get(2).wire()).contains("execute-app-name: eavesdrop\n").contains("Event-UUID: " + E)
        .endsWith("\n\n" + B);
  }

  @Test
  void invalid_values_are_rejected_with_the_field_and_the_fix() {
    assertThatThrownBy(() -> one(new MediaCommand.UuidKill("not-a-uuid", null)))
        .isInstanceOf(InvalidCommand.class).hasMessageContaining("channelUuid 'not-a-uuid' is not a uuid");
    assertThatThrownBy(() -> one(new MediaCommand.UuidBroadcast(A, "/tmp/a b.wav", null)))
        .isInstanceOf(InvalidCommand.class).hasMessageContaining("file").hasMessageContaining("whitespace");
    assertThatThrownBy(() -> one(new MediaCommand.SetVariable(A, "x", "${system(rm -rf /)}", E)))
        .isInstanceOf(InvalidCommand.class).hasMessageContaining("'$'");
    assertThatThrownBy(() -> one(MediaCommand.Originate.park(A, "user/1001,user/1002",
        new CallerId("a", "1"), null, Map.of()))).isInstanceOf(InvalidCommand.class)
        .hasMessageContaining("dialString");
    assertThatThrownBy(() -> one(MediaCommand.Originate.park(A, "user/1001",
        new CallerId("a", "1"), null, Map.of("origination_uuid", B)))).isInstanceOf(InvalidCommand.class)
        .hasMessageContaining("set by the command itself");
    assertThatThrownBy(() -> one(new MediaCommand.Hangup(A, "normal clearing")))
        .isInstanceOf(InvalidCommand.class).hasMessageContaining("hangup cause");
  }

  @Test
  void an_odd_caller_name_is_cleaned_not_rejected() {
    var o = MediaCommand.Originate.park(A, "user/1001",
        new CallerId("Doe, John'}\n{x=y", "+1555"), null, Map.of());
    assertThat(one(o)).contains("origination_caller_id_name='Doe John x y'}user/1001 &park\n");
  }
}
