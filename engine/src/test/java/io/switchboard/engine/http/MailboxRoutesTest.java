package io.switchboard.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.engine.directory.DirectoryState;
import io.switchboard.engine.directory.DirectoryView;
import io.switchboard.engine.directory.MailboxEntry;
import io.switchboard.engine.directory.MailboxKind;
import io.switchboard.engine.voicemail.MailboxCommand;
import io.switchboard.engine.voicemail.MailboxEntity;
import io.switchboard.engine.voicemail.MailboxEvent;
import io.switchboard.engine.voicemail.MailboxSettings;
import io.switchboard.engine.voicemail.MailboxState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The mailbox routes over real HTTP on an ephemeral port, with real Mailbox entities in a
 * one-node cluster journaling to the in-memory persistence test kit. Each test uses its own boxes.
 */
class MailboxRoutesTest {

  private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
  private static final Instant NOW = Instant.parse("2026-11-25T10:30:00Z");
  private static final Duration ASK = Duration.ofSeconds(10);

  private static final ActorTestKit testKit = ActorTestKit.create("mailbox-routes", ConfigFactory.parseMap(Map.of(
          "pekko.actor.provider", "cluster",
          "pekko.remote.artery.canonical.hostname", "127.0.0.1",
          "pekko.remote.artery.canonical.port", 0,
          "pekko.cluster.jmx.multi-mbeans-in-same-jvm", "on"))
      .withFallback(PersistenceTestKitPlugin.getInstance().config())
      .withFallback(ConfigFactory.load()));
  private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper json = new ObjectMapper();
  private static final DirectoryView directory = new DirectoryView();
  private static final Map<String, MailboxEntry> boxes = new HashMap<>();
  private static final AtomicInteger revision = new AtomicInteger();
  private static ClusterSharding sharding;
  private static PersistenceTestKit journal;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    Cluster cluster = Cluster.get(testKit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    MailboxEntity.init(testKit.system());
    sharding = ClusterSharding.get(testKit.system());
    journal = PersistenceTestKit.create(testKit.system());
    ApiResponses api = ApiResponses.of(testKit.system());
    MailboxRoutes routes = new MailboxRoutes(sharding, directory, Clock.fixed(NOW, ZoneOffset.UTC), ASK, api);
    AllDirectives directives = new AllDirectives() {};
    ServerBinding binding = Http.get(testKit.system()).newServerAt("127.0.0.1", 0)
        .bind(directives.handleRejections(api.rejections(), routes::route))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + binding.localAddress().getPort();
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  // --- fixtures ---

  /** A provisioned user box holding new messages {@code messageIds}, known to the directory. */
  private static void box(String id, String... messageIds) throws Exception {
    synchronized (boxes) {
      boxes.put(id, new MailboxEntry(id, MailboxKind.USER, id, "Box " + id));
      directory.offer(new DirectoryView.Published(revision.incrementAndGet(), DirectoryState.EMPTY.withMailboxes(boxes)));
    }
    var ref = sharding.entityRefFor(MailboxEntity.ENTITY_KEY, id);
    StatusReply<MailboxState> provisioned = ref.<StatusReply<MailboxState>>ask(replyTo -> new MailboxEntity.Configure(
        MailboxKind.USER, id, "Box " + id, MailboxSettings.DEFAULT, T0, replyTo), ASK).toCompletableFuture().get(20, TimeUnit.SECONDS);
    assertThat(provisioned.isSuccess()).isTrue();
    int n = 0;
    for (String messageId : messageIds) {
      var deposit = new MailboxCommand.DepositMessage(messageId, "+1555123000" + n, null, Duration.ofSeconds(10),
          "/var/lib/switchboard/voicemail/" + id + "/" + messageId + ".wav", T0.plusSeconds(n++));
      StatusReply<MailboxState> stored = ref.<StatusReply<MailboxState>>ask(replyTo -> new MailboxEntity.Submit(deposit, replyTo), ASK)
          .toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(stored.isSuccess()).isTrue();
    }
  }

  private static HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(15));
    request = body == null
        ? request.method(method, HttpRequest.BodyPublishers.noBody())
        : request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode ok(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    return json.readTree(response.body());
  }

