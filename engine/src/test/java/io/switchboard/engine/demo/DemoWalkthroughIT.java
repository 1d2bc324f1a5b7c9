package io.switchboard.engine.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.engine.Engine;
import io.switchboard.engine.EngineExtension;
import io.switchboard.persistence.testkit.TestCassandra;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.server.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's demo walkthrough, over HTTP, against the engine in demo mode: the real demo
 * directory ({@code demo/directory.yaml}, the example flows), the ESL simulator on a free port,
 * the real Cassandra node of the tests. Agents become available, a caller dials, presses a key,
 * reaches an agent (bridged), hangs up; the agent goes through wrap-up back to available.
 *
 * <p>The engine and the simulator run on a clock set to a Monday morning in Paris, so that the
 * main line's business-hours schedule is open whatever the hour the build runs (the sales line
 * has no schedule).
 */
class DemoWalkthroughIT {

  private static final TestCassandra cassandra = TestCassandra.shared();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(30);
  /** Monday 7 December 2026, 10:00 in Paris: the main line is open (no holiday). */
  private static final Instant BUSINESS_HOURS =
      ZonedDateTime.of(2026, 12, 7, 10, 0, 0, 0, ZoneId.of("Europe/Paris")).toInstant();
  private static final String SALES_LINE = "+33184880101";
  private static final String MAIN_LINE = "+33184880100";

  @TempDir static Path dataDir;

