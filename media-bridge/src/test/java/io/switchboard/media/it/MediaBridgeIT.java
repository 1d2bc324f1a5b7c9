package io.switchboard.media.it;

import static io.switchboard.media.it.SimFixture.join;
import static io.switchboard.media.it.SimFixture.node;
import static io.switchboard.media.it.SimFixture.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.media.CommandResult;
import io.switchboard.media.MediaBridge;
import io.switchboard.media.MediaBridgeException;
import io.switchboard.media.MediaCommand;
import io.switchboard.media.MediaCommand.CallerId;
import io.switchboard.media.MediaEvent;
import io.switchboard.media.NodeState;
import io.switchboard.media.sim.EndpointScript;
import io.switchboard.media.sim.EslSimulator;
import io.switchboard.media.sim.ReceivedCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The media bridge against the ESL simulator over real TCP on 127.0.0.1. */
class MediaBridgeIT {

  static final ActorTestKit kit = ActorTestKit.create();

  EslSimulator sim;
  EventLog events;
  MediaBridge bridge;

  @BeforeEach
  void start() {
    sim = SimFixture.simulator(kit.system());
    events = new EventLog();
    bridge = MediaBridge.start(kit.system(), SimFixture.settings(List.of(node("fs1", sim))), events);
    events.await(MediaEvent.ChannelsReconciled.class);
  }

  @AfterEach
  void stop() {
    join(bridge.stop());
    join(sim.stop());
  }

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  static String uuid() {
    return UUID.randomUUID().toString();
  }

  @Test
  void authenticates_subscribes_narrowly_and_reconciles_an_empty_node() {
    assertThat(bridge.nodeState("fs1")).isEqualTo(NodeState.CONNECTED);
    List<String> cmds = sim.commands().stream().map(ReceivedCommand::command).toList();
    assertThat(cmds.get(0)).isEqualTo("auth ***");
    assertThat(cmds.get(1)).startsWith("event json CHANNEL_CREATE ").contains("BACKGROUND_JOB")
        .doesNotContain("ALL");
    assertThat(cmds).contains("api show channels as json");
    var r = events.await(MediaEvent.ChannelsReconciled.class);
    assertThat(r.reason()).isEqualTo(MediaEvent.ReconcileReason.CONNECTED);
    assertThat(r.live()).isEmpty();
    assertThat(r.gone()).isEmpty();
  }

  @Test
  void an_inbound_call_is_parked_answered_played_to_and_hung_up() {
    // given: a caller dials the organisation's number; the dialplan parks it
    String call = sim.placeInboundCall("+15551230001", "Alice Example", "+15550100");
    var parked = events.await(MediaEvent.ChannelParked.class, e -> e.channelUuid().equals(call));
    assertThat(parked.channel().callerNumber()).isEqualTo("+15551230001");
    assertThat(parked.channel().callerName()).isEqualTo("Alice Example");
    assertThat(parked.channel().destinationNumber()).isEqualTo("+15550100");
    assertThat(parked.channel().direction()).isEqualTo("inbound");
    assertThat(parked.channel().timestampMicros()).isPositive();

    // when: the engine answers, tags the leg, plays a prompt
    String answerId = uuid();
    ok(bridge.execute("fs1", new MediaCommand.Answer(call, answerId)));
    ok(bridge.execute("fs1", new MediaCommand.SetVariable(call, "switchboard_call_id", "call-1", uuid())));
    String playId = uuid();
    sim.setPlaybackDuration("/sounds/welcome.wav", Duration.ofMillis(200));
    ok(bridge.execute("fs1", new MediaCommand.Playback(call, "/sounds/welcome.wav", playId)));

    // then
    events.await(MediaEvent.ChannelAnswered.class, e -> e.channelUuid().equals(call));
    events.await(MediaEvent.ExecuteCompleted.class,
        e -> e.channel().applicationUuid().orElse("").equals(answerId));
    events.await(MediaEvent.PlaybackStarted.class, e -> e.file().equals("/sounds/welcome.wav"));
    var stopped = events.await(MediaEvent.PlaybackStopped.class, e -> e.channelUuid().equals(call));
    assertThat(stopped.completed()).isTrue();
    var played = events.await(MediaEvent.ExecuteCompleted.class,
        e -> e.channel().applicationUuid().orElse("").equals(playId));
    assertThat(played.application()).isEqualTo("playback");
    assertThat(played.channel().callId()).contains("call-1");

    // and: the caller presses keys, then the engine hangs up
    sim.injectDtmf(call, "1#");
    events.awaitNth(MediaEvent.DtmfReceived.class, e -> e.channelUuid().equals(call), 2);
    assertThat(events.ofType(MediaEvent.DtmfReceived.class)).extracting(MediaEvent.DtmfReceived::digit)
        .containsExactly("1", "#");
    ok(bridge.execute("fs1", new MediaCommand.Hangup(call, "NORMAL_CLEARING")));
    var hung = events.await(MediaEvent.ChannelHungUp.class, e -> e.channelUuid().equals(call));
    assertThat(hung.cause()).isEqualTo("NORMAL_CLEARING");
    EventLog.awaitCondition("channel gone", () -> sim.channel(call).isEmpty());

    // the sendmsg carried our Event-UUID and its argument as a body
    ReceivedCommand play = sim.commands().stream()
        .filter(c -> c.application().equals("playback")).findFirst().orElseThrow();
    assertThat(play.command()).isEqualTo("sendmsg " + call);
    assertThat(play.headers()).containsEntry("Event-UUID", playId).containsEntry("event-lock", "true");
    assertThat(play.body()).isEqualTo("/sounds/welcome.wav");
  }

