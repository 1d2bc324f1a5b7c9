package io.switchboard.engine.queue.routing;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The inputs of {@link QueueDomain#decide}. Every command carries the instant it happened at
 * ({@code at}); the domain never reads a clock.
 *
 * <p>Who sends what: the Call entity enqueues, abandons, reports leg answers and failures, and the
 * end of the connected call; the Agent entity reports its status and answers reservation requests;
 * the queue's own timer adapter sends {@link FireTimers} at {@link QueueDomain#nextDeadline}; admins
 * change the policy and the membership. Commands are not journaled (their events are), but they
 * travel between nodes inside the Queue entity's messages, serialised with Jackson (type id {@code
 * type}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = QueueCommand.ChangePolicy.class, name = "change-policy"),
  @JsonSubTypes.Type(value = QueueCommand.SetMember.class, name = "set-member"),
  @JsonSubTypes.Type(value = QueueCommand.RemoveMember.class, name = "remove-member"),
  @JsonSubTypes.Type(value = QueueCommand.UpdateAgentStatus.class, name = "update-agent-status"),
  @JsonSubTypes.Type(value = QueueCommand.Enqueue.class, name = "enqueue"),
  @JsonSubTypes.Type(value = QueueCommand.AcceptReservation.class, name = "accept-reservation"),
  @JsonSubTypes.Type(value = QueueCommand.RefuseReservation.class, name = "refuse-reservation"),
  @JsonSubTypes.Type(value = QueueCommand.AnswerOffers.class, name = "answer-offers"),
  @JsonSubTypes.Type(value = QueueCommand.FailOffer.class, name = "fail-offer"),
  @JsonSubTypes.Type(value = QueueCommand.Abandon.class, name = "abandon"),
  @JsonSubTypes.Type(value = QueueCommand.CompleteCall.class, name = "complete-call"),
  @JsonSubTypes.Type(value = QueueCommand.FireTimers.class, name = "fire-timers")
})
public sealed interface QueueCommand {

  /** When the command happened. */
  Instant at();

  /** Replace the policy. Deadlines of calls already waiting are kept. */
  record ChangePolicy(QueuePolicy policy, Instant at) implements QueueCommand {
    public ChangePolicy {
      Objects.requireNonNull(policy, "policy");
      Objects.requireNonNull(at, "at");
    }
  }

  /** Add an agent to the queue or change its membership (tier, serial order, presence flag). */
  record SetMember(String agentId, int tier, int serialOrder, boolean presenceBased, Instant at) implements QueueCommand {
    public SetMember {
      Objects.requireNonNull(agentId, "agentId");
      if (tier < 1) {
        throw new IllegalArgumentException("tier must be 1 or more, was " + tier);
      }
      Objects.requireNonNull(at, "at");
    }
  }

  /** Remove an agent from the queue. Its live offers, if any, run to their end. */
  record RemoveMember(String agentId, Instant at) implements QueueCommand {
    public RemoveMember {
      Objects.requireNonNull(agentId, "agentId");
      Objects.requireNonNull(at, "at");
    }
  }

