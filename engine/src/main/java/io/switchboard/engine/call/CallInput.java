package io.switchboard.engine.call;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.switchboard.engine.queue.QueueNotice;
import io.switchboard.engine.voicemail.MailboxSettings;
import io.switchboard.flows.TransferTarget;
import io.switchboard.persistence.CborSerializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything that can happen to a call, as the inputs of {@link CallDomain#decide}: what
 * FreeSWITCH reported (already mapped from the media bridge's events: the journal holds no
 * media-bridge types), what the queue told the call, timers, the mailbox's answer and the API's
 * requests. Each carries the instant it happened at, from the engine's clock ({@code at}).
 *
 * <p>Journaled inside {@link CallEvent} when it changed something, so that a replay feeds the
 * same inputs to the same rules. Immutable values.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "input")
@JsonSubTypes({
  @JsonSubTypes.Type(value = CallInput.ChannelParked.class, name = "channel-parked"),
  @JsonSubTypes.Type(value = CallInput.ChannelAnswered.class, name = "channel-answered"),
  @JsonSubTypes.Type(value = CallInput.ChannelHungUp.class, name = "channel-hung-up"),
  @JsonSubTypes.Type(value = CallInput.DtmfReceived.class, name = "dtmf"),
  @JsonSubTypes.Type(value = CallInput.ApplicationCompleted.class, name = "application-completed"),
  @JsonSubTypes.Type(value = CallInput.RecordStopped.class, name = "record-stopped"),
  @JsonSubTypes.Type(value = CallInput.OriginateFailed.class, name = "originate-failed"),
  @JsonSubTypes.Type(value = CallInput.ChannelsGone.class, name = "channels-gone"),
  @JsonSubTypes.Type(value = CallInput.ChannelsLive.class, name = "channels-live"),
  @JsonSubTypes.Type(value = CallInput.FromQueue.class, name = "from-queue"),
  @JsonSubTypes.Type(value = CallInput.TimerFired.class, name = "timer-fired"),
  @JsonSubTypes.Type(value = CallInput.MailboxLooked.class, name = "mailbox-looked"),
  @JsonSubTypes.Type(value = CallInput.PlaceCall.class, name = "place-call"),
  @JsonSubTypes.Type(value = CallInput.Transfer.class, name = "transfer"),
  @JsonSubTypes.Type(value = CallInput.Hold.class, name = "hold"),
  @JsonSubTypes.Type(value = CallInput.Mute.class, name = "mute"),
  @JsonSubTypes.Type(value = CallInput.HangUp.class, name = "hang-up")
})
public sealed interface CallInput extends CborSerializable {

  /** When it happened. */
  Instant at();

  /** Which side of a connected call a hold or mute is about. */
  enum Party {
    /** The leg the call started with: the outside caller, or the user who placed the call. */
    CALLER,
    /** The party the caller was connected to: an agent, a user or an outside number. */
    CALLEE
  }

  // ------------------------------------------------------------------ media

  /**
   * A channel waits parked for the engine: the dialplan parked a new call (carrier calls carry
   * {@code switchboard_inbound}, the organisation's phones {@code switchboard_internal}).
   *
   * @param direction {@code inbound} for a caller's leg
   * @param internal whether the organisation's own phone placed it ({@code switchboard_internal=true})
   */
  record ChannelParked(String nodeId, String channelUuid, String direction, String callerNumber, String callerName,
      String destination, boolean internal, Instant at) implements CallInput {
    public ChannelParked {
      Objects.requireNonNull(nodeId, "nodeId");
      Objects.requireNonNull(channelUuid, "channelUuid");
      direction = direction == null ? "" : direction;
      callerNumber = callerNumber == null ? "" : callerNumber;
      callerName = callerName == null ? "" : callerName;
      destination = destination == null ? "" : destination;
      Objects.requireNonNull(at, "at");
    }
  }

  /** A leg answered (CHANNEL_ANSWER, or an originate's {@code +OK}). */
  record ChannelAnswered(String legUuid, Instant at) implements CallInput {}

