package io.switchboard.media.it;

import static io.switchboard.media.it.SimFixture.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.media.esl.EslEvent;
import io.switchboard.media.internal.LiveChannels;
import io.switchboard.media.sim.EndpointScript;
import io.switchboard.media.sim.EslSimulator;
import io.switchboard.media.sim.SimulatorSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator against the real captures: the client side of each capture is replayed, and the
 * simulator must answer with the same replies and, per channel, the same event sequence.
 */
class SimulatorTranscriptIT {

  static final ActorTestKit kit = ActorTestKit.create();
  static final String PROMPT = "/srv/freeswitch/share/freeswitch/sounds/test/prompt_8k.wav";

  EslSimulator sim;

  @BeforeEach
  void start() {
    sim = SimFixture.simulator(kit.system(), SimulatorSettings.of(0, "ClueCon")
        .withDefaultPlayback(Duration.ofMillis(200)));
  }

  @AfterEach
  void stop() {
    join(sim.stop());
  }

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  private static void assertSame(TranscriptReplay.Result r) {
    assertThat(r.actual().replies()).as("replies").isEqualTo(r.expected().replies());
    assertThat(r.actual().eventsPerChannel()).as("events per channel")
        .isEqualTo(r.expected().eventsPerChannel());
    assertThat(r.actual().backgroundJobBodies()).as("job results")
        .isEqualTo(r.expected().backgroundJobBodies());
  }

  @Test
  void auth_api_and_show_channels() {
    // the status text is the simulator's own; everything else must match
    var r = TranscriptReplay.replay("inbound-auth-and-api.txt", "c1", sim.port(), Map.of());
    List<String> exp = r.expected().replies();
    List<String> act = r.actual().replies();
    assertThat(act).hasSameSizeAs(exp);
    for (int i = 0; i < exp.size(); i++) {
      if (exp.get(i).startsWith("api/response | UP ")) {
        assertThat(act.get(i)).startsWith("api/response | UP ");
      } else if (exp.get(i).contains("row_count\":2")) {
        String body = act.get(i).substring("api/response | ".length());
        assertThat(body).doesNotEndWith("\n");
        assertThat(LiveChannels.parse(body)).extracting(c -> c.direction())
            .containsExactly("outbound", "inbound");
      } else {
        assertThat(act.get(i)).as("reply %d", i).isEqualTo(exp.get(i));
      }
    }
    assertThat(r.closedByServer()).isTrue();
  }

  @Test
  void wrong_password_and_command_before_auth() {
    var wrong = TranscriptReplay.replay("inbound-auth-and-api.txt", "c2", sim.port(), Map.of());
    assertThat(wrong.actual().replies()).isEqualTo(wrong.expected().replies());
    assertThat(wrong.closedByServer()).isTrue();
    var early = TranscriptReplay.replay("inbound-auth-and-api.txt", "c3", sim.port(), Map.of());
    assertThat(early.actual().replies()).isEqualTo(early.expected().replies());
    assertThat(early.closedByServer()).isFalse();
  }

  @Test
  void a_loopback_call_life_in_plain_events() {
    // command 6 is the second broadcast, broken after its start: it must not end by itself
    var r = TranscriptReplay.replay("inbound-events-plain.txt", "c1", sim.port(), Map.of(
        6, s -> sim.setPlaybackDuration(PROMPT, Duration.ofSeconds(60))));
    assertSame(r);
    List<EslEvent> events = r.actual().events();
    // loopback DTMF arrives on the partner (the -a leg) and caller id flips on the -a leg
    assertThat(events.stream().filter(e -> e.name().equals("DTMF")).map(e -> e.get("DTMF-Digit")))
        .containsExactly("1", "2", "#");
    String a = r.actual().channelsInOrder().get(0);
    assertThat(events.stream().filter(e -> e.name().equals("DTMF")).map(e -> e.get("Unique-ID")))
        .containsOnly(a);
    EslEvent park = events.stream().filter(e -> e.name().equals("CHANNEL_PARK") && a.equals(e.get("Unique-ID")))
        .findFirst().orElseThrow();
    assertThat(park.get("Caller-Caller-ID-Name")).isEqualTo("Outbound Call");
    assertThat(park.get("Caller-Caller-ID-Number")).isEqualTo("default");
    assertThat(park.get("Caller-Orig-Caller-ID-Number")).isEqualTo("+15551230001");
    EslEvent complete = events.stream().filter(e -> e.name().equals("CHANNEL_HANGUP_COMPLETE"))
        .findFirst().orElseThrow();
    assertThat(complete.headers().all("Hangup-Cause")).hasSize(2);
    List<String> stops = events.stream().filter(e -> e.name().equals("PLAYBACK_STOP"))
        .map(e -> e.get("Playback-Status")).toList();
    assertThat(stops).containsExactly("done", "break");
  }

