package io.switchboard.engine.call.internal;

import io.switchboard.engine.call.CallLookups;
import io.switchboard.engine.call.CallPeers;
import io.switchboard.engine.call.CallSettings;
import io.switchboard.engine.call.Route;
import io.switchboard.engine.directory.DialResolver;
import io.switchboard.engine.directory.DirectoryState;
import io.switchboard.engine.directory.Target;
import io.switchboard.engine.directory.User;
import io.switchboard.engine.queue.routing.QueuePolicy;
import io.switchboard.flows.CompiledFlow;
import io.switchboard.flows.directory.Directory;
import io.switchboard.flows.directory.DirectoryUser;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The live answers of {@link CallLookups}: the directory read model, the queue policies and the
 * flow catalog of {@link CallPeers}, read once per decision ({@link CallPeers#directory()} is
 * taken when created, so one decision sees one directory). Created by the Call entity for each
 * input; not shared between threads.
 */
public final class PeerLookups implements CallLookups {

  private final CallPeers peers;
  private final CallSettings settings;
  private final DirectoryState directory;

  public PeerLookups(CallPeers peers, CallSettings settings) {
    this.peers = peers;
    this.settings = settings;
    DirectoryState current = peers.directory();
    this.directory = current == null ? DirectoryState.EMPTY : current;
  }

  @Override
  public CallSettings settings() {
    return settings;
  }

  @Override
  public Route resolve(String dialed, String callerUserId, String callerNumber) {
    DialResolver.Caller caller = callerUserId != null
        ? DialResolver.Caller.user(callerUserId)
        : DialResolver.Caller.external(callerNumber);
    try {
      return Route.of(DialResolver.resolve(directory, dialed, caller));
    } catch (IllegalStateException e) {
      // A gateway without any caller id to present: the directory's checks normally prevent it.
      return new Route.Unroutable(e.getMessage());
    }
  }

  @Override
  public Optional<UserInfo> user(String userId) {
    User user = directory.users().get(userId);
    if (user == null) {
      return Optional.empty();
    }
    String mailbox = directory.mailboxes().containsKey(userId) ? userId : null;
    return Optional.of(new UserInfo(user.id(), user.extension(), user.displayName(), user.endpoints(), mailbox));
  }

  @Override
  public Optional<String> userByExtension(String callerNumber) {
    Target target = callerNumber == null ? null : directory.extensions().get(callerNumber);
    return target != null && target.kind() == Target.Kind.USER ? Optional.of(target.id()) : Optional.empty();
  }

  @Override
  public Optional<String> currentFlowVersion(String flowId) {
    return peers.currentFlow(flowId).map(CompiledFlow::version);
  }

  @Override
  public Optional<CompiledFlow> flow(String flowId, String version) {
    return peers.flowVersion(flowId, version);
  }

  @Override
  public Optional<QueueInfo> queue(String queueId) {
    if (!directory.queues().containsKey(queueId)) {
      return Optional.empty();
    }
    Optional<QueuePolicy> policy = peers.queuePolicy(queueId);
    return Optional.of(new QueueInfo(queueId, policy.map(QueuePolicy::greeting).orElse(null),
        policy.map(QueuePolicy::musicOnHold).orElse(null)));
  }

  @Override
  public boolean mailboxExists(String mailboxId) {
    return directory.mailboxes().containsKey(mailboxId);
  }

  @Override
  public Directory flowDirectory() {
    List<User> users = directory.users().values().stream().sorted(Comparator.comparing(User::id)).toList();
    return new Directory() {
      @Override
      public Optional<DirectoryUser> userByExtension(String extension) {
        return users.stream()
            .filter(u -> u.extension() != null && u.extension().equals(extension))
            .findFirst()
            .map(PeerLookups::flowUser);
      }

      @Override
      public List<DirectoryUser> users() {
        return users.stream().filter(User::listedInDirectory).map(PeerLookups::flowUser).toList();
      }
    };
  }

  private static DirectoryUser flowUser(User user) {
    return new DirectoryUser(user.id(), user.extension(), user.displayName());
  }
}
