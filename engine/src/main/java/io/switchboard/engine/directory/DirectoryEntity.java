package io.switchboard.engine.directory;

import io.switchboard.persistence.CborSerializable;
import io.switchboard.persistence.EntityPersistence;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * The Directory entity: the organisation's one directory (entity id {@value #ID}), event-sourced
 * over {@link DirectoryDomain}. Changes arrive as batches of {@link DirectoryCommand}s ({@link
 * Apply}, all or nothing) or as a whole target directory ({@link Reconcile}: the entity journals
 * only the differences, computed by {@link DirectoryDiff} against its own state, so concurrent
 * reloads from several nodes cannot interleave).
 *
 * <p>After every persisted change, and after recovery, the {@link DirectoryListener} given to
 * {@link #init} is told (the engine publishes the state to every node's {@link DirectoryView}).
 * Reached through {@link #ref}. Handles one message at a time.
 */
public final class DirectoryEntity
    extends EventSourcedBehaviorWithEnforcedReplies<DirectoryEntity.Command, DirectoryEvent, DirectoryState> {

  /** Sharding key of the entity type; its name is also the persistence id prefix. */
  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Directory");

  /** The id of the one directory. */
  public static final String ID = "directory";

  /** Messages the entity accepts. */
  public sealed interface Command extends CborSerializable permits Apply, Reconcile, Get {}

  /**
   * Apply commands in order, all or nothing: the reply is the new directory, or an error listing
   * every refused command with its problems (then nothing changed).
   */
  public record Apply(List<DirectoryCommand> commands, ActorRef<StatusReply<DirectoryState>> replyTo) implements Command {
    public Apply {
      commands = List.copyOf(commands);
    }
  }

  /**
   * Make the directory equal to {@code target} (a directory file's), journaling only the changes.
   * The reply says what changed; an error (nothing changed) only if the domain refuses a step.
   */
  public record Reconcile(DirectoryState target, ActorRef<StatusReply<Reconciled>> replyTo) implements Command {}

  /** Read the directory, with the entity's revision. */
  public record Get(ActorRef<DirectoryView.Published> replyTo) implements Command {}

  /**
   * The outcome of a {@link Reconcile}.
   *
   * @param changes the commands that were applied, in order (empty: nothing changed)
   * @param state the directory now
   * @param revision the entity's sequence number now (see {@link DirectoryView.Published})
   */
  public record Reconciled(List<DirectoryCommand> changes, DirectoryState state, long revision) implements CborSerializable {
    public Reconciled {
      changes = List.copyOf(changes);
    }
  }

  private final ActorContext<Command> context;
  private final DirectoryListener listener;

  private DirectoryEntity(ActorContext<Command> context, String entityId, DirectoryListener listener) {
    super(PersistenceId.of(ENTITY_KEY.name(), entityId), EntityPersistence.restartWithBackoff());
    this.context = context;
    this.listener = listener;
  }

  /** Registers the entity type with Cluster Sharding on this node. */
  public static void init(ActorSystem<?> system, DirectoryListener listener) {
    Objects.requireNonNull(listener, "listener");
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY, context -> create(context.getEntityId(), listener)));
  }

  /** The directory entity, through sharding. */
  public static EntityRef<Command> ref(ClusterSharding sharding) {
    return sharding.entityRefFor(ENTITY_KEY, ID);
  }

  /** The behavior of the directory (entity id {@code entityId}, normally {@value #ID}). */
  public static Behavior<Command> create(String entityId, DirectoryListener listener) {
    return Behaviors.setup(context -> new DirectoryEntity(context, entityId, listener));
  }

  @Override
  public DirectoryState emptyState() {
    return DirectoryState.EMPTY;
  }

  @Override
  public CommandHandlerWithReply<Command, DirectoryEvent, DirectoryState> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Apply.class, this::onApply)
        .onCommand(Reconcile.class, this::onReconcile)
        .onCommand(Get.class, (state, get) ->
            Effect().reply(get.replyTo(), new DirectoryView.Published(lastSequenceNumber(context), state)))
        .build();
  }

  private ReplyEffect<DirectoryEvent, DirectoryState> onApply(DirectoryState state, Apply apply) {
    List<String> refusals = new ArrayList<>();
    List<DirectoryEvent> events = decideAll(state, apply.commands(), refusals);
    if (!refusals.isEmpty()) {
      return Effect().reply(apply.replyTo(), StatusReply.error(String.join("; ", refusals)));
    }
    if (events.isEmpty()) {
      return Effect().reply(apply.replyTo(), StatusReply.success(state));
    }
    return Effect().persist(events).thenRun(after -> changed(events, after)).thenReply(apply.replyTo(), StatusReply::success);
  }

  private ReplyEffect<DirectoryEvent, DirectoryState> onReconcile(DirectoryState state, Reconcile reconcile) {
    List<DirectoryCommand> changes = DirectoryDiff.between(state, reconcile.target());
    List<String> refusals = new ArrayList<>();
    List<DirectoryEvent> events = decideAll(state, changes, refusals);
    if (!refusals.isEmpty()) {
      context.getLog().error("Directory reconciliation refused, directory unchanged: {}", String.join("; ", refusals));
      return Effect().reply(reconcile.replyTo(), StatusReply.error(
          "the directory cannot be changed into the loaded one: " + String.join("; ", refusals)));
    }
    if (events.isEmpty()) {
      return Effect().reply(reconcile.replyTo(), StatusReply.success(new Reconciled(List.of(), state, lastSequenceNumber(context))));
    }
    context.getLog().info("Directory: applying {} change(s) ({} event(s))", changes.size(), events.size());
    return Effect().persist(events).thenRun(after -> changed(events, after))
        .thenReply(reconcile.replyTo(), after -> StatusReply.success(new Reconciled(changes, after, lastSequenceNumber(context))));
  }

  private static List<DirectoryEvent> decideAll(DirectoryState state, List<DirectoryCommand> commands, List<String> refusals) {
    List<DirectoryEvent> events = new ArrayList<>();
    DirectoryState working = state;
    for (int i = 0; i < commands.size(); i++) {
      DirectoryDecision decision = DirectoryDomain.decide(working, commands.get(i));
      if (!decision.accepted()) {
        refusals.add("command " + (i + 1) + " (" + commands.get(i).getClass().getSimpleName() + "): "
            + decision.problemSummary());
        continue;
      }
      working = DirectoryDomain.evolveAll(working, decision.events());
      events.addAll(decision.events());
    }
    return events;
  }

  private void changed(List<DirectoryEvent> events, DirectoryState state) {
    listener.changed(events, state, lastSequenceNumber(context));
  }

  @Override
  public SignalHandler<DirectoryState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.class, (state, signal) -> changed(List.of(), state))
        .build();
  }

  @Override
  public EventHandler<DirectoryState, DirectoryEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(DirectoryDomain::evolve);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return EntityPersistence.retention();
  }
}
