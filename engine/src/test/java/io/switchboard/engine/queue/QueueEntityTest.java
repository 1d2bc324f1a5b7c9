package io.switchboard.engine.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.engine.queue.Queue.Waiting;
import java.time.Instant;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QueueEntityTest {

  private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
  private static final ActorTestKit testKit = ActorTestKit.create(EventSourcedBehaviorTestKit.config());

  private final EventSourcedBehaviorTestKit<QueueEntity.Command, Queue.Event, Queue.State> queue =
      EventSourcedBehaviorTestKit.create(testKit.system(), QueueEntity.create("support"));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void clear() {
    queue.clear();
  }

  private EventSourcedBehaviorTestKit.CommandResultWithReply<
          QueueEntity.Command, Queue.Event, Queue.State, StatusReply<Queue.State>>
      submit(Queue.Command command) {
    return queue.runCommand(replyTo -> new QueueEntity.Submit(command, replyTo));
  }

  @Test
  void enqueueRepliesThePosition() {
    // given
    submit(new Queue.Enqueue("call-1", T0));

    // when
    var result = submit(new Queue.Enqueue("call-2", T0.plusSeconds(1)));

    // then
    assertThat(result.event()).isEqualTo(new Queue.CallerEnqueued("support", "call-2", T0.plusSeconds(1)));
    assertThat(result.reply().getValue().positionOf("call-2")).hasValue(2);
  }

  @Test
  void duplicateEnqueueIsANoOp() {
    // given
    submit(new Queue.Enqueue("call-1", T0));

    // when
    var again = submit(new Queue.Enqueue("call-1", T0.plusSeconds(3)));

    // then
    assertThat(again.hasNoEvents()).isTrue();
    assertThat(again.reply().getValue().waiting()).hasSize(1);
  }

  @Test
  void waitingOrderIsRecoveredAfterRestart() {
    // given
    submit(new Queue.Enqueue("call-1", T0));
    submit(new Queue.Enqueue("call-2", T0.plusSeconds(1)));
    submit(new Queue.Enqueue("call-3", T0.plusSeconds(2)));
    submit(new Queue.Leave("call-1", Queue.LeaveReason.ANSWERED, T0.plusSeconds(10)));

    // when
    var restarted = queue.restart();

    // then
    assertThat(restarted.state().waiting())
        .containsExactly(new Waiting("call-2", T0.plusSeconds(1)), new Waiting("call-3", T0.plusSeconds(2)));
    assertThat(queue.<Queue.State>runCommand(QueueEntity.GetState::new).reply()).isEqualTo(restarted.state());
  }
}
