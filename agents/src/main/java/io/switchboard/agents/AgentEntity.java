package io.switchboard.agents;

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
 * The Agent entity: one per agent id, placed by Cluster Sharding, event-sourced over the pure rules
 * of {@link Agent}.
 *
 * <p>Registered once per ActorSystem by {@link #init}; messages reach it through
 * {@code ClusterSharding.entityRefFor(ENTITY_KEY, agentId)}. Like every Pekko actor it handles one
 * message at a time.
 */
public final class AgentEntity
    extends EventSourcedBehaviorWithEnforcedReplies<AgentEntity.Command, Agent.Event, Agent.State> {

  /** Sharding key of the entity type; its name is also the persistence id prefix. */
  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Agent");

  /** Messages the entity accepts. */
  public sealed interface Command extends CborSerializable permits Submit, GetState {}

  /**
   * Apply a domain command; the reply is the new state, or an error naming why it was rejected
   * (nothing changed then).
   */
  public record Submit(Agent.Command command, ActorRef<StatusReply<Agent.State>> replyTo) implements Command {}

  /** Read the current state. */
  public record GetState(ActorRef<Agent.State> replyTo) implements Command {}

  private final String agentId;

  private AgentEntity(String agentId) {
    super(PersistenceId.of(ENTITY_KEY.name(), agentId), EntityPersistence.restartWithBackoff());
    this.agentId = agentId;
  }

  /** Registers the entity type with Cluster Sharding on this node. */
  public static void init(ActorSystem<?> system) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY, context -> create(context.getEntityId())));
  }

  /** The behavior of the agent {@code agentId}. */
  public static Behavior<Command> create(String agentId) {
    return new AgentEntity(agentId);
  }

  @Override
  public Agent.State emptyState() {
    return Agent.initial(agentId);
  }

  @Override
  public CommandHandlerWithReply<Command, Agent.Event, Agent.State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Submit.class, this::onSubmit)
        .onCommand(GetState.class, (state, get) -> Effect().reply(get.replyTo(), state))
        .build();
  }

  private ReplyEffect<Agent.Event, Agent.State> onSubmit(Agent.State state, Submit submit) {
    Decision<Agent.Event> decision = Agent.decide(state, submit.command());
    if (decision instanceof Decision.Rejected<Agent.Event> rejected) {
      return Effect().reply(submit.replyTo(), StatusReply.error(rejected.reason()));
    }
    var events = ((Decision.Accepted<Agent.Event>) decision).events();
    if (events.isEmpty()) {
      return Effect().reply(submit.replyTo(), StatusReply.success(state));
    }
    return Effect().persist(events).thenReply(submit.replyTo(), StatusReply::success);
  }

  @Override
  public EventHandler<Agent.State, Agent.Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(Agent::evolve);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return EntityPersistence.retention();
  }
}
