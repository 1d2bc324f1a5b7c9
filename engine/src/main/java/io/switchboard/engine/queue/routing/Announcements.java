package io.switchboard.engine.queue.routing;

import java.time.Duration;
import java.util.Objects;

/**
 * Periodic announcements to waiting callers: their position and the estimated wait, every {@code
 * interval} from the moment they joined the queue.
 *
 * <p>Part of {@link QueuePolicy}; a value, thread-safe. The interval is validated by the policy.
 *
 * @param position announce the caller's position in the queue
 * @param estimatedWait announce the estimated wait (only when it can be estimated: see {@link
 *     WaitingOrder#estimatedWait})
 * @param interval time between two announcements to one caller
 */
public record Announcements(boolean position, boolean estimatedWait, Duration interval) {

  public Announcements {
    Objects.requireNonNull(interval, "interval");
  }

  /** Whether anything is announced at all. */
  public boolean enabled() {
    return position || estimatedWait;
  }
}
