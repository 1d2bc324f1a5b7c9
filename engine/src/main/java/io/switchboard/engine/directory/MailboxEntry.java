package io.switchboard.engine.directory;

import java.util.Objects;

/**
 * A voicemail box as the directory knows it; its contents live in the Mailbox entity.
 *
 * @param ownerUserId the user of a {@link MailboxKind#USER} box, {@code null} for a shared one
 */
public record MailboxEntry(String id, MailboxKind kind, String ownerUserId, String displayName) {

  public MailboxEntry {
    Ids.require("mailbox", id);
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(displayName, "displayName");
    if ((kind == MailboxKind.USER) != (ownerUserId != null)) {
      throw new IllegalArgumentException("mailbox " + id + ": a user box has an owner, a shared box has none");
    }
  }
}
