package io.switchboard.flows;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Objects;

/**
 * What happened on the call, fed to {@link CompiledFlow#step}. The engine journals each input it
 * feeds, so that replaying them through the same flow version reproduces every command.
 * Immutable values.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "input")
@JsonSubTypes({
  @JsonSubTypes.Type(value = FlowInput.Started.class, name = "started"),
  @JsonSubTypes.Type(value = FlowInput.PromptFinished.class, name = "prompt-finished"),
  @JsonSubTypes.Type(value = FlowInput.Digit.class, name = "digit"),
  @JsonSubTypes.Type(value = FlowInput.TimerFired.class, name = "timer-fired"),
  @JsonSubTypes.Type(value = FlowInput.TransferFailed.class, name = "transfer-failed")
})
public sealed interface FlowInput {

  /** The call entered the flow (answered, or handed over by another flow). */
  record Started() implements FlowInput {}

  /** A {@link FlowCommand.Play} finished playing (or was stopped): its playback id. */
  record PromptFinished(String playbackId) implements FlowInput {
    public PromptFinished {
      Objects.requireNonNull(playbackId, "playbackId");
    }
  }

  /** The caller pressed a key. Keys other than 0-9, * and # are treated as invalid choices. */
  record Digit(char digit) implements FlowInput {}

  /** A {@link FlowCommand.StartDigitTimer} expired: its timer id. */
  record TimerFired(String timerId) implements FlowInput {
    public TimerFired {
      Objects.requireNonNull(timerId, "timerId");
    }
  }

  /** The last {@link FlowCommand.Transfer} could not be completed, with the engine's reason. */
  record TransferFailed(String reason) implements FlowInput {
    public TransferFailed {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
