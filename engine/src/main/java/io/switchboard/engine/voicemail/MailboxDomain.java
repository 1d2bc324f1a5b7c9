package io.switchboard.engine.voicemail;

import io.switchboard.engine.directory.Ids;
import io.switchboard.engine.directory.MailboxKind;
import io.switchboard.engine.voicemail.MailboxCommand.ChangeSettings;
import io.switchboard.engine.voicemail.MailboxCommand.DeleteMessage;
import io.switchboard.engine.voicemail.MailboxCommand.DepositMessage;
import io.switchboard.engine.voicemail.MailboxCommand.MarkNew;
import io.switchboard.engine.voicemail.MailboxCommand.Provision;
import io.switchboard.engine.voicemail.MailboxCommand.PurgeDeleted;
import io.switchboard.engine.voicemail.MailboxCommand.RecordGreeting;
import io.switchboard.engine.voicemail.MailboxCommand.RestoreMessage;
import io.switchboard.engine.voicemail.MailboxCommand.SaveMessage;
import io.switchboard.engine.voicemail.MailboxCommand.UseDefaultGreeting;
import io.switchboard.engine.voicemail.MailboxEvent.DefaultGreetingRestored;
import io.switchboard.engine.voicemail.MailboxEvent.DiscardReason;
import io.switchboard.engine.voicemail.MailboxEvent.GreetingRecorded;
import io.switchboard.engine.voicemail.MailboxEvent.MailboxProvisioned;
import io.switchboard.engine.voicemail.MailboxEvent.MessageDeleted;
import io.switchboard.engine.voicemail.MailboxEvent.MessageDeposited;
import io.switchboard.engine.voicemail.MailboxEvent.MessageMarkedNew;
import io.switchboard.engine.voicemail.MailboxEvent.MessageRestored;
import io.switchboard.engine.voicemail.MailboxEvent.MessageSaved;
import io.switchboard.engine.voicemail.MailboxEvent.MessageWaitingChanged;
import io.switchboard.engine.voicemail.MailboxEvent.MessagesPurged;
import io.switchboard.engine.voicemail.MailboxEvent.RecordingDiscarded;
import io.switchboard.engine.voicemail.MailboxEvent.SettingsChanged;
import io.switchboard.engine.voicemail.VoicemailMessage.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rules of one voicemail box as pure functions, {@code decide(state, command) -> decision} and
 * {@code evolve(state, event) -> state}, for a thin Mailbox entity adapter.
 *
 * <p>Rules: a box must be provisioned before use; a deposited recording shorter than the minimum
 * length or arriving when the box is full is discarded (journaled with its file, so the engine
 * deletes it); a repeated deposit is a no-op; messages go new → saved (listened), either → deleted,
 * deleted → saved (restore) until purged; every change of the number of new messages emits {@link
 * MessageWaitingChanged}. Refusals (unknown message, invalid path, wrong state) name the value and
 * the fix and change nothing.
 *
 * <p>Stateless and thread-safe; never reads a clock.
 */
public final class MailboxDomain {

  private MailboxDomain() {}