  /** A leg hung up, with FreeSWITCH's Q.850 cause name. */
  record ChannelHungUp(String legUuid, String cause, Instant at) implements CallInput {}

  /** The party on a leg pressed a key. */
  record DtmfReceived(String legUuid, String digit, Instant at) implements CallInput {}

  /**
   * An application the engine ran on a leg finished (CHANNEL_EXECUTE_COMPLETE with the
   * engine's Application-UUID), or could not be sent ({@code response} then starts with
   * {@code -ERR}).
   */
  record ApplicationCompleted(String legUuid, String applicationUuid, String application, String response, Instant at)
      implements CallInput {}

  /** A recording ended (RECORD_STOP): its file, length and why it ended. */
  record RecordStopped(String legUuid, String path, long durationMillis, String completionCause, Instant at)
      implements CallInput {}

  /** An originate failed: {@code -ERR <cause>}, or the bridge could not send it. */
  record OriginateFailed(String legUuid, String cause, Instant at) implements CallInput {}

  /** Channels are gone from FreeSWITCH (reconciliation, or a probe found no such channel). */
  record ChannelsGone(List<String> legUuids, String reason, Instant at) implements CallInput {
    public ChannelsGone {
      legUuids = List.copyOf(legUuids);
    }
  }

  /**
   * A reconciliation listed this call's live channels on a node; the call's other established
   * legs on that node are gone.
   */
  record ChannelsLive(String nodeId, List<String> legUuids, Instant at) implements CallInput {
    public ChannelsLive {
      legUuids = List.copyOf(legUuids);
    }
  }

  // ------------------------------------------------------------------ peers and timers

  /** A queue told the call something. */
  record FromQueue(QueueNotice notice) implements CallInput {
    public FromQueue {
      Objects.requireNonNull(notice, "notice");
    }

    @Override
    public Instant at() {
      if (notice instanceof QueueNotice.OfferAgent offer) {
        return offer.at();
      }
      if (notice instanceof QueueNotice.CancelOffer cancel) {
        return cancel.at();
      }
      if (notice instanceof QueueNotice.LeaveQueue leave) {
        return leave.at();
      }
      return ((QueueNotice.Announce) notice).at();
    }
  }

  /** A timer the call armed expired. */
  record TimerFired(String timerId, Instant at) implements CallInput {}

  /**
   * The mailbox answered the call's question before a recording.
   *
   * @param mailbox what the box is like, or {@code null} when the mailbox could not be read
   */
  record MailboxLooked(String mailboxId, MailboxInfo mailbox, Instant at) implements CallInput {}

  /**
   * A mailbox as a caller about to leave a message needs it.
   *
   * @param refusal why it takes no message now (missing, full), or {@code null}
   * @param greetingFile the owner's recorded greeting, or {@code null} for the default one
   */
  record MailboxInfo(String mailboxId, String refusal, MailboxSettings settings, String greetingFile)
      implements CborSerializable {}

  // ------------------------------------------------------------------ API

  /**
   * Place a call for a user: their phones ring first; once one answers, {@code dialed} is called.
   *
   * @param nodeId the FreeSWITCH node to use
   */
  record PlaceCall(String nodeId, String userId, String dialed, Instant at) implements CallInput {}

  /** Blind transfer: the caller leaves what they are in and goes to {@code target}. */
  record Transfer(TransferTarget target, Instant at) implements CallInput {
    public Transfer {
      Objects.requireNonNull(target, "target");
    }
  }

  /**
   * Hold or take off hold a party of a connected call: the held party hears music.
   *
   * @param party who is held, or {@code null} for the remote party (an inbound call's caller, a
   *     placed call's callee)
   */
  record Hold(Party party, boolean on, Instant at) implements CallInput {}

  /**
   * Mute or unmute a party of a connected call: the others stop hearing them.
   *
   * @param party who is muted, or {@code null} for the organisation's own party (the agent or
   *     user on an inbound call, the user who placed a call)
   */
  record Mute(Party party, boolean on, Instant at) implements CallInput {}

  /** Hang up every leg of the call now. */
  record HangUp(Instant at) implements CallInput {}
}