  @Test
  void originate_results_arrive_with_the_background_job() throws Exception {
    // given
    sim.scriptEndpoint("user/1001", EndpointScript.answerAfter(Duration.ofMillis(100)))
        .scriptEndpoint("user/1002", EndpointScript.busy())
        .scriptEndpoint("user/1003", EndpointScript.ringForever())
        .scriptEndpoint("sofia/gateway/carrier/*", EndpointScript.reject("CALL_REJECTED"));
    String agent = uuid();
    // when
    CommandResult answered = join(bridge.execute("fs1", MediaCommand.Originate.park(agent, "user/1001",
        new CallerId("Alice Example", "+15551230001"), Duration.ofSeconds(20),
        Map.of("switchboard_call_id", "call-7"))));
    CommandResult busy = join(bridge.execute("fs1", MediaCommand.Originate.park(uuid(), "user/1002",
        new CallerId("A", "1"), Duration.ofSeconds(20), Map.of())));
    CommandResult noAnswer = join(bridge.execute("fs1", MediaCommand.Originate.park(uuid(), "user/1003",
        new CallerId("A", "1"), Duration.ofSeconds(1), Map.of())));
    CommandResult rejected = join(bridge.execute("fs1", MediaCommand.Originate.park(uuid(),
        "sofia/gateway/carrier/+15557654321", new CallerId("A", "1"), null, Map.of())));
    // then
    assertThat(answered.ok()).isTrue();
    assertThat(answered.reason()).isEqualTo(agent);
    assertThat(busy.ok()).isFalse();
    assertThat(busy.reason()).isEqualTo("USER_BUSY");
    assertThat(noAnswer.reason()).isEqualTo("NO_ANSWER");
    assertThat(rejected.reason()).isEqualTo("CALL_REJECTED");
    var parked = events.await(MediaEvent.ChannelParked.class, e -> e.channelUuid().equals(agent));
    assertThat(parked.channel().callId()).contains("call-7");
    assertThat(parked.channel().callerNumber()).isEqualTo("+15551230001"); // stable after the flip
    assertThat(sim.channel(agent).orElseThrow().callerNumber()).isEqualTo("1001"); // flipped
    events.await(MediaEvent.ChannelProgress.class, e -> e.channelUuid().equals(agent));
    // the bgapi carried our own Job-UUID header
    ReceivedCommand bg = sim.commands().stream().filter(c -> c.command().startsWith("bgapi originate"))
        .findFirst().orElseThrow();
    assertThat(bg.headers()).containsKey("Job-UUID");
    var job = events.await(MediaEvent.BackgroundJobCompleted.class,
        j -> j.jobUuid().equals(bg.headers().get("Job-UUID")));
    assertThat(job.result().reason()).isEqualTo(agent);
  }

