package io.switchboard.media.it;

import static io.switchboard.media.it.SimFixture.join;
import static io.switchboard.media.it.SimFixture.node;
import static io.switchboard.media.it.SimFixture.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.media.MediaBridge;
import io.switchboard.media.MediaBridgeException;
import io.switchboard.media.MediaBridgeSettings;
import io.switchboard.media.MediaCommand;
import io.switchboard.media.MediaCommand.CallerId;
import io.switchboard.media.MediaEvent;
import io.switchboard.media.NodeState;
import io.switchboard.media.sim.EslSimulator;
import io.switchboard.media.sim.ReceivedCommand;
import io.switchboard.media.sim.SimulatorSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Connection life: reconnect with backoff, reconciliation, keep-alive, several nodes. */
class ReconnectIT {

  static final ActorTestKit kit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  @Test
  void after_a_drop_it_reconnects_and_reconciles_gone_and_live_calls() {
    // given: two calls in progress, each tagged with the engine's call id
    EslSimulator sim = SimFixture.simulator(kit.system());
    EventLog events = new EventLog();
    MediaBridge bridge = MediaBridge.start(kit.system(),
        SimFixture.settings(List.of(node("fs1", sim))), events);
    events.await(MediaEvent.ChannelsReconciled.class);
    String ending = sim.placeInboundCall("+15551230001", "Alice", "+15550100");
    String staying = sim.placeInboundCall("+15551230002", "Bob", "+15550100");
    events.await(MediaEvent.ChannelParked.class, e -> e.channelUuid().equals(staying));
    events.await(MediaEvent.ChannelParked.class, e -> e.channelUuid().equals(ending));
    ok(bridge.execute("fs1", new MediaCommand.UuidSetVar(staying, "switchboard_call_id", "call-2")));

    // when: FreeSWITCH becomes unreachable, one call ends meanwhile, then it is back
    sim.refuseConnections(true);
    sim.dropConnections();
    var lost = events.await(MediaEvent.NodeDisconnected.class);
    assertThat(lost.nodeId()).isEqualTo("fs1");
    EventLog.awaitCondition("a refused attempt", () -> bridge.nodeState("fs1") == NodeState.DISCONNECTED);
    var refused = bridge.execute("fs1", new MediaCommand.UuidKill(staying, null));
    assertThatThrownBy(() -> refused.toCompletableFuture().get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(MediaBridgeException.NodeUnavailable.class);
    sim.hangup(ending, "NORMAL_CLEARING");
    sim.refuseConnections(false);

    // then
    var r = events.awaitNth(MediaEvent.ChannelsReconciled.class, x -> true, 2);
    assertThat(r.reason()).isEqualTo(MediaEvent.ReconcileReason.CONNECTED);
    assertThat(r.gone()).containsExactly(ending);
    assertThat(r.live()).hasSize(1);
    assertThat(r.live().get(0).uuid()).isEqualTo(staying);
    assertThat(r.live().get(0).switchboardCallId()).contains("call-2");
    assertThat(r.live().get(0).callerNumber()).isEqualTo("+15551230002");
    assertThat(events.ofType(MediaEvent.NodeConnected.class)).hasSize(2);
    assertThat(bridge.nodeState("fs1")).isEqualTo(NodeState.CONNECTED);
    ok(bridge.execute("fs1", new MediaCommand.UuidKill(staying, null)));
    join(bridge.stop());
    join(sim.stop());
  }

  @Test
  void a_command_in_flight_when_the_connection_drops_fails_with_connection_lost() {
    EslSimulator sim = SimFixture.simulator(kit.system());
    sim.setDefaultEndpoint(io.switchboard.media.sim.EndpointScript.ringForever());
    EventLog events = new EventLog();
    MediaBridge bridge = MediaBridge.start(kit.system(), SimFixture.settings(List.of(node("fs1", sim))), events);
    events.await(MediaEvent.ChannelsReconciled.class);
    var ringing = bridge.execute("fs1", MediaCommand.Originate.park(UUID.randomUUID().toString(),
        "user/1001", new CallerId("A", "1"), Duration.ofSeconds(60), Map.of()));
    events.await(MediaEvent.ChannelProgress.class);
    sim.dropConnections();
    assertThatThrownBy(() -> ringing.toCompletableFuture().get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(MediaBridgeException.ConnectionLost.class)
        .hasMessageContaining("reconciliation will show");
    // the ringing leg is still there after the reconnect, and is reported live
    var r = events.awaitNth(MediaEvent.ChannelsReconciled.class, x -> true, 2);
    assertThat(r.live()).hasSize(1);
    join(bridge.stop());
    join(sim.stop());
  }

  @Test
  void backs_off_while_the_node_is_down_and_connects_when_it_comes_up() {
    // given: FreeSWITCH refuses connections at first
    EslSimulator sim = SimFixture.simulator(kit.system());
    sim.refuseConnections(true);
    EventLog events = new EventLog();
    MediaBridge bridge = MediaBridge.start(kit.system(), SimFixture.settings(List.of(node("fs1", sim)))
        .withBackoff(Duration.ofMillis(20), Duration.ofMillis(200)), events);
    // when: a few attempts fail
    EventLog.awaitCondition("three refused attempts", () -> sim.refusedConnections() >= 3);
    assertThat(bridge.nodeState("fs1")).isNotEqualTo(NodeState.CONNECTED);
    sim.refuseConnections(false);
    // then
    events.await(MediaEvent.NodeConnected.class);
    assertThat(bridge.nodeState("fs1")).isEqualTo(NodeState.CONNECTED);
    join(bridge.stop());
    join(sim.stop());
  }

  @Test
  void a_wrong_password_never_connects_and_is_retried() {
    EslSimulator sim = SimFixture.simulator(kit.system());
    EventLog events = new EventLog();
    MediaBridge bridge = MediaBridge.start(kit.system(), SimFixture.settings(List.of(
        new MediaBridgeSettings.Node("fs1", "127.0.0.1", sim.port(), "WrongPassword"))), events);
    EventLog.awaitCondition("two refused auths",
        () -> sim.commands().stream().filter(c -> c.command().startsWith("auth")).count() >= 2);
    assertThat(bridge.nodeState("fs1")).isNotEqualTo(NodeState.CONNECTED);
    assertThat(events.ofType(MediaEvent.NodeConnected.class)).isEmpty();
    assertThat(sim.commands()).extracting(ReceivedCommand::command).containsOnly("auth ***");
    join(bridge.stop());
    join(sim.stop());
  }

  @Test
  void a_peer_that_sends_garbage_is_a_protocol_error_and_is_retried_not_a_hang() {
    // given: something that is not FreeSWITCH listens on the port (an HTTP server, say)
    java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
    var binding = join(org.apache.pekko.stream.javadsl.Tcp.get(kit.system()).bind("127.0.0.1", 0)
        .to(org.apache.pekko.stream.javadsl.Sink.foreach(c -> {
          accepted.incrementAndGet();
          c.handleWith(org.apache.pekko.stream.javadsl.Flow.fromSinkAndSource(
              org.apache.pekko.stream.javadsl.Sink.ignore(),
              org.apache.pekko.stream.javadsl.Source.single(org.apache.pekko.util.ByteString
                  .fromString("HTTP/1.1 400 Bad Request\nServer nginx\n\n"))
                  .concat(org.apache.pekko.stream.javadsl.Source.maybe())), kit.system());
        })).run(kit.system()));
    EventLog events = new EventLog();
    MediaBridge bridge = MediaBridge.start(kit.system(), SimFixture.settings(List.of(
        new MediaBridgeSettings.Node("fs1", "127.0.0.1", binding.localAddress().getPort(), "x"))), events);
    // then: each connection fails at once on the malformed header line and is retried
    EventLog.awaitCondition("three attempts", () -> accepted.get() >= 3);
    assertThat(bridge.nodeState("fs1")).isNotEqualTo(NodeState.CONNECTED);
    assertThat(events.ofType(MediaEvent.NodeConnected.class)).isEmpty();
    join(bridge.stop());
    join(binding.unbind());
  }

  @Test
  void keeps_the_connection_alive_with_api_status() {
    EslSimulator sim = SimFixture.simulator(kit.system());
    EventLog events = new EventLog();
    MediaBridge bridge = MediaBridge.start(kit.system(), SimFixture.settings(List.of(node("fs1", sim)))
        .withKeepAlive(Duration.ofMillis(100), Duration.ofSeconds(5)), events);
    events.await(MediaEvent.NodeConnected.class);
    EventLog.awaitCondition("three keep-alives",
        () -> sim.commands().stream().filter(c -> c.command().equals("api status")).count() >= 3);
    assertThat(events.ofType(MediaEvent.NodeDisconnected.class)).isEmpty();
    join(bridge.stop());
    join(sim.stop());
  }

  @Test
  void a_hung_node_is_noticed_by_the_keep_alive_and_reconnected_when_it_answers_again() {
    // given
    EslSimulator sim = SimFixture.simulator(kit.system());
    EventLog events = new EventLog();
    MediaBridge bridge = MediaBridge.start(kit.system(), SimFixture.settings(List.of(node("fs1", sim)))
        .withKeepAlive(Duration.ofMillis(100), Duration.ofMillis(300)), events);
    events.await(MediaEvent.ChannelsReconciled.class);
    // when: FreeSWITCH stops answering but keeps the TCP connection open
    sim.freeze(true);
    // then: the keep-alive reply does not come, the connection is closed
    var lost = events.await(MediaEvent.NodeDisconnected.class);
    assertThat(lost.reason()).contains("reply timeout");
    sim.freeze(false);
    events.awaitNth(MediaEvent.NodeConnected.class, x -> true, 2);
    assertThat(bridge.nodeState("fs1")).isEqualTo(NodeState.CONNECTED);
    join(bridge.stop());
    join(sim.stop());
  }

  @Test
  void several_nodes_have_one_connection_each_and_events_name_their_node() {
    EslSimulator a = SimFixture.simulator(kit.system(), SimulatorSettings.of(0, SimFixture.PASSWORD)
        .withSwitchName("fs-a"));
    EslSimulator b = SimFixture.simulator(kit.system(), SimulatorSettings.of(0, SimFixture.PASSWORD)
        .withSwitchName("fs-b"));
    EventLog events = new EventLog();
    MediaBridge bridge = MediaBridge.start(kit.system(),
        SimFixture.settings(List.of(node("fs-a", a), node("fs-b", b))), events);
    events.await(MediaEvent.ChannelsReconciled.class, r -> r.nodeId().equals("fs-a"));
    events.await(MediaEvent.ChannelsReconciled.class, r -> r.nodeId().equals("fs-b"));
    assertThat(a.connectionCount()).isEqualTo(1);
    assertThat(b.connectionCount()).isEqualTo(1);
    String onB = b.placeInboundCall("+15551230009", "Zed", "+15550199");
    var parked = events.await(MediaEvent.ChannelParked.class, e -> e.channelUuid().equals(onB));
    assertThat(parked.nodeId()).isEqualTo("fs-b");
    ok(bridge.execute("fs-b", new MediaCommand.Answer(onB, UUID.randomUUID().toString())));
    events.await(MediaEvent.ChannelAnswered.class, e -> e.channelUuid().equals(onB));
    // the same uuid is unknown on the other node
    assertThat(join(bridge.execute("fs-a", new MediaCommand.UuidKill(onB, null))).ok()).isFalse();
    assertThat(bridge.nodeStates()).containsOnlyKeys("fs-a", "fs-b");
    join(bridge.stop());
    join(a.stop());
    join(b.stop());
  }
}
