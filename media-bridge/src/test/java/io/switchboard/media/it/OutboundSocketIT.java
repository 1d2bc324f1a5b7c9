package io.switchboard.media.it;

import static io.switchboard.media.it.SimFixture.join;
import static io.switchboard.media.it.SimFixture.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.switchboard.media.MediaBridgeException;
import io.switchboard.media.MediaBridgeSettings;
import io.switchboard.media.MediaCommand;
import io.switchboard.media.MediaEvent;
import io.switchboard.media.outbound.OutboundCall;
import io.switchboard.media.outbound.OutboundSocketServer;
import io.switchboard.media.sim.EslSimulator;
import io.switchboard.media.sim.ReceivedCommand;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Outbound mode: FreeSWITCH's socket application connects to us, one connection per call. */
class OutboundSocketIT {

  static final ActorTestKit kit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  static MediaBridgeSettings settings() {
    return MediaBridgeSettings.fromConfig(ConfigFactory.parseString(
            "switchboard.media.outbound { enabled = true, port = 0, linger = 1s }")
        .withFallback(ConfigFactory.load()));
  }

  @Test
  void a_socket_call_is_connected_subscribed_and_controlled() throws Exception {
    // given
    EslSimulator sim = SimFixture.simulator(kit.system());
    EventLog events = new EventLog();
    CompletableFuture<OutboundCall> calls = new CompletableFuture<>();
    OutboundSocketServer server = join(OutboundSocketServer.start(kit.system(), settings(), call -> {
      calls.complete(call);
      return events;
    }));

    // when: a caller reaches the outbound-socket dialplan
    String uuid = sim.placeInboundCallToSocket("+15551230004", "Carol Outbound", "+15550100",
        "127.0.0.1", server.address().getPort());
    OutboundCall call = calls.get(10, TimeUnit.SECONDS);

    // then: the connect reply described the channel
    assertThat(call.channel().channelUuid()).isEqualTo(uuid);
    assertThat(call.channel().callerNumber()).isEqualTo("+15551230004");
    assertThat(call.channel().callerName()).isEqualTo("Carol Outbound");
    assertThat(call.channel().destinationNumber()).isEqualTo("+15550100");
    assertThat(call.channel().nodeId()).isEqualTo("sim");

    // and it is controlled through the socket
    String play = UUID.randomUUID().toString();
    ok(call.execute(new MediaCommand.Answer(uuid, UUID.randomUUID().toString())));
    ok(call.execute(new MediaCommand.Playback(uuid, "/sounds/prompt.wav", play)));
    events.await(MediaEvent.ChannelAnswered.class);
    events.await(MediaEvent.PlaybackStarted.class);
    events.await(MediaEvent.PlaybackStopped.class);
    events.await(MediaEvent.ExecuteCompleted.class, e -> e.channel().applicationUuid().orElse("").equals(play));
    sim.injectDtmf(uuid, "5");
    assertThat(events.await(MediaEvent.DtmfReceived.class).digit()).isEqualTo("5");
    var originate = call.execute(MediaCommand.Originate.park(UUID.randomUUID().toString(), "user/1",
        new MediaCommand.CallerId("a", "1"), null, Map.of()));
    assertThatThrownBy(() -> originate.toCompletableFuture().get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(MediaBridgeException.InvalidCommand.class);
    ok(call.execute(new MediaCommand.Hangup(uuid, "NORMAL_CLEARING")));
    events.await(MediaEvent.ChannelHungUp.class);
    join(call.closed());

    // the setup sequence as in outbound-socket.txt
    List<String> sent = sim.commands().stream().map(ReceivedCommand::command).toList();
    assertThat(sent.subList(0, 4)).containsExactly("connect", "myevents",
        "event json PLAYBACK_START PLAYBACK_STOP RECORD_STOP", "linger 1");
    assertThat(sent).contains("filter Event-Name CHANNEL_EXECUTE_COMPLETE", "filter Event-Name DTMF");
    assertThat(sent).doesNotContain("filter Event-Name BACKGROUND_JOB");
    EventLog.awaitCondition("channel destroyed after the socket closed", () -> sim.channel(uuid).isEmpty());
    assertThat(server.connectionsAccepted()).isEqualTo(1);
    join(server.unbind());
    join(sim.stop());
  }

  @Test
  void the_far_end_hanging_up_closes_the_socket_after_the_linger() throws Exception {
    EslSimulator sim = SimFixture.simulator(kit.system());
    EventLog events = new EventLog();
    CompletableFuture<OutboundCall> calls = new CompletableFuture<>();
    OutboundSocketServer server = join(OutboundSocketServer.start(kit.system(), settings(), call -> {
      calls.complete(call);
      return events;
    }));
    String uuid = sim.placeInboundCallToSocket("+15551230004", "Carol", "+15550100", "127.0.0.1",
        server.address().getPort());
    OutboundCall call = calls.get(10, TimeUnit.SECONDS);
    EventLog.awaitCondition("subscribed", () -> sim.commands().size() >= 4 + 13);
    sim.hangup(uuid, "NORMAL_CLEARING");
    var hung = events.await(MediaEvent.ChannelHungUp.class);
    assertThat(hung.cause()).isEqualTo("NORMAL_CLEARING");
    call.closed().toCompletableFuture().get(10, TimeUnit.SECONDS);
    EventLog.awaitCondition("the simulator closed its side", () -> sim.connectionCount() == 0);
    join(server.unbind());
    join(sim.stop());
  }

  @Test
  void a_missing_server_makes_the_socket_application_fail_the_call() {
    EslSimulator sim = SimFixture.simulator(kit.system());
    EventLog events = new EventLog();
    var bridge = io.switchboard.media.MediaBridge.start(kit.system(),
        SimFixture.settings(List.of(SimFixture.node("fs1", sim))), events);
    events.await(MediaEvent.ChannelsReconciled.class);
    // port 1 on loopback: nothing listens there
    String uuid = sim.placeInboundCallToSocket("+1555", "X", "+1556", "127.0.0.1", 1);
    var hung = events.await(MediaEvent.ChannelHungUp.class, e -> e.channelUuid().equals(uuid));
    assertThat(hung.cause()).isEqualTo("DESTINATION_OUT_OF_ORDER");
    join(bridge.stop());
    join(sim.stop());
    assertThat(Duration.ZERO).isZero();
  }
}
