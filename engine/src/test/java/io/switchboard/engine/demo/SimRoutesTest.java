package io.switchboard.engine.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.engine.http.ApiResponses;
import io.switchboard.media.sim.EndpointScript;
import io.switchboard.media.sim.EslSimulator;
import io.switchboard.media.sim.SimulatorSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The /sim routes over real HTTP, on a real ESL simulator with no engine connected: validation
 * answers problem+json and changes nothing; channels placed through the simulator can be driven.
 */
class SimRoutesTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static EslSimulator sim;
  private static String base;

  @BeforeAll
  static void bind() throws Exception {
    sim = EslSimulator.start(testKit.system(), SimulatorSettings.of(0, "ClueCon")).toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    SimRoutes routes = new SimRoutes(sim, DemoMode.NODE_ID, Map.of("user/202", EndpointScript.ringForever()),
        EndpointScript.answerAfter(Duration.ofSeconds(2)), 100, ApiResponses.of(testKit.system()));
    ServerBinding binding = Http.get(testKit.system()).newServerAt("127.0.0.1", 0).bind(routes.route())
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + binding.localAddress().getPort();
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void the_overview_says_what_is_simulated() throws Exception {
    // when
    HttpResponse<String> response = get("/sim");

    // then
    JsonNode body = JSON.readTree(response.body());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(body.path("simulated").asBoolean()).isTrue();
    assertThat(body.path("what").asText()).contains("It is not FreeSWITCH");
    assertThat(body.path("esl").asText()).isEqualTo("127.0.0.1:" + sim.port());
    assertThat(body.path("engineConnected").asBoolean()).isFalse();
    assertThat(body.at("/endpoints/user~1202").asText()).isEqualTo("rings and never answers (the engine gives up at its ring time)");
    assertThat(body.at("/endpoints/(any other)").asText()).isEqualTo("rings 2 s, then answers");
  }

  @Test
  void a_call_is_refused_while_no_engine_listens_and_no_channel_is_created() throws Exception {
    // given
    int before = sim.channels().size();

    // when
    HttpResponse<String> response = post("/sim/calls", "{\"from\": \"+33612345678\", \"to\": \"+33184880101\"}");

    // then
    assertProblem(response, 503, "Engine not connected", "wait until GET /ready is 200");
    assertThat(sim.channels()).hasSize(before);
  }

  @Test
  void a_bad_call_request_is_a_problem_naming_the_fix() throws Exception {
    assertProblem(post("/sim/calls", "{\"from\": \"alice\", \"to\": \"+33184880101\"}"), 400, "Bad caller number",
        "give 2 to 15 digits");
    assertProblem(post("/sim/calls", "not json"), 400, "Malformed body", "the body is not JSON");
  }

  @Test
  void keys_and_hang_up_reach_a_live_channel_and_unknown_channels_are_not_found() throws Exception {
    // given a channel the simulator placed
    String uuid = sim.placeInboundCall("+33612345678", "Jane Doe", "+33184880101");

    // when
    HttpResponse<String> shown = get("/sim/channels/" + uuid);
    HttpResponse<String> badKeys = post("/sim/channels/" + uuid + "/dtmf", "{\"digits\": \"1x\"}");
    HttpResponse<String> keys = post("/sim/channels/" + uuid + "/dtmf", "{\"digits\": \"1\"}");
    HttpResponse<String> hangup = post("/sim/channels/" + uuid + "/hangup", "");
    HttpResponse<String> keysAfter = post("/sim/channels/" + uuid + "/dtmf", "{\"digits\": \"1\"}");

    // then
    assertThat(shown.statusCode()).isEqualTo(200);
    JsonNode channel = JSON.readTree(shown.body()).path("channel");
    assertThat(channel.path("callerName").asText()).isEqualTo("Jane Doe");
    assertThat(channel.path("destination").asText()).isEqualTo("+33184880101");
    assertProblem(badKeys, 400, "Bad digits", "are not telephone keys");
    assertThat(keys.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(keys.body()).path("digits").asText()).isEqualTo("1");
    assertThat(hangup.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(hangup.body()).path("cause").asText()).isEqualTo("NORMAL_CLEARING");
    assertProblem(keysAfter, 404, "No such channel", "GET /sim/channels lists the live ones");
    assertProblem(post("/sim/channels/0000/hangup", ""), 404, "No such channel", "never existed or has hung up");
  }

  @Test
  void the_command_listing_is_bounded() throws Exception {
    assertThat(get("/sim/commands?limit=100").statusCode()).isEqualTo(200);
    assertProblem(get("/sim/commands?limit=101"), 400, "Bad limit", "from 1 to 100");
    assertProblem(get("/sim/commands?channel=nope"), 400, "Bad channel", "copy one from GET /sim/channels");
  }

  private static void assertProblem(HttpResponse<String> response, int status, String title, String detail)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("title").asText()).isEqualTo(title);
    assertThat(body.path("detail").asText()).contains(detail);
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