  private static JsonNode problem(HttpResponse<String> response, int status) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
    JsonNode problem = json.readTree(response.body());
    assertThat(problem.path("status").asInt()).isEqualTo(status);
    return problem;
  }

  private static JsonNode message(JsonNode view, String messageId) {
    for (JsonNode m : view.path("messages")) {
      if (m.path("messageId").asText().equals(messageId)) {
        return m;
      }
    }
    return null;
  }

  private static String get(String mailboxId) throws Exception {
    return send("GET", "/mailboxes/" + mailboxId, null).body();
  }

  private static List<MailboxEvent.MessageWaitingChanged> indicator(String mailboxId) {
    return journal.persistedInStorage("Mailbox|" + mailboxId).stream()
        .filter(MailboxEvent.MessageWaitingChanged.class::isInstance)
        .map(MailboxEvent.MessageWaitingChanged.class::cast)
        .toList();
  }

  // --- messages ---

  @Test
  void saving_the_last_new_message_turns_the_message_waiting_indicator_off() throws Exception {
    // given
    box("mwi", "m-1", "m-2");
    assertThat(ok(send("GET", "/mailboxes/mwi", null)).path("messageWaiting").asBoolean()).isTrue();

    // when
    JsonNode first = ok(send("POST", "/mailboxes/mwi/messages/m-1/save", null));
    JsonNode last = ok(send("POST", "/mailboxes/mwi/messages/m-2/save", null));

    // then
    assertThat(first.path("messageWaiting").asBoolean()).isTrue();
    assertThat(first.path("newMessages").asInt()).isEqualTo(1);
    assertThat(last.path("messageWaiting").asBoolean()).isFalse();
    assertThat(last.path("newMessages").asInt()).isZero();
    assertThat(last.path("savedMessages").asInt()).isEqualTo(2);
    assertThat(message(last, "m-2").path("status").asText()).isEqualTo("SAVED");
    assertThat(Instant.parse(message(last, "m-2").path("statusChangedAt").asText())).isEqualTo(NOW);
    List<MailboxEvent.MessageWaitingChanged> journaled = indicator("mwi");
    assertThat(journaled.get(journaled.size() - 1).waiting()).isFalse();
    assertThat(journaled.get(journaled.size() - 1).at()).isEqualTo(NOW);
  }

  @Test
  void a_saved_message_is_marked_new_again_and_lights_the_indicator() throws Exception {
    // given
    box("renew", "m-1");
    ok(send("POST", "/mailboxes/renew/messages/m-1/save", null));

    // when
    JsonNode view = ok(send("POST", "/mailboxes/renew/messages/m-1/new", null));

    // then
    assertThat(view.path("messageWaiting").asBoolean()).isTrue();
    assertThat(message(view, "m-1").path("status").asText()).isEqualTo("NEW");
    assertThat(indicator("renew")).extracting(MailboxEvent.MessageWaitingChanged::waiting).containsExactly(true, false, true);
  }

  @Test
  void a_deleted_message_is_restored_as_saved_and_deleting_twice_changes_nothing() throws Exception {
    // given
    box("trash", "m-1");

    // when
    JsonNode deleted = ok(send("POST", "/mailboxes/trash/messages/m-1/delete", null));
    JsonNode again = ok(send("POST", "/mailboxes/trash/messages/m-1/delete", null));
    JsonNode restored = ok(send("POST", "/mailboxes/trash/messages/m-1/restore", null));

    // then
    assertThat(deleted.path("messageWaiting").asBoolean()).isFalse();
    assertThat(message(deleted, "m-1").path("status").asText()).isEqualTo("DELETED");
    assertThat(again).isEqualTo(deleted);
    assertThat(message(restored, "m-1").path("status").asText()).isEqualTo("SAVED");
    assertThat(restored.path("savedMessages").asInt()).isEqualTo(1);
  }

  @Test
  void a_change_the_message_state_forbids_is_409_with_the_reason_and_changes_nothing() throws Exception {
    // given
    box("strict", "m-1", "m-2");
    ok(send("POST", "/mailboxes/strict/messages/m-2/delete", null));
    String before = get("strict");

    // when
    JsonNode restoreNew = problem(send("POST", "/mailboxes/strict/messages/m-1/restore", null), 409);
    JsonNode saveDeleted = problem(send("POST", "/mailboxes/strict/messages/m-2/save", null), 409);
    JsonNode markDeletedNew = problem(send("POST", "/mailboxes/strict/messages/m-2/new", null), 409);

    // then
    assertThat(restoreNew.path("detail").asText()).contains("cannot restore message m-1: it is new, not deleted")
        .contains("deleted -> saved (restore)");
    assertThat(saveDeleted.path("detail").asText()).contains("cannot save message m-2: it is deleted, not new");
    assertThat(markDeletedNew.path("detail").asText()).contains("cannot mark as new message m-2");
    assertThat(get("strict")).isEqualTo(before);
  }

  @Test
  void unknown_mailbox_message_or_action_is_404() throws Exception {
    // given
    box("known", "m-1");
    String before = get("known");

    // when / then
    assertThat(problem(send("GET", "/mailboxes/nobody", null), 404).path("detail").asText())
        .contains("mailbox nobody is not in the directory");
    problem(send("POST", "/mailboxes/nobody/messages/m-1/save", null), 404);
    problem(send("POST", "/mailboxes/nobody/purge", null), 404);
    problem(send("PUT", "/mailboxes/nobody/greeting", "{\"file\": \"/g.wav\"}"), 404);
    problem(send("DELETE", "/mailboxes/nobody/greeting", null), 404);
    JsonNode noMessage = problem(send("POST", "/mailboxes/known/messages/m-9/delete", null), 404);
    assertThat(noMessage.path("title").asText()).isEqualTo("No such message");
    assertThat(noMessage.path("detail").asText()).contains("mailbox known has no message m-9").contains("GET /mailboxes/known");
    assertThat(problem(send("POST", "/mailboxes/known/messages/m-1/archive", null), 404).path("detail").asText())
        .contains("use save, new, delete or restore");
    assertThat(problem(send("GET", "/mailboxes/known/messages/m-1/save", null), 405).path("detail").asText())
        .contains("POST");
    assertThat(get("known")).isEqualTo(before);
  }

  @Test
  void purge_removes_deleted_messages_for_good() throws Exception {
    // given
    box("purge", "m-1", "m-2");
    ok(send("POST", "/mailboxes/purge/messages/m-1/delete", null));

    // when
    JsonNode purged = ok(send("POST", "/mailboxes/purge/purge", null));
    JsonNode nothingLeft = ok(send("POST", "/mailboxes/purge/purge", null));

    // then
    assertThat(message(purged, "m-1")).isNull();
    assertThat(message(purged, "m-2").path("status").asText()).isEqualTo("NEW");
    assertThat(nothingLeft).isEqualTo(purged);
    assertThat(journal.persistedInStorage("Mailbox|purge")).filteredOn(MailboxEvent.MessagesPurged.class::isInstance)
        .singleElement().extracting(e -> ((MailboxEvent.MessagesPurged) e).filePaths())
        .isEqualTo(List.of("/var/lib/switchboard/voicemail/purge/m-1.wav"));
    problem(send("POST", "/mailboxes/purge/messages/m-1/restore", null), 404);
  }

  // --- greeting ---

  @Test
  void a_recorded_greeting_is_set_then_cleared_back_to_the_default() throws Exception {
    // given
    box("greet");

    // when
    JsonNode recorded = ok(send("PUT", "/mailboxes/greet/greeting",
        "{\"file\": \"/var/lib/switchboard/voicemail/greet/greeting-1.wav\"}"));
    JsonNode cleared = ok(send("DELETE", "/mailboxes/greet/greeting", null));
    JsonNode clearedAgain = ok(send("DELETE", "/mailboxes/greet/greeting", null));

    // then
    assertThat(recorded.path("greeting").asText()).isEqualTo("/var/lib/switchboard/voicemail/greet/greeting-1.wav");
    assertThat(cleared.path("greeting").isNull()).isTrue();
    assertThat(clearedAgain).isEqualTo(cleared);
    assertThat(journal.persistedInStorage("Mailbox|greet")).filteredOn(MailboxEvent.GreetingRecorded.class::isInstance)
        .singleElement().extracting(MailboxEvent.class::cast).extracting(MailboxEvent::at).isEqualTo(NOW);
  }

  @Test
  void a_bad_greeting_body_or_file_is_400_and_changes_nothing() throws Exception {
    // given
    box("badgreet");
    ok(send("PUT", "/mailboxes/badgreet/greeting", "{\"file\": \"/sounds/hello.wav\"}"));
    String before = get("badgreet");

    // when / then
    assertThat(problem(send("PUT", "/mailboxes/badgreet/greeting", "{not json"), 400).path("title").asText())
        .isEqualTo("Malformed body");
    assertThat(problem(send("PUT", "/mailboxes/badgreet/greeting", "{\"path\": \"/a.wav\"}"), 400).path("detail").asText())
        .contains("{\"file\":");
    assertThat(problem(send("PUT", "/mailboxes/badgreet/greeting", "{\"file\": 7}"), 400).path("title").asText())
        .isEqualTo("Missing file");
    assertThat(problem(send("PUT", "/mailboxes/badgreet/greeting", "{\"file\": \"greeting.wav\"}"), 400).path("detail").asText())
        .contains("must be absolute");
    assertThat(problem(send("PUT", "/mailboxes/badgreet/greeting", "{\"file\": \"/a\\u0007b.wav\"}"), 400).path("detail").asText())
        .contains("control characters");
    assertThat(problem(send("PUT", "/mailboxes/badgreet/greeting", "{\"file\": \"/g/${x}.wav\"}"), 400).path("detail").asText())
        .contains("characters FreeSWITCH's playback would interpret");
    assertThat(problem(send("PUT", "/mailboxes/badgreet/greeting", "{\"file\": \"/g/greeting.txt\"}"), 400).path("detail").asText())
        .contains("extension .txt, which FreeSWITCH does not play");
    assertThat(get("badgreet")).isEqualTo(before);
  }

  @Test
  void greeting_file_rules() {
    assertThat(MailboxRoutes.greetingFileProblem("/var/lib/switchboard/voicemail/a/greeting-1.wav")).isNull();
    assertThat(MailboxRoutes.greetingFileProblem("/sounds/en/us/greeting.MP3")).isNull();
    assertThat(MailboxRoutes.greetingFileProblem(null)).contains("is missing");
    assertThat(MailboxRoutes.greetingFileProblem("/a b.wav")).contains("whitespace");
    assertThat(MailboxRoutes.greetingFileProblem("/sounds/greeting")).contains("no extension");
    assertThat(MailboxRoutes.greetingFileProblem("/sounds/.wav")).contains("no extension");
    assertThat(MailboxRoutes.greetingFileProblem("/sounds/{x}.wav")).contains("playback would interpret");
    assertThat(MailboxRoutes.greetingFileProblem("/sounds/../etc/g.wav")).contains("'..'");
  }

  // --- list ---

  @Test
  void the_list_shows_every_box_with_its_counts_and_indicator() throws Exception {
    // given
    box("list-a", "m-1", "m-2");
    box("list-b", "m-1");
    ok(send("POST", "/mailboxes/list-b/messages/m-1/save", null));

    // when
    JsonNode list = ok(send("GET", "/mailboxes", null));

    // then
    Map<String, JsonNode> byId = new HashMap<>();
    list.forEach(box -> byId.put(box.path("id").asText(), box));
    assertThat(byId.get("list-a").path("messageWaiting").asBoolean()).isTrue();
    assertThat(byId.get("list-a").path("newMessages").asInt()).isEqualTo(2);
    assertThat(byId.get("list-b").path("messageWaiting").asBoolean()).isFalse();
    assertThat(byId.get("list-b").path("savedMessages").asInt()).isEqualTo(1);
    assertThat(byId.get("list-b").path("kind").asText()).isEqualTo("USER");
    List<String> ids = new java.util.ArrayList<>();
    list.forEach(box -> ids.add(box.path("id").asText()));
    assertThat(ids).isSorted();
  }
}
