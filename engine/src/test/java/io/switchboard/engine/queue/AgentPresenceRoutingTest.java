package io.switchboard.engine.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.agents.Agent;
import io.switchboard.agents.Presence;
import io.switchboard.engine.queue.routing.NoAgentsPolicy;
import io.switchboard.engine.queue.routing.QueueCommand;
import io.switchboard.engine.queue.routing.QueueDomain;
import io.switchboard.engine.queue.routing.QueueEvent;
import io.switchboard.engine.queue.routing.QueuePolicy;
import io.switchboard.engine.queue.routing.QueueState;
import io.switchboard.engine.queue.routing.RoutingDecision;
import io.switchboard.engine.queue.routing.Verdict;
import io.switchboard.persistence.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What an agent's presence and work do to a queue's routing: the Agent rules make the report, the
 * engine maps it ({@link AgentReports#toStatus}), the queue rules route on it. Pure: no actors.
 */
class AgentPresenceRoutingTest {

  private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");

  private final QueueDomain domain = new QueueDomain(QueueDomain.Settings.DEFAULT);
  private Agent.State amy = Agent.initial("amy");
  private QueueState support;

  private void agent(Agent.Command command) {
    Decision<Agent.Event> decision = Agent.decide(amy, command);
    assertThat(decision).isInstanceOf(Decision.Accepted.class);
    for (Agent.Event event : ((Decision.Accepted<Agent.Event>) decision).events()) {
      amy = Agent.evolve(amy, event);
    }
    queue(new QueueCommand.UpdateAgentStatus(AgentReports.toStatus(amy.reportFor("support")), command.at()));
  }

  private List<QueueEvent> queue(QueueCommand command) {
    List<QueueEvent> events = domain.decide(support, command);
    for (QueueEvent event : events) {
      support = domain.evolve(support, event);
    }
    return events;
  }

  /** The verdict on amy when a call arrives now. */
  private Verdict verdictForANewCall(String callId, int at) {
    List<QueueEvent> events = queue(QueueCommand.Enqueue.of(callId, "+15551230000", T0.plusSeconds(at)));
    RoutingDecision decision = events.stream().filter(QueueEvent.CallRouted.class::isInstance)
        .map(e -> ((QueueEvent.CallRouted) e).decision()).findFirst().orElseThrow();
    queue(new QueueCommand.Abandon(callId, T0.plusSeconds(at)));
    return decision.assessmentOf("amy").verdict();
  }

  private void queueWith(QueuePolicy policy, boolean presenceBasedMember) {
    support = QueueDomain.initialState("support", policy.withNoAgents(NoAgentsPolicy.keepWaiting()));
    queue(new QueueCommand.SetMember("amy", 1, 1, presenceBasedMember, T0));
    agent(new Agent.Configure(Set.of("support", "sales"), Map.of(), T0));
  }

  @Test
  void under_presence_based_routing_only_an_available_agent_is_offered_calls() {
    // given
    queueWith(QueuePolicy.defaults(), true);

    // when / then
    assertThat(verdictForANewCall("c0", 0)).isEqualTo(Verdict.SIGNED_OUT);
    agent(new Agent.SetPresence(Presence.AVAILABLE, "signed in", T0.plusSeconds(1)));
    assertThat(verdictForANewCall("c1", 1)).isEqualTo(Verdict.CHOSEN);
    agent(new Agent.SetPresence(Presence.AWAY, "lunch", T0.plusSeconds(2)));
    assertThat(verdictForANewCall("c2", 2)).isEqualTo(Verdict.PRESENCE);
    agent(new Agent.SetPresence(Presence.DO_NOT_DISTURB, "coaching", T0.plusSeconds(3)));
    assertThat(verdictForANewCall("c3", 3)).isEqualTo(Verdict.PRESENCE);
    agent(new Agent.OptOut("support", T0.plusSeconds(4)));
    assertThat(verdictForANewCall("c4", 4)).isEqualTo(Verdict.OPTED_OUT);
  }

  @Test
  void without_presence_based_routing_presence_is_ignored_but_work_is_not() {
    // given
    queueWith(QueuePolicy.defaults().withPresenceBasedRouting(false).withWrapUpTime(Duration.ofSeconds(30)), true);
    agent(new Agent.SetPresence(Presence.AWAY, "signed in but away", T0));

    // when / then
    assertThat(verdictForANewCall("c1", 1)).isEqualTo(Verdict.CHOSEN);
    agent(new Agent.StartCall("direct-1", null, T0.plusSeconds(2)));
    assertThat(verdictForANewCall("c2", 2)).isEqualTo(Verdict.BUSY);
    agent(new Agent.EndCall("direct-1", Duration.ofSeconds(30), T0.plusSeconds(3)));
    assertThat(verdictForANewCall("c3", 4)).isEqualTo(Verdict.WRAP_UP);
    agent(new Agent.FireTimers(T0.plusSeconds(33)));
    assertThat(verdictForANewCall("c4", 34)).isEqualTo(Verdict.CHOSEN);
    agent(new Agent.Reserve("call-9", "sales", 0, T0.plusSeconds(95), T0.plusSeconds(35)));
    assertThat(verdictForANewCall("c5", 36)).isEqualTo(Verdict.RESERVED);
  }

  @Test
  void a_member_that_publishes_no_presence_is_offered_calls_whatever_it_is() {
    // given a lobby phone member (presenceBased false) set to do-not-disturb
    queueWith(QueuePolicy.defaults(), false);
    agent(new Agent.SetPresence(Presence.DO_NOT_DISTURB, "", T0));

    // when / then
    assertThat(verdictForANewCall("c1", 1)).isEqualTo(Verdict.CHOSEN);
  }

  @Test
  void an_agent_set_away_after_missed_offers_stays_out_until_it_sets_its_presence() {
    // given a queue that ignores presence: only the missed-offer count keeps the agent out
    queueWith(QueuePolicy.defaults().withPresenceBasedRouting(false).withMissedOffersBeforeAway(2), true);
    agent(new Agent.SetPresence(Presence.AVAILABLE, "signed in", T0));
    for (int i = 0; i < 2; i++) {
      agent(new Agent.Reserve("m" + i, "support", i, T0.plusSeconds(100), T0.plusSeconds(1)));
      agent(new Agent.Release("m" + i, "support", i, true, T0.plusSeconds(2)));
    }
    agent(new Agent.SetAway("missed 2 offers in a row in queue support (limit 2)", T0.plusSeconds(3)));

    // when / then
    assertThat(amy.presence()).isEqualTo(Presence.AWAY);
    assertThat(verdictForANewCall("c1", 4)).isEqualTo(Verdict.MISSED_OFFERS);
    agent(new Agent.SetPresence(Presence.AVAILABLE, "back", T0.plusSeconds(5)));
    assertThat(verdictForANewCall("c2", 6)).isEqualTo(Verdict.CHOSEN);
  }
}
