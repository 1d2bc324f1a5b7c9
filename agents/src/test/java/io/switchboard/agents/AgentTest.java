package io.switchboard.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.agents.Agent.Presence;
import io.switchboard.agents.Agent.PresenceChanged;
import io.switchboard.agents.Agent.SetPresence;
import io.switchboard.agents.Agent.State;
import io.switchboard.persistence.Decision;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentTest {

  private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");

  private static State apply(State state, Decision<Agent.Event> decision) {
    State result = state;
    for (Agent.Event event : ((Decision.Accepted<Agent.Event>) decision).events()) {
      result = Agent.evolve(result, event);
    }
    return result;
  }

  @Test
  void newAgentIsOffline() {
    assertThat(Agent.initial("alice")).isEqualTo(new State("alice", Presence.OFFLINE, "", Optional.empty()));
  }

  @Test
  void settingPresenceRecordsWhatAndWhyAndSince() {
    // given
    State offline = Agent.initial("alice");

    // when
    Decision<Agent.Event> decision = Agent.decide(offline, new SetPresence(Presence.AVAILABLE, " signed in ", T0));

    // then
    assertThat(decision).isEqualTo(Decision.accept(
        new PresenceChanged("alice", Presence.AVAILABLE, Presence.OFFLINE, "signed in", T0)));
    assertThat(apply(offline, decision))
        .isEqualTo(new State("alice", Presence.AVAILABLE, "signed in", Optional.of(T0)));
  }

  @Test
  void everyPresenceCanBeSet() {
    State state = Agent.initial("bob");
    Instant at = T0;
    for (Presence presence : Presence.values()) {
      at = at.plusSeconds(60);
      state = apply(state, Agent.decide(state, new SetPresence(presence, "because " + presence, at)));
      assertThat(state.presence()).isEqualTo(presence);
      assertThat(state.since()).contains(at);
    }
  }

  @Test
  void samePresenceAndReasonAgainIsANoOp() {
    // given
    State away = new State("alice", Presence.AWAY, "lunch", Optional.of(T0));

    // when
    Decision<Agent.Event> decision = Agent.decide(away, new SetPresence(Presence.AWAY, "lunch", T0.plusSeconds(5)));

    // then
    assertThat(decision).isEqualTo(Decision.noOp());
  }

  @Test
  void newReasonForSamePresenceIsAChange() {
    // given
    State away = new State("alice", Presence.AWAY, "lunch", Optional.of(T0));

    // when
    Decision<Agent.Event> decision = Agent.decide(away, new SetPresence(Presence.AWAY, "meeting", T0.plusSeconds(5)));

    // then
    assertThat(decision).isEqualTo(Decision.accept(
        new PresenceChanged("alice", Presence.AWAY, Presence.AWAY, "meeting", T0.plusSeconds(5))));
  }

  @Test
  void olderInputThanTheCurrentStateIsANoOp() {
    // given
    State available = new State("alice", Presence.AVAILABLE, "", Optional.of(T0));

    // when a late presence change arrives, stamped before the current one
    Decision<Agent.Event> decision = Agent.decide(available, new SetPresence(Presence.OFFLINE, "", T0.minusSeconds(1)));

    // then
    assertThat(decision).isEqualTo(Decision.noOp());
  }

  @Test
  void overlongReasonIsRejected() {
    // given
    State state = Agent.initial("alice");

    // when
    Decision<Agent.Event> decision = Agent.decide(state, new SetPresence(Presence.AWAY, "x".repeat(201), T0));

    // then
    assertThat(decision).isEqualTo(Decision.reject("presence reason is 201 characters long; shorten it to at most 200"));
  }

  @Test
  void reasonWithLineBreakIsRejected() {
    // given
    State state = Agent.initial("alice");

    // when
    Decision<Agent.Event> decision = Agent.decide(state, new SetPresence(Presence.AWAY, "a\nb", T0));

    // then
    assertThat(decision).isInstanceOf(Decision.Rejected.class);
    assertThat(((Decision.Rejected<Agent.Event>) decision).reason()).contains("control character");
  }
}
