package io.switchboard.engine.queue;

import io.switchboard.engine.queue.routing.AgentStatus;
import io.switchboard.engine.queue.routing.MemberView;
import io.switchboard.engine.queue.routing.Offer;
import io.switchboard.engine.queue.routing.QueuePolicy;
import io.switchboard.engine.queue.routing.QueueState;
import io.switchboard.engine.queue.routing.RoutingDecision;
import io.switchboard.engine.queue.routing.WaitingCall;
import io.switchboard.persistence.CborSerializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What a supervisor sees of one queue at an instant: the waiting calls with their position and
 * wait, the offers in progress, the connected calls, every member with its status, the counters and
 * the last routing decisions. Derived from the Queue entity's state ({@link #of}), which is folded
 * from the journal, so it survives restarts and never drifts from the events.
 *
 * <p>The reply of {@code QueueEntity.GetView}; rendered as JSON by the HTTP API. Immutable.
 *
 * @param queueId the queue
 * @param at the instant the waits are measured at
 * @param policy the queue's policy
 * @param waiting the waiting calls, in service order
 * @param connected calls connected to an agent, until they end
 * @param members the members, by agent id
 * @param counters totals since the queue was created
 * @param recentDecisions the last routing decisions, oldest first
 */
public record QueueView(
    String queueId,
    Instant at,
    QueuePolicy policy,
    List<Waiting> waiting,
    List<Connected> connected,
    List<Member> members,
    Counters counters,
    List<RoutingDecision> recentDecisions)
    implements CborSerializable {

  public QueueView {
    waiting = List.copyOf(waiting);
    connected = List.copyOf(connected);
    members = List.copyOf(members);
    recentDecisions = List.copyOf(recentDecisions);
  }

  /**
   * A waiting call.
   *
   * @param position 1 = served next
   * @param waited time since it joined, at {@link QueueView#at()}
   * @param offers offers in progress (several for ring-all)
   * @param timeoutAt when the queue timeout applies, or {@code null}
   */
  public record Waiting(
      String callId,
      int position,
      String callerNumber,
      String callerName,
      int priority,
      Instant arrivedAt,
      Duration waited,
      List<OfferInProgress> offers,
      Instant timeoutAt)
      implements CborSerializable {
    public Waiting {
      offers = List.copyOf(offers);
    }
  }

  /** An offer of a waiting call to an agent: reserving, or alerting (ringing) until the deadline. */
  public record OfferInProgress(String agentId, Offer.Phase phase, Instant since, Instant deadline) implements CborSerializable {}

  /** A call connected to an agent. */
  public record Connected(String callId, String agentId, Instant answeredAt, Duration talking) implements CborSerializable {}

  /**
   * A member with its last reported status.
   *
   * @param offeredCall the call this queue is offering the member now, or {@code null}
   */
  public record Member(String agentId, int tier, int serialOrder, boolean presenceBased, AgentStatus status,
      String offeredCall) implements CborSerializable {}

  /**
   * Totals since the queue was created.
   *
   * @param offered calls offered to the queue (joined, overflowed, or turned away for lack of agents)
   * @param averageWait mean wait of answered calls (joining to answer), {@code null} before the first
   * @param averageHandleTime mean talk plus wrap-up of completed calls, {@code null} before the first
   */
  public record Counters(
      long offered,
      long enqueued,
      long answered,
      long abandoned,
      long overflowed,
      long timedOut,
      long turnedAwayNoAgents,
      long sentAwayNoAgents,
      long completed,
      Duration averageWait,
      Duration averageHandleTime)
      implements CborSerializable {}

  /** The view of {@code state} at {@code now}. */
  public static QueueView of(QueueState state, Instant now) {
    List<Waiting> waiting = new ArrayList<>();
    int position = 0;
    for (WaitingCall call : state.waitingInOrder()) {
      position++;
      List<OfferInProgress> offers = call.offers().stream()
          .map(o -> new OfferInProgress(o.agentId(), o.phase(), o.startedAt(), o.deadline()))
          .toList();
      waiting.add(new Waiting(call.callId(), position, call.callerNumber(), call.callerName(), call.priority(),
          call.arrivedAt(), nonNegative(Duration.between(call.arrivedAt(), now)), offers, call.timeoutAt()));
    }
    List<Connected> connected = state.connected().values().stream()
        .sorted(Comparator.comparing(QueueState.ConnectedCall::answeredAt).thenComparing(QueueState.ConnectedCall::callId))
        .map(c -> new Connected(c.callId(), c.agentId(), c.answeredAt(), nonNegative(Duration.between(c.answeredAt(), now))))
        .toList();
    Map<String, String> offered = state.offersInProgress();
    List<Member> members = state.members().values().stream()
        .sorted(Comparator.comparing(MemberView::agentId))
        .map(m -> new Member(m.agentId(), m.tier(), m.serialOrder(), m.presenceBased(), m.status(), offered.get(m.agentId())))
        .toList();
    QueueState.Stats s = state.stats();
    Counters counters = new Counters(
        s.offered(), s.enqueued(), s.answered(), s.abandoned(), s.overflowed(), s.timedOut(), s.turnedAwayNoAgents(),
        s.sentAwayNoAgents(), s.completed(),
        s.answered() == 0 ? null : s.answeredWaitTotal().dividedBy(s.answered()),
        s.completed() == 0 ? null : s.handleTimeTotal().dividedBy(s.completed()));
    return new QueueView(state.queueId(), now, state.policy(), waiting, connected, members, counters, state.recentDecisions());
  }

  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }
}
