package io.switchboard.engine.queue.routing;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The order in which a queue serves its callers, and what it tells them while they wait.
 *
 * <p>Order: higher caller priority first, then earlier arrival, then the queue's arrival counter
 * (two calls can arrive at the same instant; the one the queue accepted first goes first). Pure
 * functions; stateless and thread-safe.
 */
public final class WaitingOrder {

  /** Service order of waiting calls. */
  public static final Comparator<WaitingCall> ORDER =
      Comparator.comparingInt((WaitingCall c) -> -c.priority())
          .thenComparing(WaitingCall::arrivedAt)
          .thenComparingLong(WaitingCall::arrivalSeq);

  private WaitingOrder() {}

  /** The calls in service order. */
  public static List<WaitingCall> ordered(Collection<WaitingCall> calls) {
    return calls.stream().sorted(ORDER).toList();
  }

  /**
   * The 1-based position of a call in service order.
   *
   * @throws IllegalArgumentException when the call is not among {@code calls}
   */
  public static int positionOf(Collection<WaitingCall> calls, String callId) {
    List<WaitingCall> ordered = ordered(calls);
    for (int i = 0; i < ordered.size(); i++) {
      if (ordered.get(i).callId().equals(callId)) {
        return i + 1;
      }
    }
    throw new IllegalArgumentException("call " + callId + " is not waiting in this queue");
  }

  /**
   * The mean of recent handle times (talk plus wrap-up), or {@code null} when there is none yet.
   */
  public static Duration averageHandleTime(List<Duration> recentHandleTimes) {
    if (recentHandleTimes.isEmpty()) {
      return null;
    }
    long totalMillis = 0;
    for (Duration d : recentHandleTimes) {
      totalMillis += d.toMillis();
    }
    return Duration.ofMillis(totalMillis / recentHandleTimes.size());
  }

  /**
   * Estimated wait for the caller at {@code position}: the agents serving the queue take the
   * callers ahead in parallel, each call lasting the average handle time, so the wait is {@code
   * ceil(position / staffed) x average handle time}, rounded up to the second. Unknown ({@code
   * null}) when no call has been handled yet or nobody staffs the queue: an announcement then
   * omits the estimate rather than inventing one.
   *
   * @param position 1-based position in the queue
   * @param staffed agents signed in, opted in and not away (see {@link QueueDomain})
   * @param averageHandleTime from {@link #averageHandleTime}, or {@code null}
   */
  public static Duration estimatedWait(int position, int staffed, Duration averageHandleTime) {
    if (position < 1) {
      throw new IllegalArgumentException("position must be 1 or more, was " + position);
    }
    if (averageHandleTime == null || staffed <= 0) {
      return null;
    }
    long rounds = (position + staffed - 1) / staffed;
    long millis = averageHandleTime.toMillis() * rounds;
    return Duration.ofSeconds((millis + 999) / 1000);
  }
}