  private static DemoMode demo;
  private static Engine engine;
  private static String http;
  private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeAll
  static void startTheDemo() {
    Path folder = Path.of("..", "demo").toAbsolutePath().normalize();
    assertThat(folder.resolve("directory.yaml")).as("the repository's demo folder").exists();
    Config root = ConfigFactory.parseMap(Map.of(
            "switchboard.engine.http.port", 0,
            "switchboard.engine.cluster.port", 0,
            "switchboard.engine.directory-file", "",
            "switchboard.engine.demo.media-sim", true,
            // ConfigFactory.load() has resolved the demo files against the default folder already.
            "switchboard.engine.demo.folder", folder.toString(),
            "switchboard.engine.demo.directory-file", folder.resolve("directory.yaml").toString(),
            "switchboard.engine.demo.endpoints-file", folder.resolve("endpoints.txt").toString(),
            "switchboard.persistence.data-dir", dataDir.toString()))
        .withFallback(cassandra.settingsConfig("demo_walkthrough_it"))
        .withFallback(ConfigFactory.load())
        .resolve();
    Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), BUSINESS_HOURS));
    demo = DemoMode.start(root, clock);
    EngineExtension sim = demo.extension();
    EngineExtension onBusinessHours = new EngineExtension() {
      @Override
      public Clock clock() {
        return clock;
      }

      @Override
      public Optional<Route> routes(ActorSystem<?> system) {
        return sim.routes(system);
      }

      @Override
      public Map<String, String> readinessNotes() {
        return sim.readinessNotes();
      }

      @Override
      public Route wrap(Route all) {
        return sim.wrap(all);
      }
    };
    engine = Engine.start(demo.engineConfig(), List.of(cassandra.contactPoint()), true, Optional.empty(),
        onBusinessHours);
    http = "http://127.0.0.1:" + engine.httpAddress().getPort();
    await("GET /ready is 200", () -> get("/ready"), r -> r.statusCode() == 200);
  }

  @AfterAll
  static void stopTheDemo() {
    try {
      if (engine != null) {
        assertThat(engine.shutdown(Duration.ofSeconds(60))).isTrue();
      }
    } finally {
      if (demo != null) {
        demo.stop();
      }
    }
  }

  @Test
  void the_readme_walkthrough_a_call_to_the_sales_line_reaches_alice_then_she_wraps_up() {
    // given: the README's step 1, Alice and Bob become available
    HttpResponse<String> ready = get("/ready");
    assertThat(ready.headers().firstValue(DemoMode.HEADER)).contains("simulated");
    assertThat(json(ready).path("notes").path("media").asText()).startsWith("simulated: Switchboard's ESL simulator");
    for (String agent : List.of("alice", "bob")) {
      HttpResponse<String> presence = put("/agents/" + agent + "/presence", "{\"presence\": \"available\"}");
      assertThat(presence.statusCode()).as(presence.body()).isEqualTo(200);
    }
    awaitAgent("alice", "AVAILABLE");

    // when: step 2, a caller dials the sales line
    HttpResponse<String> placed = post("/sim/calls",
        "{\"from\": \"+33612345678\", \"callerName\": \"Jane Doe\", \"to\": \"" + SALES_LINE + "\"}");
    assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
    String callId = json(placed).path("callId").asText();
    // the sales attendant's menu plays
    await("the sales menu plays", () -> call(callId),
        c -> "sales-options".equals(c.at("/state/flow/state/position/node").asText()));

    // and: step 3, the caller presses 1
    HttpResponse<String> dtmf = post("/sim/channels/" + callId + "/dtmf", "{\"digits\": \"1\"}");
    assertThat(dtmf.statusCode()).as(dtmf.body()).isEqualTo(200);

    // then: step 4, the call is connected to Alice (serial routing: she is first), and bridged
    JsonNode connected = await("the call is connected to an agent", () -> call(callId),
        c -> "connected".equals(c.at("/state/stage/stage").asText()));
    assertThat(connected.at("/state/stage/link/agentId").asText()).isEqualTo("alice");
    assertThat(connected.at("/state/stage/link/queueId").asText()).isEqualTo("sales");
    String agentLeg = connected.at("/state/stage/otherLeg").asText();
    JsonNode callerChannel = json(get("/sim/channels/" + callId)).path("channel");
    assertThat(callerChannel.path("bridgedTo").asText()).isEqualTo(agentLeg);
    assertThat(json(get("/sim/channels/" + agentLeg)).at("/channel/name").asText()).isEqualTo("user/201");
    JsonNode queue = json(get("/queues/sales"));
    assertThat(queue.at("/view/connected/0/agentId").asText()).isEqualTo("alice");
    assertThat(queue.at("/view/recentDecisions/0/chosen/0").asText()).isEqualTo("alice");
    assertThat(json(get("/agents/alice")).path("effectivePresence").asText()).isEqualTo("BUSY");
    List<String> esl = eslCommands(callId);
    assertThat(esl).anyMatch(c -> c.startsWith("api uuid_bridge " + callId + " " + agentLeg));
    assertThat(esl).anyMatch(c -> c.startsWith("bgapi originate") && c.contains("user/201"));

    // when: step 5, the caller hangs up
    HttpResponse<String> hangup = post("/sim/channels/" + callId + "/hangup", "");
    assertThat(hangup.statusCode()).as(hangup.body()).isEqualTo(200);

    // then: the call ends, Alice wraps up (5 s in the sales queue), then is available again
    await("the call ends", () -> call(callId), c -> "ENDED".equals(c.at("/state/status").asText()));
    JsonNode wrapUp = awaitAgent("alice", "WRAP_UP");
    assertThat(wrapUp.path("wrapUpUntil").isTextual()).isTrue();
    JsonNode available = awaitAgent("alice", "AVAILABLE");
    assertThat(available.path("onCall").asBoolean()).isFalse();
    assertThat(json(get("/sim/channels")).path("channels")).isEmpty();
  }

  @Test
  void a_call_to_the_main_line_in_business_hours_goes_through_the_nested_sales_menu_to_an_agent() {
    // given
    for (String agent : List.of("alice", "bob")) {
      assertThat(put("/agents/" + agent + "/presence", "{\"presence\": \"available\"}").statusCode()).isEqualTo(200);
    }
    awaitAgent("alice", "AVAILABLE");

    // when: the caller dials the main line, and presses 1 (sales) at its menu
    String callId = json(post("/sim/calls", "{\"from\": \"+33612345678\", \"to\": \"" + MAIN_LINE + "\"}"))
        .path("callId").asText();
    await("the main menu plays", () -> call(callId),
        c -> "main-menu".equals(c.at("/state/flow/state/position/node").asText()));
    assertThat(post("/sim/channels/" + callId + "/dtmf", "{\"digits\": \"1\"}").statusCode()).isEqualTo(200);
    // then 1 again in the nested sales attendant (a new order)
    await("the nested sales menu plays", () -> call(callId),
        c -> "sales-options".equals(c.at("/state/flow/state/position/node").asText()));
    assertThat(post("/sim/channels/" + callId + "/dtmf", "{\"digits\": \"1\"}").statusCode()).isEqualTo(200);

    // then
    JsonNode connected = await("the call is connected to an agent", () -> call(callId),
        c -> "connected".equals(c.at("/state/stage/stage").asText()));
    assertThat(connected.at("/state/stage/link/agentId").asText()).isEqualTo("alice");
    List<String> decisions = StreamSupport.stream(connected.path("history").spliterator(), false)
        .flatMap(step -> StreamSupport.stream(step.path("facts").spliterator(), false))
        .filter(fact -> "decided".equals(fact.path("fact").asText()))
        .map(fact -> fact.path("outcome").asText())
        .toList();
    assertThat(decisions).startsWith("flow main-line", "open");

    // and the caller hangs up; Alice is available again after her wrap-up
    assertThat(post("/sim/channels/" + callId + "/hangup", "").statusCode()).isEqualTo(200);
    await("the call ends", () -> call(callId), c -> "ENDED".equals(c.at("/state/status").asText()));
    awaitAgent("alice", "AVAILABLE");
  }

  // ---------------------------------------------------------------------------------------------

  private static JsonNode call(String callId) {
    return json(get("/calls/" + callId));
  }

  private static JsonNode awaitAgent(String agentId, String effectivePresence) {
    return await("agent " + agentId + " is " + effectivePresence, () -> json(get("/agents/" + agentId)),
        a -> effectivePresence.equals(a.path("effectivePresence").asText()));
  }

  private static List<String> eslCommands(String channel) {
    return StreamSupport.stream(json(get("/sim/commands?limit=200&channel=" + channel)).path("commands").spliterator(),
        false).map(c -> c.path("esl").asText()).toList();
  }

  private static <T> T await(String what, java.util.function.Supplier<T> value, Predicate<T> done) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    T current = value.get();
    while (!done.test(current)) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(what + ": not within " + WAIT.toSeconds() + " s; last value: " + current);
      }
      // Poll gently: each read is an HTTP request that asks an entity.
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
      current = value.get();
    }
    return current;
  }

  private static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(http + path)).GET());
  }

  private static HttpResponse<String> post(String path, String body) {
    return send(HttpRequest.newBuilder(URI.create(http + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private static HttpResponse<String> put(String path, String body) {
    return send(HttpRequest.newBuilder(URI.create(http + path)).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return client.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
