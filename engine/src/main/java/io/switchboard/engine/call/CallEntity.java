package io.switchboard.engine.call;

import io.switchboard.persistence.CborSerializable;
import io.switchboard.persistence.Decision;
import io.switchboard.persistence.EntityPersistence;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
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
 * The Call entity: one per journey (call id), placed by Cluster Sharding, event-sourced over the
 * pure rules of {@link Call}.
 *
 * <p>Registered once per ActorSystem by {@link #init}; messages reach it through
 * {@code ClusterSharding.entityRefFor(ENTITY_KEY, callId)}. Like every Pekko actor it handles one
 * message at a time.
 */
public final class CallEntity
    extends EventSourcedBehaviorWithEnforcedReplies<CallEntity.Command, Call.Event, Call.State> {

  /** Sharding key of the entity type; its name is also the persistence id prefix. */
  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Call");

  /** Messages the entity accepts. */
  public sealed interface Command extends CborSerializable permits Submit, GetState {}

  /**
   * Apply a domain command; the reply is the new state, or an error naming why it was rejected
   * (nothing changed then). A duplicate or stale input replies the unchanged state.
   */
  public record Submit(Call.Command command, ActorRef<StatusReply<Call.State>> replyTo) implements Command {}

  /** Read the current state. */
  public record GetState(ActorRef<Call.State> replyTo) implements Command {}

  /** MDC key of the call id; the engine's log pattern prints it. */
  public static final String MDC_CALL_ID = "callId";

  private final String callId;

  private CallEntity(String callId) {
    super(PersistenceId.of(ENTITY_KEY.name(), callId), EntityPersistence.restartWithBackoff());
    this.callId = callId;
  }

  /** Registers the entity type with Cluster Sharding on this node. */
  public static void init(ActorSystem<?> system) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY, context -> create(context.getEntityId())));
  }

  /** The behavior of the call {@code callId}; its log lines carry the call id (MDC {@code callId}). */
  public static Behavior<Command> create(String callId) {
    return Behaviors.withMdc(Command.class, Map.of(MDC_CALL_ID, callId), new CallEntity(callId));
  }

  @Override
  public Call.State emptyState() {
    return Call.initial(callId);
  }

  @Override
  public CommandHandlerWithReply<Command, Call.Event, Call.State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Submit.class, this::onSubmit)
        .onCommand(GetState.class, (state, get) -> Effect().reply(get.replyTo(), state))
        .build();
  }

  private ReplyEffect<Call.Event, Call.State> onSubmit(Call.State state, Submit submit) {
    Decision<Call.Event> decision = Call.decide(state, submit.command());
    if (decision instanceof Decision.Rejected<Call.Event> rejected) {
      return Effect().reply(submit.replyTo(), StatusReply.error(rejected.reason()));
    }
    var events = ((Decision.Accepted<Call.Event>) decision).events();
    if (events.isEmpty()) {
      return Effect().reply(submit.replyTo(), StatusReply.success(state));
    }
    return Effect().persist(events).thenReply(submit.replyTo(), StatusReply::success);
  }

  @Override
  public EventHandler<Call.State, Call.Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(Call::evolve);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return EntityPersistence.retention();
  }
}