  @Test
  void two_ringing_phones_answered_at_the_same_moment_report_their_answers_in_the_order_given() {
    // given two phones ringing for their originates
    sim.scriptEndpoint("user/1005", EndpointScript.ringForever())
        .scriptEndpoint("user/1006", EndpointScript.ringForever());
    String first = uuid();
    String second = uuid();
    var firstResult = bridge.execute("fs1", MediaCommand.Originate.park(first, "user/1005",
        new CallerId("A", "1"), Duration.ofSeconds(30), Map.of()));
    var secondResult = bridge.execute("fs1", MediaCommand.Originate.park(second, "user/1006",
        new CallerId("A", "1"), Duration.ofSeconds(30), Map.of()));
    events.await(MediaEvent.ChannelProgress.class, e -> e.channelUuid().equals(first));
    events.await(MediaEvent.ChannelProgress.class, e -> e.channelUuid().equals(second));

    // when the second, then the first, pick up together (and an unknown leg is named too)
    List<String> answered = sim.answer(second, first, uuid());

    // then both answer, in that order, and both originates succeed
    assertThat(answered).containsExactly(second, first);
    assertThat(join(secondResult).reason()).isEqualTo(second);
    assertThat(join(firstResult).reason()).isEqualTo(first);
    events.awaitNth(MediaEvent.ChannelAnswered.class, e -> e.channelUuid().equals(first) || e.channelUuid().equals(second), 2);
    assertThat(events.ofType(MediaEvent.ChannelAnswered.class)).extracting(e -> e.channelUuid())
        .containsExactly(second, first);
    events.await(MediaEvent.ChannelParked.class, e -> e.channelUuid().equals(first));
    // and a leg that already answered is not answered twice
    assertThat(sim.answer(first)).isEmpty();
  }

  @Test
  void a_job_named_by_freeswitch_instead_of_our_header_is_still_matched() {
    // given: an ESL that ignores the Job-UUID header and picks its own job ids
    sim.honourJobUuidHeader(false);
    String leg = uuid();
    // when
    CommandResult r = join(bridge.execute("fs1", MediaCommand.Originate.park(leg, "user/1001",
        new CallerId("A", "1"), null, Map.of())));
    // then
    assertThat(r.reason()).isEqualTo(leg);
    ReceivedCommand bg = sim.commands().stream().filter(c -> c.command().startsWith("bgapi"))
        .findFirst().orElseThrow();
    var job = events.await(MediaEvent.BackgroundJobCompleted.class);
    assertThat(job.jobUuid()).isNotEqualTo(bg.headers().get("Job-UUID"));
  }

  @Test
  void uuid_bridge_with_park_after_bridge_reparks_the_survivor() {
    // given: a caller and an agent leg, both parked
    String caller = sim.placeInboundCall("+15551230001", "Caller X", "+15550100");
    String agent = uuid();
    ok(bridge.execute("fs1", MediaCommand.Originate.park(agent, "user/1001",
        new CallerId("Caller X", "+15551230001"), null, Map.of())));
    events.await(MediaEvent.ChannelParked.class, e -> e.channelUuid().equals(agent));
    ok(bridge.execute("fs1", new MediaCommand.Answer(caller, uuid())));
    // when
    ok(bridge.execute("fs1", new MediaCommand.UuidSetVar(caller, "park_after_bridge", "true")));
    CommandResult r = ok(bridge.execute("fs1", new MediaCommand.UuidBridge(caller, agent)));
    assertThat(r.reason()).isEqualTo(agent);
    var bridged = events.await(MediaEvent.ChannelBridged.class);
    assertThat(bridged.channelUuid()).isEqualTo(caller);
    assertThat(bridged.otherChannelUuid()).isEqualTo(agent);
    assertThat(sim.channel(caller).orElseThrow().bridgedTo()).contains(agent);
    // the agent hangs up
    sim.hangup(agent, "NORMAL_CLEARING");
    // then
    events.await(MediaEvent.ChannelUnbridged.class, e -> e.channelUuid().equals(caller));
    events.awaitNth(MediaEvent.ChannelParked.class, e -> e.channelUuid().equals(caller), 2);
    assertThat(sim.channel(caller)).isPresent();
    assertThat(sim.channel(caller).orElseThrow().parked()).isTrue();
  }

