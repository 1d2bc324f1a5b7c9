package io.switchboard.engine.directory;

import io.switchboard.flows.directory.Directory;
import io.switchboard.flows.directory.DirectoryUser;
import io.switchboard.flows.directory.FlowDirectory;
import io.switchboard.persistence.CborSerializable;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * This node's copy of the directory: the latest {@link DirectoryState} the Directory entity
 * published, read without asking the entity (the Call entity resolves numbers and extensions from
 * it on every call; the HTTP API searches it). Eventually consistent: a change reaches every node a
 * moment after it is journaled.
 *
 * <p>Fed by {@link #subscriber}, an actor subscribed to the directory topic, and directly by the
 * engine on the node that made a change. Keeps the state with the highest revision, so a late
 * message never rolls it back. One per node, created by the engine's wiring; thread-safe (one
 * atomic reference to an immutable state).
 */
public final class DirectoryView {

  /** The name of the pub-sub topic the Directory entity publishes on. */
  public static final String TOPIC = "switchboard-directory";

  /**
   * A directory state as published by the Directory entity.
   *
   * @param revision the entity's sequence number when it was published; orders the states
   */
  public record Published(long revision, DirectoryState state) implements CborSerializable {
    public Published {
      Objects.requireNonNull(state, "state");
    }
  }

  private final AtomicReference<Published> latest = new AtomicReference<>(new Published(-1, DirectoryState.EMPTY));

  /** The directory as this node knows it now. */
  public DirectoryState state() {
    return latest.get().state();
  }

  /** The revision of {@link #state()}; -1 before the first publication. */
  public long revision() {
    return latest.get().revision();
  }

  /** Takes {@code published} unless this node already has a newer state. */
  public void offer(Published published) {
    latest.accumulateAndGet(published, (current, next) -> next.revision() >= current.revision() ? next : current);
  }

  /** An actor that subscribes to {@code topic} and offers every publication to {@code view}. */
  public static Behavior<Published> subscriber(ActorRef<Topic.Command<Published>> topic, DirectoryView view) {
    return Behaviors.setup(context -> {
      topic.tell(Topic.subscribe(context.getSelf()));
      return Behaviors.receiveMessage(published -> {
        view.offer(published);
        return Behaviors.same();
      });
    });
  }

  /**
   * Inventory numbers, ascending, optionally starting with {@code prefix}, matching {@code
   * pattern} and in {@code state} (each {@code null} for any).
   */
  public List<NumberEntry> numbers(String prefix, NumberPattern pattern, NumberState state) {
    DirectoryState directory = state();
    return directory.numbers().values().stream()
        .filter(n -> prefix == null || n.number().value().startsWith(prefix))
        .filter(n -> pattern == null || pattern.matches(n.number()))
        .filter(n -> state == null || n.state() == state)
        .sorted(Comparator.comparing(NumberEntry::number))
        .toList();
  }

  /** Every user, by id. */
  public List<User> users() {
    return state().users().values().stream().sorted(Comparator.comparing(User::id)).toList();
  }

  /** One user. */
  public Optional<User> user(String userId) {
    return Optional.ofNullable(state().users().get(userId));
  }

  /** What flows may refer to, for validating flow files against this directory. */
  public static FlowDirectory flowDirectory(DirectoryState directory) {
    Set<String> queues = Set.copyOf(directory.queues().keySet());
    Set<String> users = Set.copyOf(directory.users().keySet());
    Set<String> extensions = Set.copyOf(directory.extensions().keySet());
    Set<String> flows = Set.copyOf(directory.flows().keySet());
    Set<String> mailboxes = Set.copyOf(directory.mailboxes().keySet());
    return new FlowDirectory() {
      @Override
      public Set<String> queueIds() {
        return queues;
      }

      @Override
      public Set<String> userIds() {
        return users;
      }

      @Override
      public Set<String> extensions() {
        return extensions;
      }

      @Override
      public Set<String> flowIds() {
        return flows;
      }

      @Override
      public Set<String> mailboxIds() {
        return mailboxes;
      }
    };
  }

  /**
   * The directory as a running flow looks users up (dial by extension, dial by name), answered
   * from this view's latest state on every call.
   */
  public Directory flowRuntimeDirectory() {
    return new Directory() {
      @Override
      public Optional<DirectoryUser> userByExtension(String extension) {
        DirectoryState directory = state();
        Target target = directory.extensions().get(extension);
        if (target == null || target.kind() != Target.Kind.USER) {
          return Optional.empty();
        }
        User user = directory.users().get(target.id());
        return user == null ? Optional.empty() : Optional.of(new DirectoryUser(user.id(), user.extension(), user.displayName()));
      }

      @Override
      public List<DirectoryUser> users() {
        return DirectoryView.this.users().stream()
            .filter(User::listedInDirectory)
            .map(u -> new DirectoryUser(u.id(), u.extension(), u.displayName()))
            .toList();
      }
    };
  }
}
