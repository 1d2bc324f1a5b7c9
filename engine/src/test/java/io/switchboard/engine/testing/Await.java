package io.switchboard.engine.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, instead of sleeping: what asynchronous tests use. */
public final class Await {

  private Await() {}

  /** Reads {@code value} until {@code done} holds, or fails after {@code limit} with the last value. */
  public static <T> T until(Supplier<T> value, Predicate<T> done, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    T current = value.get();
    while (!done.test(current)) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("condition not met within " + limit.toSeconds() + " s; last value: " + current);
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
      current = value.get();
    }
    return current;
  }

  /**
   * Reads {@code value} until it is not null and returns it, or fails after {@code limit} saying
   * {@code what} was awaited.
   */
  public static <T> T present(String what, Supplier<T> value, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    T found = value.get();
    while (found == null) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within " + limit.toSeconds() + " s: " + what);
      }
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
      found = value.get();
    }
    return found;
  }

  /** {@link #until(Supplier, Predicate, Duration)} with 15 s. */
  public static <T> T until(Supplier<T> value, Predicate<T> done) {
    return until(value, done, Duration.ofSeconds(15));
  }
}
