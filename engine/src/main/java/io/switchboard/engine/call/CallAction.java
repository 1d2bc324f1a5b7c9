package io.switchboard.engine.call;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.switchboard.engine.queue.routing.OfferOutcome;
import io.switchboard.persistence.CborSerializable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a call asks of the world after a decision: media on its legs, messages to its queue,
 * mailbox and agents, timers and lookups. The Call entity carries them out in order once the
 * decision is journaled ({@code io.switchboard.engine.call.internal.ActionRunner} maps the media
 * ones to {@link io.switchboard.media.MediaCommand}s). They are the call's own values, so the
 * journal holds no media-bridge or entity types and a replay compares them one for one.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "action")
@JsonSubTypes({
  @JsonSubTypes.Type(value = CallAction.AnswerLeg.class, name = "answer"),
  @JsonSubTypes.Type(value = CallAction.PlaySounds.class, name = "play"),
  @JsonSubTypes.Type(value = CallAction.BreakMedia.class, name = "break"),
  @JsonSubTypes.Type(value = CallAction.Originate.class, name = "originate"),
  @JsonSubTypes.Type(value = CallAction.BridgeLegs.class, name = "bridge"),
  @JsonSubTypes.Type(value = CallAction.SetLegVariable.class, name = "set-variable"),
  @JsonSubTypes.Type(value = CallAction.HangupLeg.class, name = "hangup"),
  @JsonSubTypes.Type(value = CallAction.HoldLeg.class, name = "hold"),
  @JsonSubTypes.Type(value = CallAction.MuteLeg.class, name = "mute"),
  @JsonSubTypes.Type(value = CallAction.RecordMessage.class, name = "record"),
  @JsonSubTypes.Type(value = CallAction.ToQueue.class, name = "to-queue"),
  @JsonSubTypes.Type(value = CallAction.Deposit.class, name = "deposit"),
  @JsonSubTypes.Type(value = CallAction.AgentOnCall.class, name = "agent-on-call"),
  @JsonSubTypes.Type(value = CallAction.LookupMailbox.class, name = "lookup-mailbox"),
  @JsonSubTypes.Type(value = CallAction.ArmTimer.class, name = "arm-timer"),
  @JsonSubTypes.Type(value = CallAction.CancelTimer.class, name = "cancel-timer")
})
public sealed interface CallAction extends CborSerializable {

  // ------------------------------------------------------------------ media

  /** Answer the leg ({@code answer} application). */
  record AnswerLeg(String leg, String applicationUuid) implements CallAction {}

  /** One application of a playback: a file or stream, or speech. */
  record SoundPart(String applicationUuid, CallState.Sound sound) implements CborSerializable {}

  /** Play sounds in order; the last part's completion ends playback {@code playbackId}. */
  record PlaySounds(String leg, String playbackId, List<SoundPart> parts) implements CallAction {
    public PlaySounds {
      parts = List.copyOf(parts);
    }
  }

  /** Stop what plays on the leg and what is queued ({@code uuid_break all}). */
  record BreakMedia(String leg) implements CallAction {}

  /**
   * Create a leg ({@code bgapi originate}, parked on answer) with the engine's uuid and
   * {@code switchboard_*} variables.
   *
   * @param dialString a FreeSWITCH dial string, possibly starting with {@code {var=value,...}}
   * @param timeout ring time ({@code originate_timeout})
   */
  record Originate(String leg, String dialString, String callerIdName, String callerIdNumber, Duration timeout,
      Map<String, String> variables) implements CallAction {
    public Originate {
      variables = Map.copyOf(variables);
    }
  }

  /** Connect two legs ({@code uuid_bridge}). */
  record BridgeLegs(String leg, String otherLeg) implements CallAction {}

  /** Set a channel variable ({@code uuid_setvar}). */
  record SetLegVariable(String leg, String name, String value) implements CallAction {}

  /** Hang a leg up ({@code uuid_kill}) with a cause. */
  record HangupLeg(String leg, String cause) implements CallAction {}

  /** Put a leg on hold, its partner hearing the leg's {@code hold_music} ({@code uuid_hold}). */
  record HoldLeg(String leg, boolean on) implements CallAction {}

  /** Mute what a leg's party says ({@code uuid_audio ... read mute}). */
  record MuteLeg(String leg, boolean on) implements CallAction {}

  /**
   * Record the caller into {@code path} ({@code record} application).
   *
   * @param silenceThreshold energy level of silence, or {@code null} without silence detection
   * @param silenceHits seconds of silence that end the recording, or {@code null}
   */
  record RecordMessage(String leg, String path, Duration maxLength, Integer silenceThreshold, Integer silenceHits,
      String applicationUuid) implements CallAction {}

  // ------------------------------------------------------------------ peers

  /** What the call tells a queue. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "request")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Join.class, name = "join"),
    @JsonSubTypes.Type(value = ReportAnswer.class, name = "answer"),
    @JsonSubTypes.Type(value = ReportFailure.class, name = "failure"),
    @JsonSubTypes.Type(value = ReportAbandon.class, name = "abandon"),
    @JsonSubTypes.Type(value = ReportComplete.class, name = "complete")
  })
  sealed interface QueueRequest extends CborSerializable {}

  /** Join the queue (QueueCommand.Enqueue); {@code priority} {@code null} for the queue's rules. */
  record Join(String callerNumber, String callerName, String dialed, Integer priority, Map<String, Integer> skills)
      implements QueueRequest {
    public Join {
      skills = skills == null ? Map.of() : Map.copyOf(skills);
    }
  }

  /** An agent's leg answered (QueueCommand.AnswerOffers). */
  record ReportAnswer(String agentId, Instant answeredAt) implements QueueRequest {}

  /** An agent's legs ended unanswered (QueueCommand.FailOffer). */
  record ReportFailure(String agentId, OfferOutcome outcome, String cause) implements QueueRequest {}

  /** The caller left before an agent took the call (QueueCommand.Abandon). */
  record ReportAbandon() implements QueueRequest {}

  /** The connected call ended or was transferred away (QueueCommand.CompleteCall). */
  record ReportComplete() implements QueueRequest {}

  /** Send {@code request} to queue {@code queueId}. */
  record ToQueue(String queueId, QueueRequest request) implements CallAction {}

  /** Deposit a recorded message in a mailbox (MailboxCommand.DepositMessage). */
  record Deposit(String mailboxId, String messageId, String callerNumber, String callerName, Duration duration,
      String path) implements CallAction {}

  /** Tell a user's Agent entity they are on (or off) a call no queue offered. */
  record AgentOnCall(String userId, boolean onCall) implements CallAction {}

  /** Ask the mailbox whether and how it takes a message; the answer comes back as {@link CallInput.MailboxLooked}. */
  record LookupMailbox(String mailboxId) implements CallAction {}

  /** Arm a timer that comes back as {@link CallInput.TimerFired}. */
  record ArmTimer(String timerId, Instant deadline) implements CallAction {}

  /** Cancel a timer. */
  record CancelTimer(String timerId) implements CallAction {}
}
