package io.switchboard.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.agents.Agent.Configure;
import io.switchboard.agents.Agent.EndCall;
import io.switchboard.agents.Agent.Release;
import io.switchboard.agents.Agent.SetPresence;
import io.switchboard.agents.Agent.StartCall;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AgentEntityTest {

  private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
  private static final ActorTestKit testKit = ActorTestKit.create(EventSourcedBehaviorTestKit.config());

  private final List<AgentReport> reports = new CopyOnWriteArrayList<>();
  private final ManualClock clock = new ManualClock(T0);
  private final EventSourcedBehaviorTestKit<AgentEntity.Command, Agent.Event, Agent.State> agent =
      EventSourcedBehaviorTestKit.create(testKit.system(), AgentEntity.create("alice", reports::add, clock));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void clear() {
    agent.clear();
    reports.clear();
  }

  private static Instant at(int seconds) {
    return T0.plusSeconds(seconds);
  }

  private CommandResultWithReply<AgentEntity.Command, Agent.Event, Agent.State, StatusReply<Agent.State>> submit(
      Agent.Command command) {
    return agent.runCommand(replyTo -> new AgentEntity.Submit(command, replyTo));
  }

  private AgentEntity.ReservationReply reserve(String callId, String queueId, int atSeconds) {
    return agent.<AgentEntity.ReservationReply>runCommand(
        replyTo -> new AgentEntity.Reserve(callId, queueId, 7, at(atSeconds + 60), at(atSeconds), replyTo)).reply();
  }

  private void signIn() {
    submit(new Configure(Set.of("support", "sales"), Map.of("english", 7), T0));
    submit(new SetPresence(Presence.AVAILABLE, "signed in", T0));
  }

  private static <T> T await(Supplier<T> read, java.util.function.Predicate<T> done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    T value = read.get();
    while (!done.test(value)) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("condition not met within 10 s; last value " + value);
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
      value = read.get();
    }
    return value;
  }

  @Test
  void a_presence_change_is_persisted_replied_and_reported_to_each_queue() {
    // given
    submit(new Configure(Set.of("support", "sales"), Map.of(), T0));
    reports.clear();

    // when
    var result = submit(new SetPresence(Presence.AVAILABLE, "signed in", at(1)));

    // then
    assertThat(result.event()).isEqualTo(new Agent.PresenceChanged("alice", Presence.AVAILABLE, Presence.OFFLINE, "signed in", at(1)));
    assertThat(result.reply().getValue().presence()).isEqualTo(Presence.AVAILABLE);
    assertThat(reports).extracting(AgentReport::queueId).containsExactlyInAnyOrder("support", "sales");
    assertThat(reports).allSatisfy(r -> {
      assertThat(r.presence()).isEqualTo(Presence.AVAILABLE);
      assertThat(r.signedIn()).isTrue();
      assertThat(r.idleSince()).isEqualTo(at(1));
    });
  }

  @Test
  void a_rejected_command_replies_an_error_and_changes_nothing() {
    // when
    var result = submit(new Agent.OptIn("billing", T0));

    // then
    assertThat(result.hasNoEvents()).isTrue();
    assertThat(result.reply().isError()).isTrue();
    assertThat(result.reply().getError().getMessage()).contains("is not a member of queue billing");
  }

  @Test
  void an_opt_out_is_reported_only_to_the_queue_it_concerns() {
    // given
    signIn();
    reports.clear();

    // when
    submit(new Agent.OptOut("sales", at(1)));

    // then
    assertThat(reports).singleElement().satisfies(r -> {
      assertThat(r.queueId()).isEqualTo("sales");
      assertThat(r.optedIn()).isFalse();
    });
  }

  @Test
  void the_lock_reserves_once_and_refuses_other_calls_with_the_reason_and_a_fresh_report() {
    // given
    signIn();
    reports.clear();

    // when
    AgentEntity.ReservationReply first = reserve("call-1", "support", 1);
    AgentEntity.ReservationReply again = reserve("call-1", "support", 2);
    AgentEntity.ReservationReply other = reserve("call-2", "sales", 3);

    // then
    assertThat(first).isInstanceOf(AgentEntity.Reserved.class);
    assertThat(again).isInstanceOf(AgentEntity.Reserved.class);
    assertThat(other).isInstanceOfSatisfying(AgentEntity.Refused.class, refused -> {
      assertThat(refused.reason()).isEqualTo("reserved for call call-1 of queue support until " + at(61));
      assertThat(refused.report().reservedElsewhere()).isTrue();
      assertThat(refused.report().queueId()).isEqualTo("sales");
    });
    assertThat(reports).as("only sales' view changed: it sees the agent reserved elsewhere")
        .singleElement().satisfies(r -> {
          assertThat(r.queueId()).isEqualTo("sales");
          assertThat(r.reservedElsewhere()).isTrue();
        });
  }

  @Test
  void a_queue_call_goes_busy_then_wrap_up_then_back_when_the_timer_fires() {
    // given
    signIn();
    reserve("call-1", "support", 1);

    // when
    agent.runCommand(new AgentEntity.Deliver(new StartCall("call-1", "support", at(5))));
    agent.runCommand(new AgentEntity.Deliver(new EndCall("call-1", Duration.ofSeconds(30), at(65))));
    Agent.State inWrapUp = agent.getState();
    clock.set(at(95));
    agent.runCommand(new AgentEntity.TimerFired(at(95)));

    // then
    assertThat(inWrapUp.effectivePresence()).isEqualTo(Presence.WRAP_UP);
    assertThat(agent.getState().effectivePresence()).isEqualTo(Presence.AVAILABLE);
    assertThat(agent.getState().idleSince()).isEqualTo(at(95));
    assertThat(reports.get(reports.size() - 1).presence()).isEqualTo(Presence.AVAILABLE);
  }

  @Test
  void the_timer_is_armed_from_the_state_and_fires_by_itself() {
    // given a reservation that expires 200 ms after the clock's now
    signIn();
    agent.<AgentEntity.ReservationReply>runCommand(replyTo -> new AgentEntity.Reserve(
        "call-1", "support", 7, T0.plusMillis(200), T0, replyTo));

    // when / then
    Agent.State expired = await(agent::getState, s -> s.reservation() == null);
    assertThat(expired.revision()).isEqualTo(5);
  }

  @Test
  void a_delivered_release_counts_a_missed_offer() {
    // given
    signIn();
    reserve("call-1", "support", 1);

    // when
    agent.runCommand(new AgentEntity.Deliver(new Release("call-1", "support", 7, true, at(31))));

    // then
    assertThat(agent.getState().missedOffers()).isEqualTo(1);
    assertThat(agent.getState().reservation()).isNull();
  }

  @Test
  void state_is_recovered_after_a_restart_and_every_queue_hears_from_the_agent_again() {
    // given
    signIn();
    reserve("call-1", "support", 1);
    agent.runCommand(new AgentEntity.Deliver(new StartCall("call-1", "support", at(5))));
    agent.runCommand(new AgentEntity.Deliver(new EndCall("call-1", Duration.ofSeconds(30), at(65))));
    Agent.State before = agent.getState();
    reports.clear();

    // when
    var restarted = agent.restart();

    // then
    assertThat(restarted.state()).isEqualTo(before);
    assertThat(reports).extracting(AgentReport::queueId).containsExactlyInAnyOrder("support", "sales");
    assertThat(reports).allSatisfy(r -> assertThat(r.wrapUpUntil()).isEqualTo(at(95)));
  }

  @Test
  void after_a_restart_a_due_wrap_up_ends_at_once() {
    // given
    signIn();
    agent.runCommand(new AgentEntity.Deliver(new StartCall("call-1", "support", at(5))));
    agent.runCommand(new AgentEntity.Deliver(new EndCall("call-1", Duration.ofSeconds(30), at(65))));

    // when the engine was down past the end of the wrap-up
    clock.set(at(600));
    agent.restart();

    // then
    Agent.State after = await(agent::getState, s -> s.wrapUpUntil() == null);
    assertThat(after.idleSince()).isEqualTo(at(95));
  }

  @Test
  void a_queue_can_ask_for_a_fresh_report() {
    // given
    signIn();
    reports.clear();

    // when
    agent.runCommand(new AgentEntity.ReportStatus("support"));
    agent.runCommand(new AgentEntity.ReportStatus("billing"));

    // then
    assertThat(reports).singleElement().extracting(AgentReport::queueId).isEqualTo("support");
  }
}
