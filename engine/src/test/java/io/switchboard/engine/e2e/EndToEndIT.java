package io.switchboard.engine.e2e;

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
import io.switchboard.engine.call.CallReplay;
import io.switchboard.engine.call.CallState;
import io.switchboard.engine.queue.routing.OfferOutcome;
import io.switchboard.engine.queue.routing.QueueEvent;
import io.switchboard.engine.queue.routing.RoutingMethod;
import io.switchboard.media.sim.EndpointScript;
import io.switchboard.media.sim.EslSimulator;
import io.switchboard.persistence.testkit.TestCassandra;
import java.nio.file.Files;
import java.nio.file.Path;
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
        .extracting(r -> r.decision().chosen()).containsExactly(List.of("b1"), List.of("b2"), List.of("b3"));
    e2e.awaitJournaled("b3's answer", () -> e2e.queueJournal("q-b"), QueueEvent.CallAnswered.class,
        a -> a.callId().equals(caller) && a.agentId().equals("b3"));
    // b1 and b2 missed the offer (their reservations were released as missed)
    assertThat(ofType(e2e.agentJournal("b1"), Agent.ReservationReleased.class))
        .filteredOn(r -> r.callId().equals(caller)).extracting(Agent.ReservationReleased::missed).containsExactly(true);
    assertThat(ofType(e2e.agentJournal("b2"), Agent.ReservationReleased.class))
        .filteredOn(r -> r.callId().equals(caller)).extracting(Agent.ReservationReleased::missed).containsExactly(true);

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
    List<CallFact> facts = e2e.callJournal(caller).stream().flatMap(e -> e.facts().stream()).toList();
    assertThat(facts).contains(new CallFact.Decided("queue", "answered by e2", "first answer of queue q-e"));
    assertThat(facts).contains(new CallFact.LegReleased(e1Leg, "LOSE_RACE"));
    awaitTrue("e1 is free again", () -> e2e.agent("e1").reservation() == null && !e2e.agent("e1").onCall());
    assertThat(e2e.agent("e2").calls()).containsKey(caller);

    sim.hangup(caller, "NORMAL_CLEARING");
    e2e.awaitEnded(caller);
    assertThat(CallReplay.replay(caller, e2e.callJournal(caller), e2e.engine().organisation()::flowVersion)
        .divergence()).isNull();
  }

  /** The origination uuid of an originate command line. */
  private static String leg(String originate) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("origination_uuid=([0-9a-f-]{36})").matcher(originate);
    assertThat(m.find()).as(originate).isTrue();
    return m.group(1);
  }
}
