package io.switchboard.engine.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.engine.Engine;
import io.switchboard.engine.directory.MailboxKind;
import io.switchboard.engine.queue.QueueNotice;
import io.switchboard.engine.queue.routing.QueueCommand;
import io.switchboard.engine.testing.Await;
import io.switchboard.engine.voicemail.Greeting;
import io.switchboard.engine.voicemail.MailboxCommand;
import io.switchboard.engine.voicemail.MailboxState;
import io.switchboard.media.sim.EndpointScript;
import io.switchboard.media.sim.EslSimulator;
import io.switchboard.media.sim.ReceivedCommand;
import io.switchboard.media.sim.SimChannelView;
import io.switchboard.media.sim.SimulatorSettings;
import io.switchboard.persistence.testkit.TestCassandra;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Calls end to end: the engine (real Cassandra journal, Cluster Sharding, HTTP) connected to the
 * ESL simulator over real TCP, with the test directory and flows. The queue, mailbox and agent
 * entities are test doubles ({@link FakePeers}) that record what calls tell them; the tests play
 * the queue's side by delivering its notices. Each test asserts the journaled events and the ESL
 * commands the simulator received.
 */
class CallsIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String PASSWORD = "ClueCon";
  private static final String JANE = "+12125550100";

  private static final TestCassandra cassandra = TestCassandra.shared();
  private static ActorSystem<Void> simSystem;
  private static EslSimulator sim;
  private static FakePeers entities;
  private static Engine engine;
  private static Path voicemailDir;
  private static CallHistory history;

  @BeforeAll
  static void start() throws Exception {
    simSystem = ActorSystem.create(Behaviors.empty(), "esl-sim");
    sim = EslSimulator.start(simSystem, SimulatorSettings.of(0, PASSWORD).withDefaultPlayback(Duration.ofMillis(200)))
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
    voicemailDir = Files.createTempDirectory("switchboard-voicemail");
    entities = new FakePeers();
    Config config = ConfigFactory.parseString(
            "switchboard.media.nodes = [ { id = \"fs1\", host = \"127.0.0.1\", port = " + sim.port()
                + ", password = \"" + PASSWORD + "\" } ]\n"
                + "switchboard.engine.calls.prompts.outside-failed = \"say:Sorry.\"\n"
                + "switchboard.engine.calls.prompts.unroutable = \"say:No.\"\n")
        .withFallback(ConfigFactory.parseMap(Map.of(
            "switchboard.engine.http.port", 0,
            "switchboard.engine.cluster.port", 0,
            "switchboard.engine.calls.voicemail-dir", voicemailDir.toString())))
        .withFallback(cassandra.settingsConfig("calls_it"))
        .withFallback(ConfigFactory.load());
    engine = Engine.start(config, List.of(cassandra.contactPoint()), true, Optional.of(entities));
    history = CallHistory.journal(engine.system());
    awaitTrue("the engine is ready with its media node", () -> get("/ready").statusCode() == 200);
    assertThat(get("/ready").body()).contains("\"media\":\"ok\"");
  }

  @AfterAll
  static void stop() throws IOException {
    if (engine != null) {
      assertThat(engine.shutdown(Duration.ofSeconds(60))).isTrue();
    }
    if (sim != null) {
      sim.stop().toCompletableFuture().join();
    }
    if (simSystem != null) {
      simSystem.terminate();
    }
    if (voicemailDir != null) {
      try (Stream<Path> files = Files.walk(voicemailDir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  @BeforeEach
  void scripts() {
    entities.clear();
    sim.scriptEndpoint("user/201", EndpointScript.answerAfter(Duration.ofMillis(200)))
        .scriptEndpoint("user/202", EndpointScript.answerAfter(Duration.ofMillis(300)))
        .scriptEndpoint("user/202-mobile", EndpointScript.ringForever());
  }

  // ------------------------------------------------------------------ scenarios

  @Test
  void anInboundCallGoesThroughTheAttendantToAQueueAndIsBridgedToTheAgentWhoAnswers() {
    // given a caller on the main number: the engine answers and the menu speaks
    String caller = sim.placeInboundCall(JANE, "Jane Doe", "+15551000100", Map.of("switchboard_inbound", "true"));
    awaitTrue("the menu", () -> state(caller).stage() instanceof CallState.Stage.InFlow && state(caller).playback() != null);

    // when the caller presses 1 during the menu
    sim.injectDtmf(caller, "1");

    // then, after the transfer prompt, the call joins the support queue
    QueueCommand.Enqueue enqueue = awaitQueueCommand(QueueCommand.Enqueue.class, caller);
    assertThat(enqueue).isEqualTo(new QueueCommand.Enqueue(caller, JANE, "Jane Doe", "+15551000100", null, Map.of(),
        enqueue.at()));

    // when the queue offers the call to bob (two phones: the desk answers, the mobile rings on)
    CallEntity.deliver(engine.sharding(), new QueueNotice.OfferAgent("support", caller, "bob",
        Instant.now().plusSeconds(20), Instant.now()));

    // then the desk phone is bridged to the caller and the mobile is hung up
    CallState connected = awaitState(caller, s -> s.stage() instanceof CallState.Stage.Connected);
    String desk = ((CallState.Stage.Connected) connected.stage()).otherLeg();
    assertThat(connected.leg(desk).agentId()).isEqualTo("bob");
    awaitTrue("the bridge", () -> sim.channel(caller).flatMap(SimChannelView::bridgedTo).filter(desk::equals).isPresent());
    QueueCommand.AnswerOffers answered = awaitQueueCommand(QueueCommand.AnswerOffers.class, caller);
    assertThat(answered.answers()).extracting(QueueCommand.LegAnswer::agentId).containsExactly("bob");
    String mobile = connected.legs().values().stream()
        .filter(l -> "bob".equals(l.agentId()) && !l.uuid().equals(desk)).findFirst().orElseThrow().uuid();

    // when the caller hangs up
    sim.hangup(caller, "NORMAL_CLEARING");

    // then the call completes for the queue and bob's phone is hung up
    awaitState(caller, s -> s.status() == CallState.Status.ENDED);
    awaitQueueCommand(QueueCommand.CompleteCall.class, caller);

    // and the ESL commands were those of the journey
    List<String> commands = lines(caller);
    assertThat(commands).contains("api uuid_setvar " + caller + " switchboard_call_id " + caller);
    assertThat(commands).anyMatch(c -> c.equals("sendmsg " + caller + " answer"));
    assertThat(commands).anyMatch(c -> c.equals("sendmsg " + caller + " speak flite|slt|Connecting you to support."));
    assertThat(commands).contains("api uuid_break " + caller + " all");
    assertThat(sim.commands()).anySatisfy(c -> assertThat(c.command())
        .startsWith("bgapi originate {origination_uuid=" + desk + ",originate_timeout=")
        .contains("switchboard_call_id=" + caller, "switchboard_agent=bob", "origination_caller_id_number=" + JANE)
        .endsWith("}user/202 &park"));
    assertThat(commands).contains("api uuid_setvar " + caller + " park_after_bridge true",
        "api uuid_bridge " + caller + " " + desk);
    assertThat(sim.commands()).extracting(ReceivedCommand::command).contains("api uuid_kill " + mobile + " LOSE_RACE");

    // and the journal holds the journey, reproducible by replay
    List<CallEvent> journal = history.events(caller).toCompletableFuture().join();
    assertThat(journal).extracting(e -> e.input().getClass().getSimpleName()).containsSubsequence(
        "ChannelParked", "DtmfReceived", "ApplicationCompleted", "FromQueue", "ChannelAnswered", "ChannelHungUp");
    assertThat(journal).flatExtracting(CallEvent::facts).contains(
        new CallFact.StageChanged(new CallState.Stage.Connected(desk, new CallState.Stage.AgentLink("support", "bob"))));
    assertThat(CallReplay.replay(caller, journal, CallFixtures::flow).divergence()).isNull();
  }

  @Test
  void anAgentTransfersTheCallerToAnotherQueueAndTheCallerWaitsThereWithMusic() {
    // given a caller of the support number connected to alice
    String caller = sim.placeInboundCall(JANE, "Jane Doe", "+15551000101", Map.of("switchboard_inbound", "true"));
    awaitQueueCommand(QueueCommand.Enqueue.class, caller);
    CallEntity.deliver(engine.sharding(), new QueueNotice.OfferAgent("support", caller, "alice",
        Instant.now().plusSeconds(20), Instant.now()));
    CallState connected = awaitState(caller, s -> s.stage() instanceof CallState.Stage.Connected);
    String alice = ((CallState.Stage.Connected) connected.stage()).otherLeg();
    awaitTrue("the bridge", () -> sim.channel(caller).flatMap(SimChannelView::bridgedTo).filter(alice::equals).isPresent());

    // when alice transfers the caller to the sales queue
    HttpResponse<String> transferred = post("/calls/" + caller + "/transfer", "{\"target\": \"queue:sales\"}");

    // then alice's leg is hung up, support completes the call, and the caller (parked again by
    // FreeSWITCH) joins sales and hears music
    assertThat(transferred.statusCode()).isEqualTo(200);
    awaitQueueCommand(QueueCommand.CompleteCall.class, caller);
    QueueCommand.Enqueue joined = awaitTrueValue("the enqueue in sales", () -> entities.queues().stream()
        .filter(q -> q.queueId().equals("sales")).map(FakePeers.QueueSent::command)
        .filter(QueueCommand.Enqueue.class::isInstance).map(QueueCommand.Enqueue.class::cast)
        .filter(e -> e.callId().equals(caller)).findFirst().orElse(null));
    assertThat(joined.callerNumber()).isEqualTo(JANE);
    awaitTrue("music for the caller", () -> sim.channel(caller)
        .map(c -> c.callState().equals("ACTIVE") && c.playing().filter("local_stream://moh"::equals).isPresent())
        .orElse(false));
    assertThat(sim.commands()).extracting(ReceivedCommand::command).contains("api uuid_kill " + alice + " NORMAL_CLEARING");
    assertThat(state(caller).stage()).isInstanceOfSatisfying(CallState.Stage.Queued.class,
        queued -> assertThat(queued.queueId()).isEqualTo("sales"));

    // when the caller gives up
    sim.hangup(caller, "NORMAL_CLEARING");
    awaitQueueCommand(QueueCommand.Abandon.class, caller);
  }

  @Test
  void anInternalCallByExtensionRingsTheUserAndNeverUsesAGateway() {
    // given bob's phone (extension 202) dials 201 through the internal dialplan
    String caller = sim.placeInboundCall("202", "Bob Stone", "201", Map.of("switchboard_internal", "true"));

    // then alice's phone rings and is bridged once it answers
    CallState connected = awaitState(caller, s -> s.stage() instanceof CallState.Stage.Connected);
    String alice = ((CallState.Stage.Connected) connected.stage()).otherLeg();
    assertThat(connected.origin().kind()).isEqualTo(CallState.OriginKind.INTERNAL);
    assertThat(connected.origin().callerUserId()).isEqualTo("bob");
    assertThat(sim.commands()).anySatisfy(c -> assertThat(c.command())
        .startsWith("bgapi originate {origination_uuid=" + alice)
        .contains("origination_caller_id_number=202", "origination_caller_id_name='Bob Stone'")
        .endsWith("}user/201 &park"));
    assertThat(lines(caller)).noneMatch(c -> c.contains("gateway"));
    assertThat(agentsOf(caller)).extracting(FakePeers.AgentSent::agentId, FakePeers.AgentSent::onCall)
        .containsExactly(tuple("bob", true), tuple("alice", true));

    // when alice hangs up
    sim.hangup(alice, "NORMAL_CLEARING");

    // then bob's leg is hung up too and both are free
    awaitState(caller, s -> s.status() == CallState.Status.ENDED);
    awaitTrue("bob's leg hung up", () -> sim.channel(caller).map(c -> c.callState().equals("HANGUP")).orElse(true));
    assertThat(sim.commands()).extracting(ReceivedCommand::command).contains("api uuid_kill " + caller + " NORMAL_CLEARING");
    assertThat(agentsOf(caller)).extracting(FakePeers.AgentSent::agentId, FakePeers.AgentSent::onCall)
        .contains(tuple("bob", false), tuple("alice", false));
  }

  @Test
  void anOutsideCallFallsBackToTheNextGatewayWhenTheFirstFails() {
    // given carrier-a is down and carrier-b works
    sim.scriptEndpoint("sofia/gateway/carrier-a/+15557654321", EndpointScript.reject("NORMAL_TEMPORARY_FAILURE"))
        .scriptEndpoint("sofia/gateway/carrier-b/15557654321", EndpointScript.answerAfter(Duration.ofMillis(200)));

    // when bob dials a national number
    String caller = sim.placeInboundCall("202", "Bob Stone", "5557654321", Map.of("switchboard_internal", "true"));

    // then carrier-b carries the call, with its own caller id
    CallState connected = awaitState(caller, s -> s.stage() instanceof CallState.Stage.Connected);
    assertThat(((CallState.Stage.Connected) connected.stage()).link())
        .isEqualTo(new CallState.Stage.OutsideLink("carrier-b", "+15557654321"));
    List<String> originates = sim.commands().stream().map(ReceivedCommand::command)
        .filter(c -> c.startsWith("bgapi originate") && c.contains("switchboard_call_id=" + caller)).toList();
    assertThat(originates).hasSize(2);
    assertThat(originates.get(0)).contains("origination_caller_id_number=+15551000100")
        .endsWith("}sofia/gateway/carrier-a/+15557654321 &park");
    assertThat(originates.get(1)).contains("absolute_codec_string=PCMU", "origination_caller_id_number=15551000100",
        "origination_caller_id_name='Example Corp'").endsWith("}sofia/gateway/carrier-b/15557654321 &park");
    List<CallEvent> journal = history.events(caller).toCompletableFuture().join();
    assertThat(journal).flatExtracting(CallEvent::facts).contains(new CallFact.Decided("outside", "gateway failed",
        "gateway carrier-a failed with NORMAL_TEMPORARY_FAILURE; trying gateway carrier-b"));

    sim.hangup(caller, "NORMAL_CLEARING");
    awaitState(caller, s -> s.status() == CallState.Status.ENDED);
  }

  @Test
  void whenEveryGatewayFailsTheCallerHearsItAndIsHungUp() {
    // given both carriers fail for this number
    sim.scriptEndpoint("sofia/gateway/carrier-a/+15557650000", EndpointScript.reject("GATEWAY_DOWN"))
        .scriptEndpoint("sofia/gateway/carrier-b/15557650000", EndpointScript.reject("NORMAL_TEMPORARY_FAILURE"));

    // when
    String caller = sim.placeInboundCall("202", "Bob Stone", "5557650000", Map.of("switchboard_internal", "true"));

    // then
    CallState ended = awaitState(caller, s -> s.status() == CallState.Status.ENDED);
    assertThat(((CallState.Stage.Ended) ended.stage()).cause()).isEqualTo("NORMAL_TEMPORARY_FAILURE");
    assertThat(lines(caller)).contains("sendmsg " + caller + " speak flite|slt|Sorry.");
    assertThat(sim.commands()).extracting(ReceivedCommand::command)
        .contains("api uuid_kill " + caller + " NORMAL_TEMPORARY_FAILURE");
    List<CallEvent> journal = history.events(caller).toCompletableFuture().join();
    assertThat(journal).flatExtracting(CallEvent::facts).contains(new CallFact.Decided("outside", "failed",
        "every gateway to +15557650000 failed (last: carrier-b, NORMAL_TEMPORARY_FAILURE)"));
  }

  @Test
  void aCallPlacedThroughTheApiIsHeldMutedAndHungUpThroughTheApi() throws Exception {
    // when bob places a call to alice through the API
    HttpResponse<String> placed = post("/calls", "{\"from\": \"bob\", \"to\": \"201\"}");
    assertThat(placed.statusCode()).isEqualTo(201);
    String callId = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(placed.body())
        .get("callId").asText();
    assertThat(placed.headers().firstValue("Location")).contains("/calls/" + callId);

    // then bob's desk answers, then alice, and they are connected
    CallState connected = awaitState(callId, s -> s.stage() instanceof CallState.Stage.Connected);
    String bob = connected.callerLeg();
    String alice = ((CallState.Stage.Connected) connected.stage()).otherLeg();
    awaitTrue("the bridge", () -> sim.channel(bob).flatMap(SimChannelView::bridgedTo).filter(alice::equals).isPresent());

    // when bob holds alice (the callee hears bob's leg's hold music) and mutes himself
    assertThat(post("/calls/" + callId + "/hold", "").statusCode()).isEqualTo(200);
    assertThat(post("/calls/" + callId + "/mute", "").statusCode()).isEqualTo(200);

    // then
    awaitTrue("held and muted", () -> sim.channel(bob).map(c -> c.held() && c.muted()).orElse(false));
    assertThat(sim.commands()).extracting(ReceivedCommand::command).contains(
        "api uuid_setvar " + bob + " hold_music local_stream://moh",
        "api uuid_hold " + bob,
        "api uuid_audio " + bob + " start read mute 1");
    assertThat(state(callId).held()).containsExactly(CallInput.Party.CALLEE);
    assertThat(state(callId).muted()).containsExactly(CallInput.Party.CALLER);

    // when taken off hold and unmuted
    assertThat(post("/calls/" + callId + "/unhold", "").statusCode()).isEqualTo(200);
    assertThat(post("/calls/" + callId + "/unmute", "{\"party\": \"caller\"}").statusCode()).isEqualTo(200);
    awaitTrue("off hold and unmuted", () -> sim.channel(bob).map(c -> !c.held() && !c.muted()).orElse(false));
    assertThat(sim.commands()).extracting(ReceivedCommand::command).contains(
        "api uuid_hold off " + bob, "api uuid_audio " + bob + " start read mute 0");

    // and bad requests are problems that change nothing
    HttpResponse<String> badParty = post("/calls/" + callId + "/hold", "{\"party\": \"boss\"}");
    assertThat(badParty.statusCode()).isEqualTo(400);
    assertThat(badParty.headers().firstValue("Content-Type")).contains("application/problem+json");
    HttpResponse<String> nowhere = post("/calls/" + callId + "/transfer", "{\"target\": \"queue:nope\"}");
    assertThat(nowhere.statusCode()).isEqualTo(409);
    assertThat(nowhere.body()).contains("queue nope does not exist");
    assertThat(post("/calls", "{\"from\": \"zed\", \"to\": \"201\"}").statusCode()).isEqualTo(422);
    assertThat(post("/calls", "{\"from\": \"bob\", \"to\": \"201\", \"node\": \"fs9\"}").body())
        .contains("media node \\\"fs9\\\" is not configured; use one of [fs1]");
    assertThat(post("/calls", "{\"from\": \"bob\"}").statusCode()).isEqualTo(400);
    assertThat(post("/calls", "not json").statusCode()).isEqualTo(400);
    assertThat(post("/calls/no-such-call/hangup", "").statusCode()).isEqualTo(404);

    // when hung up through the API
    assertThat(post("/calls/" + callId + "/hangup", "").statusCode()).isEqualTo(200);

    // then
    awaitTrue("both legs hung up", () -> sim.channel(bob).map(c -> c.callState().equals("HANGUP")).orElse(true)
        && sim.channel(alice).map(c -> c.callState().equals("HANGUP")).orElse(true));
    HttpResponse<String> shown = get("/calls/" + callId);
    assertThat(shown.statusCode()).isEqualTo(200);
    assertThat(shown.body()).contains("\"input\":\"place-call\"", "\"input\":\"hold\"", "\"input\":\"hang-up\"");
  }

  @Test
  void aVoicemailMessageIsRecordedWithTheMailboxsSettingsAndDeposited() throws Exception {
    // given the general mailbox takes messages
    entities.mailboxState(new MailboxState("general", true, MailboxKind.SHARED, null, "General voicemail",
        CallFixtures.mailboxSettings("general"), Greeting.DEFAULT, Map.of()));
    String caller = sim.placeInboundCall(JANE, "Jane Doe", "+15551000100", Map.of("switchboard_inbound", "true"));
    awaitTrue("the menu", () -> state(caller).stage() instanceof CallState.Stage.InFlow && state(caller).playback() != null);

    // when the caller chooses voicemail, hears the greeting and the beep, and speaks
    sim.injectDtmf(caller, "3");
    awaitTrue("recording", () -> sim.channel(caller).flatMap(SimChannelView::recording).isPresent());

    // and ends the message with #
    sim.injectDtmf(caller, "#");

    // then the message is deposited in the mailbox with its file, and the caller hung up
    MailboxCommand.DepositMessage deposit = awaitTrueValue("the deposit", () -> entities.mailboxes().stream()
        .map(FakePeers.MailboxSent::command).filter(MailboxCommand.DepositMessage.class::isInstance)
        .map(MailboxCommand.DepositMessage.class::cast).findFirst().orElse(null));
    assertThat(entities.mailboxes().get(0).mailboxId()).isEqualTo("general");
    assertThat(deposit.callerNumber()).isEqualTo(JANE);
    assertThat(deposit.filePath()).startsWith(voicemailDir + "/general/msg-").endsWith(".wav");
    assertThat(Files.size(Path.of(deposit.filePath()))).isGreaterThanOrEqualTo(44); // the simulator's WAV
    assertThat(deposit.duration().isNegative()).isFalse();
    awaitState(caller, s -> s.status() == CallState.Status.ENDED);
    assertThat(sim.commands()).anySatisfy(c -> {
      assertThat(c.command()).isEqualTo("sendmsg " + caller);
      assertThat(c.application()).isEqualTo("record");
      assertThat(c.body()).isEqualTo(deposit.filePath() + " 60 250 3");
    });
    List<CallEvent> journal = history.events(caller).toCompletableFuture().join();
    assertThat(journal).extracting(e -> e.input().getClass().getSimpleName())
        .containsSubsequence("DtmfReceived", "MailboxLooked", "ApplicationCompleted", "RecordStopped");
    assertThat(journal).flatExtracting(CallEvent::actions).contains(new CallAction.Deposit("general",
        deposit.messageId(), JANE, "Jane Doe", deposit.duration(), deposit.filePath()));
  }

  @Test
  void aReconciliationEndsACallWhoseChannelVanishedWhileTheEngineWasNotListening() {
    // given a caller waiting in the support queue
    String caller = sim.placeInboundCall(JANE, "Jane Doe", "+15551000101", Map.of("switchboard_inbound", "true"));
    awaitQueueCommand(QueueCommand.Enqueue.class, caller);

    // when the connection to FreeSWITCH breaks and the caller hangs up meanwhile
    sim.refuseConnections(true);
    sim.dropConnections();
    sim.hangup(caller, "NORMAL_CLEARING");

    // then the engine is not ready while no media node is connected
    awaitTrue("not ready without media", () -> {
      HttpResponse<String> ready = get("/ready");
      return ready.statusCode() == 503 && ready.body().contains("media: no media node connected: fs1 ");
    });
    sim.refuseConnections(false);

    // then the reconciliation after the reconnect tells the call its channel is gone
    CallState ended = awaitState(caller, s -> s.status() == CallState.Status.ENDED);
    assertThat(((CallState.Stage.Ended) ended.stage()).cause()).isEqualTo(Journey.CHANNEL_GONE);
    awaitQueueCommand(QueueCommand.Abandon.class, caller);
    List<CallEvent> journal = history.events(caller).toCompletableFuture().join();
    assertThat(journal).extracting(CallEvent::input).anySatisfy(input -> assertThat(input)
        .isInstanceOfSatisfying(CallInput.ChannelsGone.class, gone -> {
          assertThat(gone.legUuids()).containsExactly(caller);
          assertThat(gone.reason()).isEqualTo("reconciliation (CONNECTED)");
        }));
  }

  // ------------------------------------------------------------------ helpers

  private static List<FakePeers.AgentSent> agentsOf(String callId) {
    return entities.agents().stream().filter(a -> a.callId().equals(callId)).toList();
  }

  private static CallState state(String callId) {
    return engine.sharding().entityRefFor(CallEntity.ENTITY_KEY, callId)
        .<CallState>ask(CallEntity.GetState::new, Duration.ofSeconds(10)).toCompletableFuture().join();
  }

  private static CallState awaitState(String callId, java.util.function.Predicate<CallState> condition) {
    return awaitTrueValue("call " + callId + " state", () -> {
      CallState s = state(callId);
      return condition.test(s) ? s : null;
    });
  }

  private static <T extends QueueCommand> T awaitQueueCommand(Class<T> type, String callId) {
    return awaitTrueValue(type.getSimpleName() + " of " + callId, () -> entities.queues().stream()
        .map(FakePeers.QueueSent::command).filter(type::isInstance).map(type::cast)
        .filter(c -> callId.equals(callIdOf(c))).findFirst().orElse(null));
  }

  private static String callIdOf(QueueCommand command) {
    if (command instanceof QueueCommand.Enqueue c) {
      return c.callId();
    }
    if (command instanceof QueueCommand.AnswerOffers c) {
      return c.callId();
    }
    if (command instanceof QueueCommand.FailOffer c) {
      return c.callId();
    }
    if (command instanceof QueueCommand.Abandon c) {
      return c.callId();
    }
    if (command instanceof QueueCommand.CompleteCall c) {
      return c.callId();
    }
    return null;
  }

  private static void awaitTrue(String what, Supplier<Boolean> condition) {
    awaitTrueValue(what, () -> condition.get() ? Boolean.TRUE : null);
  }

  private static <T> T awaitTrueValue(String what, Supplier<T> value) {
    return Await.present(what, value, WAIT);
  }

  /**
   * The simulator's commands about a channel, one line each: api lines as sent, sendmsg executes
   * as {@code sendmsg <uuid> <app> <arg>}.
   */
  private static List<String> lines(String uuid) {
    return sim.commands().stream()
        .filter(c -> c.command().contains(uuid))
        .map(c -> c.command().startsWith("sendmsg") && !c.application().isEmpty()
            ? (c.command() + " " + c.application() + " " + c.body()).strip()
            : c.command())
        .toList();
  }

  private static HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET().timeout(Duration.ofSeconds(15)).build());
  }

  private static HttpResponse<String> post(String path, String body) {
    return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(15))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + engine.httpAddress().getPort() + path);
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
          .send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
