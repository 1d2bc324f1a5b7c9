package io.switchboard.engine.queue;

import io.switchboard.persistence.CborSerializable;
import io.switchboard.persistence.Decision;
import io.switchboard.persistence.EntityPersistence;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The Queue entity: one per call queue (queue id), placed by Cluster Sharding, event-sourced over
 * the pure rules of {@link Queue}.
 *
 * <p>Registered once per ActorSystem by {@link #init}; messages reach it through
 * {@code ClusterSharding.entityRefFor(ENTITY_KEY, queueId)}. Like every Pekko actor it handles one
 * message at a time.
 */
public final class QueueEntity
    extends EventSourcedBehaviorWithEnforcedReplies<QueueEntity.Command, Queue.Event, Queue.State> {

  /** Sharding key of the entity type; its name is also the persistence id prefix. */
  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Queue");

  /** Messages the entity accepts. */
  public sealed interface Command extends CborSerializable permits Submit, GetState {}

  /**
   * Apply a domain command; the reply is the new state, or an error naming why it was rejected
   * (nothing changed then). A duplicate or stale input replies the unchanged state.
   */
  public record Submit(Queue.Command command, ActorRef<StatusReply<Queue.State>> replyTo) implements Command {}

  /** Read the current state. */
  public record GetState(ActorRef<Queue.State> replyTo) implements Command {}

  private final String queueId;

  private QueueEntity(String queueId) {
    super(PersistenceId.of(ENTITY_KEY.name(), queueId), EntityPersistence.restartWithBackoff());
    this.queueId = queueId;
  }

  /** Registers the entity type with Cluster Sharding on this node. */
  public static void init(ActorSystem<?> system) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY, context -> create(context.getEntityId())));
  }

  /** The behavior of the queue {@code queueId}. */
  public static Behavior<Command> create(String queueId) {
    return new QueueEntity(queueId);
  }

  @Override
  public Queue.State emptyState() {
    return Queue.initial(queueId);
  }

  @Override
  public CommandHandlerWithReply<Command, Queue.Event, Queue.State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Submit.class, this::onSubmit)
        .onCommand(GetState.class, (state, get) -> Effect().reply(get.replyTo(), state))
        .build();
  }

  private ReplyEffect<Queue.Event, Queue.State> onSubmit(Queue.State state, Submit submit) {
    Decision<Queue.Event> decision = Queue.decide(state, submit.command());
    if (decision instanceof Decision.Rejected<Queue.Event> rejected) {
      return Effect().reply(submit.replyTo(), StatusReply.error(rejected.reason()));
    }
    var events = ((Decision.Accepted<Queue.Event>) decision).events();
    if (events.isEmpty()) {
      return Effect().reply(submit.replyTo(), StatusReply.success(state));
    }
    return Effect().persist(events).thenReply(submit.replyTo(), StatusReply::success);
  }

  @Override
  public EventHandler<Queue.State, Queue.Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(Queue::evolve);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return EntityPersistence.retention();
  }
}
