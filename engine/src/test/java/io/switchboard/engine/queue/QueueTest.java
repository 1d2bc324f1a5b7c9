package io.switchboard.engine.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.engine.queue.Queue.CallerEnqueued;
import io.switchboard.engine.queue.Queue.CallerLeft;
import io.switchboard.engine.queue.Queue.Enqueue;
import io.switchboard.engine.queue.Queue.Leave;
import io.switchboard.engine.queue.Queue.LeaveReason;
import io.switchboard.engine.queue.Queue.Waiting;
import io.switchboard.persistence.Decision;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueueTest {

  private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");

  private static Queue.State apply(Queue.State state, Decision<Queue.Event> decision) {
    Queue.State result = state;
    for (Queue.Event event : ((Decision.Accepted<Queue.Event>) decision).events()) {
      result = Queue.evolve(result, event);
    }
    return result;
  }

  private static Queue.State run(Queue.State state, Queue.Command... commands) {
    Queue.State result = state;
    for (Queue.Command command : commands) {
      result = apply(result, Queue.decide(result, command));
    }
    return result;
  }

  @Test
  void callersWaitInTheOrderTheyJoined() {
    // given
    Queue.State empty = Queue.initial("support");

    // when
    Queue.State state = run(empty,
        new Enqueue("call-1", T0), new Enqueue("call-2", T0.plusSeconds(1)), new Enqueue("call-3", T0.plusSeconds(2)));

    // then
    assertThat(state.waiting()).containsExactly(
        new Waiting("call-1", T0), new Waiting("call-2", T0.plusSeconds(1)), new Waiting("call-3", T0.plusSeconds(2)));
    assertThat(state.positionOf("call-3")).hasValue(3);
    assertThat(state.head()).contains(new Waiting("call-1", T0));
  }

  @Test
  void leavingMovesEveryoneBehindUp() {
    // given
    Queue.State state = run(Queue.initial("support"),
        new Enqueue("call-1", T0), new Enqueue("call-2", T0.plusSeconds(1)), new Enqueue("call-3", T0.plusSeconds(2)));

    // when
    Decision<Queue.Event> decision = Queue.decide(state, new Leave("call-2", LeaveReason.ABANDONED, T0.plusSeconds(30)));

    // then
    assertThat(decision).isEqualTo(Decision.accept(
        new CallerLeft("support", "call-2", LeaveReason.ABANDONED, T0.plusSeconds(30))));
    Queue.State after = apply(state, decision);
    assertThat(after.waiting()).extracting(Waiting::callId).containsExactly("call-1", "call-3");
    assertThat(after.positionOf("call-3")).hasValue(2);
  }

  @Test
  void enqueueTwiceAndLeavingWhenNotWaitingAreNoOps() {
    // given
    Queue.State state = run(Queue.initial("support"), new Enqueue("call-1", T0));

    // when / then
    assertThat(Queue.decide(state, new Enqueue("call-1", T0.plusSeconds(5)))).isEqualTo(Decision.noOp());
    assertThat(Queue.decide(state, new Leave("call-9", LeaveReason.ANSWERED, T0))).isEqualTo(Decision.noOp());
  }

  @Test
  void enqueueIsJournaledWithTheQueue() {
    assertThat(Queue.decide(Queue.initial("sales"), new Enqueue("call-1", T0)))
        .isEqualTo(Decision.accept(new CallerEnqueued("sales", "call-1", T0)));
  }

  @Test
  void blankCallIdIsRejected() {
    assertThat(Queue.decide(Queue.initial("sales"), new Enqueue(" ", T0)))
        .isEqualTo(Decision.reject("enqueue into sales has a blank call id"));
  }

  @Test
  void stateIsImmutable() {
    Queue.State state = run(Queue.initial("support"), new Enqueue("call-1", T0));
    List<Waiting> line = state.waiting();

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> line.add(new Waiting("x", T0)))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