  /** What {@code command} does to {@code state}. */
  public static MailboxDecision decide(MailboxState state, MailboxCommand command) {
    if (command instanceof Provision c) {
      return provision(state, c);
    }
    if (!state.provisioned()) {
      return MailboxDecision.refuse("mailboxId", "mailbox " + state.mailboxId() + " is not provisioned; provision it first");
    }
    if (command instanceof ChangeSettings c) {
      return c.settings().equals(state.settings())
          ? MailboxDecision.accept(List.of())
          : MailboxDecision.accept(List.of(new SettingsChanged(c.settings(), c.at())));
    }
    if (command instanceof RecordGreeting c) {
      try {
        Greeting.recorded(c.filePath());
      } catch (IllegalArgumentException | NullPointerException e) {
        return MailboxDecision.refuse("filePath", "greeting " + e.getMessage());
      }
      return MailboxDecision.accept(List.of(new GreetingRecorded(c.filePath(), c.at())));
    }
    if (command instanceof UseDefaultGreeting c) {
      return state.greeting().systemDefault()
          ? MailboxDecision.accept(List.of())
          : MailboxDecision.accept(List.of(new DefaultGreetingRestored(c.at())));
    }
    if (command instanceof DepositMessage c) {
      return deposit(state, c);
    }
    if (command instanceof SaveMessage c) {
      return transition(state, c.messageId(), Status.NEW, Status.SAVED, new MessageSaved(c.messageId(), c.at()), "save");
    }
    if (command instanceof MarkNew c) {
      return transition(state, c.messageId(), Status.SAVED, Status.NEW, new MessageMarkedNew(c.messageId(), c.at()), "mark as new");
    }
    if (command instanceof DeleteMessage c) {
      VoicemailMessage message = state.messages().get(c.messageId());
      if (message == null) {
        return unknown(state, c.messageId());
      }
      if (message.status() == Status.DELETED) {
        return MailboxDecision.accept(List.of());
      }
      return withIndicator(state, List.of(new MessageDeleted(c.messageId(), c.at())));
    }
    if (command instanceof RestoreMessage c) {
      return transition(state, c.messageId(), Status.DELETED, Status.SAVED, new MessageRestored(c.messageId(), c.at()), "restore");
    }
    if (command instanceof PurgeDeleted c) {
      List<VoicemailMessage> deleted = state.messagesIn(Status.DELETED);
      if (deleted.isEmpty()) {
        return MailboxDecision.accept(List.of());
      }
      return MailboxDecision.accept(
          List.of(
              new MessagesPurged(
                  deleted.stream().map(VoicemailMessage::messageId).toList(),
                  deleted.stream().map(VoicemailMessage::filePath).toList(),
                  c.at())));
    }
    throw new IllegalStateException("unhandled mailbox command " + command.getClass().getName());
  }

  private static MailboxDecision provision(MailboxState state, Provision c) {
    if (!c.mailboxId().equals(state.mailboxId())) {
      return MailboxDecision.refuse("mailboxId", "command for mailbox " + c.mailboxId() + " sent to mailbox " + state.mailboxId());
    }
    if (c.kind() == MailboxKind.USER && (c.ownerUserId() == null || !Ids.isValid(c.ownerUserId()))) {
      return MailboxDecision.refuse("ownerUserId", "a user mailbox needs its owner's user id");
    }
    if (c.kind() == MailboxKind.SHARED && c.ownerUserId() != null) {
      return MailboxDecision.refuse("ownerUserId", "a shared mailbox has no owner; remove ownerUserId " + c.ownerUserId());
    }
    if (state.provisioned()) {
      boolean same =
          state.kind() == c.kind()
              && Objects.equals(state.ownerUserId(), c.ownerUserId())
              && Objects.equals(state.displayName(), c.displayName())
              && state.settings().equals(c.settings());
      return same
          ? MailboxDecision.accept(List.of())
          : MailboxDecision.refuse("mailboxId", "mailbox " + state.mailboxId() + " already exists; change its settings instead");
    }
    return MailboxDecision.accept(
        List.of(new MailboxProvisioned(c.mailboxId(), c.kind(), c.ownerUserId(), c.displayName(), c.settings(), c.at())));
  }

  private static MailboxDecision deposit(MailboxState state, DepositMessage c) {
    if (!Ids.isValid(c.messageId())) {
      return MailboxDecision.refuse("messageId", Ids.problem("message", c.messageId()));
    }
    if (state.messages().containsKey(c.messageId())) {
      return MailboxDecision.accept(List.of());
    }
    try {
      VoicemailStorage.checkPath(c.filePath());
    } catch (IllegalArgumentException e) {
      return MailboxDecision.refuse("filePath", "recording " + e.getMessage());
    }
    if (c.duration().isNegative()) {
      return MailboxDecision.refuse("duration", "recording duration " + c.duration() + " is negative");
    }
    if (c.duration().compareTo(state.settings().minMessageLength()) < 0) {
      return MailboxDecision.accept(
          List.of(new RecordingDiscarded(c.messageId(), c.filePath(), c.duration(), DiscardReason.TOO_SHORT, c.at())));
    }
    if (state.refusalReason() != null) {
      return MailboxDecision.accept(
          List.of(new RecordingDiscarded(c.messageId(), c.filePath(), c.duration(), DiscardReason.MAILBOX_FULL, c.at())));
    }
    VoicemailMessage message =
        new VoicemailMessage(c.messageId(), c.callerNumber(), c.callerName(), c.at(), c.duration(), c.filePath(), Status.NEW, c.at());
    return withIndicator(state, List.of(new MessageDeposited(message, c.at())));
  }

