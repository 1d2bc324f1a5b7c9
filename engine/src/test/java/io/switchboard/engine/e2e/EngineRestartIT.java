package io.switchboard.engine.e2e;

import static io.switchboard.engine.e2e.EndToEnd.FROM_OUTSIDE;
import static io.switchboard.engine.e2e.EndToEnd.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.engine.Engine;
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

        // then the call is recovered in q-j and j1 answers it on the new engine
        second.recoversTheWaitingCallerAndJ1AnswersIt(caller, commandsBeforeRestart);
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
