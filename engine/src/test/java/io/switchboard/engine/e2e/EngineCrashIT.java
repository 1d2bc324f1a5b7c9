package io.switchboard.engine.e2e;

import static io.switchboard.engine.e2e.EndToEnd.FROM_OUTSIDE;
import static io.switchboard.engine.e2e.EndToEnd.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.engine.Engine;
import io.switchboard.media.sim.EndpointScript;
import io.switchboard.media.sim.EslSimulator;
import io.switchboard.media.sim.SimChannelView;
import io.switchboard.persistence.testkit.TestCassandra;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Scenario (j), the hard way: the engine process is killed (SIGKILL: no CoordinatedShutdown, no
 * sharding hand-off, nothing flushed) while a caller waits in a queue.
 *
 * <p>The first engine is the product itself, {@code java -jar switchboard.jar run} in a JVM of its
 * own ({@link EngineProcess}), configured through environment variables to use the test's Cassandra
 * node and the ESL simulator this test runs. Once the caller is queued the process is killed; the
 * simulator (FreeSWITCH) keeps the caller parked. A second {@link Engine}, in this JVM, on the same
 * keyspace and simulator, recovers the call from the journal (woken by the media reconciliation);
 * the call re-sends its place in the queue on recovery and the queue drops the duplicate, so the
 * queue journal holds one {@code CallEnqueued}. An agent signing in gets the one offer, answers, and
 * the journal written by two engines replays without divergence.
 */
class EngineCrashIT {

  private static final TestCassandra cassandra = TestCassandra.shared();
  private static final String KEYSPACE = "e2e_crash_it";
  /** A cold JVM starting Pekko, the Cassandra driver and the schema on two busy cores. */
  private static final Duration PROCESS_START = Duration.ofSeconds(90);

  private static EngineProcess first;

  @AfterAll
  static void noOrphanEngine() {
    if (first != null && first.isAlive()) {
      first.kill();
    }
  }

  @Test
  void a_call_waiting_in_a_queue_survives_the_engine_process_being_killed_and_is_answered_by_the_next_engine()
      throws Exception {
    Path dir = Files.createTempDirectory("e2e-crash-it");
    EndToEnd.copyResources(dir, "directory.yaml", "flows/e2e-main.flow.yaml");
    ActorSystem<Void> simSystem = ActorSystem.create(Behaviors.empty(), "esl-sim");
    EslSimulator sim = EndToEnd.simulator(simSystem);
    sim.scriptEndpoint("user/2101", EndpointScript.answerAfter(Duration.ofMillis(200)));
    try {
      // given the product's engine, in its own JVM, and a caller waiting in q-j where no agent is signed in
      first = EngineProcess.start(environment(dir, sim), logFile());
      String caller;
      try {
        first.awaitReady(PROCESS_START);
        caller = sim.placeInboundCall("+12125550110", "Jo Caller", "+15552000110", FROM_OUTSIDE);
        first.await("the call is queued in q-j (GET /calls/" + caller + ")", EndToEnd.WAIT, () -> {
          HttpResponse<String> call = first.get("/calls/" + caller);
          JsonNode stage = call.statusCode() == 200 ? EndToEnd.json(call).path("state").path("stage") : null;
          return stage != null && stage.path("stage").asText().equals("queued")
              && stage.path("queueId").asText().equals("q-j") ? Boolean.TRUE : null;
        });
        first.await("q-j holds the caller (GET /queues/q-j)", EndToEnd.WAIT, () -> {
          HttpResponse<String> queue = first.get("/queues/q-j");
          return queue.statusCode() == 200 && StreamSupport.stream(
                  EndToEnd.json(queue).path("view").path("waiting").spliterator(), false)
              .anyMatch(w -> w.path("callId").asText().equals(caller)) ? Boolean.TRUE : null;
        });
        awaitTrue("the call id on the caller's channel", () -> sim.commands().stream().map(EndToEnd::line)
            .anyMatch(("api uuid_setvar " + caller + " switchboard_call_id " + caller)::equals));
      } finally {
        // when the engine process is killed: SIGKILL, whatever happened above
        first.kill();
      }
      assertThat(first.exitValue()).as("killed by SIGKILL, see " + first.log()).isEqualTo(128 + 9);
      assertThat(Files.readString(first.log())).as("no CoordinatedShutdown ran in the killed engine")
          .contains("Press Ctrl-C to stop.").doesNotContain("Shutting down (");
      // FreeSWITCH keeps the caller, hearing the queue's music
      assertThat(sim.channel(caller).map(SimChannelView::callState)).contains("ACTIVE");
      int commandsBeforeRestart = sim.commands().size();

      // and a second engine starts on the same journal and the same FreeSWITCH
      EndToEnd second = new EndToEnd(Engine.start(EndToEnd.config(cassandra, KEYSPACE, sim.port(),
          dir.resolve("directory.yaml"), dir.resolve("voicemail")), List.of(cassandra.contactPoint()), true), sim);
      try {
        second.awaitReady();

        // then the call is recovered in q-j and j1 answers it on the new engine
        second.recoversTheWaitingCallerAndJ1AnswersIt(caller, commandsBeforeRestart);
      } finally {
        assertThat(second.engine().shutdown(Duration.ofSeconds(60))).isTrue();
      }
    } finally {
      if (first != null && first.isAlive()) {
        first.kill();
      }
      sim.stop().toCompletableFuture().join();
      simSystem.terminate();
      EndToEnd.deleteTree(dir);
    }
  }

  /**
   * What an operator would set: the test's Cassandra node as an external cluster with this test's
   * keyspace (created on start), free HTTP and cluster ports on 127.0.0.1, the simulator as the
   * only FreeSWITCH node, the directory file, voicemail and data under the temporary directory.
   */
  private static Map<String, String> environment(Path dir, EslSimulator sim) {
    return Map.ofEntries(
        Map.entry("SWITCHBOARD_CASSANDRA_CONTACT_POINTS", cassandra.contactPoint()),
        Map.entry("SWITCHBOARD_CASSANDRA_KEYSPACE", KEYSPACE),
        Map.entry("SWITCHBOARD_CASSANDRA_SCHEMA_AUTOCREATE", "true"),
        Map.entry("SWITCHBOARD_HTTP_HOST", "127.0.0.1"),
        Map.entry("SWITCHBOARD_HTTP_PORT", "0"),
        Map.entry("SWITCHBOARD_CLUSTER_HOST", "127.0.0.1"),
        Map.entry("SWITCHBOARD_CLUSTER_PORT", "0"),
        Map.entry("SWITCHBOARD_MEDIA_NODES", "fs1=127.0.0.1:" + sim.port()),
        Map.entry("SWITCHBOARD_MEDIA_PASSWORD", EndToEnd.PASSWORD),
        Map.entry("SWITCHBOARD_DIRECTORY_FILE", dir.resolve("directory.yaml").toString()),
        Map.entry("SWITCHBOARD_VOICEMAIL_DIR", dir.resolve("voicemail").toString()),
        Map.entry("SWITCHBOARD_DATA_DIR", dir.resolve("data").toString()));
  }

  /** target/engine-process/EngineCrashIT.log, beside the jar; kept after the run for a failure's diagnosis. */
  private static Path logFile() {
    String jar = System.getProperty(EngineProcess.JAR_PROPERTY, "target/switchboard.jar");
    return Path.of(jar).toAbsolutePath().resolveSibling("engine-process").resolve("EngineCrashIT.log");
  }
}
