package io.switchboard.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.agents.Agent.Presence;
import io.switchboard.agents.Agent.SetPresence;
import java.time.Instant;
import java.util.Optional;
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

  private final EventSourcedBehaviorTestKit<AgentEntity.Command, Agent.Event, Agent.State> agent =
      EventSourcedBehaviorTestKit.create(testKit.system(), AgentEntity.create("alice"));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void clear() {
    agent.clear();
  }

  private CommandResultWithReply<AgentEntity.Command, Agent.Event, Agent.State, StatusReply<Agent.State>> set(
      Presence presence, String reason, Instant at) {
    return agent.runCommand(replyTo -> new AgentEntity.Submit(new SetPresence(presence, reason, at), replyTo));
  }

  @Test
  void presenceChangeIsPersistedAndReplied() {
    // when
    var result = set(Presence.AVAILABLE, "signed in", T0);

    // then
    assertThat(result.event())
        .isEqualTo(new Agent.PresenceChanged("alice", Presence.AVAILABLE, Presence.OFFLINE, "signed in", T0));
    assertThat(result.reply().getValue())
        .isEqualTo(new Agent.State("alice", Presence.AVAILABLE, "signed in", Optional.of(T0)));
  }

  @Test
  void duplicateIsAcceptedWithoutEvent() {
    // given
    set(Presence.AWAY, "lunch", T0);

    // when
    var result = set(Presence.AWAY, "lunch", T0.plusSeconds(1));

    // then
    assertThat(result.hasNoEvents()).isTrue();
    assertThat(result.reply().isSuccess()).isTrue();
  }

  @Test
  void rejectionRepliesAnErrorAndChangesNothing() {
    // when
    var result = set(Presence.AWAY, "x".repeat(300), T0);

    // then
    assertThat(result.hasNoEvents()).isTrue();
    assertThat(result.reply().isError()).isTrue();
    assertThat(result.reply().getError().getMessage()).contains("shorten it to at most 200");
    assertThat(result.state()).isEqualTo(Agent.initial("alice"));
  }

  @Test
  void stateIsRecoveredAfterRestart() {
    // given
    set(Presence.AVAILABLE, "signed in", T0);
    set(Presence.DO_NOT_DISTURB, "coaching", T0.plusSeconds(60));

    // when
    var restarted = agent.restart();

    // then
    assertThat(restarted.state())
        .isEqualTo(new Agent.State("alice", Presence.DO_NOT_DISTURB, "coaching", Optional.of(T0.plusSeconds(60))));
    var read = agent.<Agent.State>runCommand(AgentEntity.GetState::new);
    assertThat(read.reply()).isEqualTo(restarted.state());
  }
}
