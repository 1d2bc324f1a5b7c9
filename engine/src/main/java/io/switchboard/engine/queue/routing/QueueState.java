package io.switchboard.engine.queue.routing;

import io.switchboard.engine.directory.Ids;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a queue knows: its policy, its members' views, the waiting calls with their live
 * offers and deadlines, the connected calls until they end, the round-robin cursor and the recent
 * handle times. Folded from {@link QueueEvent}s by {@link QueueDomain#evolve}; snapshot-friendly
 * (plain records and maps, Jackson-serialisable).
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
 * @param stats counters and recent handle times
 */
public record QueueState(
    String queueId,
    QueuePolicy policy,
    Map<String, MemberView> members,
    Map<String, WaitingCall> waiting,
    Map<String, ConnectedCall> connected,
    RoutingCursor cursor,
    long nextArrivalSeq,
    Stats stats) {

  /** How many recent handle times feed the wait estimate. */
  public static final int HANDLE_TIME_SAMPLES = 20;

  public QueueState {
    Ids.require("queue", queueId);
    Objects.requireNonNull(policy, "policy");
    members = members == null ? Map.of() : Map.copyOf(members);
    waiting = waiting == null ? Map.of() : Map.copyOf(waiting);
    connected = connected == null ? Map.of() : Map.copyOf(connected);
    Objects.requireNonNull(cursor, "cursor");
    Objects.requireNonNull(stats, "stats");
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
   * (the wait estimate) plus cheap totals for tests and diagnostics.
   */
  public record Stats(
      long enqueued,
      long answered,
      long abandoned,
      long overflowed,
      long timedOut,
      long turnedAwayNoAgents,
      List<Duration> recentHandleTimes) {

    public static final Stats EMPTY = new Stats(0, 0, 0, 0, 0, 0, List.of());

    public Stats {
      recentHandleTimes = recentHandleTimes == null ? List.of() : List.copyOf(recentHandleTimes);
    }

    Stats plusHandleTime(Duration handleTime) {
      List<Duration> samples = new ArrayList<>(recentHandleTimes);
      samples.add(handleTime);
      while (samples.size() > HANDLE_TIME_SAMPLES) {
        samples.remove(0);
      }
      return new Stats(enqueued, answered, abandoned, overflowed, timedOut, turnedAwayNoAgents, samples);
    }

    Stats counting(long dEnqueued, long dAnswered, long dAbandoned, long dOverflowed, long dTimedOut, long dNoAgents) {
      return new Stats(
          enqueued + dEnqueued,
          answered + dAnswered,
          abandoned + dAbandoned,
          overflowed + dOverflowed,
          timedOut + dTimedOut,
          turnedAwayNoAgents + dNoAgents,
          recentHandleTimes);
    }
  }

  /** A new queue with no members and no calls. */
  public static QueueState initial(String queueId, QueuePolicy policy) {
    return new QueueState(queueId, policy, Map.of(), Map.of(), Map.of(), RoutingCursor.START, 0, Stats.EMPTY);
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
    return new QueueState(queueId, value, members, waiting, connected, cursor, nextArrivalSeq, stats);
  }

  public QueueState withMembers(Map<String, MemberView> value) {
    return new QueueState(queueId, policy, value, waiting, connected, cursor, nextArrivalSeq, stats);
  }

  public QueueState withWaiting(Map<String, WaitingCall> value) {
    return new QueueState(queueId, policy, members, value, connected, cursor, nextArrivalSeq, stats);
  }

  public QueueState withConnected(Map<String, ConnectedCall> value) {
    return new QueueState(queueId, policy, members, waiting, value, cursor, nextArrivalSeq, stats);
  }

  public QueueState withCursor(RoutingCursor value) {
    return new QueueState(queueId, policy, members, waiting, connected, value, nextArrivalSeq, stats);
  }

  public QueueState withNextArrivalSeq(long value) {
    return new QueueState(queueId, policy, members, waiting, connected, cursor, value, stats);
  }

  public QueueState withStats(Stats value) {
    return new QueueState(queueId, policy, members, waiting, connected, cursor, nextArrivalSeq, value);
  }
}
