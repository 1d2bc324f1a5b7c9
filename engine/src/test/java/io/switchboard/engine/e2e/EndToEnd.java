package io.switchboard.engine.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.agents.Agent;
import io.switchboard.agents.AgentEntity;
import io.switchboard.engine.Engine;
import io.switchboard.engine.call.CallEntity;
import io.switchboard.engine.call.CallEvent;
import io.switchboard.engine.call.CallHistory;
import io.switchboard.engine.call.CallReplay;
import io.switchboard.engine.call.CallState;
import io.switchboard.engine.queue.QueueEntity;
import io.switchboard.engine.queue.QueueView;
import io.switchboard.engine.queue.routing.QueueEvent;
import io.switchboard.engine.testing.Await;
import io.switchboard.engine.voicemail.MailboxEntity;
import io.switchboard.engine.voicemail.MailboxEvent;
import io.switchboard.media.sim.EslSimulator;
import io.switchboard.media.sim.ReceivedCommand;
import io.switchboard.media.sim.SimChannelView;
import io.switchboard.media.sim.SimulatorSettings;
import io.switchboard.persistence.testkit.TestCassandra;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * What the end-to-end scenarios share: the whole engine ({@link Engine#start}, with its directory
 * file, the real Cassandra node and nothing faked) connected over TCP to the ESL simulator, and
 * the means to drive and observe it from outside: the HTTP API, the simulator (calls, phones,
 * the ESL commands it received), the entities' own journals read back through Pekko Persistence
 * Query, and conditions awaited with a deadline. One per engine; used from the test thread.
 */
final class EndToEnd {

  static final Duration WAIT = Duration.ofSeconds(30);
  static final String PASSWORD = "ClueCon";
  /** The channel variable the carrier dialplan of the config kit sets on calls from outside. */
  static final Map<String, String> FROM_OUTSIDE = Map.of("switchboard_inbound", "true");
  /** The channel variable the internal dialplan sets on calls from the organisation's phones. */
  static final Map<String, String> FROM_INSIDE = Map.of("switchboard_internal", "true");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Engine engine;
  private final EslSimulator sim;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final CassandraReadJournal journal;

  EndToEnd(Engine engine, EslSimulator sim) {
    this.engine = engine;
    this.sim = sim;
    this.journal = PersistenceQuery.get(Adapter.toClassic(engine.system()))
        .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
  }

  Engine engine() {
    return engine;
  }

  // ------------------------------------------------------------------ setting up

  /** The ESL simulator on a free port; prompts play for 200 ms. */
  static EslSimulator simulator(ActorSystem<Void> system) {
    try {
      return EslSimulator.start(system, SimulatorSettings.of(0, PASSWORD).withDefaultPlayback(Duration.ofMillis(200)))
          .toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the ESL simulator did not start", e);
    }
  }

  /** Copies the test resources {@code /e2e/<files>} into {@code dir}, keeping their folders. */
  static Path copyResources(Path dir, String... files) {
    try {
      for (String file : files) {
        Path target = dir.resolve(file);
        Files.createDirectories(target.getParent());
        try (InputStream in = EndToEnd.class.getResourceAsStream("/e2e/" + file)) {
          if (in == null) {
            throw new AssertionError("no test resource /e2e/" + file);
          }
          Files.write(target, in.readAllBytes());
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The engine's configuration: one media node (the simulator), ephemeral HTTP and cluster ports,
   * the directory file, voicemail recorded under {@code voicemailDir}, journal in {@code keyspace}.
   */
  static Config config(TestCassandra cassandra, String keyspace, int simPort, Path directoryFile, Path voicemailDir) {
    return ConfigFactory.parseString("switchboard.media.nodes = [ { id = \"fs1\", host = \"127.0.0.1\", port = "
            + simPort + ", password = \"" + PASSWORD + "\" } ]")
        .withFallback(ConfigFactory.parseMap(Map.of(
            "switchboard.engine.http.port", 0,
            "switchboard.engine.cluster.port", 0,
            "switchboard.engine.directory-file", directoryFile.toString(),
            "switchboard.engine.calls.voicemail-dir", voicemailDir.toString(),
            "switchboard.engine.calls.prompts.outside-failed", "say:Sorry, your call cannot be completed.")))
        .withFallback(cassandra.settingsConfig(keyspace))
        .withFallback(ConfigFactory.load());
  }

  /** Waits until {@code /ready} says yes, media included. */
  void awaitReady() {
    awaitTrue("the engine is ready with its media node", () -> get("/ready").statusCode() == 200);
    assertThat(get("/ready").body()).contains("\"media\":\"ok\"");
  }

  static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ------------------------------------------------------------------ agents

  /**
   * Signs the agent in over HTTP ({@code PUT /agents/{id}/presence}) and waits until each of
   * {@code queues} has its report: from then on their routing sees the agent.
   */
  void signIn(String agentId, String... queues) {
    HttpResponse<String> response = put("/agents/" + agentId + "/presence",
        "{\"presence\": \"available\", \"reason\": \"start of shift\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    for (String queueId : queues) {
      awaitTrue(agentId + " signed in as queue " + queueId + " sees it", () -> queueView(queueId).members().stream()
          .anyMatch(m -> m.agentId().equals(agentId) && m.status().signedIn() && m.status().idleSince() != null));
    }
  }

  Agent.State agent(String agentId) {
    return engine.sharding().entityRefFor(AgentEntity.ENTITY_KEY, agentId)
        .<Agent.State>ask(AgentEntity.GetState::new, Duration.ofSeconds(10)).toCompletableFuture().join();
  }

  QueueView queueView(String queueId) {
    return engine.sharding().entityRefFor(QueueEntity.ENTITY_KEY, queueId)
        .<QueueView>ask(QueueEntity.GetView::new, Duration.ofSeconds(10)).toCompletableFuture().join();
  }

  // ------------------------------------------------------------------ calls

  CallState call(String callId) {
    return engine.sharding().entityRefFor(CallEntity.ENTITY_KEY, callId)
        .<CallState>ask(CallEntity.GetState::new, Duration.ofSeconds(10)).toCompletableFuture().join();
  }

  CallState awaitCall(String callId, String what, Predicate<CallState> condition) {
    return awaitValue("call " + callId + ": " + what, () -> {
      CallState s = call(callId);
      return condition.test(s) ? s : null;
    });
  }

  CallState awaitConnected(String callId) {
    return awaitCall(callId, "connected", s -> s.stage() instanceof CallState.Stage.Connected);
  }

  CallState awaitEnded(String callId) {
    return awaitCall(callId, "ended", s -> s.status() == CallState.Status.ENDED);
  }

  /** The call's journal as the engine reads it for {@code /calls/{id}} and replays. */
  List<CallEvent> callJournal(String callId) {
    return CallHistory.journal(engine.system()).events(callId).toCompletableFuture().join();
  }

  // ------------------------------------------------------------------ journals

  /** Every event journaled by the entity {@code type|id}, oldest first. */
  List<Object> journal(String entityType, String id) {
    try {
      return journal.currentEventsByPersistenceId(PersistenceId.of(entityType, id).id(), 0L, Long.MAX_VALUE)
          .map(EventEnvelope::event)
          .runWith(Sink.seq(), engine.system())
          .toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("cannot read the journal of " + entityType + "|" + id, e);
    }
  }

  List<QueueEvent> queueJournal(String queueId) {
    return journal(QueueEntity.ENTITY_KEY.name(), queueId).stream().map(QueueEvent.class::cast).toList();
  }

  List<Agent.Event> agentJournal(String agentId) {
    return journal(AgentEntity.ENTITY_KEY.name(), agentId).stream().map(Agent.Event.class::cast).toList();
  }

  List<MailboxEvent> mailboxJournal(String mailboxId) {
    return journal(MailboxEntity.ENTITY_KEY.name(), mailboxId).stream().map(MailboxEvent.class::cast).toList();
  }

  /** Waits until the journal read by {@code read} holds an event of {@code type} matching {@code condition}. */
  <E, T extends E> T awaitJournaled(String what, Supplier<List<E>> read, Class<T> type, Predicate<T> condition) {
    return awaitValue(what, () -> read.get().stream().filter(type::isInstance).map(type::cast).filter(condition)
        .findFirst().orElse(null));
  }

  static <E, T extends E> List<T> ofType(List<E> events, Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  // ------------------------------------------------------------------ ESL

  /**
   * The commands the simulator received about any of these channels, one line each, in order: api lines as sent,
   * sendmsg executes as {@code sendmsg <uuid> <app> <arg>}.
   */
  List<String> lines(String... uuids) {
    return sim.commands().stream()
        .filter(c -> Stream.of(uuids).anyMatch(c.command()::contains))
        .map(EndToEnd::line)
        .toList();
  }

  /**
   * Waits until the commands about {@code uuids} hold {@code expected} in this order (other lines
   * may come between): the engine answers the API and journals before its commands reach
   * FreeSWITCH.
   */
  void awaitLines(List<String> expected, String... uuids) {
    awaitTrue("the ESL commands " + expected, () -> {
      int next = 0;
      for (String line : lines(uuids)) {
        if (next < expected.size() && line.equals(expected.get(next))) {
          next++;
        }
      }
      return next == expected.size();
    });
  }

  static String line(ReceivedCommand c) {
    return c.command().startsWith("sendmsg") && !c.application().isEmpty()
        ? (c.command() + " " + c.application() + " " + c.body()).strip()
        : c.command();
  }

  /** The originates the engine sent for call {@code callId}, oldest first. */
  List<String> originates(String callId) {
    return sim.commands().stream().map(ReceivedCommand::command)
        .filter(c -> c.startsWith("bgapi originate") && c.contains("switchboard_call_id=" + callId + ","))
        .toList();
  }

  // ------------------------------------------------------------------ HTTP

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET().timeout(Duration.ofSeconds(15)).build());
  }

  HttpResponse<String> post(String path, String body) {
    return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(15))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  HttpResponse<String> put(String path, String body) {
    return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(15))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + engine.httpAddress().getPort() + path);
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  // ------------------------------------------------------------------ after a restart

  /**
   * What (j) requires of the engine that took over, whether the first one stopped or was killed:
   * the caller waiting in q-j is recovered there, once; j1 signs in, is offered it once and
   * answers; the same caller channel is bridged to j1; the hang-up completes the call in the queue
   * and frees j1; and the call's journal, written by two engines, replays without divergence.
   *
   * @param commandsBeforeRestart how many ESL commands the simulator had received before the restart
   */
  void recoversTheWaitingCallerAndJ1AnswersIt(String caller, int commandsBeforeRestart) {
    // the call is recovered, still queued, and q-j holds it once
    CallState recovered = awaitCall(caller, "queued in q-j again",
        s -> s.stage() instanceof CallState.Stage.Queued q && q.queueId().equals("q-j"));
    assertThat(recovered.status()).isNotEqualTo(CallState.Status.ENDED);
    awaitTrue("q-j shows the caller waiting", () -> queueView("q-j").waiting().stream()
        .anyMatch(w -> w.callId().equals(caller)));
    assertThat(queueView("q-j").waiting()).filteredOn(w -> w.callId().equals(caller)).hasSize(1);
    assertThat(sim.channel(caller).map(SimChannelView::callState)).contains("ACTIVE");

    // when j1 signs in (on the new engine)
    signIn("j1", "q-j");

    // then j1's phone rings once, answers, and the same caller channel is bridged to it
    CallState connected = awaitConnected(caller);
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
    assertThat(originates(caller)).hasSize(1)
        .allMatch(o -> o.contains("user/2101") && o.contains("switchboard_agent=j1"));

    // the queue's journal holds the call once, across both engines, then j1's answer
    List<QueueEvent> queue = queueJournal("q-j");
    assertThat(ofType(queue, QueueEvent.CallEnqueued.class)).filteredOn(e -> e.callId().equals(caller)).hasSize(1);
    awaitJournaled("j1's answer", () -> queueJournal("q-j"), QueueEvent.CallAnswered.class,
        a -> a.callId().equals(caller) && a.agentId().equals("j1"));

    // when the caller hangs up, the call ends, the queue completes it and j1 is free again
    assertThat(sim.hangup(caller, "NORMAL_CLEARING")).isTrue();
    awaitEnded(caller);
    awaitJournaled("the completion", () -> queueJournal("q-j"), QueueEvent.CallCompleted.class,
        c -> c.callId().equals(caller) && c.agentId().equals("j1"));
    awaitTrue("j1 holds no reservation and no call", () -> {
      Agent.State j1 = agent("j1");
      return j1.reservation() == null && j1.calls().isEmpty();
    });

    // and the call's journal, written by two engines, replays without divergence
    List<CallEvent> journal = callJournal(caller);
    assertThat(journal).extracting(e -> e.input().getClass().getSimpleName())
        .containsSubsequence("ChannelParked", "FromQueue", "ChannelAnswered", "ChannelHungUp");
    assertThat(CallReplay.replay(caller, journal, engine.organisation()::flowVersion).divergence()).isNull();
  }

  // ------------------------------------------------------------------ waiting

  static void awaitTrue(String what, Supplier<Boolean> condition) {
    awaitValue(what, () -> condition.get() ? Boolean.TRUE : null);
  }

  /** Reads {@code value} until it is not null; fails after {@link #WAIT}. */
  static <T> T awaitValue(String what, Supplier<T> value) {
    return Await.present(what, value, WAIT);
  }
}