  private static MailboxDecision transition(
      MailboxState state, String messageId, Status from, Status to, MailboxEvent event, String verb) {
    VoicemailMessage message = state.messages().get(messageId);
    if (message == null) {
      return unknown(state, messageId);
    }
    if (message.status() == to) {
      return MailboxDecision.accept(List.of());
    }
    if (message.status() != from) {
      return MailboxDecision.refuse(
          "messageId",
          "cannot " + verb + " message " + messageId + ": it is " + message.status().name().toLowerCase(java.util.Locale.ROOT)
              + ", not " + from.name().toLowerCase(java.util.Locale.ROOT));
    }
    return withIndicator(state, List.of(event));
  }

  private static MailboxDecision unknown(MailboxState state, String messageId) {
    return MailboxDecision.refuse("messageId", "mailbox " + state.mailboxId() + " has no message " + messageId);
  }

  /** Appends {@link MessageWaitingChanged} when the events change the number of new messages. */
  private static MailboxDecision withIndicator(MailboxState state, List<MailboxEvent> events) {
    MailboxState after = state;
    for (MailboxEvent event : events) {
      after = evolve(after, event);
    }
    List<MailboxEvent> all = new ArrayList<>(events);
    if (after.newCount() != state.newCount()) {
      MailboxEvent last = events.get(events.size() - 1);
      all.add(new MessageWaitingChanged(state.mailboxId(), after.newCount(), after.savedCount(), after.newCount() > 0, last.at()));
    }
    return MailboxDecision.accept(all);
  }

  /** The state after {@code event}. */
  public static MailboxState evolve(MailboxState state, MailboxEvent event) {
    if (event instanceof MailboxProvisioned e) {
      return new MailboxState(e.mailboxId(), true, e.kind(), e.ownerUserId(), e.displayName(), e.settings(), Greeting.DEFAULT, Map.of());
    }
    if (event instanceof SettingsChanged e) {
      return state.withSettings(e.settings());
    }
    if (event instanceof GreetingRecorded e) {
      return state.withGreeting(Greeting.recorded(e.filePath()));
    }
    if (event instanceof DefaultGreetingRestored) {
      return state.withGreeting(Greeting.DEFAULT);
    }
    if (event instanceof MessageDeposited e) {
      Map<String, VoicemailMessage> messages = new HashMap<>(state.messages());
      messages.put(e.message().messageId(), e.message());
      return state.withMessages(messages);
    }
    if (event instanceof RecordingDiscarded || event instanceof MessageWaitingChanged) {
      return state;
    }
    if (event instanceof MessageSaved e) {
      return setStatus(state, e.messageId(), Status.SAVED, e.at());
    }
    if (event instanceof MessageMarkedNew e) {
      return setStatus(state, e.messageId(), Status.NEW, e.at());
    }
    if (event instanceof MessageDeleted e) {
      return setStatus(state, e.messageId(), Status.DELETED, e.at());
    }
    if (event instanceof MessageRestored e) {
      return setStatus(state, e.messageId(), Status.SAVED, e.at());
    }
    if (event instanceof MessagesPurged e) {
      Map<String, VoicemailMessage> messages = new HashMap<>(state.messages());
      e.messageIds().forEach(messages::remove);
      return state.withMessages(messages);
    }
    throw new IllegalStateException("unhandled mailbox event " + event.getClass().getName());
  }

  private static MailboxState setStatus(MailboxState state, String messageId, Status status, java.time.Instant at) {
    VoicemailMessage message = state.messages().get(messageId);
    if (message == null) {
      return state;
    }
    Map<String, VoicemailMessage> messages = new HashMap<>(state.messages());
    messages.put(messageId, message.withStatus(status, at));
    return state.withMessages(messages);
  }
}
