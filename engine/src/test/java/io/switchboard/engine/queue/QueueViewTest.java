package io.switchboard.engine.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.engine.queue.routing.AgentStatus;
import io.switchboard.engine.queue.routing.Offer;
import io.switchboard.engine.queue.routing.QueueCommand;
import io.switchboard.engine.queue.routing.QueueDomain;
import io.switchboard.engine.queue.routing.QueueEvent;
import io.switchboard.engine.queue.routing.QueuePolicy;
import io.switchboard.engine.queue.routing.QueueState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueueViewTest {

  private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");

  @Test
  void a_supervisor_sees_positions_waits_offers_members_counters_and_decisions() {
    // given amy answered call-1 after 8 s; call-2 is offered to bob; call-3 waits
    QueueDomain domain = new QueueDomain(QueueDomain.Settings.DEFAULT);
    QueueState state = QueueDomain.initialState("support", QueuePolicy.defaults());
    for (QueueCommand command : List.<QueueCommand>of(
        new QueueCommand.SetMember("amy", 1, 1, true, T0),
        new QueueCommand.SetMember("bob", 1, 2, true, T0),
        new QueueCommand.UpdateAgentStatus(AgentStatus.available("amy", T0.minusSeconds(60)), T0),
        new QueueCommand.UpdateAgentStatus(AgentStatus.available("bob", T0.minusSeconds(30)), T0),
        QueueCommand.Enqueue.of("call-1", "+15551230001", T0),
        new QueueCommand.AcceptReservation("call-1", "amy", T0.plusSeconds(1)),
        QueueCommand.AnswerOffers.single("call-1", "amy", T0.plusSeconds(8)),
        QueueCommand.Enqueue.of("call-2", "+15551230002", T0.plusSeconds(10)),
        new QueueCommand.AcceptReservation("call-2", "bob", T0.plusSeconds(11)),
        QueueCommand.Enqueue.of("call-3", "+15551230003", T0.plusSeconds(20)))) {
      for (QueueEvent event : domain.decide(state, command)) {
        state = domain.evolve(state, event);
      }
    }

    // when
    QueueView view = QueueView.of(state, T0.plusSeconds(50));

    // then
    assertThat(view.waiting()).extracting(QueueView.Waiting::callId, QueueView.Waiting::position, QueueView.Waiting::waited)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("call-2", 1, Duration.ofSeconds(40)),
            org.assertj.core.groups.Tuple.tuple("call-3", 2, Duration.ofSeconds(30)));
    assertThat(view.waiting().get(0).offers()).singleElement().satisfies(o -> {
      assertThat(o.agentId()).isEqualTo("bob");
      assertThat(o.phase()).isEqualTo(Offer.Phase.ALERTING);
    });
    assertThat(view.connected()).singleElement().satisfies(c -> {
      assertThat(c.agentId()).isEqualTo("amy");
      assertThat(c.talking()).isEqualTo(Duration.ofSeconds(42));
    });
    assertThat(view.members()).extracting(QueueView.Member::agentId, QueueView.Member::offeredCall)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("amy", null), org.assertj.core.groups.Tuple.tuple("bob", "call-2"));
    assertThat(view.counters().offered()).isEqualTo(3);
    assertThat(view.counters().answered()).isEqualTo(1);
    assertThat(view.counters().averageWait()).isEqualTo(Duration.ofSeconds(8));
    assertThat(view.counters().averageHandleTime()).isNull();
    assertThat(view.recentDecisions()).extracting(d -> d.callId()).containsExactly("call-1", "call-2", "call-3");
  }
}
