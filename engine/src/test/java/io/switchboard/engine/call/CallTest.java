package io.switchboard.engine.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.engine.call.Call.Answer;
import io.switchboard.engine.call.Call.Answered;
import io.switchboard.engine.call.Call.CallAnswered;
import io.switchboard.engine.call.Call.CallHungUp;
import io.switchboard.engine.call.Call.CallStarted;
import io.switchboard.engine.call.Call.Caller;
import io.switchboard.engine.call.Call.Ended;
import io.switchboard.engine.call.Call.Hangup;
import io.switchboard.engine.call.Call.Start;
import io.switchboard.engine.call.Call.Started;
import io.switchboard.persistence.Decision;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallTest {

  private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
  private static final String CHANNEL = "6f1d9c2e-0000-4000-8000-000000000001";
  private static final Caller CALLER = new Caller(CHANNEL, "+41441234567", "+41449876543", T0);

  private static Call.State apply(Call.State state, Decision<Call.Event> decision) {
    Call.State result = state;
    for (Call.Event event : ((Decision.Accepted<Call.Event>) decision).events()) {
      result = Call.evolve(result, event);
    }
    return result;
  }

  private static String reason(Decision<Call.Event> decision) {
    assertThat(decision).isInstanceOf(Decision.Rejected.class);
    return ((Decision.Rejected<Call.Event>) decision).reason();
  }

  @Test
  void startFromAParkedChannel() {
    // given
    Call.State idle = Call.initial("call-1");

    // when
    Decision<Call.Event> decision = Call.decide(idle, new Start(CHANNEL, "+41441234567", "+41449876543", T0));

    // then
    assertThat(decision).isEqualTo(Decision.accept(
        new CallStarted("call-1", CHANNEL, "+41441234567", "+41449876543", T0)));
    assertThat(apply(idle, decision)).isEqualTo(new Started("call-1", CALLER));
  }

  @Test
  void answerThenHangupEndsAnAnsweredCall() {
    // given
    Call.State started = new Started("call-1", CALLER);

    // when
    Decision<Call.Event> answer = Call.decide(started, new Answer(CHANNEL, T0.plusSeconds(2)));
    Call.State answered = apply(started, answer);
    Decision<Call.Event> hangup = Call.decide(answered, new Hangup(CHANNEL, "NORMAL_CLEARING", T0.plusSeconds(60)));

    // then
    assertThat(answer).isEqualTo(Decision.accept(new CallAnswered("call-1", CHANNEL, T0.plusSeconds(2))));
    assertThat(answered).isEqualTo(new Answered("call-1", CALLER, T0.plusSeconds(2)));
    assertThat(hangup).isEqualTo(Decision.accept(
        new CallHungUp("call-1", CHANNEL, "NORMAL_CLEARING", T0.plusSeconds(60))));
    assertThat(apply(answered, hangup)).isEqualTo(new Ended(
        "call-1", CALLER, Optional.of(T0.plusSeconds(2)), T0.plusSeconds(60), "NORMAL_CLEARING"));
  }

  @Test
  void callerHangingUpBeforeAnswerEndsUnanswered() {
    // given
    Call.State started = new Started("call-1", CALLER);

    // when
    Call.State ended = apply(started, Call.decide(started, new Hangup(CHANNEL, "ORIGINATOR_CANCEL", T0.plusSeconds(9))));

    // then
    assertThat(ended).isEqualTo(new Ended("call-1", CALLER, Optional.empty(), T0.plusSeconds(9), "ORIGINATOR_CANCEL"));
  }

  @Test
  void duplicatesAndLateInputsAreNoOps() {
    Call.State started = new Started("call-1", CALLER);
    Call.State answered = new Answered("call-1", CALLER, T0.plusSeconds(2));
    Call.State ended = new Ended("call-1", CALLER, Optional.empty(), T0.plusSeconds(9), "ORIGINATOR_CANCEL");

    // the same park reported twice
    assertThat(Call.decide(started, new Start(CHANNEL, "+41441234567", "+41449876543", T0))).isEqualTo(Decision.noOp());
    // answered twice
    assertThat(Call.decide(answered, new Answer(CHANNEL, T0.plusSeconds(3)))).isEqualTo(Decision.noOp());
    // an answer arriving after the hangup
    assertThat(Call.decide(ended, new Answer(CHANNEL, T0.plusSeconds(5)))).isEqualTo(Decision.noOp());
    // hung up twice
    assertThat(Call.decide(ended, new Hangup(CHANNEL, "NORMAL_CLEARING", T0.plusSeconds(10)))).isEqualTo(Decision.noOp());
  }

  @Test
  void inputsThatContradictTheCallAreRejected() {
    Call.State idle = Call.initial("call-1");
    Call.State started = new Started("call-1", CALLER);

    assertThat(reason(Call.decide(idle, new Answer(CHANNEL, T0))))
        .isEqualTo("call call-1 has not started; start it before answering");
    assertThat(reason(Call.decide(idle, new Hangup(CHANNEL, "NORMAL_CLEARING", T0))))
        .isEqualTo("call call-1 has not started; nothing to hang up");
    assertThat(reason(Call.decide(started, new Answer("other-channel", T0))))
        .isEqualTo("channel other-channel is not a leg of call call-1 (its caller channel is " + CHANNEL + ")");
    assertThat(reason(Call.decide(started, new Start("other-channel", "1", "2", T0))))
        .isEqualTo("call call-1 already started with channel " + CHANNEL + "; a new channel needs a new call id");
    assertThat(reason(Call.decide(idle, new Start(" ", "1", "2", T0))))
        .contains("blank channel uuid");
    assertThat(reason(Call.decide(idle, new Start(CHANNEL, "1", "", T0))))
        .contains("blank destination number");
  }

  @Test
  void withheldCallerNumberIsAccepted() {
    Decision<Call.Event> decision = Call.decide(Call.initial("call-2"), new Start(CHANNEL, "", "+41449876543", T0));

    assertThat(decision).isEqualTo(Decision.accept(new CallStarted("call-2", CHANNEL, "", "+41449876543", T0)));
  }
}
