package io.switchboard.engine.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CallEntityTest {

  private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
  private static final String CHANNEL = "6f1d9c2e-0000-4000-8000-000000000001";
  private static final ActorTestKit testKit = ActorTestKit.create(EventSourcedBehaviorTestKit.config());

  private final EventSourcedBehaviorTestKit<CallEntity.Command, Call.Event, Call.State> call =
      EventSourcedBehaviorTestKit.create(testKit.system(), CallEntity.create("call-1"));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void clear() {
    call.clear();
  }

  private EventSourcedBehaviorTestKit.CommandResultWithReply<
          CallEntity.Command, Call.Event, Call.State, org.apache.pekko.pattern.StatusReply<Call.State>>
      submit(Call.Command command) {
    return call.runCommand(replyTo -> new CallEntity.Submit(command, replyTo));
  }

  @Test
  void startAnswerHangupArePersistedAndReplied() {
    // when
    var started = submit(new Call.Start(CHANNEL, "+41441234567", "+41449876543", T0));
    var answered = submit(new Call.Answer(CHANNEL, T0.plusSeconds(3)));
    var hungUp = submit(new Call.Hangup(CHANNEL, "NORMAL_CLEARING", T0.plusSeconds(40)));

    // then
    assertThat(started.event()).isEqualTo(new Call.CallStarted("call-1", CHANNEL, "+41441234567", "+41449876543", T0));
    assertThat(answered.event()).isEqualTo(new Call.CallAnswered("call-1", CHANNEL, T0.plusSeconds(3)));
    assertThat(hungUp.reply().getValue()).isInstanceOf(Call.Ended.class);
  }

  @Test
  void duplicateEventIsANoOpWithSuccess() {
    // given
    submit(new Call.Start(CHANNEL, "+41441234567", "+41449876543", T0));

    // when
    var again = submit(new Call.Start(CHANNEL, "+41441234567", "+41449876543", T0));

    // then
    assertThat(again.hasNoEvents()).isTrue();
    assertThat(again.reply().isSuccess()).isTrue();
  }

  @Test
  void rejectedCommandRepliesErrorAndPersistsNothing() {
    // when
    var result = submit(new Call.Answer(CHANNEL, T0));

    // then
    assertThat(result.hasNoEvents()).isTrue();
    assertThat(result.reply().getError().getMessage()).isEqualTo("call call-1 has not started; start it before answering");
  }

  @Test
  void stateIsRecoveredAfterRestart() {
    // given
    submit(new Call.Start(CHANNEL, "+41441234567", "+41449876543", T0));
    submit(new Call.Answer(CHANNEL, T0.plusSeconds(3)));
    submit(new Call.Hangup(CHANNEL, "NORMAL_CLEARING", T0.plusSeconds(40)));

    // when
    var restarted = call.restart();

    // then
    Call.Caller caller = new Call.Caller(CHANNEL, "+41441234567", "+41449876543", T0);
    assertThat(restarted.state()).isEqualTo(
        new Call.Ended("call-1", caller, Optional.of(T0.plusSeconds(3)), T0.plusSeconds(40), "NORMAL_CLEARING"));
    assertThat(call.<Call.State>runCommand(CallEntity.GetState::new).reply()).isEqualTo(restarted.state());
  }
}
