package io.switchboard.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The health routes over real HTTP, with a readiness probe the test controls. */
class HealthRoutesTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final AtomicReference<Readiness> readiness = new AtomicReference<>();
  private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static String base;

  @BeforeAll
  static void bind() throws Exception {
    HealthRoutes routes = new HealthRoutes(() -> CompletableFuture.completedFuture(readiness.get()));
    ServerBinding binding = Http.get(testKit.system()).newServerAt("127.0.0.1", 0).bind(routes.route())
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + binding.localAddress().getPort();
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static Readiness checks(Optional<String> cassandra, Optional<String> cluster) {
    Map<String, Optional<String>> checks = new LinkedHashMap<>();
    checks.put("cassandra", cassandra);
    checks.put("cluster", cluster);
    return new Readiness(checks);
  }

  @Test
  void healthIsAlwaysOk() throws Exception {
    // given a node that is not ready
    readiness.set(checks(Optional.of("down"), Optional.of("joining")));

    // when
    HttpResponse<String> response = get("/health");

    // then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(response.body()).isEqualTo("{\"status\":\"alive\"}");
  }

  @Test
  void readyWhenEveryCheckPasses() throws Exception {
    // given
    readiness.set(checks(Optional.empty(), Optional.empty()));

    // when
    HttpResponse<String> response = get("/ready");

    // then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"status\":\"ready\",\"checks\":{\"cassandra\":\"ok\",\"cluster\":\"ok\"}}");
  }

  @Test
  void notReadyIsAProblemNamingWhatFailed() throws Exception {
    // given
    readiness.set(checks(Optional.of("no answer from Cassandra within 3000 ms"), Optional.empty()));

    // when
    HttpResponse<String> response = get("/ready");

    // then
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(response.body()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Not ready\",\"status\":503,"
        + "\"detail\":\"cassandra: no answer from Cassandra within 3000 ms\","
        + "\"checks\":{\"cassandra\":\"no answer from Cassandra within 3000 ms\",\"cluster\":\"ok\"}}");
  }

  @Test
  void notesAreShownBesideTheChecksWhetherReadyOrNot() throws Exception {
    // given a node that says what its media node is
    Map<String, Optional<String>> checks = new LinkedHashMap<>();
    checks.put("media", Optional.empty());
    readiness.set(new Readiness(checks, Map.of("media", "simulated")));

    // when
    HttpResponse<String> ready = get("/ready");
    checks.put("media", Optional.of("no media node connected"));
    readiness.set(new Readiness(checks, Map.of("media", "simulated")));
    HttpResponse<String> notReady = get("/ready");

    // then
    assertThat(ready.body()).isEqualTo("{\"status\":\"ready\",\"checks\":{\"media\":\"ok\"},\"notes\":{\"media\":\"simulated\"}}");
    assertThat(notReady.statusCode()).isEqualTo(503);
    assertThat(notReady.body()).endsWith("\"checks\":{\"media\":\"no media node connected\"},\"notes\":{\"media\":\"simulated\"}}");
  }

  @Test
  void unknownPathIsNotFound() throws Exception {
    assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
  }
}
