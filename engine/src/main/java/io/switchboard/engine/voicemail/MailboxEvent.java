package io.switchboard.engine.voicemail;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.switchboard.engine.directory.MailboxKind;
import io.switchboard.persistence.CborSerializable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Facts a mailbox journals. {@link MessageWaitingChanged} is the message-waiting indicator fact:
 * the engine turns it into a NOTIFY (MWI) for the owner's phones. {@link RecordingDiscarded} and
 * {@link MessagesPurged} name files the engine deletes on the media server.
 *
 * <p>Serialised with Jackson CBOR (type id {@code type}) as the Mailbox entity's journal. A renamed
 * event needs a migration.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = MailboxEvent.MailboxProvisioned.class, name = "mailbox-provisioned"),
  @JsonSubTypes.Type(value = MailboxEvent.SettingsChanged.class, name = "settings-changed"),
  @JsonSubTypes.Type(value = MailboxEvent.GreetingRecorded.class, name = "greeting-recorded"),
  @JsonSubTypes.Type(value = MailboxEvent.DefaultGreetingRestored.class, name = "default-greeting-restored"),
  @JsonSubTypes.Type(value = MailboxEvent.MessageDeposited.class, name = "message-deposited"),
  @JsonSubTypes.Type(value = MailboxEvent.RecordingDiscarded.class, name = "recording-discarded"),
  @JsonSubTypes.Type(value = MailboxEvent.MessageSaved.class, name = "message-saved"),
  @JsonSubTypes.Type(value = MailboxEvent.MessageMarkedNew.class, name = "message-marked-new"),
  @JsonSubTypes.Type(value = MailboxEvent.MessageDeleted.class, name = "message-deleted"),
  @JsonSubTypes.Type(value = MailboxEvent.MessageRestored.class, name = "message-restored"),
  @JsonSubTypes.Type(value = MailboxEvent.MessagesPurged.class, name = "messages-purged"),
  @JsonSubTypes.Type(value = MailboxEvent.MessageWaitingChanged.class, name = "message-waiting-changed")
})
public sealed interface MailboxEvent extends CborSerializable {

  /** When it happened. */
  Instant at();

  record MailboxProvisioned(
      String mailboxId, MailboxKind kind, String ownerUserId, String displayName, MailboxSettings settings, Instant at)
      implements MailboxEvent {}

  record SettingsChanged(MailboxSettings settings, Instant at) implements MailboxEvent {}

  record GreetingRecorded(String filePath, Instant at) implements MailboxEvent {}

  record DefaultGreetingRestored(Instant at) implements MailboxEvent {}

  record MessageDeposited(VoicemailMessage message, Instant at) implements MailboxEvent {}

  /** Why a recording was not kept. */
  enum DiscardReason {
    /** Shorter than the minimum message length (the caller hung up at the beep). */
    TOO_SHORT,
    /** The box reached its maximum number of messages. */
    MAILBOX_FULL
  }

  /** A recording was not kept; its file should be deleted. */
  record RecordingDiscarded(String messageId, String filePath, Duration duration, DiscardReason reason, Instant at)
      implements MailboxEvent {}

  record MessageSaved(String messageId, Instant at) implements MailboxEvent {}

  record MessageMarkedNew(String messageId, Instant at) implements MailboxEvent {}

  record MessageDeleted(String messageId, Instant at) implements MailboxEvent {}

  record MessageRestored(String messageId, Instant at) implements MailboxEvent {}

  /** Deleted messages removed for good; {@code filePaths} are to be deleted from disk. */
  record MessagesPurged(List<String> messageIds, List<String> filePaths, Instant at) implements MailboxEvent {
    public MessagesPurged {
      messageIds = List.copyOf(messageIds);
      filePaths = List.copyOf(filePaths);
    }
  }

  /**
   * The number of new messages changed.
   *
   * @param waiting whether the indicator is lit (at least one new message)
   */
  record MessageWaitingChanged(String mailboxId, int newMessages, int savedMessages, boolean waiting, Instant at)
      implements MailboxEvent {}
}
