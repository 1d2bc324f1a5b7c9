package io.switchboard.engine.queue;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.switchboard.engine.queue.routing.QueueAction;
import io.switchboard.persistence.CborSerializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What a Queue entity tells a Call entity about that call: the only messages that flow from a
 * queue to a call. The Call entity receives them wrapped in its own protocol
 * ({@code CallEntity.FromQueue}).
 *
 * <p>The Queue sends each notice after it has journaled the event that caused it. Delivery is
 * at-most-once per send, so a Call treats a notice it has already acted on (same queue, call and
 * agent) as a no-op, and a notice for a queue it is no longer in as stale. Values; serialised with
 * Jackson CBOR when the two entities live on different nodes.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = QueueNotice.OfferAgent.class, name = "offer-agent"),
  @JsonSubTypes.Type(value = QueueNotice.CancelOffer.class, name = "cancel-offer"),
  @JsonSubTypes.Type(value = QueueNotice.LeaveQueue.class, name = "leave-queue"),
  @JsonSubTypes.Type(value = QueueNotice.Announce.class, name = "announce")
})
public sealed interface QueueNotice extends CborSerializable {

  /** The queue that sends the notice. */
  String queueId();

  /** The call (journey id) it is about. */
  String callId();

  /**
   * The agent has reserved itself for this call: originate the agent's leg now and let it ring
   * until {@code alertDeadline} (the queue's agent alert time). The Call reports the outcome to
   * the queue with {@code QueueCommand.AnswerOffers} or {@code QueueCommand.FailOffer}.
   */
  record OfferAgent(String queueId, String callId, String agentId, Instant alertDeadline, Instant at)
      implements QueueNotice {
    public OfferAgent {
      Objects.requireNonNull(queueId, "queueId");
      Objects.requireNonNull(callId, "callId");
      Objects.requireNonNull(agentId, "agentId");
      Objects.requireNonNull(alertDeadline, "alertDeadline");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * Stop offering this call to the agent (another agent won a ring-all, the alert time ran out on
   * the queue's side, the caller left): hang up the agent's leg if it still rings. An answer that
   * crossed this notice is reported to the queue all the same; the queue decides.
   */
  record CancelOffer(String queueId, String callId, String agentId, String reason, Instant at)
      implements QueueNotice {
    public CancelOffer {
      Objects.requireNonNull(queueId, "queueId");
      Objects.requireNonNull(callId, "callId");
      Objects.requireNonNull(agentId, "agentId");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * The call leaves the queue without an agent (overflow at the maximum, queue timeout, no agents
   * signed in): the Call carries out {@code action}. {@code reason} says which, for the journal.
   */
  record LeaveQueue(String queueId, String callId, QueueAction action, String reason, Instant at)
      implements QueueNotice {
    public LeaveQueue {
      Objects.requireNonNull(queueId, "queueId");
      Objects.requireNonNull(callId, "callId");
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * Tell the caller where they stand: position in the queue (1 = next) and, when the queue can
   * estimate it, the expected wait ({@code null} when unknown: then only the position is said).
   * Position 0 means the queue's policy does not announce positions: then only the estimated wait
   * is said (a notice always has one or the other).
   */
  record Announce(String queueId, String callId, int position, Duration estimatedWait, Instant at)
      implements QueueNotice {
    public Announce {
      Objects.requireNonNull(queueId, "queueId");
      Objects.requireNonNull(callId, "callId");
      if (position < 0) {
        throw new IllegalArgumentException("position starts at 1 (0: not announced), was " + position);
      }
      if (position == 0 && estimatedWait == null) {
        throw new IllegalArgumentException("an announcement needs a position or an estimated wait");
      }
      Objects.requireNonNull(at, "at");
    }
  }
}
