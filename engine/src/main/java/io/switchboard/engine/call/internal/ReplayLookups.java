package io.switchboard.engine.call.internal;

import io.switchboard.engine.call.CallLookups;
import io.switchboard.engine.call.CallSettings;
import io.switchboard.engine.call.Route;
import io.switchboard.flows.CompiledFlow;
import io.switchboard.flows.directory.Directory;
import io.switchboard.flows.directory.DirectoryUser;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The lookups of a replayed decision: every question is answered from the journaled answers, in
 * the order they were given, and must be the question that was asked then; flows come from the
 * catalog by exact version. A different question means the rules changed since the call ran:
 * {@link Divergence} says which. Created per replayed event by {@code CallReplay}; not shared.
 */
public final class ReplayLookups implements CallLookups {

  /** The replayed decision asked something the journal does not hold at that point. */
  public static final class Divergence extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Divergence(String message) {
      super(message, null, false, false);
    }
  }

  private final Deque<Answer> answers;
  private final CallSettings settings;
  private final BiFunction<String, String, Optional<CompiledFlow>> flows;

  /**
   * @param answers the event's journaled answers
   * @param settings the settings the call started with (or, for its start, the journaled ones)
   * @param flows the flow catalog: flow id and version to the compiled flow
   */
  public ReplayLookups(List<Answer> answers, CallSettings settings,
      BiFunction<String, String, Optional<CompiledFlow>> flows) {
    this.answers = new ArrayDeque<>(answers);
    this.settings = settings;
    this.flows = flows;
  }

  /** Whether every journaled answer was asked for. */
  public boolean exhausted() {
    return answers.isEmpty();
  }

  @Override
  public CallSettings settings() {
    if (settings == null) {
      throw new Divergence("the replayed decision needs the call settings, but the journal has none here");
    }
    return settings;
  }

  @Override
  public Route resolve(String dialed, String callerUserId, String callerNumber) {
    Resolved answer = next(Resolved.class, "route of " + dialed);
    expect(answer.dialed(), dialed, "dialled digits");
    expect(answer.callerUserId(), callerUserId, "calling user");
    expect(answer.callerNumber(), callerNumber, "caller number");
    return answer.route();
  }

  @Override
  public Optional<UserInfo> user(String userId) {
    UserFound answer = next(UserFound.class, "user " + userId);
    expect(answer.userId(), userId, "user id");
    return Optional.ofNullable(answer.user());
  }

  @Override
  public Optional<String> userByExtension(String callerNumber) {
    CallerUser answer = next(CallerUser.class, "user with extension " + callerNumber);
    expect(answer.callerNumber(), callerNumber, "caller number");
    return Optional.ofNullable(answer.userId());
  }

  @Override
  public Optional<String> currentFlowVersion(String flowId) {
    FlowVersion answer = next(FlowVersion.class, "version of flow " + flowId);
    expect(answer.flowId(), flowId, "flow id");
    return Optional.ofNullable(answer.version());
  }

  @Override
  public Optional<CompiledFlow> flow(String flowId, String version) {
    return flows.apply(flowId, version);
  }

  @Override
  public Optional<QueueInfo> queue(String queueId) {
    QueueFound answer = next(QueueFound.class, "queue " + queueId);
    expect(answer.queueId(), queueId, "queue id");
    return Optional.ofNullable(answer.queue());
  }

  @Override
  public boolean mailboxExists(String mailboxId) {
    MailboxKnown answer = next(MailboxKnown.class, "mailbox " + mailboxId);
    expect(answer.mailboxId(), mailboxId, "mailbox id");
    return answer.exists();
  }

  @Override
  public Directory flowDirectory() {
    return new Directory() {
      @Override
      public Optional<DirectoryUser> userByExtension(String extension) {
        ExtensionUser answer = next(ExtensionUser.class, "user at extension " + extension);
        expect(answer.extension(), extension, "extension");
        return Optional.ofNullable(answer.user());
      }

      @Override
      public List<DirectoryUser> users() {
        return next(UsersListed.class, "the users for dial by name").users();
      }
    };
  }

  private <T extends Answer> T next(Class<T> type, String question) {
    Answer answer = answers.poll();
    if (answer == null) {
      throw new Divergence("the replayed decision asked for " + question + ", but the journal holds no more answers");
    }
    if (!type.isInstance(answer)) {
      throw new Divergence("the replayed decision asked for " + question + ", but the journal answered " + answer);
    }
    return type.cast(answer);
  }

  private static void expect(String journaled, String asked, String what) {
    if (!Objects.equals(journaled, asked)) {
      throw new Divergence("the replayed decision asked with " + what + " " + asked + ", the journal with " + journaled);
    }
  }
}
