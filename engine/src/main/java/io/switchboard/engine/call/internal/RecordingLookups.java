package io.switchboard.engine.call.internal;

import io.switchboard.engine.call.CallLookups;
import io.switchboard.engine.call.CallSettings;
import io.switchboard.engine.call.Route;
import io.switchboard.flows.CompiledFlow;
import io.switchboard.flows.directory.Directory;
import io.switchboard.flows.directory.DirectoryUser;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Wraps the lookups of one decision and keeps every answer, in order, for the journal (the
 * flow's own directory queries included). Created by {@code CallDomain.decide} for each input;
 * not thread-safe (one decision runs on one thread).
 */
public final class RecordingLookups implements CallLookups {

  private final CallLookups delegate;
  private final List<Answer> answers = new ArrayList<>();

  public RecordingLookups(CallLookups delegate) {
    this.delegate = delegate;
  }

  /** The answers given so far, in the order they were asked. */
  public List<Answer> answers() {
    return List.copyOf(answers);
  }

  @Override
  public CallSettings settings() {
    return delegate.settings();
  }

  @Override
  public Route resolve(String dialed, String callerUserId, String callerNumber) {
    Route route = delegate.resolve(dialed, callerUserId, callerNumber);
    answers.add(new Resolved(dialed, callerUserId, callerNumber, route));
    return route;
  }

  @Override
  public Optional<UserInfo> user(String userId) {
    Optional<UserInfo> user = delegate.user(userId);
    answers.add(new UserFound(userId, user.orElse(null)));
    return user;
  }

  @Override
  public Optional<String> userByExtension(String callerNumber) {
    Optional<String> user = delegate.userByExtension(callerNumber);
    answers.add(new CallerUser(callerNumber, user.orElse(null)));
    return user;
  }

  @Override
  public Optional<String> currentFlowVersion(String flowId) {
    Optional<String> version = delegate.currentFlowVersion(flowId);
    answers.add(new FlowVersion(flowId, version.orElse(null)));
    return version;
  }

  @Override
  public Optional<CompiledFlow> flow(String flowId, String version) {
    return delegate.flow(flowId, version);
  }

  @Override
  public Optional<QueueInfo> queue(String queueId) {
    Optional<QueueInfo> queue = delegate.queue(queueId);
    answers.add(new QueueFound(queueId, queue.orElse(null)));
    return queue;
  }

  @Override
  public boolean mailboxExists(String mailboxId) {
    boolean exists = delegate.mailboxExists(mailboxId);
    answers.add(new MailboxKnown(mailboxId, exists));
    return exists;
  }

  @Override
  public Directory flowDirectory() {
    Directory directory = delegate.flowDirectory();
    return new Directory() {
      @Override
      public Optional<DirectoryUser> userByExtension(String extension) {
        Optional<DirectoryUser> user = directory.userByExtension(extension);
        answers.add(new ExtensionUser(extension, user.orElse(null)));
        return user;
      }

      @Override
      public List<DirectoryUser> users() {
        List<DirectoryUser> users = List.copyOf(directory.users());
        answers.add(new UsersListed(users));
        return users;
      }
    };
  }
}
