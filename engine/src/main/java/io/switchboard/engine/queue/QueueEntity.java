package io.switchboard.engine.queue;

import io.switchboard.agents.Agent;
import io.switchboard.agents.AgentEntity;
import io.switchboard.engine.directory.config.DirectoryConfiguration.QueueMembership;
import io.switchboard.engine.queue.routing.AgentStatus;
import io.switchboard.engine.queue.routing.Offer;
import io.switchboard.engine.queue.routing.QueueCommand;
import io.switchboard.engine.queue.routing.QueueDomain;
import io.switchboard.engine.queue.routing.QueueEvent;
import io.switchboard.engine.queue.routing.QueuePolicy;
import io.switchboard.engine.queue.routing.QueueState;
import io.switchboard.engine.queue.routing.WaitingCall;
import io.switchboard.persistence.CborSerializable;
import io.switchboard.persistence.EntityPersistence;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.Done;
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
 * The Queue entity: one per call queue, placed by Cluster Sharding, a thin event-sourced adapter
 * over {@link QueueDomain}. Never passivated: routing needs the queue in memory.
 *
 * <p>What the adapter adds to the pure rules, all after the events are persisted:
 *
 * <ul>
 *   <li>reservation requests to Agent entities ({@link QueuePeers#reserve}); the reply comes back
 *       as {@link ReservationAnswered}. A request that gets no reply is ended by the domain's own
 *       journaled deadline (an offer that timed out), so a restart cannot lose it;
 *   <li>{@link QueueNotice}s to the Call: offer the agent, cancel an offer, leave the queue,
 *       announce the position;
 *   <li>messages to Agents: release a reservation (missed or not), on the call, wrap-up after it,
 *       set away after too many missed offers;
 *   <li>one Pekko timer armed at {@link QueueDomain#nextDeadline} that sends {@link TimerFired}.
 * </ul>
 *
 * <p>On recovery it re-drives what is outstanding: reservation requests still within their
 * deadline, offers still ringing (the Call treats a repeated offer as a no-op), connected calls
 * (the Agent treats a repeated start as a no-op); it asks every member for a fresh status and
 * re-arms the timer.
 *
 * <p>Registered once per ActorSystem by {@link #init}; reached through {@code
 * ClusterSharding.entityRefFor(ENTITY_KEY, queueId)}. Log lines carry the MDC {@code queueId}. Like
 * every actor it handles one message at a time.
 */
public final class QueueEntity
    extends EventSourcedBehaviorWithEnforcedReplies<QueueEntity.Command, QueueEvent, QueueState> {

  /** Sharding key of the entity type; its name is also the persistence id prefix. */
  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Queue");

  /** MDC key of the queue id. */
  public static final String MDC_QUEUE_ID = "queueId";

  private static final String TIMER_KEY = "queue-deadline";

  /**
   * Engine-level settings of the queue adapter.
   *
   * @param domain the protocol settings of the pure rules (reservation timeout)
   * @param reservationGrace added to reservation timeout plus alert time to give the Agent's own
   *     expiry of a reservation: it only matters when a release is lost
   */
  public record Settings(QueueDomain.Settings domain, Duration reservationGrace) {
    public Settings {
      Objects.requireNonNull(domain, "domain");
      Objects.requireNonNull(reservationGrace, "reservationGrace");
      if (reservationGrace.isNegative()) {
        throw new IllegalArgumentException("reservation grace must not be negative, was " + reservationGrace);
      }
    }

    /** 5 s reservation timeout, 10 s grace. */
    public static final Settings DEFAULT = new Settings(QueueDomain.Settings.DEFAULT, Duration.ofSeconds(10));
  }

  /** Messages the entity accepts. */
  public sealed interface Command extends CborSerializable
      permits Deliver, Submit, Configure, StatusReported, ReservationAnswered, GetState, GetView, TimerFired {}

  /** A queue command from a Call entity (enqueue, answers, failures, abandon, completion); no reply. */
  public record Deliver(QueueCommand command) implements Command {}

  /**
   * A queue command, answered once its events are persisted, or with an error naming the problem
   * when it is refused (nothing changed then).
   */
  public record Submit(QueueCommand command, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /**
   * The directory's configuration of the queue: its policy and exactly these members (members not
   * listed are removed). Only the differences are journaled.
   */
  public record Configure(QueuePolicy policy, List<QueueMembership> members, Instant at, ActorRef<StatusReply<Done>> replyTo)
      implements Command {
    public Configure {
      members = List.copyOf(members);
    }
  }

  /** An Agent entity's status report. */
  public record StatusReported(AgentStatus status) implements Command {}

  /** Outcome of a reservation request: the entity's own message. */
  public record ReservationAnswered(String callId, String agentId, long requestId, Answer answer, String reason,
      AgentStatus status) implements Command {
    /** How a reservation request ended. */
    public enum Answer {
      RESERVED,
      REFUSED,
      /** No reply (timeout, agent unreachable): the offer's journaled deadline ends it. */
      NO_REPLY
    }
  }

  /** Read the whole state. */
  public record GetState(ActorRef<QueueState> replyTo) implements Command {}

  /** Read the supervisor's view, measured at the entity's clock. */
  public record GetView(ActorRef<QueueView> replyTo) implements Command {}

  /** The entity's own timer: {@code deadline} is due. */
  public record TimerFired(Instant deadline) implements Command {}

  private final String queueId;
  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final QueueDomain domain;
  private final Settings settings;
  private final QueuePeers peers;
  private final Clock clock;

  private QueueEntity(
      String queueId, ActorContext<Command> context, TimerScheduler<Command> timers, Settings settings, QueuePeers peers,
      Clock clock) {
    super(PersistenceId.of(ENTITY_KEY.name(), queueId), EntityPersistence.restartWithBackoff());
    this.queueId = queueId;
    this.context = context;
    this.timers = timers;
    this.domain = new QueueDomain(settings.domain());
    this.settings = settings;
    this.peers = peers;
    this.clock = clock;
  }

  /** Registers the entity type with Cluster Sharding on this node, without passivation. */
  public static void init(ActorSystem<?> system, Settings settings, QueuePeers peers, Clock clock) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(peers, "peers");
    Objects.requireNonNull(clock, "clock");
    ClusterSharding.get(system).init(
        Entity.of(ENTITY_KEY, context -> create(context.getEntityId(), settings, peers, clock))
            .withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy()));
  }

  /** The behavior of the queue {@code queueId}. */
  public static Behavior<Command> create(String queueId, Settings settings, QueuePeers peers, Clock clock) {
    return Behaviors.withMdc(Command.class, Map.of(MDC_QUEUE_ID, queueId),
        Behaviors.setup(context -> Behaviors.withTimers(
            timers -> new QueueEntity(queueId, context, timers, settings, peers, clock))));
  }

  @Override
  public QueueState emptyState() {
    // A queue runs on the default policy until the directory configures it.
    return QueueDomain.initialState(queueId, QueuePolicy.defaults());
  }

  @Override
  public CommandHandlerWithReply<Command, QueueEvent, QueueState> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Deliver.class, (state, c) -> handle(state, List.of(c.command()), null))
        .onCommand(Submit.class, (state, c) -> handle(state, List.of(c.command()), c.replyTo()))
        .onCommand(Configure.class, this::onConfigure)
        .onCommand(StatusReported.class,
            (state, c) -> handle(state, List.of(new QueueCommand.UpdateAgentStatus(c.status(), clock.instant())), null))
        .onCommand(ReservationAnswered.class, this::onReservationAnswered)
        .onCommand(TimerFired.class, this::onTimer)
        .onCommand(GetState.class, (state, c) -> Effect().reply(c.replyTo(), state))
        .onCommand(GetView.class, (state, c) -> Effect().reply(c.replyTo(), QueueView.of(state, clock.instant())))
        .build();
  }

  private ReplyEffect<QueueEvent, QueueState> onConfigure(QueueState state, Configure c) {
    List<QueueCommand> commands = new ArrayList<>();
    commands.add(new QueueCommand.ChangePolicy(c.policy(), c.at()));
    Set<String> listed = new HashSet<>();
    for (QueueMembership m : c.members()) {
      listed.add(m.agentId());
      commands.add(new QueueCommand.SetMember(m.agentId(), m.tier(), m.serialOrder(), m.presenceBased(), c.at()));
    }
    state.members().keySet().stream().filter(id -> !listed.contains(id)).sorted()
        .forEach(id -> commands.add(new QueueCommand.RemoveMember(id, c.at())));
    return handle(state, commands, c.replyTo());
  }

  private ReplyEffect<QueueEvent, QueueState> onReservationAnswered(QueueState state, ReservationAnswered answered) {
    Instant now = clock.instant();
    return switch (answered.answer()) {
      case RESERVED -> {
        ReplyEffect<QueueEvent, QueueState> effect =
            handle(state, List.of(new QueueCommand.AcceptReservation(answered.callId(), answered.agentId(),
                answered.requestId(), now)), null);
        if (!offerPending(state, answered.callId(), answered.agentId(), answered.requestId())) {
          // The offer ended before the agent's acceptance arrived (timed out, the caller left):
          // the agent holds a reservation nobody will use, so free it now rather than at its expiry.
          peers.agent(answered.agentId(), new Agent.Release(answered.callId(), queueId, answered.requestId(), false, now));
        }
        yield effect;
      }
      case REFUSED -> handle(state, List.of(new QueueCommand.RefuseReservation(
          answered.callId(), answered.agentId(), answered.reason(), answered.status(), answered.requestId(), now)), null);
      case NO_REPLY -> {
        context.getLog().warn("Queue {}: agent {} did not answer the reservation request for call {} ({});"
            + " the request's deadline ends the offer", queueId, answered.agentId(), answered.callId(), answered.reason());
        yield Effect().noReply();
      }
    };
  }

  /** Whether request {@code requestId} is still the pending one (its acceptance will alert). */
  private static boolean offerPending(QueueState state, String callId, String agentId, long requestId) {
    WaitingCall call = state.waiting().get(callId);
    Offer offer = call == null ? null : call.offerTo(agentId);
    return offer != null && offer.phase() == Offer.Phase.RESERVING && offer.requestId() == requestId;
  }

  private ReplyEffect<QueueEvent, QueueState> onTimer(QueueState state, TimerFired fired) {
    Instant now = clock.instant();
    // A timer may fire a little before the clock reaches its deadline; the deadline is then due.
    Instant at = now.isBefore(fired.deadline()) ? fired.deadline() : now;
    return handle(state, List.of(new QueueCommand.FireTimers(at)), null);
  }

  /** Decides the commands in order, persists their events, then acts on them. */
  private ReplyEffect<QueueEvent, QueueState> handle(
      QueueState state, List<QueueCommand> commands, ActorRef<StatusReply<Done>> replyTo) {
    List<QueueEvent> events = new ArrayList<>();
    QueueState working = state;
    try {
      for (QueueCommand command : commands) {
        for (QueueEvent event : domain.decide(working, command)) {
          working = domain.evolve(working, event);
          events.add(event);
        }
      }
    } catch (IllegalArgumentException e) {
      if (replyTo == null) {
        context.getLog().warn("Queue {} refused {}: {}", queueId, commands, e.getMessage());
        return Effect().noReply();
      }
      return Effect().reply(replyTo, StatusReply.error(e.getMessage()));
    }
    if (events.isEmpty()) {
      return replyTo == null ? Effect().noReply() : Effect().reply(replyTo, StatusReply.success(Done.done()));
    }
    var persisted = Effect().persist(events).thenRun(after -> afterPersist(events, after));
    return replyTo == null ? persisted.thenNoReply() : persisted.thenReply(replyTo, after -> StatusReply.success(Done.done()));
  }

  /** The side effects the persisted {@code events} call for, then the timer. */
  private void afterPersist(List<QueueEvent> events, QueueState state) {
    for (QueueEvent event : events) {
      log(event);
      perform(QueueEffects.of(queueId, event, state, settings.reservationGrace()));
    }
    armTimer(state);
  }

  private void perform(List<QueueEffects.Effect> effects) {
    for (QueueEffects.Effect effect : effects) {
      if (effect instanceof QueueEffects.Reserve r) {
        requestReservation(r);
      } else if (effect instanceof QueueEffects.ToAgent a) {
        peers.agent(a.agentId(), a.command());
      } else if (effect instanceof QueueEffects.AskStatus a) {
        peers.requestStatus(a.agentId(), queueId);
      } else if (effect instanceof QueueEffects.ToCall c) {
        peers.notifyCall(c.notice());
      }
    }
  }

  private void log(QueueEvent event) {
    if (event instanceof QueueEvent.CallEnqueued e) {
      context.getLog().info("Queue {}: call {} from {} joined with priority {} ({})", queueId, e.callId(),
          e.callerNumber(), e.priority(), e.priorityReason());
    } else if (event instanceof QueueEvent.CallAnswered e) {
      context.getLog().info("Queue {}: call {} answered by agent {} after {} ({})", queueId, e.callId(), e.agentId(),
          QueuePolicy.human(e.waited()), e.tieBreak());
    } else if (event instanceof QueueEvent.AgentSetAwayRequested e) {
      context.getLog().info("Queue {}: agent {} missed {} offers in a row (limit {}); setting it away", queueId,
          e.agentId(), e.missedOffers(), e.limit());
    } else if (event instanceof QueueEvent.CallOverflowed e) {
      context.getLog().info("Queue {}: call {} overflows to {}", queueId, e.callId(), e.action().describe());
    } else if (event instanceof QueueEvent.NoAgentsActionTaken e) {
      context.getLog().info("Queue {}: call {} goes to {}: no agents", queueId, e.callId(), e.action().describe());
    } else if (event instanceof QueueEvent.CallTimedOut e) {
      context.getLog().info("Queue {}: call {} timed out after {}, goes to {}", queueId, e.callId(),
          QueuePolicy.human(e.waited()), e.action().describe());
    } else if (event instanceof QueueEvent.CallRouted e) {
      context.getLog().debug("Queue {}: call {} routed to {}: {}", queueId, e.decision().callId(), e.decision().chosen(),
          e.decision().tieBreak());
    }
  }

  private void requestReservation(QueueEffects.Reserve r) {
    String callId = r.callId();
    String agentId = r.agentId();
    long requestId = r.requestId();
    context.pipeToSelf(peers.reserve(agentId, callId, queueId, requestId, r.expiresAt(), r.at()), (reply, failure) -> {
      if (reply instanceof AgentEntity.Reserved) {
        return new ReservationAnswered(callId, agentId, requestId, ReservationAnswered.Answer.RESERVED, "", null);
      }
      if (reply instanceof AgentEntity.Refused refused) {
        return new ReservationAnswered(callId, agentId, requestId, ReservationAnswered.Answer.REFUSED, refused.reason(),
            AgentReports.toStatus(refused.report()));
      }
      return new ReservationAnswered(callId, agentId, requestId, ReservationAnswered.Answer.NO_REPLY,
          failure == null ? "unexpected reply " + reply : failure.toString(), null);
    });
  }

  private void armTimer(QueueState state) {
    Instant now = clock.instant();
    Optional<Instant> deadline = domain.nextDeadline(state, now);
    if (deadline.isEmpty()) {
      timers.cancel(TIMER_KEY);
      return;
    }
    Duration delay = Duration.between(now, deadline.get());
    timers.startSingleTimer(TIMER_KEY, new TimerFired(deadline.get()), delay.isNegative() ? Duration.ZERO : delay);
  }

  /** After recovery: re-send what may have been lost with the previous incarnation. */
  private void redrive(QueueState state) {
    perform(QueueEffects.redrive(queueId, state, clock.instant(), settings.reservationGrace()));
    armTimer(state);
  }

  @Override
  public SignalHandler<QueueState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.class, (state, signal) -> {
          if (state.waiting().isEmpty() && state.connected().isEmpty()) {
            context.getLog().debug("Queue {} recovered: {} members, no call", queueId, state.members().size());
          } else {
            context.getLog().info("Queue {} recovered: {} waiting, {} connected, {} members", queueId,
                state.waiting().size(), state.connected().size(), state.members().size());
          }
          redrive(state);
        })
        .build();
  }

  @Override
  public EventHandler<QueueState, QueueEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(domain::evolve);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return EntityPersistence.retention();
  }
}
