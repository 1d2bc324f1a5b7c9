package io.switchboard.media.internal;

import io.switchboard.media.HandOffStats;
import io.switchboard.media.MediaEvent;
import io.switchboard.media.MediaEventListener;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded, measured hand-off between socket readers and event listeners.
 *
 * <p>Readers {@link #offer} without ever waiting: a {@link BoundedSourceQueue} accepts or refuses
 * at once. A single dispatching stream stage takes events out and calls each event's listener,
 * one at a time. When the queue reaches the alarm threshold a WARN is logged and
 * {@link HandOffStats#alarmActive()} turns true (cleared below half the threshold); when it is
 * full the event is dropped, counted, logged at ERROR (first drop of a burst, then every 1000th)
 * and {@code onDrop} is told the node, so that its connection reconciles. Never silent.
 *
 * <p>Thread-safe: any number of readers may offer concurrently.
 */
public final class EventHandOff {

  private static final Logger log = LoggerFactory.getLogger(EventHandOff.class);

  /** An event and the listener it goes to. */
  private record Delivery(MediaEvent event, MediaEventListener listener) {}

  private final String name;
  private final int capacity;
  private final int alarmAt;
  private final Consumer<String> onDrop;
  private final BoundedSourceQueue<Delivery> queue;

  private final AtomicLong offered = new AtomicLong();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong listenerFailures = new AtomicLong();
  private final AtomicLong alarms = new AtomicLong();
  private final AtomicInteger highWater = new AtomicInteger();
  private final AtomicBoolean alarm = new AtomicBoolean();
  private final AtomicBoolean dropping = new AtomicBoolean();

  public EventHandOff(ActorSystem<?> system, String name, int capacity, int alarmAt,
      Consumer<String> onDrop) {
    this.name = name;
    this.capacity = capacity;
    this.alarmAt = alarmAt;
    this.onDrop = onDrop;
    this.queue = Source.<Delivery>queue(capacity)
        .toMat(Sink.foreach(this::deliver), Keep.left())
        .run(system);
  }

  /** Hands an event over; returns false (and counts, logs, notifies) if the buffer was full. */
  public boolean offer(MediaEvent event, MediaEventListener listener) {
    offered.incrementAndGet();
    QueueOfferResult r = queue.offer(new Delivery(event, listener));
    if (r == QueueOfferResult.enqueued()) {
      int size = queue.size();
      highWater.accumulateAndGet(size, Math::max);
      if (size >= alarmAt && alarm.compareAndSet(false, true)) {
        alarms.incrementAndGet();
        log.warn("{}: event hand-off at {} of {} events (alarm threshold {}): the listener is not"
            + " keeping up; events will be dropped and nodes reconciled if it fills", name, size,
            capacity, alarmAt);
      }
      return true;
    }
    if (r != QueueOfferResult.dropped()) {
      // closed: the bridge is stopping; what arrives now has nobody to go to
      log.debug("{}: hand-off closed, {} not delivered", name, event.getClass().getSimpleName());
      return false;
    }
    long n = dropped.incrementAndGet();
    if (dropping.compareAndSet(false, true) || n % 1000 == 0) {
      log.error("{}: event hand-off full ({} events): dropped {} event (total dropped {}); node {}"
          + " will be reconciled when the buffer has room", name, capacity,
          event.getClass().getSimpleName(), n, event.nodeId());
    }
    onDrop.accept(event.nodeId());
    return false;
  }

  private void deliver(Delivery d) {
    try {
      d.listener().onEvent(d.event());
    } catch (RuntimeException e) {
      long n = listenerFailures.incrementAndGet();
      log.error("{}: the media event listener threw on {} (failure {}); the event is lost for it",
          name, d.event().getClass().getSimpleName(), n, e);
    }
    delivered.incrementAndGet();
    int size = queue.size();
    if (size < alarmAt / 2) {
      if (alarm.compareAndSet(true, false)) {
        log.info("{}: event hand-off back to {} of {} events; alarm cleared", name, size, capacity);
      }
      dropping.set(false);
    }
  }

  /** True if there is room for more events below the alarm threshold. */
  public boolean hasRoom() {
    return queue.size() < alarmAt;
  }

  public HandOffStats stats() {
    return new HandOffStats(capacity, queue.size(), highWater.get(), offered.get(),
        delivered.get(), dropped.get(), alarmAt, alarm.get(), alarms.get());
  }

  public long listenerFailures() {
    return listenerFailures.get();
  }

  public void close() {
    queue.complete();
  }
}
