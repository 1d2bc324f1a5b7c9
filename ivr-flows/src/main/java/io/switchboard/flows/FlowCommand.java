package io.switchboard.flows;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the flow asks the engine to do, returned in each {@link Step}. Plain, immutable data; the
 * engine executes them in order (and escapes every value for ESL itself).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "command")
@JsonSubTypes({
  @JsonSubTypes.Type(value = FlowCommand.Play.class, name = "play"),
  @JsonSubTypes.Type(value = FlowCommand.StopPlayback.class, name = "stop-playback"),
  @JsonSubTypes.Type(value = FlowCommand.StartDigitTimer.class, name = "start-digit-timer"),
  @JsonSubTypes.Type(value = FlowCommand.CancelDigitTimer.class, name = "cancel-digit-timer"),
  @JsonSubTypes.Type(value = FlowCommand.Transfer.class, name = "transfer"),
  @JsonSubTypes.Type(value = FlowCommand.RecordVoicemail.class, name = "record-voicemail"),
  @JsonSubTypes.Type(value = FlowCommand.Hangup.class, name = "hangup"),
  @JsonSubTypes.Type(value = FlowCommand.SetVariable.class, name = "set-variable"),
  @JsonSubTypes.Type(value = FlowCommand.Decision.class, name = "decision")
})
public sealed interface FlowCommand {

  /**
   * Play prompts in order, then report {@link FlowInput.PromptFinished} with {@code playbackId}.
   *
   * @param label the prompt's name for people and flow tests: the prompt library id(s) joined with
   *     '+', or {@code node.field} for a prompt written inline
   * @param interruptible whether a key press should stop it (the flow then sends
   *     {@link StopPlayback} itself when a key arrives)
   */
  record Play(String playbackId, String label, List<Prompt> prompts, boolean interruptible)
      implements FlowCommand {
    public Play {
      Objects.requireNonNull(playbackId, "playbackId");
      Objects.requireNonNull(label, "label");
      prompts = List.copyOf(prompts);
    }
  }

  /** Stop the playback with this id now (a key interrupted it). */
  record StopPlayback(String playbackId) implements FlowCommand {
    public StopPlayback {
      Objects.requireNonNull(playbackId, "playbackId");
    }
  }

  /** Start a timer; when it expires, feed {@link FlowInput.TimerFired} with {@code timerId}. */
  record StartDigitTimer(String timerId, Duration duration) implements FlowCommand {
    public StartDigitTimer {
      Objects.requireNonNull(timerId, "timerId");
      Objects.requireNonNull(duration, "duration");
    }
  }

  /** Cancel a timer started earlier (a stale {@link FlowInput.TimerFired} is ignored anyway). */
  record CancelDigitTimer(String timerId) implements FlowCommand {
    public CancelDigitTimer {
      Objects.requireNonNull(timerId, "timerId");
    }
  }

  /** Hand the call over. The flow waits for a possible {@link FlowInput.TransferFailed}. */
  record Transfer(TransferTarget target) implements FlowCommand {
    public Transfer {
      Objects.requireNonNull(target, "target");
    }
  }

  /**
   * Record a voicemail message: play {@code greeting} (empty: the mailbox's own greeting), a beep,
   * then record at most {@code maxLength}. The flow is finished.
   */
  record RecordVoicemail(String mailboxId, List<Prompt> greeting, Duration maxLength)
      implements FlowCommand {
    public RecordVoicemail {
      Objects.requireNonNull(mailboxId, "mailboxId");
      greeting = List.copyOf(greeting);
      Objects.requireNonNull(maxLength, "maxLength");
    }
  }

  /** Hang up with a Q.850 cause name as FreeSWITCH knows it (NORMAL_CLEARING...). */
  record Hangup(String cause) implements FlowCommand {
    public Hangup {
      Objects.requireNonNull(cause, "cause");
    }
  }

  /**
   * A call variable changed (collected digits, a set node, the language): the engine keeps it
   * with the call, passes it to nested flows and may show it to agents.
   */
  record SetVariable(String name, String value) implements FlowCommand {
    public SetVariable {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * Why a branch was taken: which schedule rule matched, which key, which condition. Executes
   * nothing; the engine journals it.
   */
  record Decision(String nodeId, String branch, String reason) implements FlowCommand {
    public Decision {
      Objects.requireNonNull(nodeId, "nodeId");
      Objects.requireNonNull(branch, "branch");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
