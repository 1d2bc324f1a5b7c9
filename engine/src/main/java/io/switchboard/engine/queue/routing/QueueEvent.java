package io.switchboard.engine.queue.routing;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.switchboard.persistence.CborSerializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The facts a queue journals; {@link QueueDomain#evolve} folds them into {@link QueueState}.
 *
 * <p>Several events are also instructions for the adapter, which acts on them after they are
 * persisted: {@link ReservationRequested} (ask the Agent entity to reserve), {@link AgentAlerted}
 * (the Call entity originates the agent leg), {@link OfferEnded} (release the agent, hang up its
 * leg if one exists), {@link CallAnswered} (bridge), {@link AnnouncementDue} (play position/wait),
 * {@link CallOverflowed}, {@link NoAgentsActionTaken} and {@link CallTimedOut} (send the caller to
 * the action), {@link AgentSetAwayRequested} (the Agent entity sets itself away).
 *
 * <p>Serialised with Jackson CBOR (type id {@code type}) as the Queue entity's journal. A renamed
 * event needs a migration.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = QueueEvent.PolicyChanged.class, name = "policy-changed"),
  @JsonSubTypes.Type(value = QueueEvent.MembershipSet.class, name = "membership-set"),
  @JsonSubTypes.Type(value = QueueEvent.MemberRemoved.class, name = "member-removed"),
  @JsonSubTypes.Type(value = QueueEvent.AgentStatusUpdated.class, name = "agent-status-updated"),
  @JsonSubTypes.Type(value = QueueEvent.CallEnqueued.class, name = "call-enqueued"),
  @JsonSubTypes.Type(value = QueueEvent.CallOverflowed.class, name = "call-overflowed"),
  @JsonSubTypes.Type(value = QueueEvent.NoAgentsActionTaken.class, name = "no-agents-action-taken"),
  @JsonSubTypes.Type(value = QueueEvent.CallRouted.class, name = "call-routed"),
  @JsonSubTypes.Type(value = QueueEvent.ReservationRequested.class, name = "reservation-requested"),
  @JsonSubTypes.Type(value = QueueEvent.AgentAlerted.class, name = "agent-alerted"),
  @JsonSubTypes.Type(value = QueueEvent.OfferEnded.class, name = "offer-ended"),
  @JsonSubTypes.Type(value = QueueEvent.AgentSetAwayRequested.class, name = "agent-set-away-requested"),
  @JsonSubTypes.Type(value = QueueEvent.CallAnswered.class, name = "call-answered"),
  @JsonSubTypes.Type(value = QueueEvent.CallAbandoned.class, name = "call-abandoned"),
  @JsonSubTypes.Type(value = QueueEvent.CallTimedOut.class, name = "call-timed-out"),
  @JsonSubTypes.Type(value = QueueEvent.AnnouncementDue.class, name = "announcement-due"),
  @JsonSubTypes.Type(value = QueueEvent.CallCompleted.class, name = "call-completed")
})
public sealed interface QueueEvent extends CborSerializable {

  /** When it happened. */
  Instant at();

  /** The policy was replaced. */
  record PolicyChanged(QueuePolicy policy, Instant at) implements QueueEvent {}

  /** An agent became a member, or its membership changed. New members start signed out. */
  record MembershipSet(String agentId, int tier, int serialOrder, boolean presenceBased, Instant at) implements QueueEvent {}

  /** An agent left the queue. */
  record MemberRemoved(String agentId, Instant at) implements QueueEvent {}

  /** A member's Agent entity reported a new status. */
  record AgentStatusUpdated(AgentStatus status, Instant at) implements QueueEvent {}

