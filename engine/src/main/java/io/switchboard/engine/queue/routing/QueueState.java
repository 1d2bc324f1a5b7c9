package io.switchboard.engine.queue.routing;

import io.switchboard.agents.Presence;
import io.switchboard.engine.directory.Ids;
import io.switchboard.persistence.CborSerializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a queue knows: its policy, its members' views, the waiting calls with their live
 * offers and deadlines, the connected calls until they end, the round-robin cursor, the counters
 * and the last routing decisions. Folded from {@link QueueEvent}s by {@link QueueDomain#evolve};
 * the Queue entity's snapshot (plain records and maps, Jackson CBOR).
 *
 * <p>Immutable: every change returns a copy. Thread-safe.
 *
 * @param queueId the queue
 * @param policy the current policy
 * @param members agent id to member view
 * @param waiting call id to waiting call (service order: {@link WaitingOrder#ORDER})
 * @param connected call id to the connected call, until {@link QueueEvent.CallCompleted}
 * @param cursor the round-robin cursor
 * @param nextArrivalSeq the arrival counter for the next call
 * @param nextRequestId the number of the next reservation request
 * @param stats counters and recent handle times
 * @param recentDecisions the last {@value #RECENT_DECISIONS} journaled routing decisions, oldest
 *     first, for supervisors
 */
public record QueueState(
    String queueId,
    QueuePolicy policy,
    Map<String, MemberView> members,
    Map<String, WaitingCall> waiting,
    Map<String, ConnectedCall> connected,
    RoutingCursor cursor,
    long nextArrivalSeq,
    long nextRequestId,
    Stats stats,
    List<RoutingDecision> recentDecisions)
    implements CborSerializable {

  /** How many recent handle times feed the wait estimate. */
  public static final int HANDLE_TIME_SAMPLES = 20;
  /** How many routing decisions the state keeps for supervisors (the journal keeps them all). */
  public static final int RECENT_DECISIONS = 10;

  public QueueState {
    Ids.require("queue", queueId);
    Objects.requireNonNull(policy, "policy");
    members = members == null ? Map.of() : Map.copyOf(members);
    waiting = waiting == null ? Map.of() : Map.copyOf(waiting);
    connected = connected == null ? Map.of() : Map.copyOf(connected);
    Objects.requireNonNull(cursor, "cursor");
    Objects.requireNonNull(stats, "stats");
    recentDecisions = recentDecisions == null ? List.of() : List.copyOf(recentDecisions);
  }

  /**
   * A call connected to an agent, kept until it ends so that its handle time can be measured.
   *
   * @param callId the call
   * @param agentId the agent who answered
   * @param answeredAt when the agent answered
   */
  public record ConnectedCall(String callId, String agentId, Instant answeredAt) {}

  /**
   * Counters since the queue was created, and the last {@value #HANDLE_TIME_SAMPLES} handle times.
   * Supervisor metrics are projections of the events; these are what the domain itself needs
   * (the wait estimate) and the live counters supervisors read, folded from the same events.
   *
   * @param enqueued calls that joined the queue
   * @param answered calls an agent answered
   * @param abandoned callers who hung up while waiting
   * @param overflowed calls that arrived when the queue was full
   * @param timedOut calls that reached the queue timeout
   * @param turnedAwayNoAgents calls sent to the no-agents action on arrival (they never joined)
   * @param sentAwayNoAgents waiting calls sent to the no-agents action when the last agent left
   * @param completed answered calls that ended
   * @param answeredWaitTotal the sum of the waits of answered calls (joining to answer)
   * @param handleTimeTotal the sum of the handle times (talk plus wrap-up) of completed calls
   * @param recentHandleTimes the last handle times, oldest first
   */
  public record Stats(
      long enqueued,
      long answered,
      long abandoned,
      long overflowed,
      long timedOut,
      long turnedAwayNoAgents,
      long sentAwayNoAgents,
      long completed,
      Duration answeredWaitTotal,
      Duration handleTimeTotal,
      List<Duration> recentHandleTimes) {

    public static final Stats EMPTY = new Stats(0, 0, 0, 0, 0, 0, 0, 0, Duration.ZERO, Duration.ZERO, List.of());

    public Stats {
      answeredWaitTotal = answeredWaitTotal == null ? Duration.ZERO : answeredWaitTotal;
      handleTimeTotal = handleTimeTotal == null ? Duration.ZERO : handleTimeTotal;
      recentHandleTimes = recentHandleTimes == null ? List.of() : List.copyOf(recentHandleTimes);
    }

    /** Calls offered to the queue: those that joined, overflowed or were turned away on arrival. */
    public long offered() {
      return enqueued + overflowed + turnedAwayNoAgents;
    }

    Stats plusHandleTime(Duration handleTime) {
      List<Duration> samples = new ArrayList<>(recentHandleTimes);
      samples.add(handleTime);
      while (samples.size() > HANDLE_TIME_SAMPLES) {
        samples.remove(0);
      }
      return new Stats(enqueued, answered, abandoned, overflowed, timedOut, turnedAwayNoAgents, sentAwayNoAgents, completed + 1,
          answeredWaitTotal, handleTimeTotal.plus(handleTime), samples);
    }

    Stats plusAnswered(Duration waited) {
      return new Stats(enqueued, answered + 1, abandoned, overflowed, timedOut, turnedAwayNoAgents, sentAwayNoAgents, completed,
          answeredWaitTotal.plus(waited), handleTimeTotal, recentHandleTimes);
    }

    Stats counting(long dEnqueued, long dAbandoned, long dOverflowed, long dTimedOut, long dTurnedAway, long dSentAway) {
      return new Stats(
          enqueued + dEnqueued,
          answered,
          abandoned + dAbandoned,
          overflowed + dOverflowed,
          timedOut + dTimedOut,
          turnedAwayNoAgents + dTurnedAway,
          sentAwayNoAgents + dSentAway,
          completed,
          answeredWaitTotal,
          handleTimeTotal,
          recentHandleTimes);
    }
  }

  /** A new queue with no members and no calls. */
  public static QueueState initial(String queueId, QueuePolicy policy) {
    return new QueueState(queueId, policy, Map.of(), Map.of(), Map.of(), RoutingCursor.START, 0, 0, Stats.EMPTY, List.of());
  }

  /** Agent id to call id for every live offer (reserving or alerting). */
  public Map<String, String> offersInProgress() {
    Map<String, String> offers = new HashMap<>();
    for (WaitingCall call : waiting.values()) {
      for (Offer offer : call.offers()) {
        offers.put(offer.agentId(), call.callId());
      }
    }
    return offers;
  }

  /** Whether any member is signed in and opted in. */
  public boolean staffed() {
    return members.values().stream().anyMatch(MemberView::staffing);
  }

  /**
   * Members who will take calls soon: signed in, opted in, and on a call or not away,
   * do-not-disturb or offline. The divisor of the wait estimate.
   */
  public int staffedForEstimate() {
    int count = 0;
    for (MemberView m : members.values()) {
      AgentStatus s = m.status();
      boolean absent =
          s.presence() == Presence.AWAY || s.presence() == Presence.DO_NOT_DISTURB || s.presence() == Presence.OFFLINE;
      if (m.staffing() && (s.onCall() || !absent)) {
        count++;
      }
    }
    return count;
  }

  /** The waiting calls in service order. */
  public List<WaitingCall> waitingInOrder() {
    return WaitingOrder.ordered(waiting.values());
  }

  public QueueState withPolicy(QueuePolicy value) {
    return new QueueState(queueId, value, members, waiting, connected, cursor, nextArrivalSeq, nextRequestId, stats, recentDecisions);
  }

  public QueueState withMembers(Map<String, MemberView> value) {
    return new QueueState(queueId, policy, value, waiting, connected, cursor, nextArrivalSeq, nextRequestId, stats, recentDecisions);
  }

  public QueueState withWaiting(Map<String, WaitingCall> value) {
    return new QueueState(queueId, policy, members, value, connected, cursor, nextArrivalSeq, nextRequestId, stats, recentDecisions);
  }

  public QueueState withConnected(Map<String, ConnectedCall> value) {
    return new QueueState(queueId, policy, members, waiting, value, cursor, nextArrivalSeq, nextRequestId, stats, recentDecisions);
  }

  public QueueState withCursor(RoutingCursor value) {
    return new QueueState(queueId, policy, members, waiting, connected, value, nextArrivalSeq, nextRequestId, stats, recentDecisions);
  }

  public QueueState withNextArrivalSeq(long value) {
    return new QueueState(queueId, policy, members, waiting, connected, cursor, value, nextRequestId, stats, recentDecisions);
  }

  public QueueState withNextRequestId(long value) {
    return new QueueState(queueId, policy, members, waiting, connected, cursor, nextArrivalSeq, value, stats, recentDecisions);
  }

  public QueueState withStats(Stats value) {
    return new QueueState(queueId, policy, members, waiting, connected, cursor, nextArrivalSeq, nextRequestId, value, recentDecisions);
  }

  /** A copy with {@code decision} added as the most recent, keeping the last {@value #RECENT_DECISIONS}. */
  public QueueState withDecision(RoutingDecision decision) {
    List<RoutingDecision> decisions = new ArrayList<>(recentDecisions);
    decisions.add(decision);
    while (decisions.size() > RECENT_DECISIONS) {
      decisions.remove(0);
    }
    return new QueueState(queueId, policy, members, waiting, connected, cursor, nextArrivalSeq, nextRequestId, stats, decisions);
  }
}