  @Test
  void records_a_real_wav_of_the_recorded_length(@TempDir Path dir) {
    String call = sim.placeInboundCall("+15551230001", "Alice", "+15550100");
    events.await(MediaEvent.ChannelParked.class, e -> e.channelUuid().equals(call));
    ok(bridge.execute("fs1", new MediaCommand.Answer(call, uuid())));
    Path wav = dir.resolve("vm/msg-1.wav");
    String recId = uuid();
    ok(bridge.execute("fs1", new MediaCommand.Record(call, wav.toString(), Duration.ofSeconds(30), recId)));
    events.await(MediaEvent.ExecuteCompleted.class, e -> e.application().equals("answer"));
    EventLog.awaitCondition("recording", () -> sim.channel(call).orElseThrow().recording().isPresent());
    // the caller ends the message with #
    sim.injectDtmf(call, "#");
    var stopped = events.await(MediaEvent.RecordStopped.class);
    assertThat(stopped.path()).isEqualTo(wav.toString());
    events.await(MediaEvent.ExecuteCompleted.class,
        e -> e.channel().applicationUuid().orElse("").equals(recId));
    assertThat(wav).exists();
    long bytes = wav.toFile().length();
    assertThat(bytes).isEqualTo(44 + stopped.durationMillis() * 16);
  }

  @Test
  void api_commands_change_the_channel() {
    String call = sim.placeInboundCall("+15551230001", "Alice", "+15550100");
    events.await(MediaEvent.ChannelParked.class, e -> e.channelUuid().equals(call));
    ok(bridge.execute("fs1", new MediaCommand.UuidHold(call, true)));
    ok(bridge.execute("fs1", new MediaCommand.UuidAudio(call, true)));
    assertThat(sim.channel(call).orElseThrow().held()).isTrue();
    assertThat(sim.channel(call).orElseThrow().muted()).isTrue();
    ok(bridge.execute("fs1", new MediaCommand.UuidHold(call, false)));
    ok(bridge.execute("fs1", new MediaCommand.UuidAudio(call, false)));
    assertThat(sim.channel(call).orElseThrow().held()).isFalse();
    assertThat(sim.channel(call).orElseThrow().muted()).isFalse();
    // music on hold until broken
    ok(bridge.execute("fs1", new MediaCommand.UuidBroadcast(call, "local_stream://moh",
        MediaCommand.BroadcastLeg.ALEG)));
    events.await(MediaEvent.PlaybackStarted.class, e -> e.file().equals("local_stream://moh"));
    ok(bridge.execute("fs1", new MediaCommand.UuidBreak(call, true)));
    var stop = events.await(MediaEvent.PlaybackStopped.class, e -> e.file().equals("local_stream://moh"));
    assertThat(stop.status()).isEqualTo("break");
    assertThat(sim.channel(call).orElseThrow().parked()).isTrue();
    // transfer re-runs the dialplan at the new destination
    ok(bridge.execute("fs1", new MediaCommand.UuidTransfer(call, "2000", "public")));
    events.await(MediaEvent.ChannelParked.class, e -> e.channelUuid().equals(call)
        && e.channel().destinationNumber().equals("2000"));
    // uuid_kill of an unknown channel is an answer, not an exception
    CommandResult none = join(bridge.execute("fs1", new MediaCommand.UuidKill(uuid(), null)));
    assertThat(none.ok()).isFalse();
    assertThat(none.text()).isEqualTo("-ERR No such channel!");
    ok(bridge.execute("fs1", new MediaCommand.UuidKill(call, "USER_BUSY")));
    var hung = events.await(MediaEvent.ChannelHungUp.class, e -> e.channelUuid().equals(call));
    assertThat(hung.cause()).isEqualTo("USER_BUSY");
  }

