package io.switchboard.engine.voicemail;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.switchboard.engine.directory.MailboxKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Inputs of {@link MailboxDomain#decide}. Every command carries its instant and every id it
 * creates (message ids are chosen by the engine), so the domain is deterministic.
 *
 * <p>Who sends what: the directory (through the engine) provisions user boxes and shared boxes;
 * the Call entity deposits messages when FreeSWITCH reports the end of a recording; the mailbox
 * owner (voicemail menu or API) records greetings and saves, deletes and restores messages; a
 * retention job purges deleted messages.
 *
 * <p>Not journaled (their events are), but they travel between nodes inside the Mailbox entity's
 * messages, serialised with Jackson (type id {@code type}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = MailboxCommand.Provision.class, name = "provision"),
  @JsonSubTypes.Type(value = MailboxCommand.ChangeSettings.class, name = "change-settings"),
  @JsonSubTypes.Type(value = MailboxCommand.RecordGreeting.class, name = "record-greeting"),
  @JsonSubTypes.Type(value = MailboxCommand.UseDefaultGreeting.class, name = "use-default-greeting"),
  @JsonSubTypes.Type(value = MailboxCommand.DepositMessage.class, name = "deposit-message"),
  @JsonSubTypes.Type(value = MailboxCommand.SaveMessage.class, name = "save-message"),
  @JsonSubTypes.Type(value = MailboxCommand.MarkNew.class, name = "mark-new"),
  @JsonSubTypes.Type(value = MailboxCommand.DeleteMessage.class, name = "delete-message"),
  @JsonSubTypes.Type(value = MailboxCommand.RestoreMessage.class, name = "restore-message"),
  @JsonSubTypes.Type(value = MailboxCommand.PurgeDeleted.class, name = "purge-deleted")
})
public sealed interface MailboxCommand {

  /** When it happened. */
  Instant at();

  /** Create the box. Repeating it with the same values is a no-op; different values are refused. */
  record Provision(String mailboxId, MailboxKind kind, String ownerUserId, String displayName, MailboxSettings settings, Instant at)
      implements MailboxCommand {
    public Provision {
      Objects.requireNonNull(mailboxId, "mailboxId");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(settings, "settings");
      Objects.requireNonNull(at, "at");
    }
  }

  /** Replace the recording and capacity settings. */
  record ChangeSettings(MailboxSettings settings, Instant at) implements MailboxCommand {
    public ChangeSettings {
      Objects.requireNonNull(settings, "settings");
      Objects.requireNonNull(at, "at");
    }
  }

  /** Use a greeting the owner recorded at {@code filePath}. */
  record RecordGreeting(String filePath, Instant at) implements MailboxCommand {
    public RecordGreeting {
      Objects.requireNonNull(at, "at");
    }
  }

  /** Go back to the system default greeting. */
  record UseDefaultGreeting(Instant at) implements MailboxCommand {
    public UseDefaultGreeting {
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * A caller's recording ended and is on disk. Stored as a new message, or discarded (too short,
   * or the box filled up meanwhile) with the file named for clean-up. A repeated message id is a
   * no-op (FreeSWITCH's RECORD_STOP can be delivered twice).
   */
  record DepositMessage(
      String messageId, String callerNumber, String callerName, Duration duration, String filePath, Instant at)
      implements MailboxCommand {
    public DepositMessage {
      Objects.requireNonNull(messageId, "messageId");
      Objects.requireNonNull(duration, "duration");
      Objects.requireNonNull(at, "at");
      callerNumber = callerNumber == null || callerNumber.isBlank() ? "anonymous" : callerNumber;
    }
  }

  /** The owner listened and keeps the message. */
  record SaveMessage(String messageId, Instant at) implements MailboxCommand {}

  /** The owner marks a message as not listened to. */
  record MarkNew(String messageId, Instant at) implements MailboxCommand {}

  /** The owner deletes a message; it stays restorable until purged. */
  record DeleteMessage(String messageId, Instant at) implements MailboxCommand {}

  /** The owner restores a deleted message; it comes back as saved. */
  record RestoreMessage(String messageId, Instant at) implements MailboxCommand {}

  /** Remove deleted messages for good; the event lists their files for deletion. */
  record PurgeDeleted(Instant at) implements MailboxCommand {}
}
