package io.switchboard.engine.call;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.switchboard.persistence.CborSerializable;
import io.switchboard.persistence.Decision;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A caller's journey, as pure rules: {@link #decide} turns a command into events, {@link #evolve}
 * applies an event. No Pekko here; {@link CallEntity} is the event-sourced adapter.
 *
 * <p>Lifecycle: {@link Idle} → {@link Started} (the caller's channel is parked, waiting for the
 * engine) → {@link Answered} → {@link Ended}; hanging up before the answer goes from Started to
 * Ended. Media events can arrive twice or late (ESL reconnects, reconciliation): a repeated or
 * outdated input is accepted without events, an input that contradicts the call is rejected. Time
 * arrives with each command, never from a clock. All types are immutable.
 */
public final class Call {

  private Call() {}

  /** Inputs to a call's rules. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({
      @JsonSubTypes.Type(value = Start.class, name = "start"),
      @JsonSubTypes.Type(value = Answer.class, name = "answer"),
      @JsonSubTypes.Type(value = Hangup.class, name = "hangup")})
  public sealed interface Command extends CborSerializable permits Start, Answer, Hangup {}

  /**
   * Start the journey from a parked inbound channel.
   *
   * @param channelUuid the caller's FreeSWITCH channel
   * @param callerNumber caller id number as received; empty when withheld
   * @param destinationNumber the number dialled
   * @param at when the channel was parked
   */
  public record Start(String channelUuid, String callerNumber, String destinationNumber, Instant at)
      implements Command {
    public Start {
      Objects.requireNonNull(channelUuid, "channelUuid");
      Objects.requireNonNull(callerNumber, "callerNumber");
      Objects.requireNonNull(destinationNumber, "destinationNumber");
      Objects.requireNonNull(at, "at");
    }
  }

  /** The caller's channel was answered. */
  public record Answer(String channelUuid, Instant at) implements Command {
    public Answer {
      Objects.requireNonNull(channelUuid, "channelUuid");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * The caller's channel hung up.
   *
   * @param cause FreeSWITCH hangup cause, e.g. {@code NORMAL_CLEARING}
   */
  public record Hangup(String channelUuid, String cause, Instant at) implements Command {
    public Hangup {
      Objects.requireNonNull(channelUuid, "channelUuid");
      Objects.requireNonNull(cause, "cause");
      Objects.requireNonNull(at, "at");
    }
  }

  /** What happened to the call; journaled. */
  public sealed interface Event extends CborSerializable permits CallStarted, CallAnswered, CallHungUp {
    /** The journey this event belongs to. */
    String callId();
  }

  /** The journey started from a parked channel. */
  public record CallStarted(
      String callId, String channelUuid, String callerNumber, String destinationNumber, Instant at)
      implements Event {}

  /** The caller's channel was answered. */
  public record CallAnswered(String callId, String channelUuid, Instant at) implements Event {}

  /** The caller's channel hung up; the journey is over. */
  public record CallHungUp(String callId, String channelUuid, String cause, Instant at) implements Event {}

  /** Who called whom on which channel, fixed when the call starts. */
  public record Caller(String channelUuid, String callerNumber, String destinationNumber, Instant startedAt)
      implements CborSerializable {}

  /** The call's state, one record per phase. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "phase")
  @JsonSubTypes({
      @JsonSubTypes.Type(value = Idle.class, name = "idle"),
      @JsonSubTypes.Type(value = Started.class, name = "started"),
      @JsonSubTypes.Type(value = Answered.class, name = "answered"),
      @JsonSubTypes.Type(value = Ended.class, name = "ended")})
  public sealed interface State extends CborSerializable permits Idle, Started, Answered, Ended {
    /** The journey id (the entity id). */
    String callId();
  }

  /** Nothing has happened yet. */
  public record Idle(String callId) implements State {}

  /** The caller's channel is parked and not answered. */
  public record Started(String callId, Caller caller) implements State {}

  /** The caller's channel is answered. */
  public record Answered(String callId, Caller caller, Instant answeredAt) implements State {}

  /**
   * The call is over.
   *
   * @param answeredAt when it was answered; empty if the caller hung up first
   */
  public record Ended(String callId, Caller caller, Optional<Instant> answeredAt, Instant endedAt, String cause)
      implements State {}

