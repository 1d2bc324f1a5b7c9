package io.switchboard.engine.queue;

/**
 * Where a Queue entity's notices to Call entities go. The engine implements it by delivering the
 * notice to the Call entity {@link QueueNotice#callId()} (wrapped in the Call's own protocol);
 * tests record the notices.
 *
 * <p>Called from Queue entities' actors, concurrently for different queues: implementations are
 * thread-safe and never block (a fire-and-forget send).
 */
@FunctionalInterface
public interface CallNotifier {

  /** Sends {@code notice} to its call; at most once. */
  void notifyCall(QueueNotice notice);
}
