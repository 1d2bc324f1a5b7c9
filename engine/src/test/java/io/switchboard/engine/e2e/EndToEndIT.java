package io.switchboard.engine.e2e;

import static io.switchboard.engine.e2e.EndToEnd.FROM_INSIDE;
import static io.switchboard.engine.e2e.EndToEnd.FROM_OUTSIDE;
import static io.switchboard.engine.e2e.EndToEnd.awaitTrue;
import static io.switchboard.engine.e2e.EndToEnd.awaitValue;
import static io.switchboard.engine.e2e.EndToEnd.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.agents.Agent;
import io.switchboard.agents.Presence;
import io.switchboard.engine.Engine;
import io.switchboard.engine.call.CallEvent;
import io.switchboard.engine.call.CallFact;
import io.switchboard.engine.call.CallInput;
import io.switchboard.engine.call.CallReplay;
import io.switchboard.engine.call.CallState;
import io.switchboard.engine.queue.routing.OfferOutcome;
import io.switchboard.engine.queue.routing.QueueAction;
import io.switchboard.engine.queue.routing.QueueEvent;
import io.switchboard.engine.queue.routing.RoutingMethod;
import io.switchboard.engine.voicemail.MailboxEvent;
import io.switchboard.engine.voicemail.VoicemailMessage;
import io.switchboard.media.sim.EndpointScript;
import io.switchboard.media.sim.EslSimulator;
import io.switchboard.persistence.testkit.TestCassandra;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole engine end to end: {@link Engine#start} with the directory file
 * {@code src/test/resources/e2e/directory.yaml}, the real Cassandra node and, over TCP on
 * 127.0.0.1, the ESL simulator playing FreeSWITCH and the phones. Nothing of the engine is faked.
 * Every scenario drives the engine from outside (simulated callers and phones, the HTTP API) and
 * checks both what was journaled (Call, Queue, Agent, Mailbox journals read back from Cassandra)
 * and the ESL commands the simulator received. The scenarios share one engine: each has its own
 * numbers, queues and agents (see the directory file), so that they do not see each other.
 */
class EndToEndIT {

  private static final TestCassandra cassandra = TestCassandra.shared();

  private static Path dir;
  private static ActorSystem<Void> simSystem;
  private static EslSimulator sim;
  private static EndToEnd e2e;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("e2e-it");
    EndToEnd.copyResources(dir, "directory.yaml", "flows/e2e-main.flow.yaml");
    simSystem = ActorSystem.create(Behaviors.empty(), "esl-sim");
    sim = EndToEnd.simulator(simSystem);
    Engine engine = Engine.start(EndToEnd.config(cassandra, "e2e_it", sim.port(), dir.resolve("directory.yaml"),
        dir.resolve("voicemail")), List.of(cassandra.contactPoint()), true);
    e2e = new EndToEnd(engine, sim);
    e2e.awaitReady();
  }

  @AfterAll
  static void stop() {
    try {
      if (e2e != null) {
        assertThat(e2e.engine().shutdown(Duration.ofSeconds(60))).isTrue();
      }
    } finally {
      if (sim != null) {
        sim.stop().toCompletableFuture().join();
      }
      if (simSystem != null) {
        simSystem.terminate();
      }
      EndToEnd.deleteTree(dir);
    }
  }

  @Test
  void a_caller_chooses_the_front_desk_in_the_attendant_and_the_longest_idle_agent_answers() {
    // given three front-desk agents signed in one after the other: a2 first, so a2 is idle longest
    sim.scriptEndpoint("user/2001", EndpointScript.ringForever())
        .scriptEndpoint("user/2002", EndpointScript.answerAfter(Duration.ofMillis(200)))
        .scriptEndpoint("user/2003", EndpointScript.ringForever());
    e2e.signIn("a2", "q-a");
    e2e.signIn("a1", "q-a");
    e2e.signIn("a3", "q-a");
    Agent.State a2Before = e2e.agent("a2");
    assertThat(a2Before.idleSince()).isBefore(e2e.agent("a1").idleSince()).isBefore(e2e.agent("a3").idleSince());

    // when a caller reaches the attendant and presses 1 during its menu
    String caller = sim.placeInboundCall("+12125550101", "Ann Caller", "+15552000100", FROM_OUTSIDE);
    awaitTrue("the menu is spoken", () -> e2e.lines(caller).stream().anyMatch(l -> l.contains("For the front desk press 1")));
    assertThat(sim.injectDtmf(caller, "1")).isTrue();

    // then the call reaches a2, whose phone answers, and both are bridged
    CallState connected = e2e.awaitConnected(caller);
    CallState.Stage.Connected stage = (CallState.Stage.Connected) connected.stage();
    assertThat(stage.link()).isEqualTo(new CallState.Stage.AgentLink("q-a", "a2"));
    String agentLeg = stage.otherLeg();
    awaitTrue("the caller bridged to a2's leg", () -> sim.channel(caller).flatMap(c -> c.bridgedTo())
        .filter(agentLeg::equals).isPresent());
    awaitTrue("a2 on the call", () -> e2e.agent("a2").calls().containsKey(caller));

    // the queue journaled why a2: longest idle, with its tie-break over a1 and a3
    QueueEvent.CallRouted routed = e2e.awaitJournaled("the routing decision", () -> e2e.queueJournal("q-a"),
        QueueEvent.CallRouted.class, r -> r.decision().callId().equals(caller));
    assertThat(routed.decision().method()).isEqualTo(RoutingMethod.LONGEST_IDLE);
    assertThat(routed.decision().chosen()).containsExactly("a2");
    assertThat(routed.decision().tieBreak()).contains("longest idle").contains("a2").contains("a1");
    assertThat(routed.decision().candidates()).extracting(c -> c.agentId()).startsWith("a2", "a1", "a3");
    e2e.awaitJournaled("the answer", () -> e2e.queueJournal("q-a"), QueueEvent.CallAnswered.class,
        a -> a.callId().equals(caller) && a.agentId().equals("a2"));

    // and over ESL: the menu, the queue's music, one originate (to a2's phone only), the bridge
    List<String> originates = e2e.originates(caller);
    assertThat(originates).hasSize(1);
    assertThat(originates.get(0)).contains("user/2002").contains("switchboard_agent=a2")
        .contains("origination_uuid=" + agentLeg);
    assertThat(e2e.lines(caller)).containsSubsequence(
        "sendmsg " + caller + " answer",
        "api uuid_bridge " + caller + " " + agentLeg);

    // when the caller hangs up
    assertThat(sim.hangup(caller, "NORMAL_CLEARING")).isTrue();

    // then the call ends, the agent's leg is hung up, and a2 wraps up (2 s), then is available again
    e2e.awaitEnded(caller);
    awaitTrue("the agent's leg is gone", () -> sim.channel(agentLeg).map(c -> c.callState().equals("HANGUP")).orElse(true));
    Agent.CallEnded ended = e2e.awaitJournaled("a2's call ends", () -> e2e.agentJournal("a2"),
        Agent.CallEnded.class, c -> c.callId().equals(caller));
    assertThat(ended.wrapUpUntil()).isEqualTo(ended.at().plusSeconds(2));
    e2e.awaitJournaled("a2's wrap-up ends", () -> e2e.agentJournal("a2"), Agent.WrapUpEnded.class, w -> true);
    Agent.State a2After = awaitValue("a2 available again", () -> {
      Agent.State s = e2e.agent("a2");
      return s.effectivePresence() == Presence.AVAILABLE && s.wrapUpUntil() == null ? s : null;
    });
    // idle since the end of the wrap-up: a2 is now the one idle the shortest
    assertThat(a2After.idleSince()).isAfterOrEqualTo(ended.wrapUpUntil()).isAfter(e2e.agent("a3").idleSince());
    assertThat(ofType(e2e.agentJournal("a2"), Agent.Event.class)).extracting(e -> e.getClass().getSimpleName())
        .containsSubsequence("PresenceChanged", "ReservationMade", "CallStarted", "CallEnded", "WrapUpEnded");
    QueueEvent.CallCompleted completed = e2e.awaitJournaled("the completion", () -> e2e.queueJournal("q-a"),
        QueueEvent.CallCompleted.class, c -> c.callId().equals(caller));
    assertThat(completed.agentId()).isEqualTo("a2");

    // the call's journal tells the same story and replays without divergence
    List<CallEvent> journal = e2e.callJournal(caller);
    assertThat(journal).extracting(e -> e.input().getClass().getSimpleName())
        .containsSubsequence("ChannelParked", "DtmfReceived", "FromQueue", "ChannelAnswered", "ChannelHungUp");
    assertThat(journal.stream().flatMap(e -> e.facts().stream()))
        .anyMatch(f -> f instanceof CallFact.CallEnded);
    assertThat(CallReplay.replay(caller, journal, e2e.engine().organisation()::flowVersion).divergence()).isNull();
    // and GET /calls/{id} serves that history
    HttpResponse<String> history = e2e.get("/calls/" + caller);
    assertThat(history.statusCode()).isEqualTo(200);
    assertThat(EndToEnd.json(history).path("callId").asText()).isEqualTo(caller);
    assertThat(EndToEnd.json(history).path("history").size()).isEqualTo(journal.size());
  }

  @Test
  void an_agent_who_lets_it_ring_then_a_busy_phone_are_passed_over_and_the_next_agent_answers() {
    // given three agents of a serial queue (15 s alert time, the least a queue allows): b1's phone rings and rings, b2's is
    // busy, b3's answers
    sim.scriptEndpoint("user/2011", EndpointScript.ringForever())
        .scriptEndpoint("user/2012", EndpointScript.busy())
        .scriptEndpoint("user/2013", EndpointScript.answerAfter(Duration.ofMillis(200)));
    e2e.signIn("b1", "q-b");
    e2e.signIn("b2", "q-b");
    e2e.signIn("b3", "q-b");

    // when a caller dials the queue's number
    String caller = sim.placeInboundCall("+12125550102", "Bo Caller", "+15552000102", FROM_OUTSIDE);

    // then b1 rings out the alert time, b2 is busy, and b3 answers
    CallState connected = e2e.awaitConnected(caller);
    CallState.Stage.Connected stage = (CallState.Stage.Connected) connected.stage();
    assertThat(stage.link()).isEqualTo(new CallState.Stage.AgentLink("q-b", "b3"));
    awaitTrue("the caller bridged to b3", () -> sim.channel(caller).flatMap(c -> c.bridgedTo())
        .filter(stage.otherLeg()::equals).isPresent());

    // the queue journaled each offer's end and the routing decisions, in serial order
    List<QueueEvent> queue = e2e.queueJournal("q-b");
    List<QueueEvent.OfferEnded> ends = ofType(queue, QueueEvent.OfferEnded.class).stream()
        .filter(o -> o.callId().equals(caller)).toList();
    assertThat(ends).extracting(QueueEvent.OfferEnded::agentId, QueueEvent.OfferEnded::outcome).containsExactly(
        org.assertj.core.groups.Tuple.tuple("b1", OfferOutcome.NO_ANSWER),
        org.assertj.core.groups.Tuple.tuple("b2", OfferOutcome.DECLINED));
    assertThat(ofType(queue, QueueEvent.CallRouted.class)).filteredOn(r -> r.decision().callId().equals(caller))
        .filteredOn(r -> r.decision().offersAnyone())
        .extracting(r -> r.decision().chosen()).containsExactly(List.of("b1"), List.of("b2"), List.of("b3"));
    e2e.awaitJournaled("b3's answer", () -> e2e.queueJournal("q-b"), QueueEvent.CallAnswered.class,
        a -> a.callId().equals(caller) && a.agentId().equals("b3"));
    // b1 and b2 missed the offer (their reservations were released as missed)
    for (String agent : List.of("b1", "b2")) {
      Agent.ReservationReleased released = e2e.awaitJournaled(agent + "'s reservation released",
          () -> e2e.agentJournal(agent), Agent.ReservationReleased.class, r -> r.callId().equals(caller));
      assertThat(released.missed()).as(agent + " missed the offer").isTrue();
    }

    // and over ESL: three originates in serial order; b1's was originated with the alert time as
    // its timeout, so its unanswered leg ended there
    List<String> originates = e2e.originates(caller);
    assertThat(originates).hasSize(3);
    assertThat(originates.get(0)).contains("user/2011");
    assertThat(originates.get(1)).contains("user/2012");
    assertThat(originates.get(2)).contains("user/2013");
    String b1Leg = leg(originates.get(0));
    assertThat(originates.get(0)).containsPattern("originate_timeout=1[45][,}]");
    assertThat(sim.channel(b1Leg).map(c -> c.callState()).orElse("HANGUP")).isEqualTo("HANGUP");
    assertThat(e2e.lines(caller)).contains("api uuid_bridge " + caller + " " + stage.otherLeg());

    sim.hangup(caller, "NORMAL_CLEARING");
    e2e.awaitEnded(caller);
    assertThat(CallReplay.replay(caller, e2e.callJournal(caller), e2e.engine().organisation()::flowVersion)
        .divergence()).isNull();
  }

  @Test
  void ring_all_with_two_agents_answering_at_the_same_moment_connects_the_first_answer_and_hangs_up_the_other() {
    // given a ring-all queue whose two agents' phones ring until picked up
    sim.scriptEndpoint("user/2041", EndpointScript.ringForever())
        .scriptEndpoint("user/2042", EndpointScript.ringForever());
    e2e.signIn("e1", "q-e");
    e2e.signIn("e2", "q-e");

    // when a caller dials the queue and both phones ring
    String caller = sim.placeInboundCall("+12125550105", "Eda Caller", "+15552000105", FROM_OUTSIDE);
    List<String> originates = awaitValue("both phones ring", () -> {
      List<String> o = e2e.originates(caller);
      boolean ringing = o.size() == 2 && o.stream().map(EndToEndIT::leg)
          .allMatch(l -> sim.channel(l).map(c -> c.callState().equals("RINGING")).orElse(false));
      return ringing ? o : null;
    });
    String e1Leg = leg(originates.stream().filter(o -> o.contains("user/2041")).findFirst().orElseThrow());
    String e2Leg = leg(originates.stream().filter(o -> o.contains("user/2042")).findFirst().orElseThrow());

    // and e2 and e1 pick up at the same moment, e2's answer first on the wire
    assertThat(sim.answer(e2Leg, e1Leg)).containsExactly(e2Leg, e1Leg);

    // then e2, whose answer the call received first, is connected; e1's leg is hung up
    CallState connected = e2e.awaitConnected(caller);
    CallState.Stage.Connected stage = (CallState.Stage.Connected) connected.stage();
    assertThat(stage.link()).isEqualTo(new CallState.Stage.AgentLink("q-e", "e2"));
    assertThat(stage.otherLeg()).isEqualTo(e2Leg);
    awaitTrue("the caller bridged to e2", () -> sim.channel(caller).flatMap(c -> c.bridgedTo())
        .filter(e2Leg::equals).isPresent());
    awaitTrue("e1's leg hung up", () -> sim.channel(e1Leg).map(c -> c.callState().equals("HANGUP")).orElse(true));
    assertThat(e2e.lines(e1Leg)).contains("api uuid_kill " + e1Leg + " LOSE_RACE");
    assertThat(e2e.lines(e2Leg)).doesNotContain("api uuid_kill " + e2Leg + " LOSE_RACE");

    // the routing decision offered both; the call journaled why e2 (the first answer), and that
    // e1's leg lost the race
    QueueEvent.CallRouted routed = e2e.awaitJournaled("the routing decision", () -> e2e.queueJournal("q-e"),
        QueueEvent.CallRouted.class, r -> r.decision().callId().equals(caller));
    assertThat(routed.decision().method()).isEqualTo(RoutingMethod.ATTENDANT);
    assertThat(routed.decision().chosen()).containsExactlyInAnyOrder("e1", "e2");
    e2e.awaitJournaled("e2's answer", () -> e2e.queueJournal("q-e"), QueueEvent.CallAnswered.class,
        a -> a.callId().equals(caller) && a.agentId().equals("e2"));
    assertThat(ofType(e2e.queueJournal("q-e"), QueueEvent.CallAnswered.class))
        .filteredOn(a -> a.callId().equals(caller)).hasSize(1);
    QueueEvent.OfferEnded lost = e2e.awaitJournaled("e1's offer ends", () -> e2e.queueJournal("q-e"),
        QueueEvent.OfferEnded.class, o -> o.callId().equals(caller) && o.agentId().equals("e1"));
    assertThat(lost.outcome()).isEqualTo(OfferOutcome.CANCELLED_ANSWERED_ELSEWHERE);
    List<CallFact> facts = e2e.callJournal(caller).stream().flatMap(e -> e.facts().stream()).toList();
    assertThat(facts).contains(new CallFact.Decided("queue", "answered by e2", "first answer of queue q-e"));
    assertThat(facts).contains(new CallFact.LegReleased(e1Leg, "LOSE_RACE"));
    awaitTrue("e1 is free again", () -> e2e.agent("e1").reservation() == null && !e2e.agent("e1").onCall());
    awaitTrue("e2 on the call", () -> e2e.agent("e2").calls().containsKey(caller));

    sim.hangup(caller, "NORMAL_CLEARING");
    e2e.awaitEnded(caller);
    assertThat(CallReplay.replay(caller, e2e.callJournal(caller), e2e.engine().organisation()::flowVersion)
        .divergence()).isNull();
  }

  @Test
  void a_caller_who_waits_past_the_queue_timeout_leaves_a_voicemail_message() throws Exception {
    // given a queue (3 s timeout, then voicemail box-c) where nobody is signed in
    // when a caller dials it and waits
    String caller = sim.placeInboundCall("+12125550103", "Cy Caller", "+15552000103", FROM_OUTSIDE);

    // then after the timeout the caller hears the greeting and the beep, and FreeSWITCH records
    String path = awaitValue("the recording starts", () -> sim.channel(caller).flatMap(c -> c.recording()).orElse(null));
    Path voicemail = dir.resolve("voicemail").resolve("box-c");
    assertThat(Path.of(path).getParent()).isEqualTo(voicemail);
    assertThat(Path.of(path).getFileName().toString()).matches("msg-[0-9a-f-]{36}\\.wav");
    QueueEvent.CallTimedOut timedOut = e2e.awaitJournaled("the queue timeout", () -> e2e.queueJournal("q-c"),
        QueueEvent.CallTimedOut.class, t -> t.callId().equals(caller));
    assertThat(timedOut.action()).isEqualTo(new QueueAction.ToVoicemail("box-c"));
    assertThat(timedOut.waited()).isGreaterThanOrEqualTo(Duration.ofSeconds(3));

    // when the caller ends the message with #
    assertThat(sim.injectDtmf(caller, "#")).isTrue();

    // then the mailbox holds the message, and the WAV file FreeSWITCH wrote is there
    MailboxEvent.MessageDeposited deposited = e2e.awaitJournaled("the message in box-c", () -> e2e.mailboxJournal("box-c"),
        MailboxEvent.MessageDeposited.class, d -> d.message().filePath().equals(path));
    assertThat(deposited.message().callerNumber()).isEqualTo("+12125550103");
    assertThat(deposited.message().callerName()).isEqualTo("Cy Caller");
    assertThat(deposited.message().status()).isEqualTo(VoicemailMessage.Status.NEW);
    byte[] wav = Files.readAllBytes(Path.of(path));
    assertThat(wav.length).isGreaterThanOrEqualTo(44);
    assertThat(new String(wav, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("RIFF");
    assertThat(new String(wav, 8, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("WAVE");

    // and over ESL: the music stopped, the default greeting and the beep, # as the terminator,
    // then the record command on the caller's leg with the box's maximum length (30 s) and
    // silence detection
    // then, the message taken, the engine hangs up
    e2e.awaitEnded(caller);
    e2e.awaitLines(List.of(
        "sendmsg " + caller + " playback local_stream://moh",
        "api uuid_break " + caller + " all",
        "sendmsg " + caller + " speak flite|slt|Please leave a message after the tone.",
        "sendmsg " + caller + " playback tone_stream://%(500,0,800)",
        "api uuid_setvar " + caller + " playback_terminators #",
        "sendmsg " + caller + " record " + path + " 30 200 2",
        "api uuid_kill " + caller + " NORMAL_CLEARING"), caller);
    List<CallEvent> journal = e2e.callJournal(caller);
    assertThat(journal).extracting(e -> e.input().getClass().getSimpleName())
        .containsSubsequence("ChannelParked", "FromQueue", "MailboxLooked", "RecordStopped", "ChannelHungUp");
    // # ended the recording (FreeSWITCH's terminator, not a digit for the call)
    assertThat(journal).extracting(CallEvent::input).filteredOn(CallInput.RecordStopped.class::isInstance)
        .map(CallInput.RecordStopped.class::cast).singleElement()
        .satisfies(r -> assertThat(r.completionCause()).isEqualTo("success-terminator"))
        .satisfies(r -> assertThat(r.path()).isEqualTo(path));
    assertThat(CallReplay.replay(caller, e2e.callJournal(caller), e2e.engine().organisation()::flowVersion)
        .divergence()).isNull();

    // when the owner saves the message through the API, the message-waiting indicator goes off
    HttpResponse<String> saved = e2e.post("/mailboxes/box-c/messages/" + deposited.message().messageId() + "/save", "");
    assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
    assertThat(EndToEnd.json(saved).path("messageWaiting").asBoolean()).isFalse();
    e2e.awaitJournaled("the indicator off in box-c", () -> e2e.mailboxJournal("box-c"),
        MailboxEvent.MessageWaitingChanged.class, w -> !w.waiting() && w.savedMessages() == 1);
  }

  @Test
  void a_caller_beyond_the_maximum_calls_waiting_overflows_to_the_overflow_queue() {
    // given a queue where one caller may wait (nobody signed in) and its overflow queue, where d1 is
    sim.scriptEndpoint("user/2031", EndpointScript.answerAfter(Duration.ofMillis(200)));
    e2e.signIn("d1", "q-d-overflow");
    String first = sim.placeInboundCall("+12125550104", "Di First", "+15552000104", FROM_OUTSIDE);
    e2e.awaitJournaled("the first caller waits in q-d", () -> e2e.queueJournal("q-d"),
        QueueEvent.CallEnqueued.class, e -> e.callId().equals(first));

    // when a second caller dials the queue
    String second = sim.placeInboundCall("+12125550114", "Di Second", "+15552000104", FROM_OUTSIDE);

    // then the second caller overflows into q-d-overflow, where d1 answers
    QueueEvent.CallOverflowed overflowed = e2e.awaitJournaled("the overflow", () -> e2e.queueJournal("q-d"),
        QueueEvent.CallOverflowed.class, o -> o.callId().equals(second));
    assertThat(overflowed.waiting()).isEqualTo(1);
    assertThat(overflowed.maxCallsWaiting()).isEqualTo(1);
    assertThat(overflowed.action()).isEqualTo(new QueueAction.ToQueue("q-d-overflow"));
    CallState connected = e2e.awaitConnected(second);
    assertThat(((CallState.Stage.Connected) connected.stage()).link())
        .isEqualTo(new CallState.Stage.AgentLink("q-d-overflow", "d1"));
    e2e.awaitJournaled("d1's answer", () -> e2e.queueJournal("q-d-overflow"), QueueEvent.CallAnswered.class,
        a -> a.callId().equals(second) && a.agentId().equals("d1"));
    assertThat(ofType(e2e.queueJournal("q-d"), QueueEvent.CallEnqueued.class)).extracting(QueueEvent.CallEnqueued::callId)
        .contains(first).doesNotContain(second);
    // the first caller still waits in q-d
    assertThat(e2e.call(first).stage()).isInstanceOf(CallState.Stage.Queued.class);
    assertThat(e2e.originates(second)).singleElement().asString().contains("user/2031").contains("switchboard_queue=q-d-overflow");
    assertThat(e2e.originates(first)).isEmpty();

    // when both callers hang up, the first is an abandon of q-d
    sim.hangup(second, "NORMAL_CLEARING");
    sim.hangup(first, "NORMAL_CLEARING");
    e2e.awaitEnded(first);
    e2e.awaitEnded(second);
    e2e.awaitJournaled("the first caller's abandon", () -> e2e.queueJournal("q-d"), QueueEvent.CallAbandoned.class,
        a -> a.callId().equals(first));
  }

  @Test
  void an_internal_call_by_extension_rings_the_colleague_without_any_gateway() {
    // given f2's phone, which answers
    sim.scriptEndpoint("user/2052", EndpointScript.answerAfter(Duration.ofMillis(200)));

    // when f1 (extension 2051) dials 2052 from the phone on the desk
    String caller = sim.placeInboundCall("2051", "Fay One", "2052", FROM_INSIDE);

    // then f2's phone rings and answers, and both are bridged
    CallState connected = e2e.awaitConnected(caller);
    CallState.Stage.Connected stage = (CallState.Stage.Connected) connected.stage();
    assertThat(stage.link()).isEqualTo(new CallState.Stage.UserLink("f2"));
    assertThat(connected.origin().callerUserId()).isEqualTo("f1");
    awaitTrue("the caller bridged to f2", () -> sim.channel(caller).flatMap(c -> c.bridgedTo())
        .filter(stage.otherLeg()::equals).isPresent());
    // both are busy for queue routing while they talk
    awaitTrue("f1 and f2 on the call", () -> e2e.agent("f1").calls().containsKey(caller) && e2e.agent("f2").calls().containsKey(caller));

    // and over ESL: one originate to user/2052, no gateway anywhere in the call's commands
    assertThat(e2e.originates(caller)).singleElement().asString().contains("user/2052").contains("switchboard_role=user");
    assertThat(e2e.lines(caller)).noneMatch(l -> l.contains("gateway"));

    // when f1 hangs up, the call ends and both are free again
    sim.hangup(caller, "NORMAL_CLEARING");
    e2e.awaitEnded(caller);
    awaitTrue("f1 and f2 free", () -> !e2e.agent("f1").onCall() && !e2e.agent("f2").onCall());
    assertThat(CallReplay.replay(caller, e2e.callJournal(caller), e2e.engine().organisation()::flowVersion)
        .divergence()).isNull();
  }

  @Test
  void an_outside_call_falls_back_to_the_next_gateway_when_the_first_fails() {
    // given the first gateway of the route fails, the second reaches the number, which answers
    sim.scriptEndpoint("sofia/gateway/carrier-a/+12125550177", EndpointScript.reject("NORMAL_TEMPORARY_FAILURE"))
        .scriptEndpoint("sofia/gateway/carrier-b/12125550177", EndpointScript.answerAfter(Duration.ofMillis(200)));

    // when g1 (extension 2061, number +15552000161) dials the outside number
    String caller = sim.placeInboundCall("2061", "Gus One", "+12125550177", FROM_INSIDE);

    // then the call is connected through carrier-b
    CallState connected = e2e.awaitConnected(caller);
    assertThat(((CallState.Stage.Connected) connected.stage()).link())
        .isEqualTo(new CallState.Stage.OutsideLink("carrier-b", "+12125550177"));

    // over ESL: carrier-a with g1's own number in E.164, then carrier-b with the main number's
    // digits and the organisation's name
    List<String> originates = e2e.originates(caller);
    assertThat(originates).hasSize(2);
    assertThat(originates.get(0)).contains("sofia/gateway/carrier-a/+12125550177")
        .contains("origination_caller_id_number=+15552000161").contains("switchboard_gateway=carrier-a");
    assertThat(originates.get(1)).contains("sofia/gateway/carrier-b/12125550177")
        .contains("origination_caller_id_number=15552000100").contains("switchboard_gateway=carrier-b");

    // and the call journaled each gateway choice and the fallback, with the cause
    List<CallFact> facts = e2e.callJournal(caller).stream().flatMap(e -> e.facts().stream()).toList();
    assertThat(facts).filteredOn(CallFact.Decided.class::isInstance).map(CallFact.Decided.class::cast)
        .filteredOn(d -> d.topic().equals("outside")).extracting(CallFact.Decided::outcome)
        .containsExactly("gateway carrier-a", "gateway failed", "gateway carrier-b");
    assertThat(facts).filteredOn(CallFact.Decided.class::isInstance).map(CallFact.Decided.class::cast)
        .anyMatch(d -> d.reason().contains("carrier-a failed with NORMAL_TEMPORARY_FAILURE"));

    sim.hangup(caller, "NORMAL_CLEARING");
    e2e.awaitEnded(caller);
    assertThat(CallReplay.replay(caller, e2e.callJournal(caller), e2e.engine().organisation()::flowVersion)
        .divergence()).isNull();
  }

  @Test
  void an_outside_call_whose_gateways_all_fail_hears_the_announcement_and_is_hung_up() {
    // given both gateways of the route fail
    sim.scriptEndpoint("sofia/gateway/carrier-a/+12125550178", EndpointScript.reject("GATEWAY_DOWN"))
        .scriptEndpoint("sofia/gateway/carrier-b/12125550178", EndpointScript.reject("NORMAL_TEMPORARY_FAILURE"));

    // when g2 dials the outside number
    String caller = sim.placeInboundCall("2062", "Gil Two", "+12125550178", FROM_INSIDE);

    // then both gateways are tried, the caller hears the announcement and the call ends
    CallState ended = e2e.awaitEnded(caller);
    assertThat(e2e.originates(caller)).hasSize(2);
    List<String> lines = e2e.lines(caller);
    assertThat(lines).anyMatch(l -> l.startsWith("sendmsg " + caller + " speak") && l.contains("Sorry, your call cannot be completed."));
    List<CallFact.Decided> decided = e2e.callJournal(caller).stream().flatMap(e -> e.facts().stream())
        .filter(CallFact.Decided.class::isInstance).map(CallFact.Decided.class::cast)
        .filter(d -> d.topic().equals("outside")).toList();
    assertThat(decided).extracting(CallFact.Decided::outcome)
        .containsExactly("gateway carrier-a", "gateway failed", "gateway carrier-b", "failed");
    assertThat(decided.get(3).reason()).contains("every gateway to +12125550178 failed")
        .contains("carrier-b").contains("NORMAL_TEMPORARY_FAILURE");
    assertThat(ended.status()).isEqualTo(CallState.Status.ENDED);
    assertThat(CallReplay.replay(caller, e2e.callJournal(caller), e2e.engine().organisation()::flowVersion)
        .divergence()).isNull();
  }

  @Test
  void an_agent_transfers_the_caller_to_another_queue_where_another_agent_answers() {
    // given a caller talking to h1 of q-h1, and h2 signed in to q-h2
    sim.scriptEndpoint("user/2071", EndpointScript.answerAfter(Duration.ofMillis(200)))
        .scriptEndpoint("user/2072", EndpointScript.answerAfter(Duration.ofMillis(200)));
    e2e.signIn("h1", "q-h1");
    e2e.signIn("h2", "q-h2");
    String caller = sim.placeInboundCall("+12125550106", "Hu Caller", "+15552000106", FROM_OUTSIDE);
    String h1Leg = ((CallState.Stage.Connected) e2e.awaitConnected(caller).stage()).otherLeg();
    awaitTrue("the caller bridged to h1", () -> sim.channel(caller).flatMap(c -> c.bridgedTo())
        .filter(h1Leg::equals).isPresent());

    // when h1 transfers the caller to q-h2 through the API
    HttpResponse<String> response = e2e.post("/calls/" + caller + "/transfer", "{\"target\": \"queue:q-h2\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

    // then h1's leg is hung up, and h2 answers the caller in q-h2
    CallState connected = e2e.awaitCall(caller, "connected to h2", s -> s.stage() instanceof CallState.Stage.Connected c
        && c.link().equals(new CallState.Stage.AgentLink("q-h2", "h2")));
    String h2Leg = ((CallState.Stage.Connected) connected.stage()).otherLeg();
    awaitTrue("the caller bridged to h2", () -> sim.channel(caller).flatMap(c -> c.bridgedTo())
        .filter(h2Leg::equals).isPresent());
    assertThat(e2e.lines(caller, h1Leg)).containsSubsequence(
        "api uuid_bridge " + caller + " " + h1Leg,
        "api uuid_kill " + h1Leg + " NORMAL_CLEARING",
        "api uuid_bridge " + caller + " " + h2Leg);

    // q-h1 completed its call with h1; q-h2 took the caller and h2 answered; h1 is free again
    e2e.awaitJournaled("q-h1 completes", () -> e2e.queueJournal("q-h1"), QueueEvent.CallCompleted.class,
        c -> c.callId().equals(caller) && c.agentId().equals("h1"));
    e2e.awaitJournaled("q-h2 takes the caller", () -> e2e.queueJournal("q-h2"), QueueEvent.CallEnqueued.class,
        c -> c.callId().equals(caller));
    e2e.awaitJournaled("h2's answer", () -> e2e.queueJournal("q-h2"), QueueEvent.CallAnswered.class,
        c -> c.callId().equals(caller) && c.agentId().equals("h2"));
    e2e.awaitJournaled("h1's call ends", () -> e2e.agentJournal("h1"), Agent.CallEnded.class, c -> c.callId().equals(caller));
    List<CallEvent> journal = e2e.callJournal(caller);
    assertThat(journal.stream().flatMap(e -> e.facts().stream()))
        .contains(new CallFact.Decided("transfer", "queue:q-h2", "blind transfer requested through the API"));

    sim.hangup(caller, "NORMAL_CLEARING");
    e2e.awaitEnded(caller);
    assertThat(CallReplay.replay(caller, e2e.callJournal(caller), e2e.engine().organisation()::flowVersion)
        .divergence()).isNull();
  }

  @Test
  void hold_and_mute_through_the_api_reach_freeswitch_and_the_journal() {
    // given a caller talking to i1
    sim.scriptEndpoint("user/2081", EndpointScript.answerAfter(Duration.ofMillis(200)));
    e2e.signIn("i1", "q-i");
    String caller = sim.placeInboundCall("+12125550107", "Io Caller", "+15552000107", FROM_OUTSIDE);
    String agentLeg = ((CallState.Stage.Connected) e2e.awaitConnected(caller).stage()).otherLeg();
    awaitTrue("the caller bridged to i1", () -> sim.channel(caller).flatMap(c -> c.bridgedTo())
        .filter(agentLeg::equals).isPresent());

    // when the agent puts the caller on hold, then mutes itself
    assertThat(e2e.post("/calls/" + caller + "/hold", "").statusCode()).isEqualTo(200);
    assertThat(e2e.post("/calls/" + caller + "/mute", "").statusCode()).isEqualTo(200);

    // then the caller is held (the agent's leg is held, so the caller hears its hold music) and
    // the agent is muted
    CallState state = e2e.call(caller);
    assertThat(state.held()).containsExactly(CallInput.Party.CALLER);
    assertThat(state.muted()).containsExactly(CallInput.Party.CALLEE);
    e2e.awaitLines(List.of(
        "api uuid_setvar " + agentLeg + " hold_music local_stream://moh",
        "api uuid_hold " + agentLeg,
        "api uuid_audio " + agentLeg + " start read mute 1"), agentLeg);

    // when both are undone
    assertThat(e2e.post("/calls/" + caller + "/unhold", "").statusCode()).isEqualTo(200);
    assertThat(e2e.post("/calls/" + caller + "/unmute", "").statusCode()).isEqualTo(200);

    // then FreeSWITCH is told, and the call's journal holds the four changes in order
    state = e2e.call(caller);
    assertThat(state.held()).isEmpty();
    assertThat(state.muted()).isEmpty();
    e2e.awaitLines(List.of(
        "api uuid_hold " + agentLeg,
        "api uuid_audio " + agentLeg + " start read mute 1",
        "api uuid_hold off " + agentLeg,
        "api uuid_audio " + agentLeg + " start read mute 0"), agentLeg);
    assertThat(e2e.callJournal(caller).stream().flatMap(e -> e.facts().stream())
        .filter(f -> f instanceof CallFact.HoldChanged || f instanceof CallFact.MuteChanged)).containsExactly(
        new CallFact.HoldChanged(CallInput.Party.CALLER, true),
        new CallFact.MuteChanged(CallInput.Party.CALLEE, true),
        new CallFact.HoldChanged(CallInput.Party.CALLER, false),
        new CallFact.MuteChanged(CallInput.Party.CALLEE, false));
    // and a party that does not exist is a bad request
    assertThat(e2e.post("/calls/" + caller + "/hold", "{\"party\": \"nobody\"}").statusCode()).isEqualTo(400);

    sim.hangup(caller, "NORMAL_CLEARING");
    e2e.awaitEnded(caller);
    // hold on a call that is no longer connected is refused
    assertThat(e2e.post("/calls/" + caller + "/hold", "").statusCode()).isEqualTo(409);
    assertThat(CallReplay.replay(caller, e2e.callJournal(caller), e2e.engine().organisation()::flowVersion)
        .divergence()).isNull();
  }

  @Test
  void an_agent_in_two_queues_is_never_offered_two_calls_at_once() {
    // given s1, member of q-s1 and q-s2, whose phone rings until picked up
    sim.scriptEndpoint("user/2091", EndpointScript.ringForever());
    e2e.signIn("s1", "q-s1", "q-s2");

    // when two callers dial the two queues at the same moment
    String one = sim.placeInboundCall("+12125550108", "Sy One", "+15552000108", FROM_OUTSIDE);
    String two = sim.placeInboundCall("+12125550109", "Sy Two", "+15552000109", FROM_OUTSIDE);

    // then s1's phone rings for one of them only; the other call keeps waiting
    String firstLeg = awaitValue("s1's phone rings", () -> sim.channels().stream()
        .filter(c -> c.name().contains("2091") && c.callState().equals("RINGING")).map(c -> c.uuid()).findFirst().orElse(null));
    String first = sim.channel(firstLeg).map(c -> c.variables().get("switchboard_call_id")).orElseThrow();
    String second = first.equals(one) ? two : one;
    String secondQueue = second.equals(one) ? "q-s1" : "q-s2";
    awaitTrue("the other queue holds its caller", () -> e2e.queueView(secondQueue).waiting().stream()
        .anyMatch(w -> w.callId().equals(second)));
    assertThat(e2e.originates(second)).isEmpty();

    // when s1 answers the first, talks, and the caller hangs up
    assertThat(sim.answer(firstLeg)).containsExactly(firstLeg);
    e2e.awaitConnected(first);
    assertThat(e2e.originates(second)).isEmpty();
    sim.hangup(first, "NORMAL_CLEARING");
    e2e.awaitEnded(first);

    // then, after the 1 s wrap-up, s1's phone rings for the second call, which s1 answers
    String secondLeg = awaitValue("s1's phone rings again", () -> sim.channels().stream()
        .filter(c -> c.name().contains("2091") && c.callState().equals("RINGING")
            && second.equals(c.variables().get("switchboard_call_id"))).map(c -> c.uuid()).findFirst().orElse(null));
    assertThat(sim.answer(secondLeg)).containsExactly(secondLeg);
    e2e.awaitConnected(second);
    sim.hangup(second, "NORMAL_CLEARING");
    e2e.awaitEnded(second);
    e2e.awaitJournaled("s1's second call ends", () -> e2e.agentJournal("s1"), Agent.CallEnded.class,
        c -> c.callId().equals(second));

    // and s1's journal shows one reservation or call at a time, from start to end
    String holding = null;
    for (Agent.Event event : e2e.agentJournal("s1")) {
      if (event instanceof Agent.ReservationMade r) {
        assertThat(holding).as("reservation for %s while holding %s", r.callId(), holding).isIn(null, r.callId());
        holding = r.callId();
      } else if (event instanceof Agent.ReservationReleased r && r.callId().equals(holding)) {
        holding = null;
      } else if (event instanceof Agent.ReservationExpired r && r.callId().equals(holding)) {
        holding = null;
      } else if (event instanceof Agent.CallStarted c) {
        assertThat(holding).as("call %s while holding %s", c.callId(), holding).isIn(null, c.callId());
        holding = c.callId();
      } else if (event instanceof Agent.CallEnded c && c.callId().equals(holding)) {
        holding = null;
      }
    }
    assertThat(ofType(e2e.agentJournal("s1"), Agent.CallStarted.class)).extracting(Agent.CallStarted::callId)
        .containsExactly(first, second);
    assertThat(e2e.originates(first)).hasSize(1);
    assertThat(e2e.originates(second)).hasSize(1);
  }

  /** The origination uuid of an originate command line. */
  private static String leg(String originate) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("origination_uuid=([0-9a-f-]{36})").matcher(originate);
    assertThat(m.find()).as(originate).isTrue();
    return m.group(1);
  }
}
