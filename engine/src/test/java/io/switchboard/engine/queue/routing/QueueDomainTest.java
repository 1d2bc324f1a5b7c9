package io.switchboard.engine.queue.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.agents.Presence;
import io.switchboard.engine.directory.NumberPattern;
import io.switchboard.engine.queue.routing.QueueCommand.Abandon;
import io.switchboard.engine.queue.routing.QueueCommand.AcceptReservation;
import io.switchboard.engine.queue.routing.QueueCommand.AnswerOffers;
import io.switchboard.engine.queue.routing.QueueCommand.ChangePolicy;
import io.switchboard.engine.queue.routing.QueueCommand.CompleteCall;
import io.switchboard.engine.queue.routing.QueueCommand.Enqueue;
import io.switchboard.engine.queue.routing.QueueCommand.FailOffer;
import io.switchboard.engine.queue.routing.QueueCommand.FireTimers;
import io.switchboard.engine.queue.routing.QueueCommand.LegAnswer;
import io.switchboard.engine.queue.routing.QueueCommand.RefuseReservation;
import io.switchboard.engine.queue.routing.QueueCommand.RemoveMember;
import io.switchboard.engine.queue.routing.QueueCommand.SetMember;
import io.switchboard.engine.queue.routing.QueueCommand.UpdateAgentStatus;
import io.switchboard.engine.queue.routing.QueueEvent.AgentAlerted;
import io.switchboard.engine.queue.routing.QueueEvent.AgentSetAwayRequested;
import io.switchboard.engine.queue.routing.QueueEvent.AnnouncementDue;
import io.switchboard.engine.queue.routing.QueueEvent.CallAbandoned;
import io.switchboard.engine.queue.routing.QueueEvent.CallAnswered;
import io.switchboard.engine.queue.routing.QueueEvent.CallCompleted;
import io.switchboard.engine.queue.routing.QueueEvent.CallEnqueued;
import io.switchboard.engine.queue.routing.QueueEvent.CallOverflowed;
import io.switchboard.engine.queue.routing.QueueEvent.CallRouted;
import io.switchboard.engine.queue.routing.QueueEvent.CallTimedOut;
import io.switchboard.engine.queue.routing.QueueEvent.NoAgentsActionTaken;
import io.switchboard.engine.queue.routing.QueueEvent.OfferEnded;
import io.switchboard.engine.queue.routing.QueueEvent.ReservationRequested;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class QueueDomainTest {

  static final Instant T = Instant.parse("2026-11-24T10:00:00Z");
  static final QueueAction TO_VOICEMAIL = new QueueAction.ToVoicemail("support-box");

  final QueueDomain domain = new QueueDomain(QueueDomain.Settings.DEFAULT);
  final List<QueueEvent> journal = new ArrayList<>();
  QueueState state;

  /** Decides and applies a command, as the entity would; returns the new events. */
  List<QueueEvent> handle(QueueCommand command) {
    List<QueueEvent> events = domain.decide(state, command);
    for (QueueEvent event : events) {
      state = domain.evolve(state, event);
      journal.add(event);
    }
    return events;
  }

  void queue(QueuePolicy policy) {
    state = QueueDomain.initialState("support", policy);
  }

  void agent(String id, int serialOrder, Instant idleSince) {
    handle(new SetMember(id, 1, serialOrder, true, T));
    handle(new UpdateAgentStatus(AgentStatus.available(id, idleSince), T));
  }

  static Instant at(int seconds) {
    return T.plusSeconds(seconds);
  }

  static <E extends QueueEvent> List<E> only(List<QueueEvent> events, Class<E> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  static QueuePolicy defaults() {
    return QueuePolicy.defaults();
  }

  @Nested
  class OfferLifecycle {

    @Test
    void a_call_is_reserved_alerted_answered_and_completed_with_wrap_up() {
      // given
      queue(defaults().withWrapUpTime(Duration.ofSeconds(30)));
      agent("bob", 1, T.minusSeconds(100));
      agent("amy", 2, T.minusSeconds(600));

      // when
      List<QueueEvent> enqueued = handle(Enqueue.of("call-1", "+15551230000", at(0)));
      List<QueueEvent> accepted = handle(new AcceptReservation("call-1", "amy", at(1)));
      List<QueueEvent> answered = handle(AnswerOffers.single("call-1", "amy", at(8)));
      List<QueueEvent> completed = handle(new CompleteCall("call-1", at(128)));

      // then
      assertThat(enqueued).hasSize(3);
      assertThat(enqueued.get(0)).isInstanceOf(CallEnqueued.class);
      assertThat(((CallRouted) enqueued.get(1)).decision().chosen()).containsExactly("amy");
      assertThat(enqueued.get(2)).isEqualTo(new ReservationRequested("call-1", "amy", 0, at(5), at(0)));
      assertThat(accepted).containsExactly(new AgentAlerted("call-1", "amy", at(31), at(1)));
      assertThat(answered).containsExactly(new CallAnswered("call-1", "amy", Duration.ofSeconds(8), "single answer", at(8)));
      assertThat(completed)
          .containsExactly(new CallCompleted("call-1", "amy", Duration.ofSeconds(120), Duration.ofSeconds(150), at(128)));
      assertThat(state.waiting()).isEmpty();
      assertThat(state.connected()).isEmpty();
      AgentStatus amy = state.members().get("amy").status();
      assertThat(amy.onCall()).isFalse();
      assertThat(amy.wrapUpUntil()).isEqualTo(at(158));
      assertThat(amy.idleSince()).isEqualTo(at(158));
      assertThat(state.stats().recentHandleTimes()).containsExactly(Duration.ofSeconds(150));
    }

    @Test
    void a_refused_reservation_moves_on_to_the_next_candidate() {
      // given
      queue(defaults());
      agent("amy", 1, T.minusSeconds(600));
      agent("bob", 2, T.minusSeconds(100));
      handle(Enqueue.of("call-1", "+15551230000", at(0)));

      // when
      List<QueueEvent> events = handle(RefuseReservation.of("call-1", "amy", "reserved for call-9 of queue sales", at(1)));

      // then
      assertThat(events.get(0))
          .isEqualTo(new OfferEnded("call-1", "amy", 0, Offer.Phase.RESERVING, OfferOutcome.RESERVATION_REFUSED, "reserved for call-9 of queue sales", at(1)));
      RoutingDecision next = ((CallRouted) events.get(1)).decision();
      assertThat(next.chosen()).containsExactly("bob");
      assertThat(next.assessmentOf("amy").verdict()).isEqualTo(Verdict.RESERVED);
      assertThat(events.get(2)).isEqualTo(new ReservationRequested("call-1", "bob", 1, at(6), at(1)));
    }

    @Test
    void an_unanswered_offer_times_out_and_the_next_agent_is_tried() {
      // given
      queue(defaults());
      agent("amy", 1, T.minusSeconds(600));
      agent("bob", 2, T.minusSeconds(100));
      handle(Enqueue.of("call-1", "+15551230000", at(0)));
      handle(new AcceptReservation("call-1", "amy", at(1)));
      assertThat(domain.nextDeadline(state, T)).contains(at(31));

      // when
      List<QueueEvent> events = handle(new FireTimers(at(31)));

      // then
      assertThat(events.get(0)).isEqualTo(new OfferEnded("call-1", "amy", 0, Offer.Phase.ALERTING, OfferOutcome.NO_ANSWER, "rang until " + at(31), at(31)));
      RoutingDecision next = ((CallRouted) events.get(1)).decision();
      assertThat(next.chosen()).containsExactly("bob");
      assertThat(next.assessmentOf("amy").verdict()).isEqualTo(Verdict.ALREADY_TRIED_FOR_THIS_CALL);
      assertThat(state.members().get("amy").status().missedOffers()).isEqualTo(1);
    }

    @Test
    void a_reservation_without_reply_times_out() {
      // given
      queue(defaults());
      agent("amy", 1, T.minusSeconds(600));
      agent("bob", 2, T.minusSeconds(100));
      handle(Enqueue.of("call-1", "+15551230000", at(0)));

      // when
      List<QueueEvent> events = handle(new FireTimers(at(5)));

      // then
      assertThat(only(events, OfferEnded.class)).extracting(OfferEnded::outcome).containsExactly(OfferOutcome.RESERVATION_TIMED_OUT);
      assertThat(only(events, ReservationRequested.class)).extracting(ReservationRequested::agentId).containsExactly("bob");
      assertThat(state.members().get("amy").status().missedOffers()).isZero();
    }

    @Test
    void a_declined_offer_counts_as_missed_and_the_limit_asks_the_agent_to_be_set_away() {
      // given
      queue(defaults().withMissedOffersBeforeAway(2).withRoutingMethod(RoutingMethod.SERIAL));
      agent("amy", 1, T.minusSeconds(600));
      agent("bob", 2, T.minusSeconds(100));
      handle(Enqueue.of("call-1", "+15551230000", at(0)));
      handle(new AcceptReservation("call-1", "amy", at(1)));
      handle(new FailOffer("call-1", "amy", OfferOutcome.DECLINED, "CALL_REJECTED", at(3)));
      handle(new AcceptReservation("call-1", "bob", at(4)));
      handle(AnswerOffers.single("call-1", "bob", at(6)));
      handle(Enqueue.of("call-2", "+15551230001", at(10)));
      handle(new AcceptReservation("call-2", "amy", at(11)));

      // when: amy misses a second time in a row
      List<QueueEvent> events = handle(new FireTimers(at(41)));

      // then: nobody is offered call-2, and amy stays out until her Agent reports otherwise
      assertThat(events).contains(new AgentSetAwayRequested("amy", 2, 2, at(41)));
      assertThat(only(events, ReservationRequested.class)).isEmpty();
      RoutingDecision next =
          Router.route(state.policy(), state.members().values(), state.cursor(), RoutingRequest.of("call-2"), state.offersInProgress(), at(41));
      assertThat(next.assessmentOf("amy").verdict()).isEqualTo(Verdict.MISSED_OFFERS);
      assertThat(next.assessmentOf("bob").verdict()).isEqualTo(Verdict.BUSY);
    }

    @Test
    void answering_resets_the_missed_offer_count() {
      // given
      queue(defaults());
      agent("amy", 1, T.minusSeconds(600));
      handle(Enqueue.of("call-1", "+15551230000", at(0)));
      handle(new AcceptReservation("call-1", "amy", at(1)));
      handle(new FireTimers(at(31)));
      assertThat(state.members().get("amy").status().missedOffers()).isEqualTo(1);
      handle(new AcceptReservation("call-1", "amy", at(32)));

      // when
      handle(AnswerOffers.single("call-1", "amy", at(35)));

      // then
      assertThat(state.members().get("amy").status().missedOffers()).isZero();
      assertThat(state.members().get("amy").status().onCall()).isTrue();
    }

    @Test
    void an_agent_in_wrap_up_gets_the_next_call_when_wrap_up_ends() {
      // given
      queue(defaults().withWrapUpTime(Duration.ofSeconds(20)).withTimeout(Duration.ZERO)
          .withAnnouncements(new Announcements(false, false, Duration.ofSeconds(60))));
      agent("amy", 1, T.minusSeconds(600));
      handle(Enqueue.of("call-1", "+15551230000", at(0)));
      handle(new AcceptReservation("call-1", "amy", at(1)));
      handle(AnswerOffers.single("call-1", "amy", at(2)));
      handle(Enqueue.of("call-2", "+15551230001", at(10)));
      handle(new CompleteCall("call-1", at(60)));
      assertThat(state.waiting().get("call-2").beingOffered()).isFalse();
      assertThat(domain.nextDeadline(state, at(60))).contains(at(80));

      // when
      List<QueueEvent> events = handle(new FireTimers(at(80)));

      // then
      assertThat(only(events, ReservationRequested.class)).extracting(ReservationRequested::agentId).containsExactly("amy");
    }

    @Test
    void a_wrap_up_end_that_brought_no_offer_is_not_armed_again() {
      // given: amy's predicted wrap-up ends at +80 s, but by then she reports a direct call
      queue(defaults().withWrapUpTime(Duration.ofSeconds(20)).withTimeout(Duration.ZERO)
          .withAnnouncements(new Announcements(false, false, Duration.ofSeconds(60))));
      agent("amy", 1, T.minusSeconds(600));
      handle(Enqueue.of("call-1", "+15551230000", at(0)));
      handle(new AcceptReservation("call-1", "amy", at(1)));
      handle(AnswerOffers.single("call-1", "amy", at(2)));
      handle(Enqueue.of("call-2", "+15551230001", at(10)));
      handle(new CompleteCall("call-1", at(60)));
      handle(new UpdateAgentStatus(AgentStatus.available("amy", at(70)).withOnCall(true).withWrapUpUntil(at(80)), at(70)));

      // when
      List<QueueEvent> events = handle(new FireTimers(at(80)));

      // then: nothing to do, and no timer for an instant already handled (it would fire again at once)
      assertThat(events).isEmpty();
      assertThat(domain.nextDeadline(state, at(80))).isEmpty();
    }

    @Test
    void enqueuing_a_waiting_call_again_is_a_no_op() {
      // given
      queue(defaults().withNoAgents(NoAgentsPolicy.keepWaiting()));
      handle(Enqueue.of("call-1", "+15551230000", at(0)));

      // when
      List<QueueEvent> events = handle(Enqueue.of("call-1", "+15551230000", at(5)));

      // then
      assertThat(events).isEmpty();
    }

    @Test
    void stale_and_duplicate_inputs_change_nothing() {
      // given
      queue(defaults());
      agent("amy", 1, T.minusSeconds(600));
      handle(Enqueue.of("call-1", "+15551230000", at(0)));
      handle(new AcceptReservation("call-1", "amy", at(1)));
      handle(AnswerOffers.single("call-1", "amy", at(2)));
      QueueState before = state;

      // when / then
      assertThat(domain.decide(state, Enqueue.of("call-1", "+15551230000", at(3)))).isEmpty();
      assertThat(domain.decide(state, AnswerOffers.single("call-1", "amy", at(3)))).isEmpty();
      assertThat(domain.decide(state, new AcceptReservation("call-1", "amy", at(3)))).isEmpty();
      assertThat(domain.decide(state, RefuseReservation.of("call-7", "amy", "x", at(3)))).isEmpty();
      assertThat(domain.decide(state, new FailOffer("call-1", "amy", OfferOutcome.DECLINED, "", at(3)))).isEmpty();
      assertThat(domain.decide(state, new Abandon("call-1", at(3)))).isEmpty();
      assertThat(domain.decide(state, new CompleteCall("call-404", at(3)))).isEmpty();
      assertThat(domain.decide(state, new UpdateAgentStatus(AgentStatus.available("stranger", T), at(3)))).isEmpty();
      assertThat(state).isEqualTo(before);
    }
  }

  @Nested
  class RingAll {

    void ringing(String... agents) {
      queue(defaults().withRoutingMethod(RoutingMethod.ATTENDANT));
      for (String agent : agents) {
        agent(agent, 0, T.minusSeconds(60));
      }
      handle(Enqueue.of("call-1", "+15551230000", at(0)));
      for (String agent : agents) {
        handle(new AcceptReservation("call-1", agent, at(1)));
      }
    }

    @Test
    void every_eligible_agent_is_reserved_at_once() {
      // given
      queue(defaults().withRoutingMethod(RoutingMethod.ATTENDANT));
      agent("amy", 0, T);
      agent("bob", 0, T);
      agent("cat", 0, T);

      // when
      List<QueueEvent> events = handle(Enqueue.of("call-1", "+15551230000", at(0)));

      // then
      assertThat(only(events, ReservationRequested.class)).extracting(ReservationRequested::agentId).containsExactly("amy", "bob", "cat");
    }

    @Test
    void simultaneous_answers_are_won_by_the_lowest_agent_id_and_the_other_leg_is_cancelled() {
      // given
      ringing("amy", "bob", "cat");

      // when: bob and amy answer at the same instant, reported together
      List<QueueEvent> events =
          handle(new AnswerOffers("call-1", List.of(new LegAnswer("bob", at(9)), new LegAnswer("amy", at(9))), at(9)));

      // then
      String tieBreak = "simultaneous answers at " + at(9) + ": agent id ascending, amy < bob";
      assertThat(events)
          .containsExactly(
              new OfferEnded("call-1", "bob", 1, Offer.Phase.ALERTING, OfferOutcome.CANCELLED_ANSWERED_ELSEWHERE,
                  "agent amy answered first (" + tieBreak + ")", at(9)),
              new OfferEnded("call-1", "cat", 2, Offer.Phase.ALERTING, OfferOutcome.CANCELLED_ANSWERED_ELSEWHERE,
                  "agent amy answered first (" + tieBreak + ")", at(9)),
              new CallAnswered("call-1", "amy", Duration.ofSeconds(9), tieBreak, at(9)));
      assertThat(state.members().get("bob").status().missedOffers()).isZero();
    }

    @Test
    void the_first_answer_in_event_order_wins_even_with_equal_timestamps() {
      // given
      ringing("amy", "bob");

      // when: bob's answer is processed first; amy's, with the same timestamp, second
      List<QueueEvent> first = handle(AnswerOffers.single("call-1", "bob", at(9)));
      List<QueueEvent> second = handle(AnswerOffers.single("call-1", "amy", at(9)));

      // then
      assertThat(only(first, CallAnswered.class)).extracting(CallAnswered::agentId).containsExactly("bob");
      assertThat(only(first, OfferEnded.class)).extracting(OfferEnded::agentId).containsExactly("amy");
      assertThat(second).isEmpty();
    }

    @Test
    void within_one_report_the_earlier_answer_wins() {
      // given
      ringing("amy", "bob");

      // when
      List<QueueEvent> events =
          handle(new AnswerOffers("call-1", List.of(new LegAnswer("amy", at(10)), new LegAnswer("bob", at(9))), at(10)));

      // then
      CallAnswered answered = only(events, CallAnswered.class).get(0);
      assertThat(answered.agentId()).isEqualTo("bob");
      assertThat(answered.tieBreak()).isEqualTo("agent bob answered at " + at(9) + ", before agent amy at " + at(10));
    }

    @Test
    void nobody_answering_rings_everyone_again_in_a_new_round() {
      // given
      ringing("amy", "bob");

      // when
      List<QueueEvent> events = handle(new FireTimers(at(31)));

      // then
      assertThat(only(events, OfferEnded.class)).extracting(OfferEnded::outcome).containsOnly(OfferOutcome.NO_ANSWER).hasSize(2);
      RoutingDecision again = only(events, CallRouted.class).get(0).decision();
      assertThat(again.newRound()).isTrue();
      assertThat(again.chosen()).containsExactly("amy", "bob");
    }
  }

  @Nested
  class OverflowTimeoutAndNoAgents {

    @Test
    void a_call_beyond_the_maximum_overflows_with_the_policy_action() {
      // given
      queue(defaults().withMaxCallsWaiting(2).withOverflowAction(TO_VOICEMAIL));
      agent("amy", 1, T);
      handle(new UpdateAgentStatus(AgentStatus.available("amy", T).withOnCall(true), at(0)));
      handle(Enqueue.of("call-1", "+1555", at(1)));
      handle(Enqueue.of("call-2", "+1555", at(2)));

      // when
      List<QueueEvent> events = handle(Enqueue.of("call-3", "+1555", at(3)));

      // then
      assertThat(events).containsExactly(new CallOverflowed("call-3", 2, 2, TO_VOICEMAIL, at(3)));
      assertThat(state.waiting()).containsOnlyKeys("call-1", "call-2");
      assertThat(state.stats().overflowed()).isEqualTo(1);
    }

    @Test
    void a_maximum_of_zero_overflows_every_call() {
      // given
      queue(defaults().withMaxCallsWaiting(0));
      agent("amy", 1, T);

      // when
      List<QueueEvent> events = handle(Enqueue.of("call-1", "+1555", at(1)));

      // then
      assertThat(events).containsExactly(new CallOverflowed("call-1", 0, 0, new QueueAction.Disconnect("queue-full"), at(1)));
    }

    @Test
    void the_queue_timeout_cancels_the_ringing_offer_without_blaming_the_agent() {
      // given: the alert deadline and the queue timeout fall at the same instant
      queue(defaults().withTimeout(Duration.ofSeconds(31)).withTimeoutAction(TO_VOICEMAIL));
      agent("amy", 1, T);
      handle(Enqueue.of("call-1", "+1555", at(0)));
      handle(new AcceptReservation("call-1", "amy", at(1)));

      // when
      List<QueueEvent> events = handle(new FireTimers(at(31)));

      // then
      assertThat(events)
          .containsExactly(
              new OfferEnded("call-1", "amy", 0, Offer.Phase.ALERTING, OfferOutcome.CANCELLED_QUEUE_TIMEOUT, "queue timeout", at(31)),
              new CallTimedOut("call-1", Duration.ofSeconds(31), TO_VOICEMAIL, at(31)));
      assertThat(state.members().get("amy").status().missedOffers()).isZero();
    }

    @Test
    void a_late_timer_handles_every_due_deadline_in_deadline_order() {
      // given: the offer expires at +31 s, the queue times out at +40 s; the timer only fires at +45 s
      queue(defaults().withTimeout(Duration.ofSeconds(40)).withTimeoutAction(TO_VOICEMAIL).withAnnouncements(new Announcements(false, false, Duration.ofSeconds(60))));
      agent("amy", 1, T);
      handle(Enqueue.of("call-1", "+1555", at(0)));
      handle(new AcceptReservation("call-1", "amy", at(1)));

      // when
      List<QueueEvent> events = handle(new FireTimers(at(45)));

      // then: the missed offer comes first, then the timeout; no offer survives
      assertThat(events.get(0)).isInstanceOf(OfferEnded.class);
      assertThat(((OfferEnded) events.get(0)).outcome()).isEqualTo(OfferOutcome.NO_ANSWER);
      assertThat(only(events, CallTimedOut.class)).hasSize(1);
      assertThat(only(events, ReservationRequested.class)).isEmpty();
      assertThat(state.waiting()).isEmpty();
    }

    @Test
    void a_timeout_of_zero_means_callers_wait_without_limit() {
      // given
      queue(defaults().withTimeout(Duration.ZERO).withAnnouncements(new Announcements(false, false, Duration.ofSeconds(60))));
      agent("amy", 1, T);
      handle(new UpdateAgentStatus(AgentStatus.available("amy", T).withOnCall(true), at(0)));

      // when
      handle(Enqueue.of("call-1", "+1555", at(1)));

      // then
      assertThat(state.waiting().get("call-1").timeoutAt()).isNull();
      assertThat(domain.nextDeadline(state, T)).isEmpty();
    }

    @Test
    void nobody_signed_in_turns_new_calls_away() {
      // given
      queue(defaults().withNoAgents(new NoAgentsPolicy(NoAgentsPolicy.Mode.NEW_CALLS, TO_VOICEMAIL)));
      handle(new SetMember("amy", 1, 1, true, T));

      // when
      List<QueueEvent> events = handle(Enqueue.of("call-1", "+1555", at(1)));

      // then
      assertThat(events).containsExactly(new NoAgentsActionTaken("call-1", false, TO_VOICEMAIL, at(1)));
      assertThat(state.stats().turnedAwayNoAgents()).isEqualTo(1);
    }

    @Test
    void opted_out_agents_do_not_staff_the_queue() {
      // given
      queue(defaults().withNoAgents(new NoAgentsPolicy(NoAgentsPolicy.Mode.NEW_CALLS, TO_VOICEMAIL)));
      agent("amy", 1, T);
      handle(new UpdateAgentStatus(AgentStatus.available("amy", T).withOptedIn(false), at(0)));

      // when
      List<QueueEvent> events = handle(Enqueue.of("call-1", "+1555", at(1)));

      // then
      assertThat(events).containsExactly(new NoAgentsActionTaken("call-1", false, TO_VOICEMAIL, at(1)));
    }

    @Test
    void keep_waiting_queues_the_call_even_with_nobody_signed_in() {
      // given
      queue(defaults().withNoAgents(NoAgentsPolicy.keepWaiting()));

      // when
      List<QueueEvent> events = handle(Enqueue.of("call-1", "+1555", at(1)));

      // then
      assertThat(events.get(0)).isInstanceOf(CallEnqueued.class);
      assertThat(((CallRouted) events.get(1)).decision().tieBreak()).isEqualTo("no eligible agent: the queue has no members");
    }

    @Test
    void in_all_calls_mode_the_last_agent_signing_out_sends_every_waiting_call_on_in_order() {
      // given
      queue(defaults().withNoAgents(new NoAgentsPolicy(NoAgentsPolicy.Mode.ALL_CALLS, TO_VOICEMAIL)));
      agent("amy", 1, T);
      handle(Enqueue.of("call-1", "+1555", at(1)));
      handle(Enqueue.of("call-2", "+1555", at(2)));

      // when
      List<QueueEvent> events = handle(new UpdateAgentStatus(AgentStatus.signedOut("amy"), at(3)));

      // then
      assertThat(events.subList(1, events.size()))
          .containsExactly(
              new OfferEnded("call-1", "amy", 0, Offer.Phase.RESERVING, OfferOutcome.CANCELLED_NO_AGENTS, "no agent signed in", at(3)),
              new NoAgentsActionTaken("call-1", true, TO_VOICEMAIL, at(3)),
              new NoAgentsActionTaken("call-2", true, TO_VOICEMAIL, at(3)));
      assertThat(state.waiting()).isEmpty();
    }

    @Test
    void in_new_calls_mode_waiting_callers_stay_when_the_last_agent_leaves() {
      // given
      queue(defaults());
      agent("amy", 1, T);
      handle(Enqueue.of("call-1", "+1555", at(1)));

      // when
      handle(new RemoveMember("amy", at(2)));

      // then
      assertThat(state.waiting()).containsOnlyKeys("call-1");
    }

    @Test
    void a_policy_that_sends_calls_back_to_its_own_queue_is_refused() {
      // given
      queue(defaults());
      QueuePolicy looping = defaults().withOverflowAction(new QueueAction.ToQueue("support")).withTimeoutAction(new QueueAction.ToQueue("support"));

      // when / then
      assertThatThrownBy(() -> domain.decide(state, new ChangePolicy(looping, at(1))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("queue support: overflowAction, timeoutAction sends calls back to queue support itself; choose another queue, a user, voicemail or a flow");
      assertThatThrownBy(() -> QueueDomain.initialState("support", looping)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  class WaitingListAndAnnouncements {

    @Test
    void priority_callers_are_served_first_then_by_arrival() {
      // given: amy is busy; three callers wait, one matching a VIP rule
      QueuePolicy policy =
          defaults().withCallerPriorityRules(List.of(new CallerPriorityRule(NumberPattern.of("+1555999*"), null, 5)));
      queue(policy);
      agent("amy", 1, T);
      handle(new UpdateAgentStatus(AgentStatus.available("amy", T).withOnCall(true), at(0)));
      handle(Enqueue.of("call-1", "+15551110000", at(1)));
      handle(Enqueue.of("call-2", "+15559990000", at(2)));
      handle(new Enqueue("call-3", "+15551110001", null, null, 7, Map.of(), at(3)));
      handle(Enqueue.of("call-4", "+15551110002", at(3)));

      // when
      List<QueueEvent> events = handle(new UpdateAgentStatus(AgentStatus.available("amy", at(4)), at(4)));

      // then
      assertThat(state.waitingInOrder()).extracting(WaitingCall::callId).containsExactly("call-3", "call-2", "call-1", "call-4");
      assertThat(state.waiting().get("call-2").priority()).isEqualTo(5);
      assertThat(only(journal, CallEnqueued.class))
          .extracting(CallEnqueued::priorityReason)
          .containsExactly("default", "caller priority rule 1", "set by the caller's flow", "default");
      assertThat(only(events, ReservationRequested.class)).extracting(ReservationRequested::callId).containsExactly("call-3");
      assertThat(WaitingOrder.positionOf(state.waiting().values(), "call-4")).isEqualTo(4);
    }

    @Test
    void equal_arrival_instants_keep_the_order_the_queue_accepted_them_in() {
      // given
      queue(defaults().withNoAgents(NoAgentsPolicy.keepWaiting()));

      // when
      handle(Enqueue.of("call-b", "+1555", at(1)));
      handle(Enqueue.of("call-a", "+1555", at(1)));

      // then
      assertThat(state.waitingInOrder()).extracting(WaitingCall::callId).containsExactly("call-b", "call-a");
    }

    @Test
    void announcements_give_position_and_estimated_wait_and_reschedule() {
      // given: two handled calls of 100 s and 200 s (plus 10 s wrap-up); one agent busy; two callers wait
      queue(defaults().withAnnouncements(new Announcements(true, true, Duration.ofSeconds(60))));
      agent("amy", 1, T);
      handle(Enqueue.of("call-1", "+1555", at(0)));
      handle(new AcceptReservation("call-1", "amy", at(0)));
      handle(AnswerOffers.single("call-1", "amy", at(0)));
      handle(new CompleteCall("call-1", at(100)));
      handle(new UpdateAgentStatus(AgentStatus.available("amy", at(110)), at(110)));
      handle(Enqueue.of("call-2", "+1555", at(110)));
      handle(new AcceptReservation("call-2", "amy", at(110)));
      handle(AnswerOffers.single("call-2", "amy", at(110)));
      handle(new CompleteCall("call-2", at(310)));
      handle(new UpdateAgentStatus(AgentStatus.available("amy", at(320)).withOnCall(true), at(320)));
      handle(Enqueue.of("call-3", "+1555", at(400)));
      handle(Enqueue.of("call-4", "+1555", at(410)));

      // when
      List<QueueEvent> first = handle(new FireTimers(at(460)));
      List<QueueEvent> second = handle(new FireTimers(at(470)));

      // then: average handle time (110 + 210) / 2 = 160 s; one agent staffs the queue
      assertThat(first).containsExactly(new AnnouncementDue("call-3", 1, 2, Duration.ofSeconds(160), at(520), at(460)));
      assertThat(second).containsExactly(new AnnouncementDue("call-4", 2, 2, Duration.ofSeconds(320), at(530), at(470)));
    }

    @Test
    void a_late_announcement_timer_does_not_replay_missed_announcements() {
      // given
      queue(defaults().withNoAgents(NoAgentsPolicy.keepWaiting()).withTimeout(Duration.ZERO));
      handle(Enqueue.of("call-1", "+1555", at(0)));

      // when: the first announcement was due at +60 s; the timer fires at +200 s (e.g. after a restart)
      List<QueueEvent> events = handle(new FireTimers(at(200)));

      // then
      assertThat(events).containsExactly(new AnnouncementDue("call-1", 1, 1, null, at(260), at(200)));
    }

    @Test
    void estimated_wait_is_unknown_without_history_or_staff() {
      assertThat(WaitingOrder.estimatedWait(3, 2, null)).isNull();
      assertThat(WaitingOrder.estimatedWait(3, 0, Duration.ofSeconds(100))).isNull();
      assertThat(WaitingOrder.estimatedWait(3, 2, Duration.ofSeconds(100))).isEqualTo(Duration.ofSeconds(200));
      assertThat(WaitingOrder.estimatedWait(1, 2, Duration.ofMillis(100_500))).isEqualTo(Duration.ofSeconds(101));
    }

    @Test
    void an_abandoning_caller_frees_the_agent_for_the_next_call() {
      // given
      queue(defaults());
      agent("amy", 1, T);
      handle(Enqueue.of("call-1", "+1555", at(0)));
      handle(Enqueue.of("call-2", "+1555", at(1)));
      handle(new AcceptReservation("call-1", "amy", at(1)));

      // when
      List<QueueEvent> events = handle(new Abandon("call-1", at(4)));

      // then
      assertThat(events.get(0)).isEqualTo(new OfferEnded("call-1", "amy", 0, Offer.Phase.ALERTING, OfferOutcome.CANCELLED_CALLER_LEFT, "the caller left", at(4)));
      assertThat(events.get(1)).isEqualTo(new CallAbandoned("call-1", Duration.ofSeconds(4), at(4)));
      assertThat(only(events, ReservationRequested.class)).extracting(ReservationRequested::callId).containsExactly("call-2");
    }
  }

  @Nested
  class Journal {

    @Test
    void a_decision_that_offers_nobody_is_journaled_on_arrival_only_and_every_offer_is_journaled() {
      // given
      queue(defaults());
      agent("amy", 1, T);
      handle(new UpdateAgentStatus(AgentStatus.available("amy", T).withOnCall(true), at(0)));
      List<QueueEvent> arrival = handle(Enqueue.of("call-1", "+1555", at(1)));

      // when
      List<QueueEvent> stillBusy = handle(new UpdateAgentStatus(AgentStatus.available("amy", T).withOnCall(true).withPresence(Presence.AWAY), at(2)));
      List<QueueEvent> free = handle(new UpdateAgentStatus(AgentStatus.available("amy", at(3)), at(3)));

      // then
      assertThat(only(arrival, CallRouted.class)).singleElement()
          .satisfies(r -> assertThat(r.decision().assessmentOf("amy").verdict()).isEqualTo(Verdict.BUSY));
      assertThat(only(stillBusy, CallRouted.class)).isEmpty();
      assertThat(only(free, CallRouted.class)).singleElement()
          .satisfies(r -> assertThat(r.decision().chosen()).containsExactly("amy"));
    }

    @Test
    void an_overloaded_queue_does_not_route_again_while_nobody_can_take_a_call() {
      // given: 200 callers wait, both agents are busy
      queue(defaults().withMaxCallsWaiting(200).withAnnouncements(new Announcements(false, false, Duration.ofSeconds(60))));
      agent("amy", 1, T);
      agent("bob", 2, T);
      handle(new UpdateAgentStatus(AgentStatus.available("amy", T).withOnCall(true), at(0)));
      handle(new UpdateAgentStatus(AgentStatus.available("bob", T).withOnCall(true), at(0)));
      for (int i = 0; i < 200; i++) {
        handle(Enqueue.of("call-" + i, "+1555", at(1)));
      }

      // when: agents change state without becoming free, then one frees up
      List<QueueEvent> busy = handle(new UpdateAgentStatus(AgentStatus.available("amy", T).withOnCall(true).withPresence(Presence.BUSY), at(2)));
      List<QueueEvent> free = handle(new UpdateAgentStatus(AgentStatus.available("bob", at(3)), at(3)));

      // then: only the head of the queue is offered, to bob
      assertThat(busy).extracting(e -> e.getClass().getSimpleName()).containsExactly("AgentStatusUpdated");
      assertThat(only(free, ReservationRequested.class)).extracting(ReservationRequested::callId, ReservationRequested::agentId)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("call-0", "bob"));
      assertThat(only(free, CallRouted.class)).hasSize(1);
    }

    @Test
    void replaying_the_journal_reproduces_the_state() {
      // given: a busy scenario
      queue(defaults().withRoutingMethod(RoutingMethod.ROUND_ROBIN).withMissedOffersBeforeAway(1));
      QueueState initial = state;
      agent("amy", 1, T);
      agent("bob", 2, T);
      agent("cat", 3, T);
      handle(Enqueue.of("call-1", "+1555", at(1)));
      handle(Enqueue.of("call-2", "+1555", at(2)));
      handle(new AcceptReservation("call-1", "amy", at(2)));
      handle(RefuseReservation.of("call-2", "bob", "busy", at(2)));
      handle(new FireTimers(at(40)));
      handle(new AcceptReservation("call-2", "cat", at(41)));
      handle(AnswerOffers.single("call-2", "cat", at(42)));
      handle(new Abandon("call-1", at(50)));

      // when
      QueueState replayed = initial;
      for (QueueEvent event : journal) {
        replayed = domain.evolve(replayed, event);
      }

      // then
      assertThat(replayed).isEqualTo(state);
      assertThat(state.cursor().lastOfferedAgentId()).isNotNull();
    }
  }

  @Nested
  class AgentStatusReports {

    @Test
    void a_report_older_than_the_one_applied_is_ignored() {
      // given
      queue(defaults());
      handle(new SetMember("amy", 1, 1, true, T));
      handle(new UpdateAgentStatus(AgentStatus.available("amy", T).withVersion(7), at(1)));

      // when
      List<QueueEvent> stale = handle(new UpdateAgentStatus(AgentStatus.signedOut("amy").withVersion(6), at(2)));
      List<QueueEvent> newer = handle(new UpdateAgentStatus(AgentStatus.signedOut("amy").withVersion(8), at(3)));

      // then
      assertThat(stale).isEmpty();
      assertThat(only(newer, QueueEvent.AgentStatusUpdated.class)).hasSize(1);
      assertThat(state.members().get("amy").status().signedIn()).isFalse();
    }

    @Test
    void a_refusal_with_the_agents_status_does_not_leave_a_stale_reserved_elsewhere_guess() {
      // given amy was offered call-1, and her release of another queue's call (version 9) arrived
      queue(defaults());
      agent("amy", 1, T.minusSeconds(60));
      handle(Enqueue.of("call-1", "+15551230000", at(0)));
      handle(new UpdateAgentStatus(AgentStatus.available("amy", T.minusSeconds(60)).withVersion(9), at(1)));

      // when her refusal, made at version 8 while still reserved elsewhere, arrives late
      AgentStatus atRefusal = AgentStatus.available("amy", T.minusSeconds(60)).withReservedElsewhere(true).withVersion(8);
      List<QueueEvent> events = handle(new RefuseReservation("call-1", "amy", "reserved for call-9 of queue sales", atRefusal, null, at(2)));

      // then the queue keeps the newer status and offers her the call again in a new round
      assertThat(state.members().get("amy").status().reservedElsewhere()).isFalse();
      assertThat(only(events, ReservationRequested.class)).extracting(ReservationRequested::agentId).containsExactly("amy");
    }

    @Test
    void a_refusal_with_a_newer_status_applies_it() {
      // given
      queue(defaults());
      agent("amy", 1, T.minusSeconds(60));
      handle(Enqueue.of("call-1", "+15551230000", at(0)));

      // when
      AgentStatus onCall = AgentStatus.available("amy", T.minusSeconds(60)).withOnCall(true).withVersion(3);
      List<QueueEvent> events = handle(new RefuseReservation("call-1", "amy", "on call direct-1", onCall, null, at(1)));

      // then
      assertThat(state.members().get("amy").status()).isEqualTo(onCall);
      assertThat(only(events, ReservationRequested.class)).isEmpty();
    }
  }

  @Nested
  class ReservationAnswers {

    @Test
    void an_answer_to_an_earlier_request_is_ignored() {
      // given amy's first request (0) timed out and the queue asked her again (request 1)
      queue(defaults());
      agent("amy", 1, T);
      handle(Enqueue.of("call-1", "+1555", at(0)));
      handle(new FireTimers(at(5)));
      assertThat(state.waiting().get("call-1").offerTo("amy").requestId()).isEqualTo(1);

      // when the late acceptance of request 0 arrives
      List<QueueEvent> late = handle(new AcceptReservation("call-1", "amy", 0L, at(6)));
      List<QueueEvent> current = handle(new AcceptReservation("call-1", "amy", 1L, at(7)));

      // then only the answer to request 1 alerts her
      assertThat(late).isEmpty();
      assertThat(only(current, AgentAlerted.class)).hasSize(1);
    }

    @Test
    void an_acceptance_after_the_request_deadline_ends_the_offer_instead_of_ringing_past_the_agents_expiry() {
      // given
      queue(defaults());
      agent("amy", 1, T);
      handle(Enqueue.of("call-1", "+1555", at(0)));

      // when the acceptance is handled after the deadline (5 s), before the timer
      List<QueueEvent> events = handle(new AcceptReservation("call-1", "amy", 0L, at(6)));

      // then
      assertThat(events.get(0)).isEqualTo(new OfferEnded("call-1", "amy", 0, Offer.Phase.RESERVING,
          OfferOutcome.RESERVATION_TIMED_OUT, "accepted at " + at(6) + ", after the reservation deadline " + at(5), at(6)));
      assertThat(only(events, AgentAlerted.class)).isEmpty();
    }
  }

  @Nested
  class Counters {

    @Test
    void offered_answered_waits_and_handle_times_are_folded_from_the_events() {
      // given
      queue(defaults().withMaxCallsWaiting(2).withWrapUpTime(Duration.ofSeconds(10)));
      agent("amy", 1, T.minusSeconds(60));

      // when
      handle(Enqueue.of("call-1", "+15551230000", at(0)));
      handle(new AcceptReservation("call-1", "amy", at(1)));
      handle(AnswerOffers.single("call-1", "amy", at(20)));
      handle(Enqueue.of("call-2", "+15551230001", at(21)));
      handle(Enqueue.of("call-3", "+15551230002", at(22)));
      handle(Enqueue.of("call-4", "+15551230003", at(23)));
      handle(new Abandon("call-3", at(30)));
      handle(new CompleteCall("call-1", at(80)));

      // then
      QueueState.Stats stats = state.stats();
      assertThat(stats.offered()).isEqualTo(4);
      assertThat(stats.enqueued()).isEqualTo(3);
      assertThat(stats.overflowed()).isEqualTo(1);
      assertThat(stats.answered()).isEqualTo(1);
      assertThat(stats.abandoned()).isEqualTo(1);
      assertThat(stats.completed()).isEqualTo(1);
      assertThat(stats.answeredWaitTotal()).isEqualTo(Duration.ofSeconds(20));
      assertThat(stats.handleTimeTotal()).isEqualTo(Duration.ofSeconds(70));
    }

    @Test
    void the_state_keeps_the_last_ten_routing_decisions() {
      // given
      queue(defaults());
      agent("amy", 1, T);

      // when
      for (int i = 0; i < 12; i++) {
        handle(Enqueue.of("call-" + i, "+1555123000" + (i % 10), at(i)));
      }

      // then
      assertThat(state.recentDecisions()).hasSize(QueueState.RECENT_DECISIONS);
      assertThat(state.recentDecisions().get(0).callId()).isEqualTo("call-2");
      assertThat(state.recentDecisions().get(9).callId()).isEqualTo("call-11");
    }
  }
}
