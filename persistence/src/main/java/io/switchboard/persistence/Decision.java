package io.switchboard.persistence;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of a pure domain {@code decide(state, command)}: either the events that the command
 * causes (none for a duplicate or stale input, which is accepted as a no-op) or a rejection with a
 * reason that names the problem.
 *
 * <p>Created by the domain classes of the entities; the event-sourced adapters persist
 * {@link Accepted#events()} and answer a rejection with an error reply. Immutable and thread-safe.
 *
 * @param <E> the entity's event type
 */
public sealed interface Decision<E> permits Decision.Accepted, Decision.Rejected {

  /** The command is valid; {@code events} (possibly empty) must be persisted in this order. */
  record Accepted<E>(List<E> events) implements Decision<E> {
    public Accepted {
      events = List.copyOf(events);
    }
  }

  /** The command is invalid in the current state; nothing changes. */
  record Rejected<E>(String reason) implements Decision<E> {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Accepted with one event. */
  static <E> Decision<E> accept(E event) {
    return new Accepted<>(List.of(event));
  }

  /** Accepted with the given events, in order. */
  static <E> Decision<E> acceptAll(List<E> events) {
    return new Accepted<>(events);
  }

  /** Accepted without any event: the command was a duplicate or stale input. */
  static <E> Decision<E> noOp() {
    return new Accepted<>(List.of());
  }

  /** Rejected with a reason that names the problem and, where there is one, the fix. */
  static <E> Decision<E> reject(String reason) {
    return new Rejected<>(reason);
  }
}
