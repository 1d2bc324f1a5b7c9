package io.switchboard.agents;

import io.switchboard.persistence.CborSerializable;
import io.switchboard.persistence.Decision;
import io.switchboard.persistence.EntityPersistence;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
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
 * The Agent entity: one per agent (a user id), placed by Cluster Sharding, event-sourced over the
 * pure rules of {@link Agent}. It is the single lock of the reserve-then-offer protocol: queues ask
 * it to {@link Reserve} itself before offering a call.
 *
 * <p>After every persisted change it reports its status to each of its queues through the {@link
 * AgentStatusListener} given to {@link #init} (only to the queues whose report changed), and after
 * recovery to all of them. One Pekko timer is armed at {@link Agent#nextDeadline} (reservation
 * expiry, end of wrap-up); deadlines are in the journaled state, so recovery re-arms it. Never
 * passivated: routing needs agents in memory.
 *
 * <p>Registered once per ActorSystem by {@link #init}; reached through {@code
 * ClusterSharding.entityRefFor(ENTITY_KEY, agentId)}. Log lines carry the MDC {@code agentId}.
 * Like every actor it handles one message at a time.
 */
public final class AgentEntity
    extends EventSourcedBehaviorWithEnforcedReplies<AgentEntity.Command, Agent.Event, Agent.State> {

  /** Sharding key of the entity type; its name is also the persistence id prefix. */
  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Agent");

  /** MDC key of the agent id. */
  public static final String MDC_AGENT_ID = "agentId";

  private static final String TIMER_KEY = "agent-deadline";

  /** Messages the entity accepts. */
  public sealed interface Command extends CborSerializable
      permits Submit, Deliver, Reserve, ReportStatus, GetState, TimerFired {}

  /**
   * Apply a domain command (presence, opt-in/out, configuration from an admin); the reply is the
   * new state, or an error naming why it was rejected (nothing changed then).
   */
  public record Submit(Agent.Command command, ActorRef<StatusReply<Agent.State>> replyTo) implements Command {}

  /**
   * Apply a domain command sent by another entity (a queue releasing, starting or ending a call,
   * setting the agent away; a call on a direct call). No reply; a rejection is logged.
   */
  public record Deliver(Agent.Command command) implements Command {}

  /**
   * A queue asks the agent to reserve itself for {@code callId}. The reply is {@link Reserved} or
   * {@link Refused} with the reason; both carry the agent's current report for that queue.
   */
  public record Reserve(String callId, String queueId, long requestId, Instant expiresAt, Instant at,
      ActorRef<ReservationReply> replyTo) implements Command {}

  /** A queue (after its own restart) asks for the agent's current report. */
  public record ReportStatus(String queueId) implements Command {}

  /** Read the current state. */
  public record GetState(ActorRef<Agent.State> replyTo) implements Command {}

  /** The entity's own timer: {@code deadline} is due. */
  public record TimerFired(Instant deadline) implements Command {}

  /** The answer to {@link Reserve}. */
  public sealed interface ReservationReply extends CborSerializable permits Reserved, Refused {
    String agentId();

    String callId();

    String queueId();

    /** The request answered, so the queue can tell a late answer from a current one. */
    long requestId();

    /** The agent's report for the asking queue, after the decision. */
    AgentReport report();
  }

  /** The agent is reserved for the call. */
  public record Reserved(String agentId, String callId, String queueId, long requestId, AgentReport report)
      implements ReservationReply {}

  /** The agent refused; {@code reason} says why (on a call, reserved for call X, ...). */
  public record Refused(String agentId, String callId, String queueId, long requestId, String reason, AgentReport report)
      implements ReservationReply {}

  private final String agentId;
  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final AgentStatusListener listener;
  private final Clock clock;
  /** What each queue was last told in this incarnation; empty after a (re)start, so all are told. */
  private final Map<String, AgentReport> lastSent = new HashMap<>();

  private AgentEntity(
      String agentId, ActorContext<Command> context, TimerScheduler<Command> timers, AgentStatusListener listener,
      Clock clock) {
    super(PersistenceId.of(ENTITY_KEY.name(), agentId), EntityPersistence.restartWithBackoff());
    this.agentId = agentId;
    this.context = context;
    this.timers = timers;
    this.listener = listener;
    this.clock = clock;
  }

  /**
   * Registers the entity type with Cluster Sharding on this node, without passivation.
   *
   * @param listener receives every status report (the engine delivers them to the queues)
   * @param clock the time of timer inputs
   */
  public static void init(ActorSystem<?> system, AgentStatusListener listener, Clock clock) {
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(clock, "clock");
    ClusterSharding.get(system).init(
        Entity.of(ENTITY_KEY, context -> create(context.getEntityId(), listener, clock))
            .withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy()));
  }

  /** The behavior of the agent {@code agentId}. */
  public static Behavior<Command> create(String agentId, AgentStatusListener listener, Clock clock) {
    return Behaviors.withMdc(Command.class, Map.of(MDC_AGENT_ID, agentId),
        Behaviors.setup(context -> Behaviors.withTimers(timers -> new AgentEntity(agentId, context, timers, listener, clock))));
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
        .onCommand(Deliver.class, this::onDeliver)
        .onCommand(Reserve.class, this::onReserve)
        .onCommand(ReportStatus.class, this::onReportStatus)
        .onCommand(GetState.class, (state, get) -> Effect().reply(get.replyTo(), state))
        .onCommand(TimerFired.class, this::onTimer)
        .build();
  }

  private ReplyEffect<Agent.Event, Agent.State> onSubmit(Agent.State state, Submit submit) {
    Decision<Agent.Event> decision = Agent.decide(state, submit.command());
    if (decision instanceof Decision.Rejected<Agent.Event> rejected) {
      return Effect().reply(submit.replyTo(), StatusReply.error(rejected.reason()));
    }
    List<Agent.Event> events = ((Decision.Accepted<Agent.Event>) decision).events();
    if (events.isEmpty()) {
      return Effect().reply(submit.replyTo(), StatusReply.success(state));
    }
    return Effect().persist(events).thenRun(after -> {
      log(events);
      afterChange(after);
    }).thenReply(submit.replyTo(), StatusReply::success);
  }

  private ReplyEffect<Agent.Event, Agent.State> onDeliver(Agent.State state, Deliver deliver) {
    return apply(state, deliver.command());
  }

  private ReplyEffect<Agent.Event, Agent.State> apply(Agent.State state, Agent.Command command) {
    Decision<Agent.Event> decision = Agent.decide(state, command);
    if (decision instanceof Decision.Rejected<Agent.Event> rejected) {
      context.getLog().warn("Agent {} ignored {}: {}", agentId, command, rejected.reason());
      return Effect().noReply();
    }
    List<Agent.Event> events = ((Decision.Accepted<Agent.Event>) decision).events();
    if (events.isEmpty()) {
      return Effect().noReply();
    }
    return Effect().persist(events).thenRun(after -> {
      log(events);
      afterChange(after);
    }).thenNoReply();
  }

  private ReplyEffect<Agent.Event, Agent.State> onReserve(Agent.State state, Reserve reserve) {
    Agent.Reserve command =
        new Agent.Reserve(reserve.callId(), reserve.queueId(), reserve.requestId(), reserve.expiresAt(), reserve.at());
    Decision<Agent.Event> decision = Agent.decide(state, command);
    if (decision instanceof Decision.Rejected<Agent.Event> rejected) {
      context.getLog().debug("Agent {} refused call {} of queue {}: {}", agentId, reserve.callId(), reserve.queueId(),
          rejected.reason());
      return Effect().reply(reserve.replyTo(),
          new Refused(agentId, reserve.callId(), reserve.queueId(), reserve.requestId(), rejected.reason(),
              state.reportFor(reserve.queueId())));
    }
    List<Agent.Event> events = ((Decision.Accepted<Agent.Event>) decision).events();
    if (events.isEmpty()) {
      return Effect().reply(reserve.replyTo(),
          new Reserved(agentId, reserve.callId(), reserve.queueId(), reserve.requestId(), state.reportFor(reserve.queueId())));
    }
    return Effect().persist(events).thenRun(after -> {
      log(events);
      afterChange(after);
    }).thenReply(reserve.replyTo(),
        after -> new Reserved(agentId, reserve.callId(), reserve.queueId(), reserve.requestId(),
            after.reportFor(reserve.queueId())));
  }

  private ReplyEffect<Agent.Event, Agent.State> onReportStatus(Agent.State state, ReportStatus request) {
    if (state.memberOf(request.queueId())) {
      send(state.reportFor(request.queueId()));
    }
    return Effect().noReply();
  }

  private ReplyEffect<Agent.Event, Agent.State> onTimer(Agent.State state, TimerFired fired) {
    Instant now = clock.instant();
    // A timer may fire a little before the clock reaches its deadline; the deadline is then due.
    Instant at = now.isBefore(fired.deadline()) ? fired.deadline() : now;
    return apply(state, new Agent.FireTimers(at));
  }

  private void log(List<Agent.Event> events) {
    for (Agent.Event event : events) {
      if (event instanceof Agent.PresenceChanged e) {
        context.getLog().info("Agent {}: {} ({}), was {}", agentId, e.presence(), e.reason(), e.previous());
      } else if (event instanceof Agent.SetAwayAfterMissedOffers e) {
        context.getLog().info("Agent {}: AWAY ({}), was {}", agentId, e.reason(), e.previous());
      } else if (event instanceof Agent.ReservationExpired e) {
        context.getLog().info("Agent {}: reservation for call {} of queue {} lapsed (no start, no release)", agentId,
            e.callId(), e.queueId());
      } else {
        context.getLog().debug("Agent {}: {}", agentId, event);
      }
    }
  }

  /** After persisting: report to the queues whose view changed, and re-arm the timer. */
  private void afterChange(Agent.State state) {
    lastSent.keySet().retainAll(state.queues().keySet());
    for (String queueId : state.queues().keySet()) {
      AgentReport report = state.reportFor(queueId);
      if (!report.sameContentAs(lastSent.get(queueId))) {
        send(report);
      }
    }
    armTimer(state);
  }

  private void send(AgentReport report) {
    lastSent.put(report.queueId(), report);
    listener.statusChanged(report);
  }

  private void armTimer(Agent.State state) {
    Optional<Instant> deadline = Agent.nextDeadline(state);
    if (deadline.isEmpty()) {
      timers.cancel(TIMER_KEY);
      return;
    }
    Duration delay = Duration.between(clock.instant(), deadline.get());
    timers.startSingleTimer(TIMER_KEY, new TimerFired(deadline.get()), delay.isNegative() ? Duration.ZERO : delay);
  }

  @Override
  public SignalHandler<Agent.State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.class, (state, signal) -> {
          context.getLog().debug("Agent {} recovered: {} (revision {})", agentId, state.effectivePresence(), state.revision());
          afterChange(state);
        })
        .build();
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
