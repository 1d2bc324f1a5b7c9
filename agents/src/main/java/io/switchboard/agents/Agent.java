package io.switchboard.agents;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.switchboard.persistence.CborSerializable;
import io.switchboard.persistence.Decision;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An agent's presence, as pure rules: {@link #decide} turns a command into events, {@link #evolve}
 * applies an event. No Pekko here; {@link AgentEntity} is the event-sourced adapter.
 *
 * <p>Time comes with each command ({@code at}), never from a clock, so replaying the journal gives
 * the same states. A command that changes nothing (same presence and reason again) or that is older
 * than the current state is accepted without events. All types are immutable.
 */
public final class Agent {

  /** Longest presence reason accepted, so a reason fits a supervisor's screen and a log line. */
  public static final int MAX_REASON_LENGTH = 200;

  private Agent() {}

  /** What the agent can do now, as routing sees it. */
  public enum Presence {
    /** Signed in and ready for calls. */
    AVAILABLE,
    /** On a call. */
    BUSY,
    /** Signed in but not taking calls for a while (break, meeting). */
    AWAY,
    /** Signed in and must not be disturbed. */
    DO_NOT_DISTURB,
    /** After a call, finishing its paperwork. */
    WRAP_UP,
    /** Signed out. */
    OFFLINE
  }

  /** Inputs to the agent's rules. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({@JsonSubTypes.Type(value = SetPresence.class, name = "set-presence")})
  public sealed interface Command extends CborSerializable permits SetPresence {}

  /**
   * Set the agent's presence.
   *
   * @param presence the new presence
   * @param reason why, free text (may be empty), at most {@value #MAX_REASON_LENGTH} characters
   * @param at when the change happened
   */
  public record SetPresence(Presence presence, String reason, Instant at) implements Command {
    public SetPresence {
      Objects.requireNonNull(presence, "presence");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(at, "at");
    }
  }

  /** What happened to the agent; journaled. */
  public sealed interface Event extends CborSerializable permits PresenceChanged {}

  /** The agent's presence changed from {@code previous} to {@code presence}. */
  public record PresenceChanged(String agentId, Presence presence, Presence previous, String reason, Instant at)
      implements Event {}

  /**
   * The agent as routing and supervisors see it.
   *
   * @param agentId the entity id
   * @param presence current presence
   * @param reason reason given with it
   * @param since when it was set; empty before the first change
   */
  public record State(String agentId, Presence presence, String reason, Optional<Instant> since)
      implements CborSerializable {

    /** A copy with another presence. */
    public State withPresence(Presence presence, String reason, Instant since) {
      return new State(agentId, presence, reason, Optional.of(since));
    }
  }

  /** An agent never seen before: offline. */
  public static State initial(String agentId) {
    return new State(agentId, Presence.OFFLINE, "", Optional.empty());
  }

  /** The events that {@code command} causes in {@code state}, or why it is rejected. */
  public static Decision<Event> decide(State state, Command command) {
    if (command instanceof SetPresence set) {
      return decideSetPresence(state, set);
    }
    throw new IllegalArgumentException("unknown command " + command);
  }

  /** {@code state} after {@code event}. */
  public static State evolve(State state, Event event) {
    if (event instanceof PresenceChanged changed) {
      return state.withPresence(changed.presence(), changed.reason(), changed.at());
    }
    throw new IllegalArgumentException("unknown event " + event);
  }

  private static Decision<Event> decideSetPresence(State state, SetPresence set) {
    String reason = set.reason().strip();
    if (reason.length() > MAX_REASON_LENGTH) {
      return Decision.reject("presence reason is " + reason.length() + " characters long; shorten it to at most "
          + MAX_REASON_LENGTH);
    }
    if (reason.chars().anyMatch(Character::isISOControl)) {
      return Decision.reject("presence reason contains a control character (line break, tab ...); use plain text");
    }
    boolean stale = state.since().map(since -> set.at().isBefore(since)).orElse(false);
    boolean unchanged = state.presence() == set.presence() && state.reason().equals(reason);
    if (stale || unchanged) {
      return Decision.noOp();
    }
    return Decision.accept(new PresenceChanged(state.agentId(), set.presence(), state.presence(), reason, set.at()));
  }
}