  @Test
  void a_loopback_call_life_in_json_events() {
    var r = TranscriptReplay.replay("inbound-events-json.txt", "c1", sim.port(), Map.of(
        6, s -> sim.setPlaybackDuration(PROMPT, Duration.ofSeconds(60))));
    assertSame(r);
    EslEvent job = r.actual().events().stream().filter(e -> e.name().equals("BACKGROUND_JOB"))
        .findFirst().orElseThrow();
    assertThat(job.get("Job-Command")).isEqualTo("originate");
    assertThat(job.body()).startsWith("+OK ");
  }

  @Test
  void uuid_bridge_and_the_re_parked_survivor() {
    assertSame(TranscriptReplay.replay("inbound-bridge.txt", "c1", sim.port(), Map.of()));
  }

  @Test
  void sendmsg_with_event_uuid_and_body_argument() {
    var r = TranscriptReplay.replay("inbound-sendmsg.txt", "c1", sim.port(), Map.of());
    assertSame(r);
    assertThat(r.actual().events().stream()
        .filter(e -> e.name().equals("CHANNEL_EXECUTE_COMPLETE") && "playback".equals(e.get("Application")))
        .map(e -> e.get("Application-UUID")))
        .containsExactly("cd2d6562-5d47-4b9a-b055-91a2837edfeb", "7e4db7ef-970d-445a-8cd2-f0b43f371e37");
  }

  @Test
  void music_on_hold_until_broken() {
    assertSame(TranscriptReplay.replay("music-on-hold.txt", "c1", sim.port(), Map.of()));
  }

  @Test
  void originate_failures() {
    // the capture's SIP targets: a 480 refusal and a closed port (503)
    sim.scriptEndpoint("sofia/internal/4040@127.0.0.1:5080", new EndpointScript.Reject("NORMAL_CLEARING", Duration.ZERO));
    sim.scriptEndpoint("sofia/internal/9999@127.0.0.1:5999",
        new EndpointScript.Reject("NORMAL_TEMPORARY_FAILURE", Duration.ZERO));
    // in the capture, case 3's INVITE looped back into the same FreeSWITCH and created an inbound
    // leg (CREATE, HANGUP, HANGUP_COMPLETE, DESTROY) that a simulated endpoint does not have
    var r = TranscriptReplay.replay("originate-failure.txt", "c1", sim.port(), Map.of(),
        Map.of(4, 4));
    assertThat(r.actual().replies()).isEqualTo(r.expected().replies());
    assertThat(r.actual().backgroundJobBodies()).isEqualTo(r.expected().backgroundJobBodies());
    var exp = r.expected().eventsPerChannel();
    var act = r.actual().eventsPerChannel();
    // the loopback into a missing context creates and destroys both legs, like FreeSWITCH
    assertThat(act.get(0)).isEqualTo(exp.get(0));
    assertThat(act.get(1)).isEqualTo(exp.get(1));
    // the refused SIP legs: CREATE, HANGUP, HANGUP_COMPLETE, DESTROY with the cause
    assertThat(act.get(2)).isEqualTo(exp.get(2));
    assertThat(act.get(3)).isEqualTo(exp.get(4));
  }
}
