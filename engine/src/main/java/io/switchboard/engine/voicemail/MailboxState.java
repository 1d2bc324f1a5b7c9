package io.switchboard.engine.voicemail;

import io.switchboard.engine.directory.Ids;
import io.switchboard.engine.directory.MailboxKind;
import io.switchboard.persistence.CborSerializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A voicemail box: who owns it, how it records, its greeting and its messages. Folded from
 * {@link MailboxEvent}s by {@link MailboxDomain#evolve}; a box that was never provisioned has
 * {@link #provisioned()} false and refuses everything but {@link MailboxCommand.Provision}.
 *
 * <p>Immutable, Jackson-serialisable for snapshots, thread-safe.
 *
 * @param mailboxId the box
 * @param provisioned whether the box exists
 * @param kind user or shared ({@code null} until provisioned)
 * @param ownerUserId the owning user for a user box, {@code null} for a shared box
 * @param displayName spoken/shown name of the box
 * @param settings recording and capacity settings
 * @param greeting what callers hear before the beep
 * @param messages message id to message, including deleted ones until purged
 */
public record MailboxState(
    String mailboxId,
    boolean provisioned,
    MailboxKind kind,
    String ownerUserId,
    String displayName,
    MailboxSettings settings,
    Greeting greeting,
    Map<String, VoicemailMessage> messages)
    implements CborSerializable {

  public MailboxState {
    Ids.require("mailbox", mailboxId);
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(greeting, "greeting");
    messages = messages == null ? Map.of() : Map.copyOf(messages);
  }

  /** The state of a box that does not exist yet. */
  public static MailboxState unprovisioned(String mailboxId) {
    return new MailboxState(mailboxId, false, null, null, null, MailboxSettings.DEFAULT, Greeting.DEFAULT, Map.of());
  }

  /** Messages not listened to yet: what the message-waiting indicator shows. */
  public int newCount() {
    return count(VoicemailMessage.Status.NEW);
  }

  /** Messages kept after listening. */
  public int savedCount() {
    return count(VoicemailMessage.Status.SAVED);
  }

  /** Messages in a given status, oldest first (then by id). */
  public List<VoicemailMessage> messagesIn(VoicemailMessage.Status status) {
    return messages.values().stream()
        .filter(m -> m.status() == status)
        .sorted(java.util.Comparator.comparing(VoicemailMessage::receivedAt).thenComparing(VoicemailMessage::messageId))
        .toList();
  }

  /**
   * Why the box cannot take a message now, or {@code null} when it can. The Call entity asks
   * before recording, so that a full box plays "mailbox full" instead of recording in vain.
   */
  public String refusalReason() {
    if (!provisioned) {
      return "mailbox " + mailboxId + " does not exist";
    }
    int kept = newCount() + savedCount();
    if (kept >= settings.maxMessages()) {
      return "mailbox " + mailboxId + " is full (" + kept + " of " + settings.maxMessages() + " messages); delete some messages";
    }
    return null;
  }

  private int count(VoicemailMessage.Status status) {
    int n = 0;
    for (VoicemailMessage m : messages.values()) {
      if (m.status() == status) {
        n++;
      }
    }
    return n;
  }

  public MailboxState withSettings(MailboxSettings value) {
    return new MailboxState(mailboxId, provisioned, kind, ownerUserId, displayName, value, greeting, messages);
  }

  public MailboxState withGreeting(Greeting value) {
    return new MailboxState(mailboxId, provisioned, kind, ownerUserId, displayName, settings, value, messages);
  }

  public MailboxState withMessages(Map<String, VoicemailMessage> value) {
    return new MailboxState(mailboxId, provisioned, kind, ownerUserId, displayName, settings, greeting, value);
  }
}
