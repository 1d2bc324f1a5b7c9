package io.switchboard.engine.organisation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.engine.EngineStartException;
import io.switchboard.engine.directory.DirectoryEntity;
import io.switchboard.engine.directory.DirectoryView;
import io.switchboard.engine.queue.QueueEntity;
import io.switchboard.engine.queue.QueueNotice;
import io.switchboard.engine.queue.QueueView;
import io.switchboard.engine.queue.routing.OfferOutcome;
import io.switchboard.engine.queue.routing.QueueCommand;
import io.switchboard.engine.testing.Await;
import io.switchboard.persistence.testkit.TestCassandra;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The organisation against the real Cassandra node, over real HTTP on 127.0.0.1: the directory file
 * loaded at start starts the queues and agents; agents sign in over HTTP; a test probe plays the
 * Call entity (it receives the queues' notices, and the test sends the calls' queue commands).
 */
class OrganisationIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final TestCassandra cassandra = TestCassandra.shared();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<ActorSystem<Void>> systems = new ArrayList<>();

  /** One engine node: an ActorSystem in a cluster of its own, the organisation, its HTTP routes. */
  private record Node(ActorSystem<Void> system, Organisation organisation, TestProbe<QueueNotice> calls, int port) {}

  @AfterEach
  void stop() {
    for (ActorSystem<Void> system : systems) {
      terminate(system);
    }
  }

  private static void terminate(ActorSystem<Void> system) {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("ActorSystem did not terminate", e);
    }
  }

  private Path directoryFile() throws IOException {
    for (String name : List.of("directory.yaml", "main.flow.yaml")) {
      try (var in = getClass().getResourceAsStream("/organisation/" + name)) {
        Files.write(dir.resolve(name), in.readAllBytes());
      }
    }
    return dir.resolve("directory.yaml");
  }

  private ActorSystem<Void> system(String keyspace, Path directoryFile) {
    Config config = ConfigFactory.parseMap(Map.of(
            "pekko.actor.provider", "cluster",
            "pekko.remote.artery.canonical.hostname", "127.0.0.1",
            "pekko.remote.artery.canonical.port", 0,
            "pekko.cluster.jmx.multi-mbeans-in-same-jvm", "on",
            "pekko.loggers", List.of("org.apache.pekko.event.slf4j.Slf4jLogger"),
            "pekko.logging-filter", "org.apache.pekko.event.slf4j.Slf4jLoggingFilter",
            "switchboard.engine.directory-file", directoryFile.toString()))
        .withFallback(cassandra.config(keyspace))
        .withFallback(ConfigFactory.load());
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "switchboard", config);
    systems.add(system);
    Cluster cluster = Cluster.get(system);
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    return system;
  }

  private Node start(String keyspace, Path directoryFile) {
    ActorSystem<Void> system = system(keyspace, directoryFile);
    TestProbe<QueueNotice> calls = TestProbe.create("calls", system);
    Organisation organisation = Organisation.start(system, system.settings().config(), Clock.systemUTC(), calls.ref()::tell);
    try {
      ServerBinding binding = Http.get(system).newServerAt("127.0.0.1", 0).bind(organisation.routes())
          .toCompletableFuture().get(30, TimeUnit.SECONDS);
      return new Node(system, organisation, calls, binding.localAddress().getPort());
    } catch (Exception e) {
      throw new AssertionError("HTTP did not bind", e);
    }
  }

  // -- HTTP

  private HttpResponse<String> send(Node node, String method, String path, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
        .timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private JsonNode get(Node node, String path) {
    HttpResponse<String> response = send(node, "GET", path, null);
    assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
    return json(response.body());
  }

  private static JsonNode json(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void signIn(Node node, String agentId) {
    HttpResponse<String> response = send(node, "PUT", "/agents/" + agentId + "/presence",
        "{\"presence\": \"available\", \"reason\": \"signed in\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  /** Waits until queue {@code queueId} sees {@code agentId} signed in (its report arrived). */
  private void awaitSignedIn(Node node, String queueId, String agentId) {
    Await.until(() -> view(node, queueId), v -> v.members().stream()
        .anyMatch(m -> m.agentId().equals(agentId) && m.status().signedIn()), WAIT);
  }

  private static QueueView view(Node node, String queueId) {
    return ClusterSharding.get(node.system()).entityRefFor(QueueEntity.ENTITY_KEY, queueId)
        .<QueueView>ask(QueueEntity.GetView::new, Duration.ofSeconds(10)).toCompletableFuture().join();
  }

  private static void enqueue(Node node, String queueId, String callId) {
    node.organisation().queue(queueId, QueueCommand.Enqueue.of(callId, "+15552220000", Instant.now()));
  }

  private static QueueNotice.OfferAgent expectOffer(Node node) {
    return node.calls().expectMessageClass(QueueNotice.OfferAgent.class, WAIT);
  }

  // -- tests

  @Test
  void a_call_goes_to_the_longest_idle_agent_then_to_the_next_when_one_declines() throws Exception {
    // given the directory loaded, and bob, then alice, then carol signed in over HTTP
    Node node = start("org_it_routing", directoryFile());
    signIn(node, "bob");
    awaitSignedIn(node, "support", "bob");
    signIn(node, "alice");
    awaitSignedIn(node, "support", "alice");
    signIn(node, "carol");
    awaitSignedIn(node, "support", "carol");

    // when a call joins support
    enqueue(node, "support", "call-1");

    // then bob, idle the longest, is offered it
    QueueNotice.OfferAgent first = expectOffer(node);
    assertThat(first.agentId()).isEqualTo("bob");

    // when bob declines, then the next agent answers
    node.organisation().queue("support", new QueueCommand.FailOffer("call-1", "bob", OfferOutcome.DECLINED, "CALL_REJECTED", Instant.now()));
    QueueNotice.OfferAgent second = expectOffer(node);
    assertThat(second.agentId()).isEqualTo("alice");
    node.organisation().queue("support", QueueCommand.AnswerOffers.single("call-1", "alice", Instant.now()));

    // then alice is on the call, as the agents and queues APIs show
    JsonNode alice = Await.until(() -> get(node, "/agents/alice"), a -> a.path("onCall").asBoolean(), WAIT);
    assertThat(alice.path("effectivePresence").asText()).isEqualTo("BUSY");
    JsonNode support = get(node, "/queues/support");
    assertThat(support.path("view").path("connected").get(0).path("agentId").asText()).isEqualTo("alice");
    assertThat(support.path("view").path("counters").path("answered").asInt()).isEqualTo(1);
    assertThat(support.path("view").path("recentDecisions").get(0).path("tieBreak").asText()).startsWith("longest idle: agent bob");
    JsonNode bob = Await.until(() -> get(node, "/agents/bob"), b -> b.path("missedOffers").asInt() == 1, WAIT);
    assertThat(bob.path("reservation").isNull()).isTrue();

    // when the call ends (no wrap-up in this queue), alice is free again
    node.organisation().queue("support", new QueueCommand.CompleteCall("call-1", Instant.now()));
    Await.until(() -> get(node, "/agents/alice"), a -> a.path("effectivePresence").asText().equals("AVAILABLE"), WAIT);

    // and the other read APIs answer from the loaded directory
    JsonNode queues = get(node, "/queues");
    assertThat(queues).extracting(q -> q.path("id").asText()).containsExactly("sales", "support");
    JsonNode users = get(node, "/users");
    assertThat(users.get(0).path("id").asText()).isEqualTo("alice");
    assertThat(users.get(0).path("numbers").get(0).asText()).isEqualTo("+15551000102");
    JsonNode spare = get(node, "/directory/numbers?prefix=" + URLEncoder.encode("+1555100011", StandardCharsets.UTF_8)
        + "&state=available");
    assertThat(spare).hasSize(10);
    assertThat(get(node, "/directory/numbers?pattern=" + URLEncoder.encode("+1555100010[01]", StandardCharsets.UTF_8)))
        .extracting(n -> n.path("assignedTo").path("id").asText()).containsExactly("main", "support");
    JsonNode box = get(node, "/mailboxes/support-box");
    assertThat(box.path("messageWaiting").asBoolean()).isFalse();
    assertThat(box.path("settings").path("maxMessages").asInt()).isEqualTo(20);
    assertThat(get(node, "/mailboxes/alice").path("kind").asText()).isEqualTo("USER");

    // and errors are problems with a reason
    HttpResponse<String> badPresence = send(node, "PUT", "/agents/alice/presence", "{\"presence\": \"napping\"}");
    assertThat(badPresence.statusCode()).isEqualTo(400);
    assertThat(badPresence.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(json(badPresence.body()).path("detail").asText()).startsWith("presence \"napping\" is unknown; use one of available,");
    HttpResponse<String> notMember = send(node, "POST", "/agents/carol/queues/sales/opt-in", null);
    assertThat(notMember.statusCode()).isEqualTo(422);
    assertThat(json(notMember.body()).path("detail").asText()).contains("is not a member of queue sales");
    assertThat(send(node, "GET", "/queues/billing", null).statusCode()).isEqualTo(404);
    assertThat(send(node, "GET", "/agents/nobody", null).statusCode()).isEqualTo(404);
    assertThat(send(node, "GET", "/directory/numbers?pattern=%2B1Q", null).statusCode()).isEqualTo(400);
    HttpResponse<String> wrongMethod = send(node, "DELETE", "/queues/support", null);
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(json(wrongMethod.body()).path("detail").asText()).contains("supported methods: GET");
    assertThat(send(node, "GET", "/no-such-thing", null).statusCode()).isEqualTo(404);

    // and an agent opting out is no longer offered that queue's calls
    assertThat(send(node, "POST", "/agents/bob/queues/support/opt-out", null).statusCode()).isEqualTo(200);
    assertThat(get(node, "/agents/bob").path("queues").path("support").asBoolean()).isFalse();

    // and an agent on a direct call (as a Call reports it through its peers) is skipped as busy
    OrganisationCallPeers callPeers = new OrganisationCallPeers(node.organisation(),
        (mediaNode, command) -> java.util.concurrent.CompletableFuture.failedFuture(new UnsupportedOperationException()));
    callPeers.agentOnDirectCall("alice", "direct-1", true, Instant.now());
    Await.until(() -> view(node, "support"), v -> v.members().stream().anyMatch(m -> m.agentId().equals("alice") && m.status().onCall()), WAIT);
    Await.until(() -> view(node, "support"), v -> v.members().stream().anyMatch(m -> m.agentId().equals("bob") && !m.status().optedIn()), WAIT);
    callPeers.queue("support", QueueCommand.Enqueue.of("call-2", "+15552220001", Instant.now()));
    QueueNotice.OfferAgent third = expectOffer(node);
    assertThat(third.agentId()).isEqualTo("carol");
    JsonNode decision = get(node, "/queues/support").path("view").path("recentDecisions").get(2);
    assertThat(decision.path("callId").asText()).isEqualTo("call-2");
    assertThat(decision.path("candidates")).anySatisfy(c -> {
      assertThat(c.path("agentId").asText()).isEqualTo("alice");
      assertThat(c.path("verdict").asText()).isEqualTo("BUSY");
    });
    assertThat(callPeers.directory().users()).containsKey("alice");
    assertThat(callPeers.currentFlow("main")).isPresent();
  }

  @Test
  void two_queues_sharing_an_agent_never_offer_it_two_calls_at_once() throws Exception {
    // given only alice, a member of sales and support, is signed in
    Node node = start("org_it_shared", directoryFile());
    signIn(node, "alice");
    awaitSignedIn(node, "support", "alice");
    awaitSignedIn(node, "sales", "alice");

    // when a call arrives in each queue at once
    enqueue(node, "sales", "call-s");
    enqueue(node, "support", "call-p");

    // then she is offered exactly one of them
    QueueNotice.OfferAgent offer = expectOffer(node);
    assertThat(offer.agentId()).isEqualTo("alice");
    node.calls().expectNoMessage(Duration.ofSeconds(2));

    // when she answers and the call ends
    node.organisation().queue(offer.queueId(), QueueCommand.AnswerOffers.single(offer.callId(), "alice", Instant.now()));
    node.calls().expectNoMessage(Duration.ofSeconds(1));
    node.organisation().queue(offer.queueId(), new QueueCommand.CompleteCall(offer.callId(), Instant.now()));

    // then the other call is offered to her
    QueueNotice.OfferAgent next = expectOffer(node);
    assertThat(next.agentId()).isEqualTo("alice");
    assertThat(next.callId()).isNotEqualTo(offer.callId());
    assertThat(next.queueId()).isNotEqualTo(offer.queueId());
  }

  @Test
  void after_an_engine_restart_the_waiting_call_is_recovered_and_routed_when_an_agent_signs_in() throws Exception {
    // given a call waits in support while nobody is signed in
    Path file = directoryFile();
    Node first = start("org_it_restart", file);
    enqueue(first, "support", "call-r");
    Await.until(() -> view(first, "support"), v -> v.waiting().size() == 1, WAIT);
    long directoryRevision = first.organisation().directoryView().revision();

    // when the engine stops and starts again on the same journal
    terminate(first.system());
    Node second = start("org_it_restart", file);

    // then the queue is back with its caller, and the directory was not journaled again
    QueueView recovered = view(second, "support");
    assertThat(recovered.waiting()).extracting(QueueView.Waiting::callId).containsExactly("call-r");
    assertThat(second.organisation().directoryView().revision()).isEqualTo(directoryRevision);

    // when carol signs in
    signIn(second, "carol");

    // then the recovered call is offered to her
    QueueNotice.OfferAgent offer = expectOffer(second);
    assertThat(offer.callId()).isEqualTo("call-r");
    assertThat(offer.agentId()).isEqualTo("carol");
  }

  @Test
  void a_directory_file_with_errors_refuses_the_start_and_a_reload_with_errors_changes_nothing() throws Exception {
    // given a broken file: two errors
    Path file = directoryFile();
    String good = Files.readString(file);
    Files.writeString(file, good.replace("extension: \"1002\"", "extension: \"1001\"").replace("agentAlertTime: 3m\n    noAgents: keep-waiting\n    announcements: { position: false",
        "agentAlertTime: 5s\n    noAgents: keep-waiting\n    announcements: { position: false"));

    // when / then the start is refused with every error, file:line:column
    ActorSystem<Void> refused = system("org_it_errors", file);
    assertThatThrownBy(() -> Organisation.start(refused, refused.settings().config(), Clock.systemUTC(), notice -> { }))
        .isInstanceOf(EngineStartException.class)
        .hasMessageStartingWith("The directory file " + file + " has 2 error(s); fix them and start again:")
        .hasMessageContaining(file + ":")
        .hasMessageContaining("extension 1001 is already used by user alice")
        .hasMessageContaining("agent alert time 5s is out of range");

    // given a running engine on the good file
    Files.writeString(file, good);
    Node node = start("org_it_reload", file);
    long revision = node.organisation().directoryView().revision();
    JsonNode usersBefore = get(node, "/users");

    // when the file is broken and reloaded
    Files.writeString(file, good.replace("extension: \"1002\"", "extension: \"1001\""));
    HttpResponse<String> reload = send(node, "POST", "/directory/reload", null);

    // then nothing changed and the answer lists the error
    assertThat(reload.statusCode()).isEqualTo(422);
    assertThat(json(reload.body()).path("errors").get(0).asText()).startsWith(file + ":").contains("extension 1001 is already used");
    assertThat(get(node, "/users")).isEqualTo(usersBefore);
    assertThat(currentRevision(node)).isEqualTo(revision);

    // when the file is fixed with a new user and a flow file that no longer compiles
    Files.writeString(file, good.replace("  - id: dave\n", "  - id: erin\n    extension: \"1005\"\n    name: Erin New\n  - id: dave\n"));
    Files.writeString(dir.resolve("main.flow.yaml"), "flow: main\nstart: nowhere\n");
    HttpResponse<String> fixed = send(node, "POST", "/directory/reload", null);

    // then the user is added, the flow keeps its running version
    assertThat(fixed.statusCode()).as(fixed.body()).isEqualTo(200);
    assertThat(json(fixed.body()).path("directoryChanges").asInt()).isEqualTo(1);
    assertThat(json(fixed.body()).path("flowsKept")).extracting(JsonNode::asText).containsExactly("main");
    assertThat(get(node, "/users")).extracting(u -> u.path("id").asText()).contains("erin");
    assertThat(get(node, "/mailboxes/erin").path("kind").asText()).isEqualTo("USER");
    assertThat(node.organisation().currentFlow("main")).isPresent();
    assertThat(currentRevision(node)).as("UserAdded and MailboxProvisioned").isEqualTo(revision + 2);
  }

  private static long currentRevision(Node node) {
    return DirectoryEntity.ref(ClusterSharding.get(node.system()))
        .<DirectoryView.Published>ask(DirectoryEntity.Get::new, Duration.ofSeconds(10)).toCompletableFuture().join().revision();
  }
}
