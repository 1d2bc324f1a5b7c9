package io.switchboard.engine.queue;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.switchboard.persistence.CborSerializable;
import io.switchboard.persistence.Decision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A call queue's waiting line, as pure rules: {@link #decide} turns a command into events,
 * {@link #evolve} applies an event. No Pekko here; {@link QueueEntity} is the event-sourced adapter.
 *
 * <p>Callers wait in the order they joined. Joining twice or leaving when not waiting (a repeated
 * or late input) is accepted without events. Time arrives with each command. All types are
 * immutable.
 */
public final class Queue {

  private Queue() {}

  /** Why a caller left the queue. */
  public enum LeaveReason {
    /** An agent answered the caller. */
    ANSWERED,
    /** The caller hung up while waiting. */
    ABANDONED,
    /** The queue's timeout passed. */
    TIMED_OUT,
    /** The caller was sent elsewhere (another queue, voicemail, a flow). */
    TRANSFERRED
  }

  /** Inputs to a queue's rules. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({
      @JsonSubTypes.Type(value = Enqueue.class, name = "enqueue"),
      @JsonSubTypes.Type(value = Leave.class, name = "leave")})
  public sealed interface Command extends CborSerializable permits Enqueue, Leave {}

  /** Put the call at the end of the line. */
  public record Enqueue(String callId, Instant at) implements Command {
    public Enqueue {
      Objects.requireNonNull(callId, "callId");
      Objects.requireNonNull(at, "at");
    }
  }

  /** Take the call out of the line. */
  public record Leave(String callId, LeaveReason reason, Instant at) implements Command {
    public Leave {
      Objects.requireNonNull(callId, "callId");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(at, "at");
    }
  }

  /** What happened in the queue; journaled. */
  public sealed interface Event extends CborSerializable permits CallerEnqueued, CallerLeft {}

  /** A caller joined the end of the line. */
  public record CallerEnqueued(String queueId, String callId, Instant at) implements Event {}

  /** A caller left the line. */
  public record CallerLeft(String queueId, String callId, LeaveReason reason, Instant at) implements Event {}

  /** One waiting caller. */
  public record Waiting(String callId, Instant since) implements CborSerializable {}

  /**
   * The queue's line.
   *
   * @param queueId the entity id
   * @param waiting callers in the order they are served
   */
  public record State(String queueId, List<Waiting> waiting) implements CborSerializable {
    public State {
      waiting = List.copyOf(waiting);
    }

    /** 1-based position of {@code callId} in the line, if it waits. */
    public OptionalInt positionOf(String callId) {
      for (int i = 0; i < waiting.size(); i++) {
        if (waiting.get(i).callId().equals(callId)) {
          return OptionalInt.of(i + 1);
        }
      }
      return OptionalInt.empty();
    }

    /** The caller served next, if any. */
    public Optional<Waiting> head() {
      return waiting.isEmpty() ? Optional.empty() : Optional.of(waiting.get(0));
    }

    /** A copy with {@code entry} at the end of the line. */
    public State withJoined(Waiting entry) {
      List<Waiting> line = new ArrayList<>(waiting);
      line.add(entry);
      return new State(queueId, line);
    }

    /** A copy without {@code callId}. */
    public State withLeft(String callId) {
      return new State(queueId, waiting.stream().filter(w -> !w.callId().equals(callId)).toList());
    }
  }

  /** A queue nobody has joined yet. */
  public static State initial(String queueId) {
    return new State(queueId, List.of());
  }

  /** The events that {@code command} causes in {@code state}, or why it is rejected. */
  public static Decision<Event> decide(State state, Command command) {
    if (command instanceof Enqueue enqueue) {
      if (enqueue.callId().isBlank()) {
        return Decision.reject("enqueue into " + state.queueId() + " has a blank call id");
      }
      return state.positionOf(enqueue.callId()).isPresent()
          ? Decision.noOp()
          : Decision.accept(new CallerEnqueued(state.queueId(), enqueue.callId(), enqueue.at()));
    }
    if (command instanceof Leave leave) {
      return state.positionOf(leave.callId()).isEmpty()
          ? Decision.noOp()
          : Decision.accept(new CallerLeft(state.queueId(), leave.callId(), leave.reason(), leave.at()));
    }
    throw new IllegalArgumentException("unknown command " + command);
  }

  /** {@code state} after {@code event}. */
  public static State evolve(State state, Event event) {
    if (event instanceof CallerEnqueued enqueued) {
      return state.withJoined(new Waiting(enqueued.callId(), enqueued.at()));
    }
    if (event instanceof CallerLeft left) {
      return state.withLeft(left.callId());
    }
    throw new IllegalArgumentException("unknown event " + event);
  }
}
