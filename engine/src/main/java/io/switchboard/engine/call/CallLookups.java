package io.switchboard.engine.call;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.switchboard.flows.CompiledFlow;
import io.switchboard.flows.directory.Directory;
import io.switchboard.flows.directory.DirectoryUser;
import io.switchboard.persistence.CborSerializable;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the call's rules look up while deciding: routes, users, queues, mailboxes and flow
 * versions, from the directory and the flow catalog as this node knows them now.
 *
 * <p>Every answer except {@link #flow} (content-addressed, so always the same) is journaled with
 * the decision as an {@link Answer}; a replay answers from the journal instead of today's
 * directory, so it reproduces the decision exactly. The Call entity implements it over
 * {@link CallPeers}; tests use fixed answers. Used by one decision at a time (not shared).
 */
public interface CallLookups {

  /**
   * The engine's call settings, read when a call starts (then journaled in its start, so not an
   * {@link Answer}).
   */
  CallSettings settings();

  /** Where {@code dialed} leads for a caller (a user of the directory, or an outside number). */
  Route resolve(String dialed, String callerUserId, String callerNumber);

  /** A user, with the endpoints their calls ring. */
  Optional<UserInfo> user(String userId);

  /** The user whose extension is {@code callerNumber} (an internal phone calling). */
  Optional<String> userByExtension(String callerNumber);

  /** The version of a flow deployed now. */
  Optional<String> currentFlowVersion(String flowId);

  /** A flow at an exact version (not journaled: a version is the hash of its text). */
  Optional<CompiledFlow> flow(String flowId, String version);

  /** A queue, with what its callers hear. */
  Optional<QueueInfo> queue(String queueId);

  /** Whether a voicemail box exists in the directory. */
  boolean mailboxExists(String mailboxId);

  /** The users a flow sees for dial by extension and dial by name. */
  Directory flowDirectory();

  /**
   * A user as a call needs them.
   *
   * @param extension the extension, or {@code null}
   * @param endpoints FreeSWITCH dial strings, all rung at once
   * @param mailboxId the user's own voicemail box, or {@code null} when they have none
   */
  record UserInfo(String userId, String extension, String displayName, List<String> endpoints, String mailboxId)
      implements CborSerializable {
    public UserInfo {
      Objects.requireNonNull(userId, "userId");
      displayName = displayName == null ? "" : displayName;
      endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }
  }

  /**
   * A queue as a waiting caller hears it.
   *
   * @param greeting the prompt played once on joining, or {@code null}
   * @param musicOnHold the queue's music, or {@code null} for the engine's default
   */
  record QueueInfo(String queueId, String greeting, String musicOnHold) implements CborSerializable {
    public QueueInfo {
      Objects.requireNonNull(queueId, "queueId");
    }
  }

  /** One journaled answer; {@link io.switchboard.engine.call.internal.ReplayLookups} replays them in order. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "lookup")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Resolved.class, name = "route"),
    @JsonSubTypes.Type(value = UserFound.class, name = "user"),
    @JsonSubTypes.Type(value = CallerUser.class, name = "caller-user"),
    @JsonSubTypes.Type(value = FlowVersion.class, name = "flow-version"),
    @JsonSubTypes.Type(value = QueueFound.class, name = "queue"),
    @JsonSubTypes.Type(value = MailboxKnown.class, name = "mailbox"),
    @JsonSubTypes.Type(value = ExtensionUser.class, name = "extension"),
    @JsonSubTypes.Type(value = UsersListed.class, name = "users")
  })
  sealed interface Answer extends CborSerializable {}

  /** {@link #resolve}. */
  record Resolved(String dialed, String callerUserId, String callerNumber, Route route) implements Answer {}

  /** {@link #user}; {@code user} is {@code null} when there is none. */
  record UserFound(String userId, UserInfo user) implements Answer {}

  /** {@link #userByExtension}; {@code userId} is {@code null} when there is none. */
  record CallerUser(String callerNumber, String userId) implements Answer {}

  /** {@link #currentFlowVersion}; {@code version} is {@code null} when the flow is not deployed. */
  record FlowVersion(String flowId, String version) implements Answer {}

  /** {@link #queue}; {@code queue} is {@code null} when there is none. */
  record QueueFound(String queueId, QueueInfo queue) implements Answer {}

  /** {@link #mailboxExists}. */
  record MailboxKnown(String mailboxId, boolean exists) implements Answer {}

  /** {@link Directory#userByExtension} asked by a running flow. */
  record ExtensionUser(String extension, DirectoryUser user) implements Answer {}

  /** {@link Directory#users} asked by a running flow (dial by name). */
  record UsersListed(List<DirectoryUser> users) implements Answer {
    public UsersListed {
      users = List.copyOf(users);
    }
  }
}
