package io.switchboard.engine.call;

import io.switchboard.engine.call.internal.MediaCommands;
import io.switchboard.engine.call.internal.PeerLookups;
import io.switchboard.engine.queue.QueueNotice;
import io.switchboard.engine.queue.routing.QueueCommand;
import io.switchboard.engine.voicemail.MailboxCommand;
import io.switchboard.engine.voicemail.MailboxSettings;
import io.switchboard.engine.voicemail.MailboxState;
import io.switchboard.media.CommandResult;
import io.switchboard.media.MediaBridgeException;
import io.switchboard.media.MediaCommand;
import io.switchboard.persistence.CborSerializable;
import io.switchboard.persistence.Decision;
import io.switchboard.persistence.EntityPersistence;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The Call entity: one per journey (call id), placed by Cluster Sharding, event-sourced over the
 * pure rules of {@link CallDomain}. It feeds every input (media events mapped by the engine's
 * media listener, queue notices, timers, API requests, command results) to the rules, journals
 * the resulting {@link CallEvent}, and then carries out its actions through {@link CallPeers}:
 * media commands to FreeSWITCH (results come back as inputs), queue and mailbox commands, agent
 * notices, Pekko timers.
 *
 * <p>After a recovery it re-arms the journaled timers, asks again what it still waits for (its
 * place in a queue, a mailbox's answer) and checks that its legs still exist. An active call
 * checks its legs every {@link CallSettings#legCheckInterval()}; an ended call lingers
 * {@link CallSettings#lingerAfterEnd()} and passivates. Idle passivation is off for this entity
 * type: a call waiting in a queue for an hour must keep its timers.
 *
 * <p>Registered once per ActorSystem by {@link #init}; reached through
 * {@code ClusterSharding.entityRefFor(ENTITY_KEY, callId)}. Every log line carries the call id
 * (MDC {@value #MDC_CALL_ID}). Like every Pekko actor it handles one message at a time.
 */
public final class CallEntity extends EventSourcedBehaviorWithEnforcedReplies<CallEntity.Command, CallEvent, CallState> {

  private static final Logger log = LoggerFactory.getLogger(CallEntity.class);

  /** Sharding key of the entity type; its name is also the persistence id prefix. */
  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Call");

  /** MDC key of the call id; the engine's log pattern prints it. */
  public static final String MDC_CALL_ID = "callId";

  private static final String LEG_CHECK_TIMER = "call/leg-check";
  private static final String LINGER_TIMER = "call/linger";

  /** Messages the entity accepts. */
  public sealed interface Command extends CborSerializable {}

  /** Something FreeSWITCH reported about the call, mapped by the media listener. */
  public record FromMedia(CallInput input) implements Command {}

  /** A queue's notice about the call. */
  public record FromQueue(QueueNotice notice) implements Command {}

  /**
   * An API request (place, transfer, hold, mute, hang up): the reply is the state after it, or
   * an error naming why it was refused (nothing changed then).
   */
  public record Request(CallInput input, ActorRef<StatusReply<CallState>> replyTo) implements Command {}

  /** Read the current state. */
  public record GetState(ActorRef<CallState> replyTo) implements Command {}

  /** A timer of the call expired (sent by the entity to itself). */
  record TimerDue(String timerId) implements Command {}

  /** The outcome of something the entity asked for, as an input (sent by the entity to itself). */
  record Resume(CallInput input) implements Command {}

  /** A media command failed; logged, and a vanished channel becomes an input. */
  record MediaFailed(String leg, String command, String problem) implements Command {}

  /** Time to check that the call's legs still exist on FreeSWITCH. */
  record CheckLegs() implements Command {}

  /** The ended call has lingered long enough. */
  record Passivate() implements Command {}

  private final String callId;
  private final CallPeers peers;
  private final CallSettings settings;
  private final Clock clock;
  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final Runnable passivate;

  private CallEntity(String callId, CallPeers peers, CallSettings settings, Clock clock,
      ActorContext<Command> context, TimerScheduler<Command> timers, Runnable passivate) {
    super(PersistenceId.of(ENTITY_KEY.name(), callId), EntityPersistence.restartWithBackoff());
    this.callId = callId;
    this.peers = peers;
    this.settings = settings;
    this.clock = clock;
    this.context = context;
    this.timers = timers;
    this.passivate = passivate;
  }

  /**
   * Registers the entity type with Cluster Sharding on this node, without idle passivation (calls
   * passivate themselves once ended).
   */
  public static void init(ActorSystem<?> system, CallPeers peers, CallSettings settings, Clock clock) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY, entityContext -> {
      ActorRef<ClusterSharding.ShardCommand> shard = entityContext.getShard();
      return create(entityContext.getEntityId(), peers, settings, clock, Optional.of(shard));
    }).withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy()));
  }

  /**
   * The behavior of the call {@code callId}.
   *
   * @param shard the shard to ask for passivation; empty outside sharding (tests): the entity
   *     then stops itself
   */
  public static Behavior<Command> create(String callId, CallPeers peers, CallSettings settings, Clock clock,
      Optional<ActorRef<ClusterSharding.ShardCommand>> shard) {
    return Behaviors.withMdc(Command.class, Map.of(MDC_CALL_ID, callId),
        Behaviors.setup(context -> Behaviors.withTimers(timers -> {
          Runnable passivate = shard.isPresent()
              ? () -> shard.get().tell(new ClusterSharding.Passivate<>(context.getSelf()))
              : () -> context.stop(context.getSelf());
          return new CallEntity(callId, peers, settings, clock, context, timers, passivate);
        })));
  }

  /** Hands a queue's notice to its call, wherever the call lives in the cluster. */
  public static void deliver(ClusterSharding sharding, QueueNotice notice) {
    sharding.entityRefFor(ENTITY_KEY, notice.callId()).tell(new FromQueue(notice));
  }

  @Override
  public CallState emptyState() {
    return CallState.initial(callId);
  }

  @Override
  public CommandHandlerWithReply<Command, CallEvent, CallState> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(FromMedia.class, (state, command) -> handle(state, command.input(), null))
        .onCommand(FromQueue.class, (state, command) -> handle(state, new CallInput.FromQueue(command.notice()), null))
        .onCommand(Request.class, (state, command) -> handle(state, command.input(), command.replyTo()))
        .onCommand(Resume.class, (state, command) -> handle(state, command.input(), null))
        .onCommand(TimerDue.class,
            (state, command) -> handle(state, new CallInput.TimerFired(command.timerId(), clock.instant()), null))
        .onCommand(GetState.class, (state, command) -> Effect().reply(command.replyTo(), state))
        .onCommand(MediaFailed.class, this::onMediaFailed)
        .onCommand(CheckLegs.class, (state, command) -> {
          probeLegs(state);
          return Effect().noReply();
        })
        .onCommand(Passivate.class, (state, command) -> {
          log.debug("call ended {}; passivating", state.stage());
          passivate.run();
          return Effect().noReply();
        })
        .build();
  }

  private ReplyEffect<CallEvent, CallState> handle(CallState state, CallInput input,
      ActorRef<StatusReply<CallState>> replyTo) {
    CallSettings callSettings = state.settings() != null ? state.settings() : settings;
    Decision<CallEvent> decision = CallDomain.decide(state, input, new PeerLookups(peers, callSettings));
    if (decision instanceof Decision.Rejected<CallEvent> rejected) {
      if (replyTo != null) {
        log.info("refused {}: {}", input.getClass().getSimpleName(), rejected.reason());
        return Effect().reply(replyTo, StatusReply.error(rejected.reason()));
      }
      log.debug("ignored {}: {}", input, rejected.reason());
      return Effect().noReply();
    }
    List<CallEvent> events = ((Decision.Accepted<CallEvent>) decision).events();
    if (events.isEmpty()) {
      return replyTo == null ? Effect().noReply() : Effect().reply(replyTo, StatusReply.success(state));
    }
    CallEvent event = events.get(0);
    boolean wasActive = state.status() == CallState.Status.ACTIVE;
    var persisted = Effect().persist(event).thenRun(next -> afterPersist(event, next, wasActive));
    return replyTo == null ? persisted.thenNoReply() : persisted.thenReply(replyTo, StatusReply::success);
  }

  private void afterPersist(CallEvent event, CallState state, boolean wasActive) {
    if (log.isDebugEnabled()) {
      log.debug("{} -> {} facts, actions {}", event.input(), event.facts().size(), event.actions());
    }
    for (CallAction action : event.actions()) {
      perform(action, state, event.at());
    }
    if (!wasActive && state.status() == CallState.Status.ACTIVE) {
      log.info("call started: {} from {} to {} on {}", state.origin().kind(), state.origin().callerNumber(),
          state.origin().dialed(), state.origin().nodeId());
      timers.startTimerWithFixedDelay(LEG_CHECK_TIMER, new CheckLegs(), settings.legCheckInterval());
    }
    if (state.status() == CallState.Status.ENDED) {
      if (wasActive) {
        log.info("call ended: {}", ((CallState.Stage.Ended) state.stage()).cause());
      }
      lingerIfDone(state);
    }
  }

  private void lingerIfDone(CallState state) {
    timers.cancel(LEG_CHECK_TIMER);
    if (state.stage() instanceof CallState.Stage.Ended ended && ended.pending() == null
        && !timers.isTimerActive(LINGER_TIMER)) {
      timers.startSingleTimer(LINGER_TIMER, new Passivate(), settings.lingerAfterEnd());
    }
  }

  // ------------------------------------------------------------------ actions

  private void perform(CallAction action, CallState state, Instant at) {
    if (MediaCommands.isMedia(action)) {
      performMedia(action, state);
    } else if (action instanceof CallAction.ToQueue toQueue) {
      peers.queue(toQueue.queueId(), queueCommand(toQueue.request(), state, at));
    } else if (action instanceof CallAction.Deposit deposit) {
      log.info("voicemail message {} ({} ms) for mailbox {}", deposit.messageId(), deposit.duration().toMillis(),
          deposit.mailboxId());
      peers.mailbox(deposit.mailboxId(), new MailboxCommand.DepositMessage(deposit.messageId(), deposit.callerNumber(),
          deposit.callerName(), deposit.duration(), deposit.path(), at));
    } else if (action instanceof CallAction.AgentOnCall agent) {
      peers.agentOnDirectCall(agent.userId(), callId, agent.onCall(), at);
    } else if (action instanceof CallAction.LookupMailbox lookup) {
      askMailbox(lookup.mailboxId());
    } else if (action instanceof CallAction.ArmTimer arm) {
      armTimer(arm.timerId(), arm.deadline());
    } else if (action instanceof CallAction.CancelTimer cancel) {
      timers.cancel(cancel.timerId());
    }
  }

  private QueueCommand queueCommand(CallAction.QueueRequest request, CallState state, Instant at) {
    if (request instanceof CallAction.Join join) {
      return new QueueCommand.Enqueue(callId, join.callerNumber(), join.callerName(), join.dialed(), join.priority(),
          join.skills(), at);
    }
    if (request instanceof CallAction.ReportAnswer answer) {
      return new QueueCommand.AnswerOffers(callId,
          List.of(new QueueCommand.LegAnswer(answer.agentId(), answer.answeredAt())), at);
    }
    if (request instanceof CallAction.ReportFailure failure) {
      return new QueueCommand.FailOffer(callId, failure.agentId(), failure.outcome(), failure.cause(), at);
    }
    if (request instanceof CallAction.ReportAbandon) {
      return new QueueCommand.Abandon(callId, at);
    }
    return new QueueCommand.CompleteCall(callId, at);
  }

  private void performMedia(CallAction action, CallState state) {
    String node = state.origin().nodeId();
    ActorRef<Command> self = context.getSelf();
    for (MediaCommand command : MediaCommands.of(action, state.settings())) {
      CompletionStage<CommandResult> result;
      try {
        result = peers.media(node, command);
      } catch (RuntimeException e) {
        // CallPeers.media never throws by contract; a broken implementation must not break the call.
        result = CompletableFuture.failedFuture(e);
      }
      result.whenComplete((reply, failure) -> {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause() : failure;
        if (command instanceof MediaCommand.Originate originate) {
          self.tell(new Resume(originateOutcome(originate, reply, cause)));
        } else if (cause != null || !reply.ok()) {
          String problem = cause != null ? cause.toString() : reply.text();
          if (command instanceof MediaCommand.Execute execute && execute.applicationUuid() != null) {
            // The application will never complete: its playback (or recording) ends now.
            self.tell(new Resume(new CallInput.ApplicationCompleted(command.channelUuid(), execute.applicationUuid(),
                command.getClass().getSimpleName(), "-ERR " + problem, clock.instant())));
          }
          self.tell(new MediaFailed(command.channelUuid(), command.getClass().getSimpleName(), problem));
        }
      });
    }
  }

  private CallInput originateOutcome(MediaCommand.Originate originate, CommandResult reply, Throwable failure) {
    Instant now = clock.instant();
    if (failure == null && reply.ok()) {
      return new CallInput.ChannelAnswered(originate.channelUuid(), now);
    }
    String cause;
    if (failure instanceof MediaBridgeException.InvalidCommand) {
      cause = "INVALID_DIAL_STRING";
    } else if (failure != null) {
      cause = "NORMAL_TEMPORARY_FAILURE";
    } else {
      String reason = reply.reason().strip();
      int space = reason.indexOf(' ');
      cause = (space > 0 ? reason.substring(0, space) : reason);
      if (!cause.matches("[A-Z][A-Z0-9_]{0,47}")) {
        cause = "NORMAL_TEMPORARY_FAILURE";
      }
    }
    if (failure != null) {
      log.warn("originate of leg {} to {} could not be sent: {}", originate.channelUuid(), originate.dialString(),
          failure.toString());
    }
    return new CallInput.OriginateFailed(originate.channelUuid(), cause, now);
  }

  private ReplyEffect<CallEvent, CallState> onMediaFailed(CallState state, MediaFailed failed) {
    String problem = failed.problem() == null ? "" : failed.problem();
    if (problem.contains("No such channel") || problem.contains("invalid session id")) {
      CallState.Leg leg = state.leg(failed.leg());
      if (leg != null && !leg.ended()) {
        log.info("leg {} is gone from FreeSWITCH ({} answered: {})", failed.leg(), failed.command(), problem);
        return handle(state, new CallInput.ChannelsGone(List.of(failed.leg()), "no such channel", clock.instant()),
            null);
      }
      return Effect().noReply();
    }
    log.warn("{} on leg {} failed: {}", failed.command(), failed.leg(), problem);
    return Effect().noReply();
  }

  private void askMailbox(String mailboxId) {
    ActorRef<Command> self = context.getSelf();
    CompletionStage<Optional<MailboxState>> asked;
    try {
      asked = peers.mailboxState(mailboxId);
    } catch (RuntimeException e) {
      asked = CompletableFuture.failedFuture(e);
    }
    asked.whenComplete((mailbox, failure) -> {
      CallInput.MailboxInfo info;
      if (failure != null) {
        log.warn("mailbox {} did not answer: {}", mailboxId, failure.toString());
        info = null;
      } else if (mailbox.isEmpty() || !mailbox.get().provisioned()) {
        info = new CallInput.MailboxInfo(mailboxId, "mailbox " + mailboxId + " does not exist",
            MailboxSettings.DEFAULT, null);
      } else {
        MailboxState box = mailbox.get();
        info = new CallInput.MailboxInfo(mailboxId, box.refusalReason(), box.settings(), box.greeting().recordedFile());
      }
      self.tell(new Resume(new CallInput.MailboxLooked(mailboxId, info, clock.instant())));
    });
  }

  private void armTimer(String timerId, Instant deadline) {
    Duration delay = Duration.between(clock.instant(), deadline);
    timers.startSingleTimer(timerId, new TimerDue(timerId), delay.isNegative() ? Duration.ZERO : delay);
  }

  /**
   * Sets the call id again on every established leg: harmless when the leg exists, and FreeSWITCH
   * answers "No such channel" when it does not, which ends that leg ({@link #onMediaFailed}).
   */
  private void probeLegs(CallState state) {
    if (state.status() != CallState.Status.ACTIVE) {
      return;
    }
    for (CallState.Leg leg : state.liveLegs()) {
      if (leg.role() == CallState.Role.CALLER || leg.answered()) {
        performMedia(new CallAction.SetLegVariable(leg.uuid(), "switchboard_call_id", callId), state);
      }
    }
  }

  // ------------------------------------------------------------------ recovery

  @Override
  public SignalHandler<CallState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), this::onRecovered)
        .build();
  }

  @SuppressWarnings("try") // the MDC scope is the resource; it is never read
  private void onRecovered(CallState state) {
    if (state.status() == CallState.Status.NEW) {
      return;
    }
    try (MDC.MDCCloseable ignored = MDC.putCloseable(MDC_CALL_ID, callId)) {
      state.timers().forEach(this::armTimer);
      if (state.status() == CallState.Status.ENDED) {
        lingerIfDone(state);
        return;
      }
      log.info("recovered in {}; re-arming {} timers and checking {} legs", state.stage().getClass().getSimpleName(),
          state.timers().size(), state.liveLegs().size());
      if (state.stage() instanceof CallState.Stage.Queued queued) {
        // The queue drops a duplicate; a queue that lost the call (it restarted too) gets it back.
        peers.queue(queued.queueId(), queueCommand(Journey.join(state), state, clock.instant()));
      } else if (state.stage() instanceof CallState.Stage.Voicemail voicemail
          && voicemail.step() == CallState.Stage.VoicemailStep.LOOKUP) {
        askMailbox(voicemail.mailboxId());
      }
      probeLegs(state);
      timers.startTimerWithFixedDelay(LEG_CHECK_TIMER, new CheckLegs(), settings.legCheckInterval());
    }
  }

  @Override
  public EventHandler<CallState, CallEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(CallDomain::evolve);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return EntityPersistence.retention();
  }
}
