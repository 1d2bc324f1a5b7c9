package io.switchboard.engine.flows;

import io.switchboard.persistence.CborSerializable;
import io.switchboard.persistence.Decision;
import io.switchboard.persistence.EntityPersistence;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.apache.pekko.Done;
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
 * The FlowCatalog entity: the one journal of every flow version deployed (entity id {@value #ID}),
 * event-sourced over {@link FlowCatalogDomain}. The per-node {@link FlowCatalog} deploys through it
 * and reads its state (published after every change and after recovery through the {@link
 * Listener} given to {@link #init}).
 *
 * <p>Reached through {@link #ref}. Handles one message at a time.
 */
public final class FlowCatalogEntity extends EventSourcedBehaviorWithEnforcedReplies<
    FlowCatalogEntity.Command, FlowCatalogDomain.Event, FlowCatalogDomain.State> {

  /** Sharding key of the entity type; its name is also the persistence id prefix. */
  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "FlowCatalog");

  /** The id of the one catalog. */
  public static final String ID = "catalog";

  /** Told after every persisted change and after recovery; thread-safe, never blocks. */
  @FunctionalInterface
  public interface Listener {
    /** @param revision the entity's sequence number: orders the states */
    void changed(FlowCatalogDomain.State state, long revision);
  }

  /** Messages the entity accepts. */
  public sealed interface Command extends CborSerializable permits Deploy, Retire, Get {}

  /** Make a compiled version current; replied once journaled. */
  public record Deploy(String flowId, String version, String file, String source, Instant at,
      ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /** The flow left the directory. */
  public record Retire(String flowId, Instant at, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /** Read the catalog, with the entity's revision. */
  public record Get(ActorRef<FlowCatalog.Published> replyTo) implements Command {}

  private final ActorContext<Command> context;
  private final Listener listener;

  private FlowCatalogEntity(ActorContext<Command> context, String entityId, Listener listener) {
    super(PersistenceId.of(ENTITY_KEY.name(), entityId), EntityPersistence.restartWithBackoff());
    this.context = context;
    this.listener = listener;
  }

  /** Registers the entity type with Cluster Sharding on this node. */
  public static void init(ActorSystem<?> system, Listener listener) {
    Objects.requireNonNull(listener, "listener");
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY, context -> create(context.getEntityId(), listener)));
  }

  /** The catalog entity, through sharding. */
  public static EntityRef<Command> ref(ClusterSharding sharding) {
    return sharding.entityRefFor(ENTITY_KEY, ID);
  }

  /** The behavior of the catalog (entity id {@code entityId}, normally {@value #ID}). */
  public static Behavior<Command> create(String entityId, Listener listener) {
    return Behaviors.setup(context -> new FlowCatalogEntity(context, entityId, listener));
  }

  @Override
  public FlowCatalogDomain.State emptyState() {
    return FlowCatalogDomain.State.EMPTY;
  }

  @Override
  public CommandHandlerWithReply<Command, FlowCatalogDomain.Event, FlowCatalogDomain.State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Deploy.class, (state, c) -> apply(state,
            new FlowCatalogDomain.Deploy(c.flowId(), c.version(), c.file(), c.source(), c.at()), c.replyTo()))
        .onCommand(Retire.class, (state, c) -> apply(state, new FlowCatalogDomain.Retire(c.flowId(), c.at()), c.replyTo()))
        .onCommand(Get.class, (state, c) ->
            Effect().reply(c.replyTo(), new FlowCatalog.Published(lastSequenceNumber(context), state)))
        .build();
  }

  private ReplyEffect<FlowCatalogDomain.Event, FlowCatalogDomain.State> apply(
      FlowCatalogDomain.State state, FlowCatalogDomain.Command command, ActorRef<StatusReply<Done>> replyTo) {
    Decision<FlowCatalogDomain.Event> decision = FlowCatalogDomain.decide(state, command);
    if (decision instanceof Decision.Rejected<FlowCatalogDomain.Event> rejected) {
      return Effect().reply(replyTo, StatusReply.error(rejected.reason()));
    }
    List<FlowCatalogDomain.Event> events = ((Decision.Accepted<FlowCatalogDomain.Event>) decision).events();
    if (events.isEmpty()) {
      return Effect().reply(replyTo, StatusReply.success(Done.done()));
    }
    return Effect().persist(events)
        .thenRun(after -> {
          events.forEach(e -> context.getLog().info("Flow catalog: {}", describe(e)));
          listener.changed(after, lastSequenceNumber(context));
        })
        .thenReply(replyTo, after -> StatusReply.success(Done.done()));
  }

  private static String describe(FlowCatalogDomain.Event event) {
    if (event instanceof FlowCatalogDomain.VersionDeployed e) {
      return "flow " + e.flowId() + " version " + e.version() + " deployed from " + e.file()
          + (e.previousVersion() == null ? "" : " (was " + e.previousVersion() + ")");
    }
    if (event instanceof FlowCatalogDomain.VersionReactivated e) {
      return "flow " + e.flowId() + " back to version " + e.version() + " (was " + e.previousVersion() + ")";
    }
    FlowCatalogDomain.FlowRetired e = (FlowCatalogDomain.FlowRetired) event;
    return "flow " + e.flowId() + " retired (its last version was " + e.previousVersion() + ")";
  }

  @Override
  public SignalHandler<FlowCatalogDomain.State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.class, (state, signal) -> listener.changed(state, lastSequenceNumber(context)))
        .build();
  }

  @Override
  public EventHandler<FlowCatalogDomain.State, FlowCatalogDomain.Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(FlowCatalogDomain::evolve);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return EntityPersistence.retention();
  }
}
