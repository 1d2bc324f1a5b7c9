package io.switchboard.engine.call;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.engine.Engine;
import io.switchboard.engine.queue.QueueNotice;
import io.switchboard.engine.queue.routing.QueueCommand;
import io.switchboard.engine.testing.Await;
import io.switchboard.media.sim.EndpointScript;
import io.switchboard.media.sim.EslSimulator;
import io.switchboard.media.sim.ReceivedCommand;
import io.switchboard.media.sim.SimChannelView;
import io.switchboard.media.sim.SimulatorSettings;
import io.switchboard.persistence.testkit.TestCassandra;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

/**
 * The engine restarts while a caller waits in a queue (FreeSWITCH keeps the caller parked with
 * music): the new engine's reconciliation wakes the call, which recovers from the journal, joins
 * its queue again and is answered by an agent.
 */
class CallRecoveryIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final TestCassandra cassandra = TestCassandra.shared();

  private static Config config(int simPort) {
    return ConfigFactory.parseString("switchboard.media.nodes = [ { id = \"fs1\", host = \"127.0.0.1\", port = "
            + simPort + ", password = \"ClueCon\" } ]")
        .withFallback(ConfigFactory.parseMap(Map.of(
            "switchboard.engine.http.port", 0,
            "switchboard.engine.cluster.port", 0)))
        .withFallback(cassandra.settingsConfig("call_recovery_it"))
        .withFallback(ConfigFactory.load());
  }

  @Test
  void aCallWaitingInAQueueSurvivesAnEngineRestartAndIsAnswered() throws Exception {
    ActorSystem<Void> simSystem = ActorSystem.create(Behaviors.empty(), "esl-sim");
    EslSimulator sim = EslSimulator.start(simSystem, SimulatorSettings.of(0, "ClueCon")
        .withDefaultPlayback(Duration.ofMillis(200))).toCompletableFuture().get(30, TimeUnit.SECONDS);
    sim.scriptEndpoint("user/201", EndpointScript.answerAfter(Duration.ofMillis(200)));
    try {
      // given a caller waiting in the support queue
      FakePeers before = new FakePeers();
      Engine first = Engine.start(config(sim.port()), List.of(cassandra.contactPoint()), true, Optional.of(before));
      String caller;
      try {
        awaitReady(first);
        caller = sim.placeInboundCall("+12125550100", "Jane Doe", "+15551000101", Map.of("switchboard_inbound", "true"));
        awaitValue("the enqueue", () -> before.queues().stream()
            .filter(q -> q.command() instanceof QueueCommand.Enqueue).findFirst().orElse(null));
        // The caller's channel carries the call id from now on (what the next engine's
        // reconciliation reads).
        String tag = "api uuid_setvar " + caller + " switchboard_call_id " + caller;
        awaitValue("the call id on the caller's channel", () -> sim.commands().stream()
            .filter(c -> c.command().equals(tag)).findFirst().orElse(null));
      } finally {
        // when the engine stops (the caller stays parked on FreeSWITCH, hearing music)
        assertThat(first.shutdown(Duration.ofSeconds(60))).isTrue();
      }
      assertThat(sim.channel(caller).map(SimChannelView::callState)).contains("ACTIVE");

      // and a new engine starts on the same journal
      FakePeers after = new FakePeers();
      Engine second = Engine.start(config(sim.port()), List.of(cassandra.contactPoint()), true, Optional.of(after));
      try {
        awaitReady(second);

        // then the reconciliation wakes the call, which recovers and joins its queue again
        QueueCommand.Enqueue again = (QueueCommand.Enqueue) awaitValue("the enqueue after the restart", () ->
            after.queues().stream().map(FakePeers.QueueSent::command)
                .filter(c -> c instanceof QueueCommand.Enqueue e && e.callId().equals(caller)).findFirst().orElse(null));
        assertThat(again.callerNumber()).isEqualTo("+12125550100");

        // when the queue offers the call to alice, who answers
        CallEntity.deliver(second.sharding(), new QueueNotice.OfferAgent("support", caller, "alice",
            Instant.now().plusSeconds(20), Instant.now()));

        // then the caller is bridged to her
        String alice = awaitValue("the bridge", () -> sim.channel(caller).flatMap(SimChannelView::bridgedTo).orElse(null));
        assertThat(sim.commands()).extracting(ReceivedCommand::command).contains("api uuid_bridge " + caller + " " + alice);
        List<CallEvent> journal = CallHistory.journal(second.system()).events(caller).toCompletableFuture().join();
        assertThat(journal).extracting(e -> e.input().getClass().getSimpleName())
            .containsSubsequence("ChannelParked", "FromQueue", "ChannelAnswered");
        assertThat(CallReplay.replay(caller, journal, CallFixtures::flow).divergence()).isNull();
        sim.hangup(caller, "NORMAL_CLEARING");
        awaitValue("the completion", () -> after.queues().stream().map(FakePeers.QueueSent::command)
            .filter(QueueCommand.CompleteCall.class::isInstance).findFirst().orElse(null));
      } finally {
        assertThat(second.shutdown(Duration.ofSeconds(60))).isTrue();
      }
    } finally {
      sim.stop().toCompletableFuture().join();
      simSystem.terminate();
    }
  }

  private static void awaitReady(Engine engine) {
    awaitValue("the engine is ready with its media node", () -> get(engine, "/ready").statusCode() == 200 ? true : null);
  }

  private static <T> T awaitValue(String what, Supplier<T> value) {
    return Await.present(what, value, WAIT);
  }

  private static HttpResponse<String> get(Engine engine, String path) {
    try {
      return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + engine.httpAddress().getPort() + path))
              .timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
