package io.switchboard.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.persistence.testkit.TestCassandra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine loads its directory file at start and serves the organisation's API next to /health. */
class EngineOrganisationIT {

  private static final TestCassandra cassandra = TestCassandra.shared();

  @TempDir Path dir;

  @Test
  void the_engine_starts_with_its_directory_and_serves_queues_agents_and_flows() throws Exception {
    // given
    for (String name : List.of("directory.yaml", "main.flow.yaml")) {
      try (var in = getClass().getResourceAsStream("/organisation/" + name)) {
        Files.write(dir.resolve(name), in.readAllBytes());
      }
    }
    Config config = ConfigFactory.parseMap(Map.of(
            "switchboard.engine.http.port", 0,
            "switchboard.engine.cluster.port", 0,
            "switchboard.engine.directory-file", dir.resolve("directory.yaml").toString()))
        .withFallback(cassandra.settingsConfig("engine_org_it"))
        .withFallback(ConfigFactory.load());

    // when
    Engine engine = Engine.start(config, List.of(cassandra.contactPoint()), true);
    try {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + engine.httpAddress().getPort();
      HttpResponse<String> queues = http.send(HttpRequest.newBuilder(URI.create(base + "/queues"))
          .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> presence = http.send(HttpRequest.newBuilder(URI.create(base + "/agents/alice/presence"))
          .timeout(Duration.ofSeconds(20))
          .PUT(HttpRequest.BodyPublishers.ofString("{\"presence\": \"away\", \"reason\": \"lunch\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
          HttpResponse.BodyHandlers.ofString());

      // then
      JsonNode list = new ObjectMapper().readTree(queues.body());
      assertThat(queues.statusCode()).isEqualTo(200);
      assertThat(list).extracting(q -> q.path("id").asText()).containsExactly("sales", "support");
      assertThat(list.get(1).path("members").asInt()).isEqualTo(3);
      assertThat(presence.statusCode()).as(presence.body()).isEqualTo(200);
      assertThat(new ObjectMapper().readTree(presence.body()).path("presence").asText()).isEqualTo("AWAY");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(engine.organisation().currentFlow("main")).isPresent();
      assertThat(engine.organisation().directory().users()).containsKeys("alice", "bob", "carol", "dave");
    } finally {
      assertThat(engine.shutdown(Duration.ofSeconds(60))).isTrue();
    }
  }
}
