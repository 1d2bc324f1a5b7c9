package io.switchboard.engine.call.internal;

import io.switchboard.engine.call.CallPeers;
import io.switchboard.engine.directory.DirectoryState;
import io.switchboard.engine.queue.routing.QueueCommand;
import io.switchboard.engine.queue.routing.QueuePolicy;
import io.switchboard.engine.voicemail.MailboxCommand;
import io.switchboard.engine.voicemail.MailboxState;
import io.switchboard.flows.CompiledFlow;
import io.switchboard.media.CommandResult;
import io.switchboard.media.MediaBridgeException;
import io.switchboard.media.MediaCommand;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entity side of {@link CallPeers} for an engine whose Directory, Queue, Agent, Mailbox and
 * flow-catalog entities are not wired in: an empty directory and no flows, so every call is
 * unroutable (the caller hears the unroutable announcement and is hung up), and no queue,
 * mailbox or agent message can arise; should one, it is logged as dropped. The engine replaces
 * it with the real entities' side when it has them. Stateless; thread-safe.
 */
public final class UnwiredPeers implements CallPeers {

  /** The only instance. */
  public static final UnwiredPeers INSTANCE = new UnwiredPeers();

  private static final Logger log = LoggerFactory.getLogger(UnwiredPeers.class);

  private UnwiredPeers() {}

  @Override
  public void queue(String queueId, QueueCommand command) {
    log.warn("no queue entities in this engine: dropped {} for queue {}", command, queueId);
  }

  @Override
  public void mailbox(String mailboxId, MailboxCommand command) {
    log.warn("no mailbox entities in this engine: dropped {} for mailbox {}", command, mailboxId);
  }

  @Override
  public CompletionStage<Optional<MailboxState>> mailboxState(String mailboxId) {
    return CompletableFuture.completedFuture(Optional.empty());
  }

  @Override
  public void agentOnDirectCall(String agentId, String callId, boolean onCall, Instant at) {
    log.debug("no agent entities in this engine: agent {} on call {} = {}", agentId, callId, onCall);
  }

  @Override
  public DirectoryState directory() {
    return DirectoryState.EMPTY;
  }

  @Override
  public Optional<QueuePolicy> queuePolicy(String queueId) {
    return Optional.empty();
  }

  @Override
  public Optional<CompiledFlow> currentFlow(String flowId) {
    return Optional.empty();
  }

  @Override
  public Optional<CompiledFlow> flowVersion(String flowId, String version) {
    return Optional.empty();
  }

  @Override
  public CompletionStage<CommandResult> media(String nodeId, MediaCommand command) {
    return CompletableFuture.failedFuture(new MediaBridgeException.NodeUnavailable("no media in this peer set"));
  }
}