  /**
   * A call joined the queue.
   *
   * @param priorityReason where the priority came from (explicit, rule n, default)
   * @param timeoutAt the queue-timeout deadline, {@code null} when the queue has no timeout
   * @param nextAnnouncementAt the first announcement deadline, {@code null} when disabled
   */
  record CallEnqueued(
      String callId,
      String callerNumber,
      String callerName,
      String dialedNumber,
      int priority,
      String priorityReason,
      Map<String, Integer> requiredSkills,
      long arrivalSeq,
      Instant timeoutAt,
      Instant nextAnnouncementAt,
      Instant at)
      implements QueueEvent {
    public CallEnqueued {
      requiredSkills = requiredSkills == null ? Map.of() : Map.copyOf(requiredSkills);
    }
  }

  /** A call arrived while {@code waiting} calls (the maximum) waited; it never joined. */
  record CallOverflowed(String callId, int waiting, int maxCallsWaiting, QueueAction action, Instant at) implements QueueEvent {}

  /**
   * Nobody is signed in and opted in: the call gets the no-agents action.
   *
   * @param wasWaiting false for a call turned away on arrival, true for a waiting call sent on
   *     when the last agent left (mode all-calls)
   */
  record NoAgentsActionTaken(String callId, boolean wasWaiting, QueueAction action, Instant at) implements QueueEvent {}

  /** A routing decision: who is offered the call and why everyone else is not. */
  record CallRouted(RoutingDecision decision) implements QueueEvent {
    public CallRouted {
      Objects.requireNonNull(decision, "decision");
    }

    @Override
    public Instant at() {
      return decision.at();
    }
  }

  /**
   * The queue asks the agent's entity to reserve itself for the call, by {@code deadline}.
   *
   * @param requestId the queue's number for this request (0, 1, 2 ...), carried by the agent's
   *     answer and by the release
   */
  record ReservationRequested(String callId, String agentId, long requestId, Instant deadline, Instant at)
      implements QueueEvent {}

  /** The agent is reserved: its leg is originated and may ring until {@code deadline}. */
  record AgentAlerted(String callId, String agentId, Instant deadline, Instant at) implements QueueEvent {}

  /**
   * An offer ended without connecting the call.
   *
   * @param requestId the reservation request that began the offer
   * @param phase the phase the offer was in: only an {@link Offer.Phase#ALERTING} offer has a leg
   *     to hang up
   * @param detail the facts, e.g. the hang-up cause or who answered instead
   */
  record OfferEnded(String callId, String agentId, long requestId, Offer.Phase phase, OfferOutcome outcome, String detail,
      Instant at)
      implements QueueEvent {}

  /**
   * An agent reached the queue's missed-offer limit; its Agent entity should set it away. The
   * queue skips it ({@link Verdict#MISSED_OFFERS}) until its status says otherwise.
   */
  record AgentSetAwayRequested(String agentId, int missedOffers, int limit, Instant at) implements QueueEvent {}

  /**
   * An agent answered: the call leaves the waiting list and is bridged to that agent.
   *
   * @param waited time from joining the queue to the answer
   * @param tieBreak how the winner was chosen among simultaneous answers, or {@code "single
   *     answer"}
   */
  record CallAnswered(String callId, String agentId, Duration waited, String tieBreak, Instant at) implements QueueEvent {}

  /** The caller left before being connected. */
  record CallAbandoned(String callId, Duration waited, Instant at) implements QueueEvent {}

  /** The caller reached the queue timeout and goes to the timeout action. */
  record CallTimedOut(String callId, Duration waited, QueueAction action, Instant at) implements QueueEvent {}

  /**
   * Time to tell a waiting caller where they stand.
   *
   * @param position 1-based position, or 0 when the policy does not announce it
   * @param estimatedWait the estimate, or {@code null} when not announced or unknown
   * @param nextAnnouncementAt the following announcement
   */
  record AnnouncementDue(
      String callId, int position, int waiting, Duration estimatedWait, Instant nextAnnouncementAt, Instant at)
      implements QueueEvent {}

  /**
   * A connected call ended; its handle time (talk plus the policy's wrap-up) feeds the wait
   * estimate.
   */
  record CallCompleted(String callId, String agentId, Duration talkTime, Duration handleTime, Instant at) implements QueueEvent {}
}
