package io.switchboard.engine.queue.routing;

import io.switchboard.engine.queue.routing.QueueCommand.Abandon;
import io.switchboard.engine.queue.routing.QueueCommand.AcceptReservation;
import io.switchboard.engine.queue.routing.QueueCommand.AnswerOffers;
import io.switchboard.engine.queue.routing.QueueCommand.ChangePolicy;
import io.switchboard.engine.queue.routing.QueueCommand.CompleteCall;
import io.switchboard.engine.queue.routing.QueueCommand.Enqueue;
import io.switchboard.engine.queue.routing.QueueCommand.FailOffer;
import io.switchboard.engine.queue.routing.QueueCommand.FireTimers;
import io.switchboard.engine.queue.routing.QueueCommand.LegAnswer;
import io.switchboard.engine.queue.routing.QueueCommand.RefuseReservation;
import io.switchboard.engine.queue.routing.QueueCommand.RemoveMember;
import io.switchboard.engine.queue.routing.QueueCommand.SetMember;
import io.switchboard.engine.queue.routing.QueueCommand.UpdateAgentStatus;
import io.switchboard.engine.queue.routing.QueueEvent.AgentAlerted;
import io.switchboard.engine.queue.routing.QueueEvent.AgentSetAwayRequested;
import io.switchboard.engine.queue.routing.QueueEvent.AgentStatusUpdated;
import io.switchboard.engine.queue.routing.QueueEvent.AnnouncementDue;
import io.switchboard.engine.queue.routing.QueueEvent.CallAbandoned;
import io.switchboard.engine.queue.routing.QueueEvent.CallAnswered;
import io.switchboard.engine.queue.routing.QueueEvent.CallCompleted;
import io.switchboard.engine.queue.routing.QueueEvent.CallEnqueued;
import io.switchboard.engine.queue.routing.QueueEvent.CallOverflowed;
import io.switchboard.engine.queue.routing.QueueEvent.CallRouted;
import io.switchboard.engine.queue.routing.QueueEvent.CallTimedOut;
import io.switchboard.engine.queue.routing.QueueEvent.MemberRemoved;
import io.switchboard.engine.queue.routing.QueueEvent.MembershipSet;
import io.switchboard.engine.queue.routing.QueueEvent.NoAgentsActionTaken;
import io.switchboard.engine.queue.routing.QueueEvent.OfferEnded;
import io.switchboard.engine.queue.routing.QueueEvent.PolicyChanged;
import io.switchboard.engine.queue.routing.QueueEvent.ReservationRequested;
import io.switchboard.engine.queue.routing.QueueState.ConnectedCall;
import io.switchboard.engine.queue.routing.QueueState.Stats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The rules of one call queue as pure functions: {@code decide(state, command) -> events} and
 * {@code evolve(state, event) -> state}, so that the Queue entity is a thin adapter and replaying
 * the journal reproduces every state and every routing decision.
 *
 * <p>The protocol it models, from the queue's side:
 *
 * <ol>
 *   <li>{@link Enqueue}: the call overflows ({@link CallOverflowed}) when {@code maxCallsWaiting}
 *       calls already wait; is turned away ({@link NoAgentsActionTaken}) when nobody is signed in
 *       and the policy says so; otherwise joins ({@link CallEnqueued}) with its timeout and
 *       announcement deadlines.
 *   <li>Dispatch, at the end of every input (time has passed, agents may be free): waiting calls
 *       without a live offer, in service order, are routed by {@link Router} while some member can
 *       take a call; every decision that offers someone is journaled ({@link CallRouted}), as is
 *       each call's first decision on arrival even if it offers nobody; each chosen agent is asked
 *       to reserve itself ({@link ReservationRequested}).
 *   <li>The Agent entity is the lock: it accepts ({@link AgentAlerted}: the Call originates the
 *       agent leg, which rings for the alert time) or refuses (the next candidate is tried).
 *   <li>The first answer wins ({@link CallAnswered}); the other offers of a ring-all are cancelled
 *       ({@link OfferEnded}). No answer within the alert time, a decline or an unreachable endpoint
 *       ends the offer, counts as a miss, and at the policy's limit asks the Agent to set itself
 *       away ({@link AgentSetAwayRequested}).
 *   <li>The caller may leave ({@link CallAbandoned}) or reach the timeout ({@link CallTimedOut});
 *       announcements fall due ({@link AnnouncementDue}).
 * </ol>
 *
 * <p>Timers are deadlines in the state ({@link #nextDeadline}); after every input the adapter arms
 * one timer for the earliest and sends {@link FireTimers} when it fires. Due deadlines are handled in deadline order (queue
 * timeouts before offer expiries at the same instant, so an agent is not blamed for a caller who
 * leaves), so a late timer gives the same result as a punctual one.
 *
 * <p>Duplicate and stale inputs (an answer for an offer that ended, a second enqueue of the same
 * call, an acceptance after the call left) produce no events. Instances are immutable and
 * thread-safe; the adapter creates one per entity type.
 */
public final class QueueDomain {

  /**
   * Engine-level settings of the queue protocol (not per-queue policy).
   *
   * @param reservationTimeout how long the queue waits for an Agent entity to accept or refuse a
   *     reservation before trying the next candidate
   */
  public record Settings(Duration reservationTimeout) {
    public static final Settings DEFAULT = new Settings(Duration.ofSeconds(5));

    public Settings {
      Objects.requireNonNull(reservationTimeout, "reservationTimeout");
      if (reservationTimeout.isNegative() || reservationTimeout.isZero()) {
        throw new IllegalArgumentException("reservation timeout must be positive, was " + reservationTimeout);
      }
    }
  }

  private final Settings settings;

  public QueueDomain(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * The state of a new queue.
   *
   * @throws IllegalArgumentException when the policy sends calls back to this same queue
   */
  public static QueueState initialState(String queueId, QueuePolicy policy) {
    checkNoSelfReference(queueId, policy);
    return QueueState.initial(queueId, policy);
  }

  // ---------------------------------------------------------------------------------------------
  // decide

  /**
   * The events that {@code command} causes in {@code state}; empty for duplicates and stale inputs.
   *
   * @throws IllegalArgumentException only for {@link ChangePolicy} with a policy whose actions send
   *     calls back to this queue (the state is left unchanged)
   */
  public List<QueueEvent> decide(QueueState state, QueueCommand command) {
    Step step = new Step(state);
    if (command instanceof ChangePolicy c) {
      checkNoSelfReference(state.queueId(), c.policy());
      if (!c.policy().equals(state.policy())) {
        step.emit(new PolicyChanged(c.policy(), c.at()));
      }
    } else if (command instanceof SetMember c) {
      onSetMember(step, c);
    } else if (command instanceof RemoveMember c) {
      if (state.members().containsKey(c.agentId())) {
        step.emit(new MemberRemoved(c.agentId(), c.at()));
        applyNoAgentsToWaiting(step, c.at());
      }
    } else if (command instanceof UpdateAgentStatus c) {
      applyStatus(step, c.status(), c.at());
    } else if (command instanceof Enqueue c) {
      onEnqueue(step, c);
    } else if (command instanceof AcceptReservation c) {
      Offer offer = offer(state, c.callId(), c.agentId());
      if (offer != null && offer.phase() == Offer.Phase.RESERVING && answers(offer, c.requestId())) {
        if (c.at().isAfter(offer.deadline())) {
          // The acceptance came after the request's deadline (its timer had not run yet). Alerting now
          // would ring past the agent's own expiry of the reservation, when another queue may have it.
          step.emit(new OfferEnded(c.callId(), c.agentId(), offer.requestId(), offer.phase(), OfferOutcome.RESERVATION_TIMED_OUT,
              "accepted at " + c.at() + ", after the reservation deadline " + offer.deadline(), c.at()));
        } else {
          step.emit(new AgentAlerted(c.callId(), c.agentId(), c.at().plus(state.policy().agentAlertTime()), c.at()));
        }
      }
    } else if (command instanceof RefuseReservation c) {
      Offer offer = offer(state, c.callId(), c.agentId());
      MemberView before = state.members().get(c.agentId());
      if (offer != null && offer.phase() == Offer.Phase.RESERVING && answers(offer, c.requestId())) {
        step.emit(new OfferEnded(c.callId(), c.agentId(), offer.requestId(), offer.phase(), OfferOutcome.RESERVATION_REFUSED,
            c.reason(), c.at()));
      }
      if (c.status() != null && before != null) {
        // The refusal came with the agent's status: the newest status the queue knows replaces the
        // "reserved elsewhere" guess, which could otherwise outlive the reason for the refusal.
        AgentStatus newest = before.status().supersededBy(c.status()) ? c.status() : before.status();
        MemberView now = step.state.members().get(c.agentId());
        if (now != null && !now.status().equals(newest)) {
          step.emit(new AgentStatusUpdated(newest, c.at()));
          applyNoAgentsToWaiting(step, c.at());
        }
      }
    } else if (command instanceof AnswerOffers c) {
      onAnswers(step, c);
    } else if (command instanceof FailOffer c) {
      Offer offer = offer(state, c.callId(), c.agentId());
      if (offer != null) {
        endOffer(step, c.callId(), offer, c.outcome(), c.cause().isEmpty() ? c.outcome().name() : c.cause(), c.at());
      }
    } else if (command instanceof Abandon c) {
      WaitingCall call = state.waiting().get(c.callId());
      if (call != null) {
        cancelOffers(step, call, OfferOutcome.CANCELLED_CALLER_LEFT, "the caller left", c.at());
        step.emit(new CallAbandoned(c.callId(), Duration.between(call.arrivedAt(), c.at()), c.at()));
      }
    } else if (command instanceof CompleteCall c) {
      ConnectedCall connected = state.connected().get(c.callId());
      if (connected != null) {
        Duration talk = Duration.between(connected.answeredAt(), c.at());
        if (talk.isNegative()) {
          talk = Duration.ZERO;
        }
        step.emit(new CallCompleted(c.callId(), connected.agentId(), talk, talk.plus(state.policy().wrapUpTime()), c.at()));
      }
    } else if (command instanceof FireTimers c) {
      onTimers(step, c.at());
    } else {
      throw new IllegalStateException("unhandled queue command " + command.getClass().getName());
    }
    // Time has passed and something may have changed: offer waiting calls to whoever is free now.
    // A call that has just joined gets its first decision journaled even if it offers nobody.
    String joined =
        step.events.stream().filter(CallEnqueued.class::isInstance).map(e -> ((CallEnqueued) e).callId()).findFirst().orElse(null);
    dispatch(step, command.at(), joined);
    return step.events;
  }

  /** A member's new status, unless it is not news (same, or older than what the queue holds). */
  private void applyStatus(Step step, AgentStatus status, Instant at) {
    MemberView member = step.state.members().get(status.agentId());
    if (member != null && member.status().supersededBy(status)) {
      step.emit(new AgentStatusUpdated(status, at));
      applyNoAgentsToWaiting(step, at);
    }
  }

  /** Whether an answer to request {@code requestId} answers the pending {@code offer}. */
  private static boolean answers(Offer offer, Long requestId) {
    return requestId == null || requestId == offer.requestId();
  }

  private static Offer offer(QueueState state, String callId, String agentId) {
    WaitingCall call = state.waiting().get(callId);
    return call == null ? null : call.offerTo(agentId);
  }

  private void onSetMember(Step step, SetMember c) {
    MemberView existing = step.state.members().get(c.agentId());
    if (existing != null
        && existing.tier() == c.tier()
        && existing.serialOrder() == c.serialOrder()
        && existing.presenceBased() == c.presenceBased()) {
      return;
    }
    step.emit(new MembershipSet(c.agentId(), c.tier(), c.serialOrder(), c.presenceBased(), c.at()));
  }

  private void onEnqueue(Step step, Enqueue c) {
    QueueState state = step.state;
    if (state.waiting().containsKey(c.callId()) || state.connected().containsKey(c.callId())) {
      return;
    }
    QueuePolicy policy = state.policy();
    int waiting = state.waiting().size();
    if (waiting >= policy.maxCallsWaiting()) {
      step.emit(new CallOverflowed(c.callId(), waiting, policy.maxCallsWaiting(), policy.overflowAction(), c.at()));
      return;
    }
    if (policy.noAgents().mode() != NoAgentsPolicy.Mode.KEEP_WAITING && !state.staffed()) {
      step.emit(new NoAgentsActionTaken(c.callId(), false, policy.noAgents().action(), c.at()));
      return;
    }
    QueuePolicy.PriorityAssignment priority = policy.priorityOf(c.priority(), c.callerNumber(), c.dialedNumber());
    Instant timeoutAt = policy.waitsForever() ? null : c.at().plus(policy.timeout());
    Instant announceAt = policy.announcements().enabled() ? c.at().plus(policy.announcements().interval()) : null;
    step.emit(
        new CallEnqueued(
            c.callId(),
            c.callerNumber(),
            c.callerName(),
            c.dialedNumber(),
            priority.priority(),
            priority.reason(),
            c.requiredSkills(),
            state.nextArrivalSeq(),
            timeoutAt,
            announceAt,
            c.at()));
  }

  private void onAnswers(Step step, AnswerOffers c) {
    WaitingCall call = step.state.waiting().get(c.callId());
    if (call == null) {
      return;
    }
    List<LegAnswer> live =
        c.answers().stream()
            .filter(a -> {
              Offer offer = call.offerTo(a.agentId());
              return offer != null && offer.phase() == Offer.Phase.ALERTING;
            })
            .sorted(Comparator.comparing(LegAnswer::answeredAt).thenComparing(LegAnswer::agentId))
            .toList();
    if (live.isEmpty()) {
      return;
    }
    LegAnswer winner = live.get(0);
    String tieBreak;
    if (live.size() == 1) {
      tieBreak = "single answer";
    } else if (live.get(1).answeredAt().equals(winner.answeredAt())) {
      tieBreak = "simultaneous answers at " + winner.answeredAt() + ": agent id ascending, "
          + winner.agentId() + " < " + live.get(1).agentId();
    } else {
      tieBreak = "agent " + winner.agentId() + " answered at " + winner.answeredAt()
          + ", before agent " + live.get(1).agentId() + " at " + live.get(1).answeredAt();
    }
    for (Offer other : call.offers()) {
      if (!other.agentId().equals(winner.agentId())) {
        step.emit(
            new OfferEnded(
                call.callId(),
                other.agentId(),
                other.requestId(),
                other.phase(),
                OfferOutcome.CANCELLED_ANSWERED_ELSEWHERE,
                "agent " + winner.agentId() + " answered first (" + tieBreak + ")",
                c.at()));
      }
    }
    Duration waited = Duration.between(call.arrivedAt(), winner.answeredAt());
    step.emit(new CallAnswered(call.callId(), winner.agentId(), waited.isNegative() ? Duration.ZERO : waited, tieBreak, c.at()));
  }

  /** One due deadline; handled in (instant, kind, call, agent) order. */
  private record Due(Instant at, int kind, String callId, String agentId) {}

  private static final int DUE_TIMEOUT = 0;
  private static final int DUE_OFFER = 1;
  private static final int DUE_ANNOUNCEMENT = 2;

  private void onTimers(Step step, Instant now) {
    List<Due> due = new ArrayList<>();
    for (WaitingCall call : step.state.waiting().values()) {
      if (call.timeoutAt() != null && !call.timeoutAt().isAfter(now)) {
        due.add(new Due(call.timeoutAt(), DUE_TIMEOUT, call.callId(), ""));
      }
      for (Offer offer : call.offers()) {
        if (!offer.deadline().isAfter(now)) {
          due.add(new Due(offer.deadline(), DUE_OFFER, call.callId(), offer.agentId()));
        }
      }
      if (call.nextAnnouncementAt() != null && !call.nextAnnouncementAt().isAfter(now)) {
        due.add(new Due(call.nextAnnouncementAt(), DUE_ANNOUNCEMENT, call.callId(), ""));
      }
    }
    due.sort(
        Comparator.comparing(Due::at)
            .thenComparingInt(Due::kind)
            .thenComparing(Due::callId)
            .thenComparing(Due::agentId));
    for (Due d : due) {
      // Earlier items may have removed the call or the offer: re-read the current state.
      WaitingCall call = step.state.waiting().get(d.callId());
      if (call == null) {
        continue;
      }
      switch (d.kind()) {
        case DUE_TIMEOUT -> {
          cancelOffers(step, call, OfferOutcome.CANCELLED_QUEUE_TIMEOUT, "queue timeout", now);
          step.emit(
              new CallTimedOut(call.callId(), Duration.between(call.arrivedAt(), now), step.state.policy().timeoutAction(), now));
        }
        case DUE_OFFER -> {
          Offer offer = call.offerTo(d.agentId());
          if (offer != null && offer.deadline().equals(d.at())) {
            if (offer.phase() == Offer.Phase.RESERVING) {
              endOffer(step, call.callId(), offer, OfferOutcome.RESERVATION_TIMED_OUT, "no reply to the reservation request by " + offer.deadline(), now);
            } else {
              endOffer(step, call.callId(), offer, OfferOutcome.NO_ANSWER, "rang until " + offer.deadline(), now);
            }
          }
        }
        default -> announce(step, call, now);
      }
    }
  }

  private void announce(Step step, WaitingCall call, Instant now) {
    QueuePolicy policy = step.state.policy();
    Announcements announcements = policy.announcements();
    Instant next = call.nextAnnouncementAt().plus(announcements.interval());
    if (!next.isAfter(now)) {
      // The timer fired late (e.g. after recovery): do not replay the missed announcements.
      next = now.plus(announcements.interval());
    }
    int position = WaitingOrder.positionOf(step.state.waiting().values(), call.callId());
    Duration estimate =
        announcements.estimatedWait()
            ? WaitingOrder.estimatedWait(
                position,
                step.state.staffedForEstimate(),
                WaitingOrder.averageHandleTime(step.state.stats().recentHandleTimes()))
            : null;
    step.emit(
        new AnnouncementDue(
            call.callId(),
            announcements.position() ? position : 0,
            step.state.waiting().size(),
            estimate,
            announcements.enabled() ? next : null,
            now));
  }

  /** Ends an offer and applies the missed-offer rule. */
  private void endOffer(Step step, String callId, Offer offer, OfferOutcome outcome, String detail, Instant at) {
    step.emit(new OfferEnded(callId, offer.agentId(), offer.requestId(), offer.phase(), outcome, detail, at));
    int limit = step.state.policy().missedOffersBeforeAway();
    MemberView member = step.state.members().get(offer.agentId());
    if (outcome.countsAsMissed() && limit > 0 && member != null && member.status().missedOffers() >= limit) {
      step.emit(new AgentSetAwayRequested(offer.agentId(), member.status().missedOffers(), limit, at));
    }
  }

  private void cancelOffers(Step step, WaitingCall call, OfferOutcome outcome, String detail, Instant at) {
    for (Offer offer : call.offers()) {
      step.emit(new OfferEnded(call.callId(), offer.agentId(), offer.requestId(), offer.phase(), outcome, detail, at));
    }
  }

  /** Mode all-calls: when the last agent leaves, every waiting call gets the no-agents action. */
  private void applyNoAgentsToWaiting(Step step, Instant at) {
    QueuePolicy policy = step.state.policy();
    if (policy.noAgents().mode() != NoAgentsPolicy.Mode.ALL_CALLS || step.state.staffed()) {
      return;
    }
    for (WaitingCall call : step.state.waitingInOrder()) {
      cancelOffers(step, call, OfferOutcome.CANCELLED_NO_AGENTS, "no agent signed in", at);
      step.emit(new NoAgentsActionTaken(call.callId(), true, policy.noAgents().action(), at));
    }
  }

  /**
   * Routes every waiting call that has no live offer, in service order, while some member can take
   * a call. A decision that offers someone is journaled with its reservations; one that offers
   * nobody is journaled only for a call that has just joined (its first decision), so an
   * overloaded queue does not fill the journal with the same "everyone is busy" story. When no
   * member can take any call, routing is skipped altogether: the cost of an input is then one pass
   * over the members, not one per waiting call.
   *
   * @param joined the call that has just joined, or {@code null}
   */
  private void dispatch(Step step, Instant at, String joined) {
    boolean anyFree = anyMemberFree(step.state, at);
    for (WaitingCall listed : step.state.waitingInOrder()) {
      WaitingCall call = step.state.waiting().get(listed.callId());
      boolean isNew = call != null && call.callId().equals(joined);
      if (call == null || call.beingOffered() || (!anyFree && !isNew)) {
        continue;
      }
      RoutingDecision decision =
          Router.route(
              step.state.policy(),
              step.state.members().values(),
              step.state.cursor(),
              new RoutingRequest(call.callId(), call.requiredSkills(), call.triedAgents()),
              step.state.offersInProgress(),
              at);
      if (decision.offersAnyone()) {
        step.emit(new CallRouted(decision));
        Instant deadline = at.plus(settings.reservationTimeout());
        for (String agentId : decision.chosen()) {
          step.emit(new ReservationRequested(call.callId(), agentId, step.state.nextRequestId(), deadline, at));
        }
        anyFree = anyMemberFree(step.state, at);
      } else if (isNew) {
        step.emit(new CallRouted(decision));
      }
    }
  }

  private static boolean anyMemberFree(QueueState state, Instant at) {
    Map<String, String> offers = state.offersInProgress();
    for (MemberView member : state.members().values()) {
      if (Router.canTakeACall(state.policy(), member, offers, at)) {
        return true;
      }
    }
    return false;
  }

  private static void checkNoSelfReference(String queueId, QueuePolicy policy) {
    List<String> loops = new ArrayList<>();
    if (policy.overflowAction() instanceof QueueAction.ToQueue q && q.queueId().equals(queueId)) {
      loops.add("overflowAction");
    }
    if (policy.timeoutAction() instanceof QueueAction.ToQueue q && q.queueId().equals(queueId)) {
      loops.add("timeoutAction");
    }
    if (policy.noAgents().action() instanceof QueueAction.ToQueue q && q.queueId().equals(queueId)) {
      loops.add("noAgents");
    }
    if (!loops.isEmpty()) {
      throw new IllegalArgumentException(
          "queue " + queueId + ": " + String.join(", ", loops)
              + " sends calls back to queue " + queueId + " itself; choose another queue, a user, voicemail or a flow");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // evolve

  /** The state after {@code event}. Total: every event applies to every state. */
  public QueueState evolve(QueueState state, QueueEvent event) {
    return apply(state, event);
  }

  private static QueueState apply(QueueState state, QueueEvent event) {
    if (event instanceof PolicyChanged e) {
      return state.withPolicy(e.policy());
    }
    if (event instanceof MembershipSet e) {
      MemberView existing = state.members().get(e.agentId());
      MemberView member =
          existing == null
              ? new MemberView(e.agentId(), e.tier(), e.serialOrder(), e.presenceBased(), AgentStatus.signedOut(e.agentId()))
              : existing.withTier(e.tier()).withSerialOrder(e.serialOrder()).withPresenceBased(e.presenceBased());
      return state.withMembers(put(state.members(), e.agentId(), member));
    }
    if (event instanceof MemberRemoved e) {
      return state.withMembers(remove(state.members(), e.agentId()));
    }
    if (event instanceof AgentStatusUpdated e) {
      return updateMember(state, e.status().agentId(), m -> m.withStatus(e.status()));
    }
    if (event instanceof CallEnqueued e) {
      WaitingCall call =
          new WaitingCall(
              e.callId(),
              e.callerNumber(),
              e.callerName(),
              e.dialedNumber(),
              e.priority(),
              e.at(),
              e.arrivalSeq(),
              e.requiredSkills(),
              Set.of(),
              List.of(),
              e.timeoutAt(),
              e.nextAnnouncementAt());
      return state
          .withWaiting(put(state.waiting(), e.callId(), call))
          .withNextArrivalSeq(e.arrivalSeq() + 1)
          .withStats(state.stats().counting(1, 0, 0, 0, 0, 0));
    }
    if (event instanceof CallOverflowed) {
      return state.withStats(state.stats().counting(0, 0, 1, 0, 0, 0));
    }
    if (event instanceof NoAgentsActionTaken e) {
      Stats stats = e.wasWaiting() ? state.stats().counting(0, 0, 0, 0, 0, 1) : state.stats().counting(0, 0, 0, 0, 1, 0);
      return state.withWaiting(remove(state.waiting(), e.callId())).withStats(stats);
    }
    if (event instanceof CallRouted e) {
      RoutingDecision d = e.decision();
      QueueState withCursor = state.withCursor(d.cursor()).withDecision(d);
      return updateCall(withCursor, d.callId(), call -> {
        Set<String> tried = d.newRound() ? new HashSet<>() : new HashSet<>(call.triedAgents());
        tried.addAll(d.chosen());
        return call.withTriedAgents(tried);
      });
    }
    if (event instanceof ReservationRequested e) {
      return updateCall(state, e.callId(), call -> call.withOffers(plus(call.offers(),
          new Offer(e.agentId(), Offer.Phase.RESERVING, e.requestId(), e.at(), e.deadline()))))
          .withNextRequestId(e.requestId() + 1);
    }
    if (event instanceof AgentAlerted e) {
      return updateCall(state, e.callId(), call -> call.withOffers(call.offers().stream()
          .map(o -> o.agentId().equals(e.agentId())
              ? new Offer(e.agentId(), Offer.Phase.ALERTING, o.requestId(), e.at(), e.deadline())
              : o)
          .toList()));
    }
    if (event instanceof OfferEnded e) {
      QueueState withoutOffer =
          updateCall(state, e.callId(), call -> call.withOffers(call.offers().stream()
              .filter(o -> !o.agentId().equals(e.agentId())).toList()));
      if (e.outcome() == OfferOutcome.RESERVATION_REFUSED) {
        return updateMember(withoutOffer, e.agentId(), m -> m.withStatus(m.status().withReservedElsewhere(true)));
      }
      if (e.outcome().countsAsMissed()) {
        return updateMember(withoutOffer, e.agentId(),
            m -> m.withStatus(m.status().withMissedOffers(m.status().missedOffers() + 1)));
      }
      return withoutOffer;
    }
    if (event instanceof AgentSetAwayRequested) {
      return state;
    }
    if (event instanceof CallAnswered e) {
      QueueState answered =
          state
              .withWaiting(remove(state.waiting(), e.callId()))
              .withConnected(put(state.connected(), e.callId(), new ConnectedCall(e.callId(), e.agentId(), e.at())))
              .withStats(state.stats().plusAnswered(e.waited()));
      // Predict what the Agent entity will report, so the agent is not offered another call meanwhile.
      return updateMember(answered, e.agentId(),
          m -> m.withStatus(m.status().withOnCall(true).withReservedElsewhere(false).withMissedOffers(0)));
    }
    if (event instanceof CallAbandoned e) {
      return state.withWaiting(remove(state.waiting(), e.callId())).withStats(state.stats().counting(0, 1, 0, 0, 0, 0));
    }
    if (event instanceof CallTimedOut e) {
      return state.withWaiting(remove(state.waiting(), e.callId())).withStats(state.stats().counting(0, 0, 0, 1, 0, 0));
    }
    if (event instanceof AnnouncementDue e) {
      return updateCall(state, e.callId(), call -> call.withNextAnnouncementAt(e.nextAnnouncementAt()));
    }
    if (event instanceof CallCompleted e) {
      Duration wrapUp = state.policy().wrapUpTime();
      Instant free = e.at().plus(wrapUp);
      QueueState completed =
          state.withConnected(remove(state.connected(), e.callId())).withStats(state.stats().plusHandleTime(e.handleTime()));
      return updateMember(completed, e.agentId(),
          m -> m.withStatus(m.status().withOnCall(false).withWrapUpUntil(wrapUp.isZero() ? null : free).withIdleSince(free)));
    }
    throw new IllegalStateException("unhandled queue event " + event.getClass().getName());
  }

  // ---------------------------------------------------------------------------------------------
  // timers

  /**
   * The earliest deadline the adapter must arm a timer for, after handling an input at {@code
   * now}: offer and reservation expiries, queue timeouts and announcements (due ones included: a
   * timer fired for them always produces events), and, while calls wait, the end of a member's
   * wrap-up after {@code now}, when it can take a call. Empty when nothing is pending.
   */
  public Optional<Instant> nextDeadline(QueueState state, Instant now) {
    Objects.requireNonNull(now, "now");
    Instant earliest = null;
    for (WaitingCall call : state.waiting().values()) {
      earliest = min(earliest, call.timeoutAt());
      earliest = min(earliest, call.nextAnnouncementAt());
      for (Offer offer : call.offers()) {
        earliest = min(earliest, offer.deadline());
      }
    }
    if (!state.waiting().isEmpty()) {
      for (MemberView member : state.members().values()) {
        Instant wrapUpEnd = member.status().wrapUpUntil();
        if (wrapUpEnd != null && wrapUpEnd.isAfter(now)) {
          earliest = min(earliest, wrapUpEnd);
        }
      }
    }
    return Optional.ofNullable(earliest);
  }

  private static Instant min(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.isBefore(b) ? a : b;
  }

  // ---------------------------------------------------------------------------------------------
  // helpers

  /** Applies events to a working state as they are emitted, so later rules see earlier effects. */
  private final class Step {
    private QueueState state;
    private final List<QueueEvent> events = new ArrayList<>();

    Step(QueueState state) {
      this.state = state;
    }

    void emit(QueueEvent event) {
      events.add(event);
      state = evolve(state, event);
    }
  }

  private static QueueState updateCall(QueueState state, String callId, java.util.function.UnaryOperator<WaitingCall> change) {
    WaitingCall call = state.waiting().get(callId);
    return call == null ? state : state.withWaiting(put(state.waiting(), callId, change.apply(call)));
  }

  private static QueueState updateMember(QueueState state, String agentId, java.util.function.UnaryOperator<MemberView> change) {
    MemberView member = state.members().get(agentId);
    return member == null ? state : state.withMembers(put(state.members(), agentId, change.apply(member)));
  }

  private static <K, V> Map<K, V> put(Map<K, V> map, K key, V value) {
    Map<K, V> copy = new HashMap<>(map);
    copy.put(key, value);
    return copy;
  }

  private static <K, V> Map<K, V> remove(Map<K, V> map, K key) {
    Map<K, V> copy = new HashMap<>(map);
    copy.remove(key);
    return copy;
  }

  private static <T> List<T> plus(List<T> list, T item) {
    List<T> copy = new ArrayList<>(list);
    copy.add(item);
    return copy;
  }
}
