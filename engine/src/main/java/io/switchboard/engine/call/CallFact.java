package io.switchboard.engine.call;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.switchboard.persistence.CborSerializable;
import java.time.Instant;

/**
 * A change to a call's state, as {@link CallDomain#decide} records it and {@link CallDomain#evolve}
 * applies it. Facts are journaled inside {@link CallEvent}, after the input that caused them.
 * Immutable values; a renamed fact needs a migration.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "fact")
@JsonSubTypes({
  @JsonSubTypes.Type(value = CallFact.CallStarted.class, name = "call-started"),
  @JsonSubTypes.Type(value = CallFact.LegAdded.class, name = "leg-added"),
  @JsonSubTypes.Type(value = CallFact.LegAnswered.class, name = "leg-answered"),
  @JsonSubTypes.Type(value = CallFact.LegReleased.class, name = "leg-released"),
  @JsonSubTypes.Type(value = CallFact.LegEnded.class, name = "leg-ended"),
  @JsonSubTypes.Type(value = CallFact.CallerLegChosen.class, name = "caller-leg-chosen"),
  @JsonSubTypes.Type(value = CallFact.StageChanged.class, name = "stage-changed"),
  @JsonSubTypes.Type(value = CallFact.FlowChanged.class, name = "flow-changed"),
  @JsonSubTypes.Type(value = CallFact.VariableSet.class, name = "variable-set"),
  @JsonSubTypes.Type(value = CallFact.PlaybackStarted.class, name = "playback-started"),
  @JsonSubTypes.Type(value = CallFact.PlaybackEnded.class, name = "playback-ended"),
  @JsonSubTypes.Type(value = CallFact.TimerArmed.class, name = "timer-armed"),
  @JsonSubTypes.Type(value = CallFact.TimerCleared.class, name = "timer-cleared"),
  @JsonSubTypes.Type(value = CallFact.HoldChanged.class, name = "hold-changed"),
  @JsonSubTypes.Type(value = CallFact.MuteChanged.class, name = "mute-changed"),
  @JsonSubTypes.Type(value = CallFact.Decided.class, name = "decided"),
  @JsonSubTypes.Type(value = CallFact.CallEnded.class, name = "call-ended")
})
public sealed interface CallFact extends CborSerializable {

  /** The journey began; the settings it runs with are fixed from now on. */
  record CallStarted(CallState.Origin origin, CallSettings settings) implements CallFact {}

  /** The call owns a new leg (the caller's channel, or one it originates). */
  record LegAdded(CallState.Leg leg) implements CallFact {}

  /** A leg answered. */
  record LegAnswered(String legUuid, Instant at) implements CallFact {}

  /** The engine hung a leg up (its end is reported later, or never when it was already gone). */
  record LegReleased(String legUuid, String cause) implements CallFact {}

  /** A leg ended. */
  record LegEnded(String legUuid, String cause, Instant at) implements CallFact {}

  /** The answered phone of a placing user is the caller's leg from now on. */
  record CallerLegChosen(String legUuid) implements CallFact {}

  /** The caller is somewhere else now. */
  record StageChanged(CallState.Stage stage) implements CallFact {}

  /** Another flow (or its next state, or none) is in charge of the caller. */
  record FlowChanged(CallState.FlowRun flow) implements CallFact {}

  /** A call variable was set ({@code language} also sets the call's language). */
  record VariableSet(String name, String value) implements CallFact {}

  /** Something started playing to the caller. */
  record PlaybackStarted(CallState.Playback playback) implements CallFact {}

  /** What played ended ({@code completed}) or was stopped by the engine. */
  record PlaybackEnded(String playbackId, boolean completed) implements CallFact {}

  /** A timer runs until {@code deadline}. */
  record TimerArmed(String timerId, Instant deadline) implements CallFact {}

  /** A timer fired or was cancelled. */
  record TimerCleared(String timerId) implements CallFact {}

  /** A party went on or off hold. */
  record HoldChanged(CallInput.Party party, boolean on) implements CallFact {}

  /** A party was muted or unmuted. */
  record MuteChanged(CallInput.Party party, boolean on) implements CallFact {}

  /**
   * Why the call went one way: a flow's decision (topic {@code flow <id>/<node>}) or the engine's
   * own (routing, gateway fallback, a transfer that failed).
   */
  record Decided(String topic, String outcome, String reason) implements CallFact {}

  /** The call is over. */
  record CallEnded(String cause, Instant at) implements CallFact {}
}