  /** A call never seen before. */
  public static State initial(String callId) {
    return new Idle(callId);
  }

  /** The events that {@code command} causes in {@code state}, or why it is rejected. */
  public static Decision<Event> decide(State state, Command command) {
    if (command instanceof Start start) {
      return decideStart(state, start);
    }
    if (command instanceof Answer answer) {
      return decideAnswer(state, answer);
    }
    if (command instanceof Hangup hangup) {
      return decideHangup(state, hangup);
    }
    throw new IllegalArgumentException("unknown command " + command);
  }

  /** {@code state} after {@code event}. */
  public static State evolve(State state, Event event) {
    if (event instanceof CallStarted started) {
      return new Started(state.callId(), new Caller(
          started.channelUuid(), started.callerNumber(), started.destinationNumber(), started.at()));
    }
    if (event instanceof CallAnswered answered && state instanceof Started started) {
      return new Answered(state.callId(), started.caller(), answered.at());
    }
    if (event instanceof CallHungUp hungUp) {
      if (state instanceof Started started) {
        return new Ended(state.callId(), started.caller(), Optional.empty(), hungUp.at(), hungUp.cause());
      }
      if (state instanceof Answered answered) {
        return new Ended(state.callId(), answered.caller(), Optional.of(answered.answeredAt()), hungUp.at(),
            hungUp.cause());
      }
    }
    // decide never produces these combinations; a journal that holds one is corrupt.
    throw new IllegalStateException("event " + event + " cannot apply to " + state);
  }

  private static Decision<Event> decideStart(State state, Start start) {
    if (start.channelUuid().isBlank()) {
      return Decision.reject("start of call " + state.callId() + " has a blank channel uuid; give the parked channel's uuid");
    }
    if (start.destinationNumber().isBlank()) {
      return Decision.reject("start of call " + state.callId() + " has a blank destination number");
    }
    if (state instanceof Idle) {
      return Decision.accept(new CallStarted(
          state.callId(), start.channelUuid(), start.callerNumber(), start.destinationNumber(), start.at()));
    }
    Caller caller = caller(state);
    if (caller.channelUuid().equals(start.channelUuid())) {
      return Decision.noOp(); // the same park reported again
    }
    return Decision.reject("call " + state.callId() + " already started with channel " + caller.channelUuid()
        + "; a new channel needs a new call id");
  }

  private static Decision<Event> decideAnswer(State state, Answer answer) {
    if (state instanceof Idle) {
      return Decision.reject("call " + state.callId() + " has not started; start it before answering");
    }
    Decision<Event> foreign = rejectForeignChannel(state, answer.channelUuid());
    if (foreign != null) {
      return foreign;
    }
    if (state instanceof Started) {
      return Decision.accept(new CallAnswered(state.callId(), answer.channelUuid(), answer.at()));
    }
    return Decision.noOp(); // answered again, or an answer arriving after the hangup
  }

  private static Decision<Event> decideHangup(State state, Hangup hangup) {
    if (state instanceof Idle) {
      return Decision.reject("call " + state.callId() + " has not started; nothing to hang up");
    }
    Decision<Event> foreign = rejectForeignChannel(state, hangup.channelUuid());
    if (foreign != null) {
      return foreign;
    }
    if (state instanceof Ended) {
      return Decision.noOp(); // the hangup reported again
    }
    return Decision.accept(new CallHungUp(state.callId(), hangup.channelUuid(), hangup.cause(), hangup.at()));
  }

  private static Decision<Event> rejectForeignChannel(State state, String channelUuid) {
    String own = caller(state).channelUuid();
    return own.equals(channelUuid)
        ? null
        : Decision.reject("channel " + channelUuid + " is not a leg of call " + state.callId()
            + " (its caller channel is " + own + ")");
  }

  private static Caller caller(State state) {
    if (state instanceof Started started) {
      return started.caller();
    }
    if (state instanceof Answered answered) {
      return answered.caller();
    }
    if (state instanceof Ended ended) {
      return ended.caller();
    }
    throw new IllegalStateException("call " + state.callId() + " has no caller yet");
  }
}
