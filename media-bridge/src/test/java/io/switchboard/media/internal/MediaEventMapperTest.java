package io.switchboard.media.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.media.MediaEvent;
import io.switchboard.media.esl.EslEvent;
import io.switchboard.media.esl.EslHeaders;
import io.switchboard.media.esl.Transcript;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Typed events from the real captures. */
class MediaEventMapperTest {

  private static List<MediaEvent> mapped(String file) {
    return Transcript.load(file).events().stream()
        .map(e -> MediaEventMapper.map("fs1", e)).flatMap(Optional::stream).toList();
  }

  @Test
  void a_loopback_call_life_in_plain_and_json_gives_the_same_typed_events() {
    List<String> plain = mapped("inbound-events-plain.txt").stream()
        .map(e -> e.getClass().getSimpleName()).toList();
    List<String> json = mapped("inbound-events-json.txt").stream()
        .map(e -> e.getClass().getSimpleName()).toList();
    assertThat(plain).contains("ChannelCreated", "ChannelAnswered", "ChannelParked",
        "BackgroundJobCompleted", "DtmfReceived", "PlaybackStarted", "PlaybackStopped",
        "RecordStopped", "ChannelHungUp", "ExecuteCompleted");
    // the two captures differ only in the order of the two DESTROY events, which are not mapped
    assertThat(json).isEqualTo(plain);
  }

  @Test
  void the_originated_leg_keeps_its_originated_caller_id_after_the_flip() {
    List<MediaEvent> events = mapped("inbound-events-plain.txt");
    var dtmf = events.stream().filter(e -> e instanceof MediaEvent.DtmfReceived)
        .map(e -> (MediaEvent.DtmfReceived) e).toList();
    assertThat(dtmf).extracting(MediaEvent.DtmfReceived::digit).containsExactly("1", "2", "#");
    var c = dtmf.get(0).channel();
    assertThat(c.channelUuid()).isEqualTo("76eb5802-ff33-416c-aea0-d939896bb65c");
    assertThat(c.direction()).isEqualTo("outbound");
    assertThat(c.callerNumber()).isEqualTo("+15551230001");
    assertThat(c.callerName()).isEqualTo("Alice Example");
    assertThat(c.destinationNumber()).isEqualTo("9999");
    assertThat(c.timestampMicros()).isEqualTo(1795560494915863L);
  }

  @Test
  void playback_record_hangup_and_job_details() {
    List<MediaEvent> events = mapped("inbound-events-plain.txt");
    var stops = events.stream().filter(e -> e instanceof MediaEvent.PlaybackStopped)
        .map(e -> (MediaEvent.PlaybackStopped) e).toList();
    assertThat(stops).extracting(MediaEvent.PlaybackStopped::status).containsExactly("done", "break");
    var rec = events.stream().filter(e -> e instanceof MediaEvent.RecordStopped)
        .map(e -> (MediaEvent.RecordStopped) e).findFirst().orElseThrow();
    assertThat(rec.durationMillis()).isEqualTo(1500);
    assertThat(rec.completionCause()).isEqualTo("success-maxtime");
    assertThat(rec.path()).endsWith("esl_fixture_plain_76eb5802-ff33-416c-aea0-d939896bb65c.wav");
    var job = events.stream().filter(e -> e instanceof MediaEvent.BackgroundJobCompleted)
        .map(e -> (MediaEvent.BackgroundJobCompleted) e).findFirst().orElseThrow();
    assertThat(job.jobUuid()).isEqualTo("554938e7-385e-473a-9e1c-bb46947e9232");
    assertThat(job.result().ok()).isTrue();
    assertThat(job.result().reason()).isEqualTo("76eb5802-ff33-416c-aea0-d939896bb65c");
    assertThat(events.stream().filter(e -> e instanceof MediaEvent.ChannelHungUp)
        .map(e -> ((MediaEvent.ChannelHungUp) e).cause())).containsOnly("NORMAL_CLEARING");
  }

  @Test
  void execute_complete_carries_the_application_uuid_we_sent() {
    var done = mapped("inbound-sendmsg.txt").stream()
        .filter(e -> e instanceof MediaEvent.ExecuteCompleted)
        .map(e -> (MediaEvent.ExecuteCompleted) e).toList();
    assertThat(done).anySatisfy(e -> {
      assertThat(e.channel().applicationUuid()).contains("cd2d6562-5d47-4b9a-b055-91a2837edfeb");
      assertThat(e.application()).isEqualTo("playback");
    });
  }

  @Test
  void bridge_and_unbridge_name_the_other_leg() {
    List<MediaEvent> events = mapped("inbound-bridge.txt");
    var bridged = events.stream().filter(e -> e instanceof MediaEvent.ChannelBridged)
        .map(e -> (MediaEvent.ChannelBridged) e).toList();
    assertThat(bridged).hasSize(1);
    assertThat(bridged.get(0).channelUuid()).isEqualTo("d9e19ac9-10db-418e-b18a-8ec28ad77097");
    assertThat(bridged.get(0).otherChannelUuid()).isEqualTo("c0b9b00b-2fb4-407f-9cdb-3dca84a8d744");
    assertThat(events.stream().filter(e -> e instanceof MediaEvent.ChannelUnbridged)).hasSize(1);
  }

  @Test
  void failed_originates_give_error_results_with_the_cause() {
    var jobs = mapped("originate-failure.txt").stream()
        .filter(e -> e instanceof MediaEvent.BackgroundJobCompleted)
        .map(e -> ((MediaEvent.BackgroundJobCompleted) e).result()).toList();
    assertThat(jobs).allSatisfy(r -> assertThat(r.ok()).isFalse());
    assertThat(jobs).extracting(r -> r.reason()).startsWith("USER_BUSY", "NO_ROUTE_DESTINATION");
  }

  @Test
  void switchboard_variables_are_collected() {
    EslEvent e = new EslEvent(EslHeaders.of("Event-Name", "CHANNEL_PARK", "Unique-ID", "u1",
        "Call-Direction", "inbound", "variable_switchboard_call_id", "call-9",
        "variable_switchboard_leg", "caller", "variable_other", "x"), "");
    var parked = (MediaEvent.ChannelParked) MediaEventMapper.map("fs1", e).orElseThrow();
    assertThat(parked.channel().switchboardVariables())
        .containsOnlyKeys("switchboard_call_id", "switchboard_leg");
    assertThat(parked.channel().callId()).contains("call-9");
  }

  @Test
  void show_channels_rows_and_getvar_answers() {
    var msgs = Transcript.load("inbound-auth-and-api.txt").receivedMessages();
    assertThat(LiveChannels.parse(msgs.get(3).bodyText())).isEmpty();
    var rows = LiveChannels.parse(msgs.get(5).bodyText());
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).uuid()).isEqualTo("704639db-5f2f-44b4-9263-755c19d4831e");
    assertThat(rows.get(0).callerNumber()).isEqualTo("+15551230001");
    assertThat(rows.get(1).direction()).isEqualTo("inbound");
    assertThat(LiveChannels.withCallId(rows.get(0), "_undef_").orElseThrow().switchboardCallId()).isEmpty();
    assertThat(LiveChannels.withCallId(rows.get(0), "call-1").orElseThrow().switchboardCallId()).contains("call-1");
    assertThat(LiveChannels.withCallId(rows.get(0), "-ERR No such channel!\n")).isEmpty();
  }
}
