package io.switchboard.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.engine.call.CallEntity;
import io.switchboard.engine.call.CallInput;
import io.switchboard.engine.call.CallState;
import io.switchboard.persistence.testkit.TestCassandra;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.junit.jupiter.api.Test;

/**
 * The engine against the real Cassandra node: HTTP probes, a Call journey (plus a Queue and an
 * Agent), recovery of all three after the ActorSystem is replaced.
 */
class EngineIT {

  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(20);
  private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
  private static final String CHANNEL = "6f1d9c2e-0000-4000-8000-00000000a001";

  private static final TestCassandra cassandra = TestCassandra.shared();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static Config config(String keyspace, Map<String, ?> overrides) {
    return ConfigFactory.parseMap(overrides)
        .withFallback(ConfigFactory.parseMap(Map.of(
            "switchboard.engine.http.port", 0,
            "switchboard.engine.cluster.port", 0)))
        .withFallback(cassandra.settingsConfig(keyspace))
        .withFallback(ConfigFactory.load());
  }

  private static Engine start(String keyspace) {
    return Engine.start(config(keyspace, Map.of()), List.of(cassandra.contactPoint()), true);
  }

  private HttpResponse<String> get(Engine engine, String path) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(
              "http://127.0.0.1:" + engine.httpAddress().getPort() + path)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private HttpResponse<String> awaitReady(Engine engine) {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    HttpResponse<String> response = get(engine, "/ready");
    while (response.statusCode() != 200) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not ready within 90 s: " + response.body());
      }
      LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
      response = get(engine, "/ready");
    }
    return response;
  }

  private static void deliver(Engine engine, String callId, CallInput input) {
    engine.sharding().entityRefFor(CallEntity.ENTITY_KEY, callId).tell(new CallEntity.FromMedia(input));
  }

  private static CallState state(Engine engine, String callId) {
    EntityRef<CallEntity.Command> call = engine.sharding().entityRefFor(CallEntity.ENTITY_KEY, callId);
    return call.<CallState>ask(CallEntity.GetState::new, ASK_TIMEOUT).toCompletableFuture().join();
  }

  private static CallState awaitEnded(Engine engine, String callId) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    CallState state = state(engine, callId);
    while (state.status() != CallState.Status.ENDED) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("call " + callId + " did not end within 30 s: " + state);
      }
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
      state = state(engine, callId);
    }
    return state;
  }

  @Test
  void callStateSurvivesARestartOfTheEngine() {
    // given an engine that is ready (no media node and an empty directory)
    Engine first = start("engine_it");
    CallState ended;
    try {
      assertThat(get(first, "/health").statusCode()).isEqualTo(200);
      assertThat(awaitReady(first).body()).isEqualTo("{\"status\":\"ready\",\"checks\":{\"cassandra\":\"ok\",\"cluster\":\"ok\"}}");

      // when a caller's channel parks: nothing is routable and there is no FreeSWITCH to speak, so
      // the call is told its announcement failed and ends
      CallInput parked = new CallInput.ChannelParked("fs1", CHANNEL, "inbound", "+41441234567", "", "+41449876543",
          false, T0);
      deliver(first, CHANNEL, parked);
      deliver(first, CHANNEL, parked); // duplicate
      ended = awaitEnded(first, CHANNEL);
      assertThat(ended.origin().callerNumber()).isEqualTo("+41441234567");
      HttpResponse<String> shown = get(first, "/calls/" + CHANNEL);
      assertThat(shown.statusCode()).isEqualTo(200);
      assertThat(shown.body()).contains("\"input\":\"channel-parked\"", "\"fact\":\"call-ended\"",
          "unroutable");
    } finally {
      assertThat(first.shutdown(Duration.ofSeconds(60))).isTrue();
    }

    // then a new engine on the same Cassandra data recovers it
    Engine second = start("engine_it");
    try {
      assertThat(state(second, CHANNEL)).isEqualTo(ended);
      assertThat(get(second, "/calls/not-a-call").statusCode()).isEqualTo(404);
    } finally {
      assertThat(second.shutdown(Duration.ofSeconds(60))).isTrue();
    }
  }

  @Test
  void httpPortInUseIsAOneLineError() throws IOException {
    // given
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      Config config = config("engine_it_port", Map.of("switchboard.engine.http.port", taken.getLocalPort()));

      // when / then
      assertThatThrownBy(() -> Engine.start(config, List.of(cassandra.contactPoint()), true))
          .isInstanceOf(EngineStartException.class)
          .hasMessage("HTTP port 127.0.0.1:" + taken.getLocalPort() + " is already in use (another Switchboard?);"
              + " set SWITCHBOARD_HTTP_PORT to a free port");
    }
  }
}
