package io.switchboard.media.it;

import io.switchboard.media.MediaEvent;
import io.switchboard.media.MediaEventListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/** Test listener: keeps every event; awaits conditions with a deadline (no sleeps). */
public final class EventLog implements MediaEventListener {

  public static final Duration TIMEOUT = Duration.ofSeconds(15);

  private final List<MediaEvent> events = new ArrayList<>();

  @Override
  public synchronized void onEvent(MediaEvent event) {
    events.add(event);
    notifyAll();
  }

  public synchronized List<MediaEvent> all() {
    return List.copyOf(events);
  }

  public synchronized void clear() {
    events.clear();
  }

  /** The first event (from the start of the log) matching, waiting for it up to the timeout. */
  public <T extends MediaEvent> T await(Class<T> type, Predicate<T> p) {
    return awaitNth(type, p, 1);
  }

  public <T extends MediaEvent> T await(Class<T> type) {
    return await(type, e -> true);
  }

  /** The n-th event (1-based) of this type matching. */
  public synchronized <T extends MediaEvent> T awaitNth(Class<T> type, Predicate<T> p, int n) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      int seen = 0;
      for (MediaEvent e : events) {
        if (type.isInstance(e) && p.test(type.cast(e)) && ++seen == n) {
          return type.cast(e);
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no " + type.getSimpleName() + " #" + n + " matching within "
            + TIMEOUT.toSeconds() + " s; events: " + summary());
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted");
      }
    }
  }

  public synchronized <T extends MediaEvent> List<T> ofType(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private String summary() {
    List<String> s = new ArrayList<>();
    for (MediaEvent e : events) {
      s.add(e instanceof MediaEvent.ChannelEvent c
          ? e.getClass().getSimpleName() + "(" + c.channelUuid().substring(0, 8) + ")"
          : e.toString());
    }
    return s.toString();
  }

  /** Waits until the condition holds (polled every 10 ms), or fails after the timeout. */
  public static void awaitCondition(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + TIMEOUT.toSeconds() + " s: " + what);
      }
      try {
        Thread.sleep(10); // polling interval of a deadline-bounded wait, not a synchronisation
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted");
      }
    }
  }
}
