package io.switchboard.engine.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.agents.Agent;
import io.switchboard.engine.queue.QueueEffects.AskStatus;
import io.switchboard.engine.queue.QueueEffects.Reserve;
import io.switchboard.engine.queue.QueueEffects.ToAgent;
import io.switchboard.engine.queue.QueueEffects.ToCall;
import io.switchboard.engine.queue.routing.AgentStatus;
import io.switchboard.engine.queue.routing.Offer;
import io.switchboard.engine.queue.routing.OfferOutcome;
import io.switchboard.engine.queue.routing.QueueAction;
import io.switchboard.engine.queue.routing.QueueCommand;
import io.switchboard.engine.queue.routing.QueueDomain;
import io.switchboard.engine.queue.routing.QueueEvent;
import io.switchboard.engine.queue.routing.QueuePolicy;
import io.switchboard.engine.queue.routing.QueueState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueueEffectsTest {

  private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
  private static final Duration GRACE = Duration.ofSeconds(10);
  private static final QueueState STATE =
      QueueDomain.initialState("support", QueuePolicy.defaults().withAgentAlertTime(Duration.ofSeconds(20)));

  private static List<QueueEffects.Effect> of(QueueEvent event) {
    return QueueEffects.of("support", event, STATE, GRACE);
  }

  @Test
  void a_reservation_request_asks_the_agent_until_deadline_plus_alert_time_plus_grace() {
    assertThat(of(new QueueEvent.ReservationRequested("call-1", "amy", 4, T0.plusSeconds(5), T0)))
        .containsExactly(new Reserve("amy", "call-1", 4, T0.plusSeconds(35), T0));
  }

  @Test
  void an_alert_offers_the_agent_to_the_call() {
    assertThat(of(new QueueEvent.AgentAlerted("call-1", "amy", T0.plusSeconds(21), T0.plusSeconds(1))))
        .containsExactly(new ToCall(new QueueNotice.OfferAgent("support", "call-1", "amy", T0.plusSeconds(21), T0.plusSeconds(1))));
  }

  @Test
  void an_offer_ended_on_the_queues_side_cancels_the_leg_and_releases_the_agent_counting_misses() {
    assertThat(of(new QueueEvent.OfferEnded("call-1", "amy", 4, Offer.Phase.ALERTING, OfferOutcome.NO_ANSWER, "rang", T0)))
        .containsExactly(
            new ToCall(new QueueNotice.CancelOffer("support", "call-1", "amy", "no answer: rang", T0)),
            new ToAgent("amy", new Agent.Release("call-1", "support", 4, true, T0)));
  }

  @Test
  void a_leg_the_call_reported_declined_is_not_cancelled_again_and_a_refusal_releases_nothing() {
    assertThat(of(new QueueEvent.OfferEnded("call-1", "amy", 4, Offer.Phase.ALERTING, OfferOutcome.DECLINED, "USER_BUSY", T0)))
        .containsExactly(new ToAgent("amy", new Agent.Release("call-1", "support", 4, true, T0)));
    assertThat(of(new QueueEvent.OfferEnded("call-1", "amy", 4, Offer.Phase.RESERVING, OfferOutcome.RESERVATION_REFUSED, "busy", T0)))
        .isEmpty();
    assertThat(of(new QueueEvent.OfferEnded("call-1", "amy", 4, Offer.Phase.RESERVING, OfferOutcome.CANCELLED_CALLER_LEFT, "left", T0)))
        .containsExactly(new ToAgent("amy", new Agent.Release("call-1", "support", 4, false, T0)));
  }

  @Test
  void answer_and_completion_put_the_agent_on_the_call_and_into_wrap_up() {
    assertThat(of(new QueueEvent.CallAnswered("call-1", "amy", Duration.ofSeconds(8), "single answer", T0)))
        .containsExactly(new ToAgent("amy", new Agent.StartCall("call-1", "support", T0)));
    assertThat(of(new QueueEvent.CallCompleted("call-1", "amy", Duration.ofSeconds(100), Duration.ofSeconds(115), T0)))
        .containsExactly(new ToAgent("amy", new Agent.EndCall("call-1", Duration.ofSeconds(15), T0)));
  }

  @Test
  void too_many_missed_offers_set_the_agent_away() {
    assertThat(of(new QueueEvent.AgentSetAwayRequested("amy", 3, 3, T0)))
        .containsExactly(new ToAgent("amy", new Agent.SetAway("missed 3 offers in a row in queue support (limit 3)", T0)));
  }

  @Test
  void leaving_the_queue_sends_the_action_with_the_reason() {
    QueueAction box = new QueueAction.ToVoicemail("support-box");
    assertThat(of(new QueueEvent.CallOverflowed("call-1", 50, 50, box, T0))).containsExactly(new ToCall(
        new QueueNotice.LeaveQueue("support", "call-1", box, "queue full: 50 calls waiting (maximum 50)", T0)));
    assertThat(of(new QueueEvent.CallTimedOut("call-1", Duration.ofMinutes(20), box, T0))).containsExactly(new ToCall(
        new QueueNotice.LeaveQueue("support", "call-1", box, "queue timeout after 20m", T0)));
    assertThat(of(new QueueEvent.NoAgentsActionTaken("call-1", false, box, T0))).containsExactly(new ToCall(
        new QueueNotice.LeaveQueue("support", "call-1", box, "no agent signed in", T0)));
  }

  @Test
  void an_announcement_is_sent_only_with_something_to_say() {
    assertThat(of(new QueueEvent.AnnouncementDue("call-1", 2, 3, null, T0.plusSeconds(60), T0)))
        .containsExactly(new ToCall(new QueueNotice.Announce("support", "call-1", 2, null, T0)));
    assertThat(of(new QueueEvent.AnnouncementDue("call-1", 0, 3, Duration.ofMinutes(4), T0.plusSeconds(60), T0)))
        .containsExactly(new ToCall(new QueueNotice.Announce("support", "call-1", 0, Duration.ofMinutes(4), T0)));
    assertThat(of(new QueueEvent.AnnouncementDue("call-1", 0, 3, null, T0.plusSeconds(60), T0))).isEmpty();
  }

  @Test
  void a_new_member_is_asked_for_its_status() {
    assertThat(of(new QueueEvent.MembershipSet("amy", 1, 1, true, T0))).containsExactly(new AskStatus("amy"));
  }

  @Test
  void a_recovered_queue_redrives_live_offers_connected_calls_and_asks_every_member() {
    // given a queue with a pending reservation, a ringing offer, and a connected call
    QueueDomain domain = new QueueDomain(QueueDomain.Settings.DEFAULT);
    QueueState state = QueueDomain.initialState("support", QueuePolicy.defaults().withAgentAlertTime(Duration.ofSeconds(20)));
    for (QueueCommand command : List.<QueueCommand>of(
        new QueueCommand.SetMember("amy", 1, 1, true, T0),
        new QueueCommand.SetMember("bob", 1, 2, true, T0),
        new QueueCommand.SetMember("cat", 1, 3, true, T0),
        new QueueCommand.UpdateAgentStatus(AgentStatus.available("amy", T0.minusSeconds(30)), T0),
        new QueueCommand.UpdateAgentStatus(AgentStatus.available("bob", T0.minusSeconds(20)), T0),
        new QueueCommand.UpdateAgentStatus(AgentStatus.available("cat", T0.minusSeconds(10)), T0),
        QueueCommand.Enqueue.of("call-1", "+15551230001", T0),
        new QueueCommand.AcceptReservation("call-1", "amy", T0.plusSeconds(1)),
        QueueCommand.AnswerOffers.single("call-1", "amy", T0.plusSeconds(2)),
        QueueCommand.Enqueue.of("call-2", "+15551230002", T0.plusSeconds(3)),
        new QueueCommand.AcceptReservation("call-2", "bob", T0.plusSeconds(4)),
        QueueCommand.Enqueue.of("call-3", "+15551230003", T0.plusSeconds(5)))) {
      for (QueueEvent event : domain.decide(state, command)) {
        state = domain.evolve(state, event);
      }
    }

    // when
    List<QueueEffects.Effect> effects = QueueEffects.redrive("support", state, T0.plusSeconds(6), GRACE);

    // then
    assertThat(effects).containsExactly(
        new ToCall(new QueueNotice.OfferAgent("support", "call-2", "bob", T0.plusSeconds(24), T0.plusSeconds(4))),
        new Reserve("cat", "call-3", 2, T0.plusSeconds(10).plusSeconds(20).plusSeconds(10), T0.plusSeconds(5)),
        new ToAgent("amy", new Agent.StartCall("call-1", "support", T0.plusSeconds(2))),
        new AskStatus("amy"), new AskStatus("bob"), new AskStatus("cat"));

    // and offers past their deadline are left to the timer
    assertThat(QueueEffects.redrive("support", state, T0.plusSeconds(300), GRACE)).noneMatch(e -> e instanceof Reserve || e instanceof ToCall);
  }
}
