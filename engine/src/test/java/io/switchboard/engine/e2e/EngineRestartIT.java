package io.switchboard.engine.e2e;

import static io.switchboard.engine.e2e.EndToEnd.FROM_OUTSIDE;
import static io.switchboard.engine.e2e.EndToEnd.awaitTrue;
import static io.switchboard.engine.e2e.EndToEnd.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.engine.Engine;
import io.switchboard.engine.call.CallEvent;
import io.switchboard.engine.call.CallReplay;
import io.switchboard.engine.call.CallState;
import io.switchboard.engine.queue.routing.QueueEvent;
import io.switchboard.media.sim.EndpointScript;
import io.switchboard.media.sim.EslSimulator;
import io.switchboard.media.sim.SimChannelView;
import io.switchboard.persistence.testkit.TestCassandra;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

/**
 * Scenario (j), end to end: the whole engine restarts while a caller waits in a queue. FreeSWITCH
 * (the ESL simulator) keeps the caller parked; a second {@link Engine} on the same Cassandra
 * keyspace and the same simulator recovers the call from its journal (woken by the media
 * reconciliation), the queue still holds the caller, and when an agent signs in the call is
 * offered, answered and bridged. Nothing of the engine is faked.
 */
class EngineRestartIT {

  private static final TestCassandra cassandra = TestCassandra.shared();

  @Test
  void a_call_waiting_in_a_queue_survives_an_engine_restart_and_is_answered_when_an_agent_signs_in() throws Exception {
    Path dir = Files.createTempDirectory("e2e-restart-it");
    EndToEnd.copyResources(dir, "directory.yaml", "flows/e2e-main.flow.yaml");
    ActorSystem<Void> simSystem = ActorSystem.create(Behaviors.empty(), "esl-sim");
    EslSimulator sim = EndToEnd.simulator(simSystem);
    sim.scriptEndpoint("user/2101", EndpointScript.answerAfter(Duration.ofMillis(200)));
    try {
      // given a caller waiting in q-j, where no agent is signed in
      String caller;
      EndToEnd first = new EndToEnd(start(dir, sim), sim);
      try {
        first.awaitReady();
        caller = sim.placeInboundCall("+12125550110", "Jo Caller", "+15552000110", FROM_OUTSIDE);
        first.awaitJournaled("the caller joins q-j", () -> first.queueJournal("q-j"),
            QueueEvent.CallEnqueued.class, e -> e.callId().equals(caller));
        // the caller's channel carries the call id: what the next engine's reconciliation reads
        awaitTrue("the call id on the caller's channel", () -> first.lines(caller)
            .contains("api uuid_setvar " + caller + " switchboard_call_id " + caller));
        assertThat(first.call(caller).stage()).isInstanceOf(CallState.Stage.Queued.class);
      } finally {
        // when the engine stops: FreeSWITCH keeps the caller, hearing the queue's music
        assertThat(first.engine().shutdown(Duration.ofSeconds(60))).isTrue();
      }
      assertThat(sim.channel(caller).map(SimChannelView::callState)).contains("ACTIVE");
      int commandsBeforeRestart = sim.commands().size();

      // and a second engine starts on the same journal and the same FreeSWITCH
      EndToEnd second = new EndToEnd(start(dir, sim), sim);
      try {
        second.awaitReady();

        // then the call is recovered, still queued, and q-j still holds it
        CallState recovered = second.awaitCall(caller, "queued in q-j again",
            s -> s.stage() instanceof CallState.Stage.Queued q && q.queueId().equals("q-j"));
        assertThat(recovered.status()).isNotEqualTo(CallState.Status.ENDED);
        awaitTrue("q-j shows the caller waiting", () -> second.queueView("q-j").waiting().stream()
            .anyMatch(w -> w.callId().equals(caller)));

        // when j1 signs in (on the new engine)
        second.signIn("j1", "q-j");

        // then j1's phone rings, answers, and the caller is bridged to it
        CallState connected = second.awaitConnected(caller);
        CallState.Stage.Connected stage = (CallState.Stage.Connected) connected.stage();
        assertThat(stage.link()).isEqualTo(new CallState.Stage.AgentLink("q-j", "j1"));
        String agentLeg = stage.otherLeg();
        awaitTrue("the caller bridged to j1", () -> sim.channel(caller).flatMap(SimChannelView::bridgedTo)
            .filter(agentLeg::equals).isPresent());
        List<String> afterRestart = sim.commands().subList(commandsBeforeRestart, sim.commands().size()).stream()
            .map(EndToEnd::line).filter(l -> l.contains(caller)).toList();
        assertThat(afterRestart).anyMatch(l -> l.startsWith("bgapi originate") && l.contains("user/2101")
            && l.contains("switchboard_agent=j1"));
        assertThat(afterRestart).contains("api uuid_bridge " + caller + " " + agentLeg);
        assertThat(second.originates(caller)).hasSize(1);

        // the queue's journal holds the call once, across both engines, then j1's answer
        List<QueueEvent> queue = second.queueJournal("q-j");
        assertThat(ofType(queue, QueueEvent.CallEnqueued.class)).filteredOn(e -> e.callId().equals(caller)).hasSize(1);
        second.awaitJournaled("j1's answer", () -> second.queueJournal("q-j"), QueueEvent.CallAnswered.class,
            a -> a.callId().equals(caller) && a.agentId().equals("j1"));

        // when the caller hangs up, the call ends and the queue completes it
        assertThat(sim.hangup(caller, "NORMAL_CLEARING")).isTrue();
        second.awaitEnded(caller);
        second.awaitJournaled("the completion", () -> second.queueJournal("q-j"), QueueEvent.CallCompleted.class,
            c -> c.callId().equals(caller) && c.agentId().equals("j1"));

        // and the call's journal, written by two engines, replays without divergence
        List<CallEvent> journal = second.callJournal(caller);
        assertThat(journal).extracting(e -> e.input().getClass().getSimpleName())
            .containsSubsequence("ChannelParked", "FromQueue", "ChannelAnswered", "ChannelHungUp");
        assertThat(CallReplay.replay(caller, journal, second.engine().organisation()::flowVersion).divergence()).isNull();
      } finally {
        assertThat(second.engine().shutdown(Duration.ofSeconds(60))).isTrue();
      }
    } finally {
      sim.stop().toCompletableFuture().join();
      simSystem.terminate();
      EndToEnd.deleteTree(dir);
    }
  }

  private static Engine start(Path dir, EslSimulator sim) {
    return Engine.start(EndToEnd.config(cassandra, "e2e_restart_it", sim.port(), dir.resolve("directory.yaml"),
        dir.resolve("voicemail")), List.of(cassandra.contactPoint()), true);
  }
}
