package io.switchboard.engine.queue;

import io.switchboard.agents.Agent;
import io.switchboard.engine.queue.routing.Offer;
import io.switchboard.engine.queue.routing.OfferOutcome;
import io.switchboard.engine.queue.routing.QueueAction;
import io.switchboard.engine.queue.routing.QueueEvent;
import io.switchboard.engine.queue.routing.QueuePolicy;
import io.switchboard.engine.queue.routing.QueueState;
import io.switchboard.engine.queue.routing.WaitingCall;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a queue's persisted events ask of the rest of the engine, as values: the Queue entity
 * performs them after persisting, tests check them without actors. Pure and thread-safe.
 *
 * <ul>
 *   <li>{@link QueueEvent.ReservationRequested}: ask the agent to reserve itself, until the
 *       reservation deadline plus the alert time plus the grace (the agent's own safety expiry);
 *   <li>{@link QueueEvent.AgentAlerted}: {@link QueueNotice.OfferAgent} to the call;
 *   <li>{@link QueueEvent.OfferEnded}: {@link QueueNotice.CancelOffer} when a leg may still ring
 *       (not when the call reported a decline or an unreachable endpoint itself), and a release to
 *       the agent (missed or not) unless it refused;
 *   <li>{@link QueueEvent.AgentSetAwayRequested}: set the agent away;
 *   <li>{@link QueueEvent.CallAnswered} / {@link QueueEvent.CallCompleted}: the agent starts / ends
 *       the call, with the wrap-up the completion journaled;
 *   <li>{@link QueueEvent.CallOverflowed}, {@link QueueEvent.NoAgentsActionTaken}, {@link
 *       QueueEvent.CallTimedOut}: {@link QueueNotice.LeaveQueue} with the action and the reason;
 *   <li>{@link QueueEvent.AnnouncementDue}: {@link QueueNotice.Announce} when there is something
 *       to say;
 *   <li>{@link QueueEvent.MembershipSet}: ask the (new) member for its status.
 * </ul>
 */
public final class QueueEffects {

  private QueueEffects() {}

  /** One thing to do. */
  public sealed interface Effect permits Reserve, ToAgent, AskStatus, ToCall {}

  /** Ask {@code agentId} to reserve itself for {@code callId} (request {@code requestId}) until {@code expiresAt}. */
  public record Reserve(String agentId, String callId, long requestId, Instant expiresAt, Instant at) implements Effect {}

  /** Deliver {@code command} to {@code agentId}. */
  public record ToAgent(String agentId, Agent.Command command) implements Effect {}

  /** Ask {@code agentId} to report its status to this queue. */
  public record AskStatus(String agentId) implements Effect {}

  /** Send {@code notice} to its call. */
  public record ToCall(QueueNotice notice) implements Effect {}

  /** The effects of {@code event}, persisted by queue {@code queueId}, whose state is now {@code state}. */
  public static List<Effect> of(String queueId, QueueEvent event, QueueState state, Duration reservationGrace) {
    if (event instanceof QueueEvent.ReservationRequested e) {
      return List.of(reserve(e.agentId(), e.callId(), e.requestId(), e.deadline(), e.at(), state.policy(), reservationGrace));
    }
    if (event instanceof QueueEvent.AgentAlerted e) {
      return List.of(new ToCall(new QueueNotice.OfferAgent(queueId, e.callId(), e.agentId(), e.deadline(), e.at())));
    }
    if (event instanceof QueueEvent.OfferEnded e) {
      List<Effect> effects = new ArrayList<>();
      boolean legEndedByItself = e.outcome() == OfferOutcome.DECLINED || e.outcome() == OfferOutcome.UNREACHABLE;
      if (e.phase() == Offer.Phase.ALERTING && !legEndedByItself) {
        effects.add(new ToCall(new QueueNotice.CancelOffer(queueId, e.callId(), e.agentId(), describe(e), e.at())));
      }
      if (e.outcome() != OfferOutcome.RESERVATION_REFUSED) {
        effects.add(new ToAgent(e.agentId(),
            new Agent.Release(e.callId(), queueId, e.requestId(), e.outcome().countsAsMissed(), e.at())));
      }
      return effects;
    }
    if (event instanceof QueueEvent.AgentSetAwayRequested e) {
      return List.of(new ToAgent(e.agentId(), new Agent.SetAway(
          "missed " + e.missedOffers() + " offers in a row in queue " + queueId + " (limit " + e.limit() + ")", e.at())));
    }
    if (event instanceof QueueEvent.CallAnswered e) {
      return List.of(new ToAgent(e.agentId(), new Agent.StartCall(e.callId(), queueId, e.at())));
    }
    if (event instanceof QueueEvent.CallCompleted e) {
      return List.of(new ToAgent(e.agentId(), new Agent.EndCall(e.callId(), e.handleTime().minus(e.talkTime()), e.at())));
    }
    if (event instanceof QueueEvent.CallOverflowed e) {
      return leave(queueId, e.callId(), e.action(),
          "queue full: " + e.waiting() + " calls waiting (maximum " + e.maxCallsWaiting() + ")", e.at());
    }
    if (event instanceof QueueEvent.NoAgentsActionTaken e) {
      return leave(queueId, e.callId(), e.action(), e.wasWaiting() ? "the last agent left the queue" : "no agent signed in",
          e.at());
    }
    if (event instanceof QueueEvent.CallTimedOut e) {
      return leave(queueId, e.callId(), e.action(), "queue timeout after " + QueuePolicy.human(e.waited()), e.at());
    }
    if (event instanceof QueueEvent.AnnouncementDue e) {
      return e.position() > 0 || e.estimatedWait() != null
          ? List.of(new ToCall(new QueueNotice.Announce(queueId, e.callId(), e.position(), e.estimatedWait(), e.at())))
          : List.of();
    }
    if (event instanceof QueueEvent.MembershipSet e) {
      return List.of(new AskStatus(e.agentId()));
    }
    return List.of();
  }

  /**
   * What a recovered queue sends again, since the previous incarnation may have died before its
   * messages left: reservation requests and ringing offers still within their deadline (the agent
   * and the call treat repeats as no-ops), the agents of connected calls, and a status request to
   * every member.
   */
  public static List<Effect> redrive(String queueId, QueueState state, Instant now, Duration reservationGrace) {
    List<Effect> effects = new ArrayList<>();
    for (WaitingCall call : state.waitingInOrder()) {
      for (Offer offer : call.offers()) {
        if (!offer.deadline().isAfter(now)) {
          continue; // the timer ends it
        }
        if (offer.phase() == Offer.Phase.RESERVING) {
          effects.add(reserve(offer.agentId(), call.callId(), offer.requestId(), offer.deadline(), offer.startedAt(),
              state.policy(), reservationGrace));
        } else {
          effects.add(new ToCall(new QueueNotice.OfferAgent(queueId, call.callId(), offer.agentId(), offer.deadline(),
              offer.startedAt())));
        }
      }
    }
    state.connected().values().stream()
        .sorted(java.util.Comparator.comparing(QueueState.ConnectedCall::callId))
        .forEach(c -> effects.add(new ToAgent(c.agentId(), new Agent.StartCall(c.callId(), queueId, c.answeredAt()))));
    state.members().keySet().stream().sorted().forEach(agentId -> effects.add(new AskStatus(agentId)));
    return effects;
  }

  private static Reserve reserve(String agentId, String callId, long requestId, Instant deadline, Instant at,
      QueuePolicy policy, Duration reservationGrace) {
    return new Reserve(agentId, callId, requestId, deadline.plus(policy.agentAlertTime()).plus(reservationGrace), at);
  }

  private static List<Effect> leave(String queueId, String callId, QueueAction action, String reason, Instant at) {
    return List.of(new ToCall(new QueueNotice.LeaveQueue(queueId, callId, action, reason, at)));
  }

  private static String describe(QueueEvent.OfferEnded e) {
    return e.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": " + e.detail();
  }
}
