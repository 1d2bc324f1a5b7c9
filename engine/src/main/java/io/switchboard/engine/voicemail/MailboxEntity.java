package io.switchboard.engine.voicemail;

import io.switchboard.engine.directory.MailboxKind;
import io.switchboard.engine.directory.Problem;
import io.switchboard.persistence.CborSerializable;
import io.switchboard.persistence.EntityPersistence;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
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
 * The Mailbox entity: one voicemail box (mailbox id = the owner's user id, or a shared box's id),
 * placed by Cluster Sharding, event-sourced over {@link MailboxDomain}.
 *
 * <p>Messages arrive from Call entities ({@link Deliver} of a deposit), the owner manages them
 * ({@link Submit}), the directory provisions the box and its settings ({@link Configure}). Every
 * change of the number of new messages is the message-waiting fact ({@link
 * MailboxEvent.MessageWaitingChanged}): journaled, logged, and visible in {@link Get}'s state.
 * Files of discarded recordings and purged messages are logged for clean-up on the media server.
 *
 * <p>Registered once per ActorSystem by {@link #init}; reached through {@code
 * ClusterSharding.entityRefFor(ENTITY_KEY, mailboxId)}; idle boxes passivate. Handles one message at
 * a time.
 */
public final class MailboxEntity
    extends EventSourcedBehaviorWithEnforcedReplies<MailboxEntity.Command, MailboxEvent, MailboxState> {

  /** Sharding key of the entity type; its name is also the persistence id prefix. */
  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Mailbox");

  /** MDC key of the mailbox id. */
  public static final String MDC_MAILBOX_ID = "mailboxId";

  /** Messages the entity accepts. */
  public sealed interface Command extends CborSerializable permits Submit, Deliver, Configure, Get {}

  /** Apply a command; the reply is the new state or an error naming the problem (nothing changed). */
  public record Submit(MailboxCommand command, ActorRef<StatusReply<MailboxState>> replyTo) implements Command {}

  /** Apply a command sent by another entity (a Call depositing a message); a refusal is logged. */
  public record Deliver(MailboxCommand command) implements Command {}

  /**
   * The directory's view of the box: provision it if it does not exist yet, otherwise bring its
   * settings up to date.
   */
  public record Configure(MailboxKind kind, String ownerUserId, String displayName, MailboxSettings settings, Instant at,
      ActorRef<StatusReply<MailboxState>> replyTo) implements Command {}

  /** Read the box. */
  public record Get(ActorRef<MailboxState> replyTo) implements Command {}

  private final String mailboxId;
  private final ActorContext<Command> context;

  private MailboxEntity(String mailboxId, ActorContext<Command> context) {
    super(PersistenceId.of(ENTITY_KEY.name(), mailboxId), EntityPersistence.restartWithBackoff());
    this.mailboxId = mailboxId;
    this.context = context;
  }

  /** Registers the entity type with Cluster Sharding on this node. */
  public static void init(ActorSystem<?> system) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY, context -> create(context.getEntityId())));
  }

  /** The behavior of the mailbox {@code mailboxId}. */
  public static Behavior<Command> create(String mailboxId) {
    return Behaviors.withMdc(Command.class, Map.of(MDC_MAILBOX_ID, mailboxId),
        Behaviors.setup(context -> new MailboxEntity(mailboxId, context)));
  }

  @Override
  public MailboxState emptyState() {
    return MailboxState.unprovisioned(mailboxId);
  }

  @Override
  public CommandHandlerWithReply<Command, MailboxEvent, MailboxState> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Submit.class, (state, c) -> apply(state, c.command(), c.replyTo()))
        .onCommand(Deliver.class, (state, c) -> apply(state, c.command(), null))
        .onCommand(Configure.class, this::onConfigure)
        .onCommand(Get.class, (state, c) -> Effect().reply(c.replyTo(), state))
        .build();
  }

  private ReplyEffect<MailboxEvent, MailboxState> onConfigure(MailboxState state, Configure c) {
    MailboxCommand command = state.provisioned()
        ? new MailboxCommand.ChangeSettings(c.settings(), c.at())
        : new MailboxCommand.Provision(mailboxId, c.kind(), c.ownerUserId(), c.displayName(), c.settings(), c.at());
    return apply(state, command, c.replyTo());
  }

  private ReplyEffect<MailboxEvent, MailboxState> apply(
      MailboxState state, MailboxCommand command, ActorRef<StatusReply<MailboxState>> replyTo) {
    MailboxDecision decision = MailboxDomain.decide(state, command);
    if (!decision.accepted()) {
      String reason = decision.problems().stream().map(Problem::message).collect(Collectors.joining("; "));
      if (replyTo == null) {
        context.getLog().warn("Mailbox {} refused {}: {}", mailboxId, command.getClass().getSimpleName(), reason);
        return Effect().noReply();
      }
      return Effect().reply(replyTo, StatusReply.error(reason));
    }
    List<MailboxEvent> events = decision.events();
    if (events.isEmpty()) {
      return replyTo == null ? Effect().noReply() : Effect().reply(replyTo, StatusReply.success(state));
    }
    var persisted = Effect().persist(events).thenRun(after -> log(events));
    return replyTo == null ? persisted.thenNoReply() : persisted.thenReply(replyTo, StatusReply::success);
  }

  private void log(List<MailboxEvent> events) {
    for (MailboxEvent event : events) {
      if (event instanceof MailboxEvent.MessageWaitingChanged e) {
        context.getLog().info("Mailbox {}: message waiting {} ({} new, {} saved)", mailboxId, e.waiting() ? "on" : "off",
            e.newMessages(), e.savedMessages());
      } else if (event instanceof MailboxEvent.MessageDeposited e) {
        context.getLog().info("Mailbox {}: message {} from {} ({} s) stored at {}", mailboxId, e.message().messageId(),
            e.message().callerNumber(), e.message().duration().toSeconds(), e.message().filePath());
      } else if (event instanceof MailboxEvent.RecordingDiscarded e) {
        context.getLog().info("Mailbox {}: recording {} discarded ({}); its file {} can be deleted", mailboxId,
            e.messageId(), e.reason(), e.filePath());
      } else if (event instanceof MailboxEvent.MessagesPurged e) {
        context.getLog().info("Mailbox {}: {} deleted message(s) purged; files to delete: {}", mailboxId,
            e.messageIds().size(), e.filePaths());
      } else if (event instanceof MailboxEvent.MailboxProvisioned e) {
        context.getLog().info("Mailbox {} provisioned ({} box of {})", mailboxId, e.kind(),
            e.ownerUserId() == null ? "a team" : "user " + e.ownerUserId());
      }
    }
  }

  @Override
  public EventHandler<MailboxState, MailboxEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(MailboxDomain::evolve);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return EntityPersistence.retention();
  }
}
