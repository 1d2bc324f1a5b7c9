package io.switchboard.engine.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.agents.Agent;
import io.switchboard.agents.AgentEntity;
import io.switchboard.agents.AgentReport;
import io.switchboard.agents.Presence;
import io.switchboard.engine.directory.config.DirectoryConfiguration.QueueMembership;
import io.switchboard.engine.queue.routing.AgentStatus;
import io.switchboard.engine.queue.routing.NoAgentsPolicy;
import io.switchboard.engine.queue.routing.OfferOutcome;
import io.switchboard.engine.queue.routing.QueueAction;
import io.switchboard.engine.queue.routing.QueueCommand;
import io.switchboard.engine.queue.routing.QueueEvent;
import io.switchboard.engine.queue.routing.QueuePolicy;
import io.switchboard.engine.queue.routing.QueueState;
import io.switchboard.engine.testing.Await;
import io.switchboard.engine.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QueueEntityTest {

  private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
  private static final ActorTestKit testKit = ActorTestKit.create(EventSourcedBehaviorTestKit.config());
  private static final QueuePolicy POLICY = QueuePolicy.defaults()
      .withAgentAlertTime(Duration.ofSeconds(20))
      .withNoAgents(NoAgentsPolicy.keepWaiting())
      .withWrapUpTime(Duration.ofSeconds(15));

  private final ManualClock clock = new ManualClock(T0);
  private final RecordingQueuePeers peers = new RecordingQueuePeers();
  private final EventSourcedBehaviorTestKit<QueueEntity.Command, QueueEvent, QueueState> queue =
      EventSourcedBehaviorTestKit.create(testKit.system(), QueueEntity.create("support", QueueEntity.Settings.DEFAULT, peers, clock));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void clear() {
    queue.clear();
    peers.clear();
  }

  private static Instant at(int seconds) {
    return T0.plusSeconds(seconds);
  }

  private StatusReply<Done> configure(QueuePolicy policy, List<QueueMembership> members) {
    return queue.<StatusReply<Done>>runCommand(replyTo -> new QueueEntity.Configure(policy, members, T0, replyTo)).reply();
  }

  private void staffed() {
    configure(POLICY, List.of(new QueueMembership("amy", 1, 1, true), new QueueMembership("bob", 1, 2, true)));
    queue.runCommand(new QueueEntity.StatusReported(AgentStatus.available("amy", T0.minusSeconds(60)).withVersion(2)));
    queue.runCommand(new QueueEntity.StatusReported(AgentStatus.available("bob", T0.minusSeconds(30)).withVersion(2)));
  }

  private static AgentReport report(String agentId) {
    return new AgentReport(agentId, "support", Presence.AVAILABLE, true, true, false, false, null, T0, Map.of(), 0, 3);
  }

  private QueueState awaitState(java.util.function.Predicate<QueueState> done) {
    return Await.until(queue::getState, done);
  }

  @Test
  void the_directory_configures_policy_and_members_and_only_differences_are_journaled() {
    // when
    StatusReply<Done> first = configure(POLICY, List.of(new QueueMembership("amy", 1, 1, true)));
    var again = queue.<StatusReply<Done>>runCommand(replyTo -> new QueueEntity.Configure(
        POLICY, List.of(new QueueMembership("amy", 1, 1, true)), T0, replyTo));
    var changed = queue.<StatusReply<Done>>runCommand(replyTo -> new QueueEntity.Configure(
        POLICY, List.of(new QueueMembership("bob", 2, 1, false)), T0, replyTo));

    // then
    assertThat(first.isSuccess()).isTrue();
    assertThat(again.hasNoEvents()).isTrue();
    assertThat(changed.events()).containsExactly(
        new QueueEvent.MembershipSet("bob", 2, 1, false, T0), new QueueEvent.MemberRemoved("amy", T0));
    assertThat(peers.statusRequests).containsExactly("amy", "bob");
  }

  @Test
  void a_policy_sending_calls_back_to_the_queue_is_refused_naming_the_fix() {
    // when
    StatusReply<Done> reply = configure(POLICY.withOverflowAction(new QueueAction.ToQueue("support")), List.of());

    // then
    assertThat(reply.isError()).isTrue();
    assertThat(reply.getError().getMessage()).contains("overflowAction sends calls back to queue support itself");
    assertThat(queue.getState().policy()).isEqualTo(QueuePolicy.defaults());
  }

  @Test
  void a_call_is_reserved_offered_answered_completed_with_every_message_sent() {
    // given
    staffed();

    // when the call joins
    queue.runCommand(new QueueEntity.Deliver(QueueCommand.Enqueue.of("call-1", "+15551230001", T0)));

    // then the longest idle agent is asked to reserve herself
    assertThat(peers.requests).singleElement().isEqualTo(
        new RecordingQueuePeers.Request("amy", "call-1", "support", 0, at(5).plus(Duration.ofSeconds(30)), T0));

    // when she accepts
    clock.set(at(1));
    peers.answer("amy", 0, new AgentEntity.Reserved("amy", "call-1", "support", 0, report("amy")));

    // then the call is told to ring her
    Await.until(() -> peers.notices, n -> !n.isEmpty());
    assertThat(peers.notices).containsExactly(new QueueNotice.OfferAgent("support", "call-1", "amy", at(21), at(1)));

    // when she answers and the call ends
    queue.runCommand(new QueueEntity.Deliver(QueueCommand.AnswerOffers.single("call-1", "amy", at(6))));
    queue.runCommand(new QueueEntity.Deliver(new QueueCommand.CompleteCall("call-1", at(96))));

    // then the agent heard both, with the wrap-up time
    assertThat(peers.agentCommands).containsExactly(
        Map.entry("amy", new Agent.StartCall("call-1", "support", at(6))),
        Map.entry("amy", new Agent.EndCall("call-1", Duration.ofSeconds(15), at(96))));
    assertThat(queue.getState().stats().completed()).isEqualTo(1);
  }

  @Test
  void a_refusal_moves_on_to_the_next_agent_and_applies_the_agents_status() {
    // given
    staffed();
    queue.runCommand(new QueueEntity.Deliver(QueueCommand.Enqueue.of("call-1", "+15551230001", T0)));

    // when amy refuses: she is on a direct call
    AgentReport onCall = new AgentReport("amy", "support", Presence.BUSY, true, true, true, false, null, T0, Map.of(), 0, 5);
    peers.answer("amy", 0, new AgentEntity.Refused("amy", "call-1", "support", 0, "on call direct-1", onCall));

    // then bob is asked, and amy is seen on a call
    Await.until(() -> peers.requests, r -> r.size() == 2);
    assertThat(peers.requests.get(1).agentId()).isEqualTo("bob");
    assertThat(peers.requests.get(1).requestId()).isEqualTo(1);
    assertThat(awaitState(s -> s.members().get("amy").status().onCall()).members().get("amy").status().version()).isEqualTo(5);
    assertThat(peers.agentCommands).as("a refusal holds nothing to release").isEmpty();
  }

  @Test
  void an_acceptance_for_an_offer_that_ended_meanwhile_releases_the_agent_at_once() {
    // given
    staffed();
    queue.runCommand(new QueueEntity.Deliver(QueueCommand.Enqueue.of("call-1", "+15551230001", T0)));
    queue.runCommand(new QueueEntity.Deliver(new QueueCommand.Abandon("call-1", at(1))));
    peers.agentCommands.clear();

    // when amy's acceptance arrives after the caller left
    peers.answer("amy", 0, new AgentEntity.Reserved("amy", "call-1", "support", 0, report("amy")));

    // then
    Await.until(() -> peers.agentCommands, c -> !c.isEmpty());
    assertThat(peers.agentCommands).containsExactly(Map.entry("amy", new Agent.Release("call-1", "support", 0, false, T0)));
    assertThat(peers.notices).isEmpty();
  }

  @Test
  void a_request_without_reply_is_ended_by_its_journaled_deadline() {
    // given
    staffed();
    queue.runCommand(new QueueEntity.Deliver(QueueCommand.Enqueue.of("call-1", "+15551230001", T0)));
    peers.fail("amy", 0, new TimeoutException("ask timed out"));

    // when the timer for the deadline fires
    clock.set(at(5));
    queue.runCommand(new QueueEntity.TimerFired(at(5)));

    // then the offer timed out, amy is released, bob is asked
    assertThat(queue.getState().waiting().get("call-1").offerTo("bob")).isNotNull();
    assertThat(peers.agentCommands).contains(Map.entry("amy", new Agent.Release("call-1", "support", 0, false, at(5))));
  }

  @Test
  void leaving_the_queue_tells_the_call_where_to_go() {
    // given a queue that takes no call
    configure(POLICY.withMaxCallsWaiting(0), List.of());

    // when
    queue.runCommand(new QueueEntity.Deliver(QueueCommand.Enqueue.of("call-1", "+15551230001", T0)));

    // then
    assertThat(peers.notices).containsExactly(new QueueNotice.LeaveQueue("support", "call-1", POLICY.overflowAction(),
        "queue full: 0 calls waiting (maximum 0)", T0));
  }

  @Test
  void the_view_shows_the_waiting_call_and_the_offer() {
    // given
    staffed();
    queue.runCommand(new QueueEntity.Deliver(QueueCommand.Enqueue.of("call-1", "+15551230001", T0)));
    clock.set(at(12));

    // when
    QueueView view = queue.<QueueView>runCommand(QueueEntity.GetView::new).reply();

    // then
    assertThat(view.waiting()).singleElement().satisfies(w -> {
      assertThat(w.waited()).isEqualTo(Duration.ofSeconds(12));
      assertThat(w.offers()).singleElement().satisfies(o -> assertThat(o.agentId()).isEqualTo("amy"));
    });
    assertThat(view.counters().enqueued()).isEqualTo(1);
  }

  @Test
  void after_a_restart_the_state_is_recovered_and_what_is_outstanding_is_sent_again() {
    // given call-1 rings amy, call-2 waits for bob's answer
    staffed();
    queue.runCommand(new QueueEntity.Deliver(QueueCommand.Enqueue.of("call-1", "+15551230001", T0)));
    peers.answer("amy", 0, new AgentEntity.Reserved("amy", "call-1", "support", 0, report("amy")));
    awaitState(s -> !s.waiting().get("call-1").offers().isEmpty()
        && s.waiting().get("call-1").offers().get(0).phase() == io.switchboard.engine.queue.routing.Offer.Phase.ALERTING);
    queue.runCommand(new QueueEntity.Deliver(QueueCommand.Enqueue.of("call-2", "+15551230002", at(1))));
    QueueState before = queue.getState();
    peers.clear();

    // when
    clock.set(at(2));
    var restarted = queue.restart();

    // then
    assertThat(restarted.state()).isEqualTo(before);
    assertThat(peers.notices).containsExactly(new QueueNotice.OfferAgent("support", "call-1", "amy", at(20), T0));
    assertThat(peers.requests).singleElement().satisfies(r -> {
      assertThat(r.agentId()).isEqualTo("bob");
      assertThat(r.callId()).isEqualTo("call-2");
      assertThat(r.requestId()).isEqualTo(1);
    });
    assertThat(peers.statusRequests).containsExactlyInAnyOrder("amy", "bob");

    // and the recovered queue carries on: bob accepts the re-sent request
    peers.answer("bob", 1, new AgentEntity.Reserved("bob", "call-2", "support", 1, report("bob")));
    Await.until(() -> peers.notices, n -> n.size() == 2);
    assertThat(peers.notices.get(1)).isEqualTo(new QueueNotice.OfferAgent("support", "call-2", "bob", at(22), at(2)));
  }

  @Test
  void a_declined_offer_counts_as_missed_and_releases_the_agent() {
    // given
    staffed();
    queue.runCommand(new QueueEntity.Deliver(QueueCommand.Enqueue.of("call-1", "+15551230001", T0)));
    peers.answer("amy", 0, new AgentEntity.Reserved("amy", "call-1", "support", 0, report("amy")));
    Await.until(() -> peers.notices, n -> !n.isEmpty());

    // when
    queue.runCommand(new QueueEntity.Deliver(new QueueCommand.FailOffer("call-1", "amy", OfferOutcome.DECLINED, "CALL_REJECTED", at(3))));

    // then
    assertThat(peers.agentCommands).containsExactly(Map.entry("amy", new Agent.Release("call-1", "support", 0, true, at(3))));
    assertThat(peers.notices).as("the call hung the declined leg up itself").hasSize(1);
  }
}
