package io.switchboard.engine.queue.routing;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.switchboard.engine.directory.E164;
import io.switchboard.engine.directory.Ids;
import java.util.Objects;

/**
 * Where a call goes when it leaves a queue without an agent: on overflow, on queue timeout, or
 * when no agents are signed in.
 *
 * <p>Values; created from the directory file or an admin command, journaled inside queue events
 * (Jackson type id {@code type}). References (queue, user, mailbox, flow ids) are checked against
 * the directory by the directory file loader; the records only check their syntax.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = QueueAction.ToQueue.class, name = "queue"),
  @JsonSubTypes.Type(value = QueueAction.ToUser.class, name = "user"),
  @JsonSubTypes.Type(value = QueueAction.ToVoicemail.class, name = "voicemail"),
  @JsonSubTypes.Type(value = QueueAction.ToFlow.class, name = "flow"),
  @JsonSubTypes.Type(value = QueueAction.ToOutsideNumber.class, name = "number"),
  @JsonSubTypes.Type(value = QueueAction.Disconnect.class, name = "disconnect")
})
public sealed interface QueueAction {

  /** A short human description, for decisions and logs, e.g. {@code "voicemail box sales"}. */
  String describe();

  /** Transfer the caller to another queue. */
  record ToQueue(String queueId) implements QueueAction {
    public ToQueue {
      Ids.require("queue", queueId);
    }

    @Override
    public String describe() {
      return "queue " + queueId;
    }
  }

  /** Transfer the caller to a user (their endpoints, then their own no-answer handling). */
  record ToUser(String userId) implements QueueAction {
    public ToUser {
      Ids.require("user", userId);
    }

    @Override
    public String describe() {
      return "user " + userId;
    }
  }

  /** Let the caller leave a message in a voicemail box (a user's or a shared one). */
  record ToVoicemail(String mailboxId) implements QueueAction {
    public ToVoicemail {
      Ids.require("mailbox", mailboxId);
    }

    @Override
    public String describe() {
      return "voicemail box " + mailboxId;
    }
  }

  /** Run another flow (auto attendant) for the caller. */
  record ToFlow(String flowId) implements QueueAction {
    public ToFlow {
      Ids.require("flow", flowId);
    }

    @Override
    public String describe() {
      return "flow " + flowId;
    }
  }

  /** Forward the caller to an outside number through the gateways. */
  record ToOutsideNumber(E164 number) implements QueueAction {
    public ToOutsideNumber {
      Objects.requireNonNull(number, "number");
    }

    @Override
    public String describe() {
      return "outside number " + number;
    }
  }

  /**
   * Play a prompt (when given) and hang up.
   *
   * @param prompt a prompt reference resolved by the media layer like flow prompts (an audio file
   *     or a prompt id), or {@code null} to hang up without a prompt
   */
  record Disconnect(String prompt) implements QueueAction {
    public Disconnect {
      if (prompt != null && (prompt.isBlank() || prompt.chars().anyMatch(Character::isISOControl))) {
        throw new IllegalArgumentException(
            "disconnect prompt \"" + prompt + "\" is blank or holds control characters");
      }
    }

    @Override
    public String describe() {
      return prompt == null ? "disconnect" : "disconnect after prompt " + prompt;
    }
  }
}