  @Test
  void eavesdrop_runs_on_the_supervisor_leg_with_the_whisper_flags() {
    String agent = uuid();
    String supervisor = uuid();
    ok(bridge.execute("fs1", MediaCommand.Originate.park(agent, "user/1001", new CallerId("Q", "1"), null, Map.of())));
    ok(bridge.execute("fs1", MediaCommand.Originate.park(supervisor, "user/1900", new CallerId("Q", "1"), null, Map.of())));
    String id = uuid();
    ok(bridge.execute("fs1", new MediaCommand.Eavesdrop(supervisor, agent, MediaCommand.EavesdropMode.BARGE, id)));
    EventLog.awaitCondition("eavesdrop running",
        () -> "eavesdrop".equals(sim.channel(supervisor).orElseThrow().variables().get("current_application")));
    assertThat(sim.channel(supervisor).orElseThrow().variables())
        .containsEntry("eavesdrop_whisper_aleg", "true").containsEntry("eavesdrop_whisper_bleg", "true");
    sim.hangup(agent, "NORMAL_CLEARING");
    events.await(MediaEvent.ExecuteCompleted.class, e -> e.channel().applicationUuid().orElse("").equals(id));
  }

  @Test
  void the_bridge_application_connects_a_new_leg() {
    String caller = sim.placeInboundCall("+15551230001", "Alice", "+15550100");
    events.await(MediaEvent.ChannelParked.class, e -> e.channelUuid().equals(caller));
    String id = uuid();
    ok(bridge.execute("fs1", new MediaCommand.Bridge(caller, "user/1001",
        new CallerId("Alice", "+15551230001"), Map.of("switchboard_call_id", "call-9"), id)));
    var bridged = events.await(MediaEvent.ChannelBridged.class, e -> e.channelUuid().equals(caller));
    var other = sim.channel(bridged.otherChannelUuid()).orElseThrow();
    assertThat(other.variables()).containsEntry("switchboard_call_id", "call-9");
    sim.hangup(other.uuid(), "NORMAL_CLEARING");
    events.await(MediaEvent.ExecuteCompleted.class, e -> e.channel().applicationUuid().orElse("").equals(id));
    assertThat(sim.channel(caller)).isPresent(); // hangup_after_bridge is not set
  }

  @Test
  void invalid_commands_and_unknown_nodes_fail_without_sending() {
    int before = sim.commands().size();
    var bad = bridge.execute("fs1", new MediaCommand.UuidKill("x\napi shutdown", null));
    assertThatThrownBy(() -> bad.toCompletableFuture().get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(MediaBridgeException.InvalidCommand.class);
    var unknown = bridge.execute("nope", new MediaCommand.UuidKill(uuid(), null));
    assertThatThrownBy(() -> unknown.toCompletableFuture().get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(MediaBridgeException.NodeUnavailable.class);
    assertThat(sim.commands().stream().skip(before).map(ReceivedCommand::command))
        .noneMatch(c -> c.contains("shutdown") || c.contains("uuid_kill"));
  }

  @Test
  void playback_files_that_exist_play_for_their_real_length(@TempDir Path dir) throws Exception {
    Path wav = dir.resolve("p.wav");
    // a 100 ms file made by the simulator's own recorder format (8 kHz, 16-bit)
    byte[] data = new byte[44 + 1600];
    System.arraycopy("RIFF".getBytes(), 0, data, 0, 4);
    System.arraycopy("WAVE".getBytes(), 0, data, 8, 4);
    data[28] = (byte) 0x80;
    data[29] = 0x3e; // byte rate 16000
    Files.write(wav, data);
    String call = sim.placeInboundCall("+1555", "A", "+1556");
    events.await(MediaEvent.ChannelParked.class, e -> e.channelUuid().equals(call));
    ok(bridge.execute("fs1", new MediaCommand.Playback(call, wav.toString(), uuid())));
    var stop = events.await(MediaEvent.PlaybackStopped.class);
    assertThat(stop.status()).isEqualTo("done");
  }
}
