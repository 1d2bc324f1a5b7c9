package io.switchboard.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.agents.Agent.CallEnded;
import io.switchboard.agents.Agent.CallStarted;
import io.switchboard.agents.Agent.Configure;
import io.switchboard.agents.Agent.EndCall;
import io.switchboard.agents.Agent.FireTimers;
import io.switchboard.agents.Agent.OptIn;
import io.switchboard.agents.Agent.OptInChanged;
import io.switchboard.agents.Agent.OptOut;
import io.switchboard.agents.Agent.PresenceChanged;
import io.switchboard.agents.Agent.QueuesChanged;
import io.switchboard.agents.Agent.Release;
import io.switchboard.agents.Agent.Reservation;
import io.switchboard.agents.Agent.ReservationExpired;
import io.switchboard.agents.Agent.ReservationMade;
import io.switchboard.agents.Agent.ReservationReleased;
import io.switchboard.agents.Agent.Reserve;
import io.switchboard.agents.Agent.SetAway;
import io.switchboard.agents.Agent.SetAwayAfterMissedOffers;
import io.switchboard.agents.Agent.SetPresence;
import io.switchboard.agents.Agent.SkillsChanged;
import io.switchboard.agents.Agent.StartCall;
import io.switchboard.agents.Agent.State;
import io.switchboard.agents.Agent.WrapUpEnded;
import io.switchboard.persistence.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AgentTest {

  private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");

  private State state = Agent.initial("alice");
  private final List<Agent.Event> journal = new ArrayList<>();

  private static Instant at(int seconds) {
    return T0.plusSeconds(seconds);
  }

  /** Decides and applies, as the entity does; returns the events (fails on a rejection). */
  private List<Agent.Event> handle(Agent.Command command) {
    Decision<Agent.Event> decision = Agent.decide(state, command);
    assertThat(decision).as("decision for " + command).isInstanceOf(Decision.Accepted.class);
    List<Agent.Event> events = ((Decision.Accepted<Agent.Event>) decision).events();
    for (Agent.Event event : events) {
      state = Agent.evolve(state, event);
      journal.add(event);
    }
    return events;
  }

  private String rejection(Agent.Command command) {
    Decision<Agent.Event> decision = Agent.decide(state, command);
    assertThat(decision).as("decision for " + command).isInstanceOf(Decision.Rejected.class);
    return ((Decision.Rejected<Agent.Event>) decision).reason();
  }

  /** Alice in queues support and sales, signed in (available) at T0. */
  private void signedInAgent() {
    handle(new Configure(Set.of("support", "sales"), Map.of("english", 7), T0));
    handle(new SetPresence(Presence.AVAILABLE, "signed in", T0));
  }

  /** Queues number their requests; these tests use one request per call. */
  private static final long REQUEST = 7;

  private static Reserve reserve(String callId, String queueId, int atSeconds) {
    return new Reserve(callId, queueId, REQUEST, at(atSeconds + 60), at(atSeconds));
  }

  private static Release release(String callId, String queueId, boolean missed, Instant at) {
    return new Release(callId, queueId, REQUEST, missed, at);
  }

  @Nested
  class PresenceRules {

    @Test
    void a_new_agent_is_offline_in_no_queue() {
      assertThat(Agent.initial("alice")).isEqualTo(
          new State("alice", Presence.OFFLINE, "", null, Map.of(), Map.of(), null, Map.of(), null, null, 0, 0));
    }

    @Test
    void setting_presence_records_what_why_since_and_signing_in_starts_idle_time() {
      // when
      List<Agent.Event> events = handle(new SetPresence(Presence.AVAILABLE, " signed in ", T0));

      // then
      assertThat(events).containsExactly(new PresenceChanged("alice", Presence.AVAILABLE, Presence.OFFLINE, "signed in", T0));
      assertThat(state.presence()).isEqualTo(Presence.AVAILABLE);
      assertThat(state.reason()).isEqualTo("signed in");
      assertThat(state.presenceSince()).isEqualTo(T0);
      assertThat(state.idleSince()).isEqualTo(T0);
      assertThat(state.revision()).isEqualTo(1);
    }

    @Test
    void every_presence_can_be_set_and_only_leaving_offline_resets_idle_time() {
      // given
      handle(new SetPresence(Presence.AVAILABLE, "", T0));

      // when
      Instant t = T0;
      for (Presence presence : Presence.values()) {
        t = t.plusSeconds(60);
        handle(new SetPresence(presence, "because " + presence, t));

        // then
        assertThat(state.presence()).isEqualTo(presence);
        assertThat(state.presenceSince()).isEqualTo(t);
      }
      assertThat(state.idleSince()).as("AVAILABLE -> BUSY -> ... -> OFFLINE never signed in again").isEqualTo(T0);
      handle(new SetPresence(Presence.AWAY, "back, on a break", t.plusSeconds(60)));
      assertThat(state.idleSince()).isEqualTo(t.plusSeconds(60));
    }

    @Test
    void the_same_presence_and_reason_again_is_a_no_op_and_a_new_reason_is_a_change() {
      // given
      handle(new SetPresence(Presence.AWAY, "lunch", T0));

      // when / then
      assertThat(Agent.decide(state, new SetPresence(Presence.AWAY, "lunch", at(5)))).isEqualTo(Decision.noOp());
      assertThat(handle(new SetPresence(Presence.AWAY, "meeting", at(6))))
          .containsExactly(new PresenceChanged("alice", Presence.AWAY, Presence.AWAY, "meeting", at(6)));
    }

    @Test
    void an_input_older_than_the_current_presence_is_a_no_op() {
      // given
      handle(new SetPresence(Presence.AVAILABLE, "", T0));

      // when / then
      assertThat(Agent.decide(state, new SetPresence(Presence.OFFLINE, "", T0.minusSeconds(1)))).isEqualTo(Decision.noOp());
    }

    @Test
    void an_overlong_reason_or_a_control_character_is_rejected_and_changes_nothing() {
      assertThat(rejection(new SetPresence(Presence.AWAY, "x".repeat(201), T0)))
          .isEqualTo("presence reason is 201 characters long; shorten it to at most 200");
      assertThat(rejection(new SetPresence(Presence.AWAY, "a\nb", T0))).contains("control character");
      assertThat(state).isEqualTo(Agent.initial("alice"));
    }

    @Test
    void on_a_call_the_agent_is_busy_whatever_it_set_and_returns_to_it_after_wrap_up() {
      // given
      signedInAgent();
      handle(reserve("call-1", "support", 1));
      handle(new StartCall("call-1", "support", at(5)));
      handle(new SetPresence(Presence.DO_NOT_DISTURB, "coaching later", at(6)));

      // then
      assertThat(state.effectivePresence()).isEqualTo(Presence.BUSY);

      // when
      handle(new EndCall("call-1", Duration.ofSeconds(30), at(100)));

      // then
      assertThat(state.effectivePresence()).isEqualTo(Presence.WRAP_UP);

      // when
      handle(new FireTimers(at(130)));

      // then
      assertThat(state.effectivePresence()).isEqualTo(Presence.DO_NOT_DISTURB);
    }
  }

  @Nested
  class ReservationLock {

    @Test
    void a_free_signed_in_member_reserves_itself() {
      // given
      signedInAgent();

      // when
      List<Agent.Event> events = handle(reserve("call-1", "support", 1));

      // then
      assertThat(events).containsExactly(new ReservationMade("alice", "call-1", "support", REQUEST, at(61), at(1)));
      assertThat(state.reservation()).isEqualTo(new Reservation("call-1", "support", REQUEST, at(61), at(1)));
    }

    @Test
    void the_same_request_again_is_accepted_without_events() {
      // given
      signedInAgent();
      handle(reserve("call-1", "support", 1));

      // when / then
      assertThat(Agent.decide(state, reserve("call-1", "support", 3))).isEqualTo(Decision.noOp());
    }

    @Test
    void a_reserved_agent_refuses_any_other_call_from_any_queue() {
      // given
      signedInAgent();
      handle(reserve("call-1", "support", 1));

      // when / then
      assertThat(rejection(reserve("call-2", "sales", 2)))
          .isEqualTo("reserved for call call-1 of queue support until " + at(61));
      assertThat(rejection(reserve("call-3", "support", 2)))
          .isEqualTo("reserved for call call-1 of queue support until " + at(61));
    }

    @Test
    void an_agent_on_a_call_in_wrap_up_or_signed_out_refuses() {
      // given
      signedInAgent();
      handle(new StartCall("direct-1", null, at(1)));

      // then
      assertThat(rejection(reserve("call-1", "support", 2))).isEqualTo("on call direct-1");

      // when
      handle(new EndCall("direct-1", Duration.ZERO, at(10)));
      handle(reserve("call-2", "support", 11));
      handle(new StartCall("call-2", "support", at(12)));
      handle(new EndCall("call-2", Duration.ofSeconds(20), at(40)));

      // then
      assertThat(rejection(reserve("call-3", "sales", 41))).isEqualTo("in wrap-up until " + at(60));

      // when
      handle(new FireTimers(at(60)));
      handle(new SetPresence(Presence.OFFLINE, "home", at(70)));

      // then
      assertThat(rejection(reserve("call-4", "sales", 71))).isEqualTo("signed out");
    }

    @Test
    void a_non_member_or_opted_out_agent_refuses() {
      // given
      signedInAgent();
      handle(new OptOut("sales", at(1)));

      // when / then
      assertThat(rejection(reserve("call-1", "billing", 2))).isEqualTo("not a member of queue billing");
      assertThat(rejection(reserve("call-1", "sales", 2))).isEqualTo("opted out of queue sales");
    }

    @Test
    void a_request_that_expires_before_it_starts_is_refused() {
      // given
      signedInAgent();

      // when / then
      assertThat(rejection(new Reserve("call-1", "support", REQUEST, at(5), at(5)))).contains("would expire at");
    }

    @Test
    void a_release_frees_the_agent_and_only_the_matching_one_counts() {
      // given
      signedInAgent();
      handle(reserve("call-1", "support", 1));

      // when
      assertThat(Agent.decide(state, release("call-9", "support", true, at(2)))).isEqualTo(Decision.noOp());
      List<Agent.Event> events = handle(release("call-1", "support", false, at(3)));

      // then
      assertThat(events).containsExactly(new ReservationReleased("alice", "call-1", "support", REQUEST, false, at(3)));
      assertThat(state.reservation()).isNull();
      assertThat(handle(reserve("call-2", "sales", 4))).hasSize(1);
    }

    @Test
    void a_release_names_its_request_so_a_late_one_for_an_earlier_request_frees_nothing() {
      // given the queue's request 7 timed out on its side, and request 8 reserved the agent again
      signedInAgent();
      handle(new Reserve("call-1", "support", 7, at(60), at(1)));
      handle(new Reserve("call-1", "support", 8, at(70), at(10)));

      // when the release of request 7 arrives after that
      Decision<Agent.Event> late = Agent.decide(state, new Release("call-1", "support", 7, false, at(11)));

      // then
      assertThat(late).isEqualTo(Decision.noOp());
      assertThat(state.reservation().requestId()).isEqualTo(8);
    }

    @Test
    void a_newer_request_of_the_same_queue_for_the_same_call_supersedes_the_held_one() {
      // given
      signedInAgent();
      handle(new Reserve("call-1", "support", 7, at(60), at(1)));

      // when
      List<Agent.Event> events = handle(new Reserve("call-1", "support", 8, at(70), at(10)));

      // then
      assertThat(events).containsExactly(new ReservationMade("alice", "call-1", "support", 8, at(70), at(10)));
      assertThat(rejection(new Reserve("call-1", "sales", 1, at(70), at(11))))
          .isEqualTo("reserved for call call-1 of queue support until " + at(70));
    }

    @Test
    void a_reservation_neither_started_nor_released_lapses_at_its_expiry() {
      // given
      signedInAgent();
      handle(reserve("call-1", "support", 1));
      assertThat(Agent.nextDeadline(state)).contains(at(61));

      // when
      assertThat(handle(new FireTimers(at(60)))).isEmpty();
      List<Agent.Event> events = handle(new FireTimers(at(62)));

      // then
      assertThat(events).containsExactly(new ReservationExpired("alice", "call-1", "support", REQUEST, at(61)));
      assertThat(state.reservation()).isNull();
      assertThat(Agent.nextDeadline(state)).isEmpty();
    }

    @Test
    void starting_the_call_confirms_the_reservation() {
      // given
      signedInAgent();
      handle(reserve("call-1", "support", 1));

      // when
      List<Agent.Event> events = handle(new StartCall("call-1", "support", at(8)));

      // then
      assertThat(events).containsExactly(new CallStarted("alice", "call-1", "support", at(8)));
      assertThat(state.reservation()).isNull();
      assertThat(state.onCall()).isTrue();
      assertThat(Agent.decide(state, new StartCall("call-1", "support", at(9)))).isEqualTo(Decision.noOp());
    }
  }

  @Nested
  class WrapUpAndIdleTime {

    @Test
    void a_queue_call_ends_in_wrap_up_and_the_agent_is_idle_from_its_end() {
      // given
      signedInAgent();
      handle(reserve("call-1", "support", 1));
      handle(new StartCall("call-1", "support", at(5)));

      // when
      List<Agent.Event> ended = handle(new EndCall("call-1", Duration.ofSeconds(30), at(100)));

      // then
      assertThat(ended).containsExactly(new CallEnded("alice", "call-1", "support", at(130), at(100)));
      assertThat(state.wrapUpUntil()).isEqualTo(at(130));
      assertThat(state.idleSince()).isEqualTo(T0);
      assertThat(Agent.nextDeadline(state)).contains(at(130));

      // when the timer fires late
      List<Agent.Event> wrapped = handle(new FireTimers(at(135)));

      // then the wrap-up ended at its scheduled end
      assertThat(wrapped).containsExactly(new WrapUpEnded("alice", at(130)));
      assertThat(state.wrapUpUntil()).isNull();
      assertThat(state.idleSince()).isEqualTo(at(130));
    }

    @Test
    void without_wrap_up_the_agent_is_idle_from_the_end_of_the_call() {
      // given
      signedInAgent();
      handle(new StartCall("call-1", "support", at(5)));

      // when
      handle(new EndCall("call-1", Duration.ZERO, at(50)));

      // then
      assertThat(state.effectivePresence()).isEqualTo(Presence.AVAILABLE);
      assertThat(state.idleSince()).isEqualTo(at(50));
      assertThat(Agent.decide(state, new EndCall("call-1", Duration.ZERO, at(51)))).isEqualTo(Decision.noOp());
    }

    @Test
    void a_negative_wrap_up_is_rejected() {
      signedInAgent();
      handle(new StartCall("call-1", "support", at(5)));
      assertThat(rejection(new EndCall("call-1", Duration.ofSeconds(-1), at(6)))).contains("negative");
    }

    @Test
    void reservation_expiry_and_wrap_up_end_due_together_are_handled_in_deadline_order() {
      // given a reservation held through a direct call that ends in a short wrap-up
      signedInAgent();
      handle(new StartCall("call-1", "support", at(0)));
      handle(new EndCall("call-1", Duration.ofSeconds(10), at(10))); // wrap-up until 20
      handle(new FireTimers(at(20)));
      handle(new Reserve("call-2", "sales", REQUEST, at(40), at(21)));
      handle(new StartCall("direct-1", null, at(22)));
      handle(new EndCall("direct-1", Duration.ofSeconds(5), at(30))); // wrap-up until 35

      // when
      List<Agent.Event> events = handle(new FireTimers(at(50)));

      // then
      assertThat(events).containsExactly(
          new WrapUpEnded("alice", at(35)), new ReservationExpired("alice", "call-2", "sales", REQUEST, at(40)));
    }
  }

  @Nested
  class DirectCalls {

    @Test
    void a_direct_call_makes_the_agent_busy_and_keeps_its_missed_offers() {
      // given
      signedInAgent();
      handle(reserve("call-1", "support", 1));
      handle(release("call-1", "support", true, at(31)));

      // when
      handle(new StartCall("direct-1", null, at(40)));

      // then
      assertThat(state.effectivePresence()).isEqualTo(Presence.BUSY);
      assertThat(state.reportFor("support").onCall()).isTrue();
      assertThat(state.missedOffers()).isEqualTo(1);

      // when
      handle(new EndCall("direct-1", Duration.ZERO, at(90)));

      // then
      assertThat(state.effectivePresence()).isEqualTo(Presence.AVAILABLE);
      assertThat(state.idleSince()).isEqualTo(at(90));
    }

    @Test
    void an_agent_on_two_calls_is_free_only_when_both_ended() {
      // given
      signedInAgent();
      handle(new StartCall("direct-1", null, at(1)));
      handle(new StartCall("direct-2", null, at(2)));

      // when
      handle(new EndCall("direct-1", Duration.ZERO, at(10)));

      // then
      assertThat(state.onCall()).isTrue();
      assertThat(state.idleSince()).isEqualTo(T0);

      // when
      handle(new EndCall("direct-2", Duration.ZERO, at(20)));

      // then
      assertThat(state.onCall()).isFalse();
      assertThat(state.idleSince()).isEqualTo(at(20));
    }
  }

  @Nested
  class MissedOffers {

    @Test
    void missed_releases_count_across_queues_and_an_answer_resets_them() {
      // given
      signedInAgent();

      // when
      handle(reserve("call-1", "support", 1));
      handle(release("call-1", "support", true, at(31)));
      handle(reserve("call-2", "sales", 32));
      handle(release("call-2", "sales", true, at(62)));
      handle(reserve("call-3", "sales", 63));
      handle(release("call-3", "sales", false, at(64)));

      // then
      assertThat(state.missedOffers()).isEqualTo(2);
      assertThat(state.reportFor("support").missedOffers()).isEqualTo(2);

      // when
      handle(reserve("call-4", "support", 70));
      handle(new StartCall("call-4", "support", at(75)));

      // then
      assertThat(state.missedOffers()).isZero();
    }

    @Test
    void a_queue_sets_the_agent_away_keeping_the_count_until_the_agent_sets_its_presence() {
      // given
      signedInAgent();
      for (int i = 1; i <= 3; i++) {
        handle(reserve("call-" + i, "support", i * 100));
        handle(release("call-" + i, "support", true, at(i * 100 + 30)));
      }

      // when
      List<Agent.Event> events = handle(new SetAway("missed 3 offers in a row in queue support", at(400)));

      // then
      assertThat(events).containsExactly(new SetAwayAfterMissedOffers(
          "alice", Presence.AVAILABLE, 3, "missed 3 offers in a row in queue support", at(400)));
      assertThat(state.presence()).isEqualTo(Presence.AWAY);
      assertThat(state.missedOffers()).isEqualTo(3);
      assertThat(Agent.decide(state, new SetAway("again", at(401)))).isEqualTo(Decision.noOp());

      // when the agent comes back
      handle(new SetPresence(Presence.AVAILABLE, "back", at(500)));

      // then
      assertThat(state.missedOffers()).isZero();
    }

    @Test
    void an_offline_or_do_not_disturb_agent_is_not_set_away() {
      // given
      handle(new Configure(Set.of("support"), Map.of(), T0));

      // when / then
      assertThat(Agent.decide(state, new SetAway("missed", at(1)))).isEqualTo(Decision.noOp());
      handle(new SetPresence(Presence.DO_NOT_DISTURB, "", at(2)));
      assertThat(Agent.decide(state, new SetAway("missed", at(3)))).isEqualTo(Decision.noOp());
    }
  }

  @Nested
  class QueuesAndSkills {

    @Test
    void the_directory_sets_memberships_and_skills_and_new_queues_start_opted_in() {
      // when
      List<Agent.Event> events = handle(new Configure(Set.of("support"), Map.of("french", 5), T0));

      // then
      assertThat(events).containsExactly(
          new QueuesChanged("alice", Map.of("support", true), T0), new SkillsChanged("alice", Map.of("french", 5), T0));
      assertThat(Agent.decide(state, new Configure(Set.of("support"), Map.of("french", 5), at(1)))).isEqualTo(Decision.noOp());
    }

    @Test
    void a_queue_the_agent_stays_in_keeps_its_opt_in_flag_and_a_queue_it_left_is_forgotten() {
      // given
      handle(new Configure(Set.of("support", "sales"), Map.of(), T0));
      handle(new OptOut("sales", at(1)));

      // when
      handle(new Configure(Set.of("sales", "billing"), Map.of(), at(2)));

      // then
      assertThat(state.queues()).isEqualTo(Map.of("sales", false, "billing", true));
    }

    @Test
    void opting_in_and_out_applies_per_queue() {
      // given
      signedInAgent();

      // when
      List<Agent.Event> out = handle(new OptOut("sales", at(1)));

      // then
      assertThat(out).containsExactly(new OptInChanged("alice", "sales", false, at(1)));
      assertThat(state.reportFor("sales").optedIn()).isFalse();
      assertThat(state.reportFor("support").optedIn()).isTrue();
      assertThat(Agent.decide(state, new OptOut("sales", at(2)))).isEqualTo(Decision.noOp());
      assertThat(handle(new OptIn("sales", at(3)))).containsExactly(new OptInChanged("alice", "sales", true, at(3)));
    }

    @Test
    void opting_in_to_a_queue_the_agent_is_not_in_is_rejected_naming_its_queues() {
      signedInAgent();
      assertThat(rejection(new OptIn("billing", at(1))))
          .isEqualTo("agent alice is not a member of queue billing; it is in sales, support"
              + " (memberships come from the directory's queues[].members)");
    }

    @Test
    void invalid_skills_are_rejected_all_at_once() {
      assertThat(rejection(new Configure(Set.of("support"), Map.of("a", 0, "b", 11), T0)))
          .isEqualTo("agent alice: skill a has level 0; use 1 to 10; skill b has level 11; use 1 to 10");
    }
  }

  @Nested
  class Reports {

    @Test
    void a_queue_hears_the_effective_presence_its_opt_in_and_reservations_elsewhere() {
      // given
      signedInAgent();
      handle(reserve("call-1", "sales", 5));

      // when
      AgentReport support = state.reportFor("support");
      AgentReport sales = state.reportFor("sales");

      // then
      assertThat(support).isEqualTo(new AgentReport(
          "alice", "support", Presence.AVAILABLE, true, true, false, true, null, T0, Map.of("english", 7), 0, 4));
      assertThat(sales.reservedElsewhere()).as("reserved by this very queue").isFalse();
      assertThat(support.sameContentAs(new AgentReport(
          "alice", "support", Presence.AVAILABLE, true, true, false, true, null, T0, Map.of("english", 7), 0, 99))).isTrue();
    }

    @Test
    void every_event_bumps_the_revision_so_reports_are_ordered() {
      // when
      signedInAgent();
      handle(reserve("call-1", "support", 1));
      handle(release("call-1", "support", false, at(2)));

      // then
      assertThat(state.revision()).isEqualTo(journal.size()).isEqualTo(5);
    }
  }
}