  /** The Agent entity's latest status, as it concerns this queue. Ignored for non-members. */
  record UpdateAgentStatus(AgentStatus status, Instant at) implements QueueCommand {
    public UpdateAgentStatus {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * A call asks to join the queue. A duplicate (the call is already waiting or connected here) is
   * a no-op.
   *
   * @param priority explicit priority set by the caller's flow, or {@code null} for the policy's
   *     rules
   * @param requiredSkills skills this call needs on top of the queue's own
   */
  record Enqueue(
      String callId,
      String callerNumber,
      String callerName,
      String dialedNumber,
      Integer priority,
      Map<String, Integer> requiredSkills,
      Instant at)
      implements QueueCommand {
    public Enqueue {
      Objects.requireNonNull(callId, "callId");
      Objects.requireNonNull(at, "at");
      if (priority != null && (priority < QueuePolicy.MIN_PRIORITY || priority > QueuePolicy.MAX_PRIORITY)) {
        throw new IllegalArgumentException(
            "priority " + priority + " is out of range; use " + QueuePolicy.MIN_PRIORITY + " to " + QueuePolicy.MAX_PRIORITY);
      }
      requiredSkills = requiredSkills == null ? Map.of() : Map.copyOf(requiredSkills);
      requiredSkills.forEach(
          (skill, level) -> {
            String problem = QueuePolicy.skillProblem(skill, level);
            if (problem != null) {
              throw new IllegalArgumentException(problem);
            }
          });
    }

    /** A call from {@code callerNumber} with no explicit priority and no extra skills. */
    public static Enqueue of(String callId, String callerNumber, Instant at) {
      return new Enqueue(callId, callerNumber, null, null, null, Map.of(), at);
    }
  }

  /**
   * The Agent entity reserved itself for the call: the agent's leg may now be originated.
   *
   * @param requestId the reservation request this answers ({@link QueueEvent.ReservationRequested}):
   *     an answer to an earlier request for the same call and agent is stale and ignored; {@code
   *     null} answers whatever request is pending (tools, tests)
   */
  record AcceptReservation(String callId, String agentId, Long requestId, Instant at) implements QueueCommand {
    public AcceptReservation {
      Objects.requireNonNull(callId, "callId");
      Objects.requireNonNull(agentId, "agentId");
      Objects.requireNonNull(at, "at");
    }

    /** An acceptance of whatever request is pending. */
    public AcceptReservation(String callId, String agentId, Instant at) {
      this(callId, agentId, null, at);
    }
  }

  /**
   * The Agent entity refused to reserve itself (it is reserved or busy elsewhere).
   *
   * @param status the agent's status for this queue that came with the refusal, or {@code null}:
   *     applied like an {@link UpdateAgentStatus} (when not older than what the queue holds), so
   *     the queue stops offering the agent until its status changes; without it the queue assumes
   *     the agent is reserved elsewhere until its next report
   * @param requestId the reservation request this answers (see {@link
   *     AcceptReservation#requestId()}); {@code null} answers whatever request is pending
   */
  record RefuseReservation(String callId, String agentId, String reason, AgentStatus status, Long requestId, Instant at)
      implements QueueCommand {
    public RefuseReservation {
      Objects.requireNonNull(callId, "callId");
      Objects.requireNonNull(agentId, "agentId");
      reason = reason == null ? "refused" : reason;
      if (status != null && !status.agentId().equals(agentId)) {
        throw new IllegalArgumentException("status of agent " + status.agentId() + " given with a refusal of agent " + agentId);
      }
      Objects.requireNonNull(at, "at");
    }

    /** A refusal without the agent's status. */
    public static RefuseReservation of(String callId, String agentId, String reason, Instant at) {
      return new RefuseReservation(callId, agentId, reason, null, null, at);
    }
  }

  /**
   * One agent leg was answered at {@code answeredAt}.
   *
   * @param agentId the agent whose leg answered
   * @param answeredAt when FreeSWITCH reported the answer
   */
  record LegAnswer(String agentId, Instant answeredAt) {
    public LegAnswer {
      Objects.requireNonNull(agentId, "agentId");
      Objects.requireNonNull(answeredAt, "answeredAt");
    }
  }

  /**
   * Agent legs of a call were answered. Usually one answer; several when the Call entity learns of
   * simultaneous answers together (for example from one reconciliation after a reconnect). The
   * first answer in event order wins; within one command, the earliest {@code answeredAt}, then the
   * lowest agent id. Answers for offers that already ended are no-ops (their legs are already being
   * hung up).
   */
  record AnswerOffers(String callId, List<LegAnswer> answers, Instant at) implements QueueCommand {
    public AnswerOffers {
      Objects.requireNonNull(callId, "callId");
      answers = answers == null ? List.of() : List.copyOf(answers);
      if (answers.isEmpty()) {
        throw new IllegalArgumentException("at least one answer is needed");
      }
      Objects.requireNonNull(at, "at");
    }

    /** One agent answered. */
    public static AnswerOffers single(String callId, String agentId, Instant at) {
      return new AnswerOffers(callId, List.of(new LegAnswer(agentId, at)), at);
    }
  }

  /**
   * An agent leg ended without being answered.
   *
   * @param outcome {@link OfferOutcome#DECLINED}, {@link OfferOutcome#UNREACHABLE} or {@link
   *     OfferOutcome#NO_ANSWER} (when the endpoint's own timer expired first)
   * @param cause the hang-up cause as reported (e.g. {@code USER_BUSY}), for the record
   */
  record FailOffer(String callId, String agentId, OfferOutcome outcome, String cause, Instant at) implements QueueCommand {
    public FailOffer {
      Objects.requireNonNull(callId, "callId");
      Objects.requireNonNull(agentId, "agentId");
      if (outcome != OfferOutcome.DECLINED && outcome != OfferOutcome.UNREACHABLE && outcome != OfferOutcome.NO_ANSWER) {
        throw new IllegalArgumentException("a failed offer is DECLINED, UNREACHABLE or NO_ANSWER, not " + outcome);
      }
      cause = cause == null ? "" : cause;
      Objects.requireNonNull(at, "at");
    }
  }

  /** The caller hung up (or left the queue) before being connected. */
  record Abandon(String callId, Instant at) implements QueueCommand {
    public Abandon {
      Objects.requireNonNull(callId, "callId");
      Objects.requireNonNull(at, "at");
    }
  }

  /** A connected call ended (either side hung up, or the agent transferred the caller away). */
  record CompleteCall(String callId, Instant at) implements QueueCommand {
    public CompleteCall {
      Objects.requireNonNull(callId, "callId");
      Objects.requireNonNull(at, "at");
    }
  }

  /** Time has reached {@code at}: every deadline at or before it is handled. */
  record FireTimers(Instant at) implements QueueCommand {
    public FireTimers {
      Objects.requireNonNull(at, "at");
    }
  }
}
