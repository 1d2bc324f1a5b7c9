package io.switchboard.engine.call;

import io.switchboard.engine.directory.DirectoryState;
import io.switchboard.engine.queue.routing.QueueCommand;
import io.switchboard.engine.queue.routing.QueuePolicy;
import io.switchboard.engine.voicemail.MailboxCommand;
import io.switchboard.engine.voicemail.MailboxState;
import io.switchboard.flows.CompiledFlow;
import io.switchboard.media.CommandResult;
import io.switchboard.media.MediaCommand;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Everything a Call entity asks of the rest of the engine, as one seam: the engine implements it
 * over Cluster Sharding, the media bridge and the directory/flow read models; tests implement it
 * with fakes that record what was asked.
 *
 * <p>Created once per ActorSystem and shared by all Call entities: implementations are
 * thread-safe and never block (sends are fire-and-forget {@code tell}s; media commands and the
 * mailbox question complete asynchronously and the entity pipes the result to itself).
 */
public interface CallPeers {

  /**
   * Delivers a command to the Queue entity {@code queueId}. At-most-once per call; the Call sends
   * again what it still expects after a recovery, and the Queue treats duplicates as no-ops.
   */
  void queue(String queueId, QueueCommand command);

  /** Delivers a command to the Mailbox entity {@code mailboxId} (e.g. deposit a message). */
  void mailbox(String mailboxId, MailboxCommand command);

  /**
   * The Mailbox entity's current state, asked before a caller records a message: whether the box
   * takes one ({@link MailboxState#refusalReason()}), its recording settings and greeting. Empty
   * when the box was never provisioned. Completes exceptionally when the entity does not answer
   * in time (the call then tells the caller the mailbox is unavailable).
   */
  CompletionStage<Optional<MailboxState>> mailboxState(String mailboxId);

  /**
   * Tells the Agent entity of user {@code agentId} that it is on ({@code onCall}) or off a call
   * that no queue offered (a direct or internal call), so that routing sees it busy meanwhile.
   */
  void agentOnDirectCall(String agentId, String callId, boolean onCall, Instant at);

  /** The directory as this node knows it now: a read model, eventually consistent. */
  DirectoryState directory();

  /**
   * The queue's policy as this node knows it now (read model), for what a waiting caller hears:
   * the greeting and the music on hold. Empty when unknown (the engine's defaults apply).
   */
  Optional<QueuePolicy> queuePolicy(String queueId);

  /** The flow's currently deployed version, if the flow exists. */
  Optional<CompiledFlow> currentFlow(String flowId);

  /**
   * An exact version of a flow (a call keeps the version it started with, also after recovery),
   * if it was ever deployed.
   */
  Optional<CompiledFlow> flowVersion(String flowId, String version);

  /** Sends a media command to FreeSWITCH node {@code nodeId}; never blocks. */
  CompletionStage<CommandResult> media(String nodeId, MediaCommand command);

  /** How media commands reach FreeSWITCH (the engine's media integration). */
  @FunctionalInterface
  interface Media {
    CompletionStage<CommandResult> execute(String nodeId, MediaCommand command);
  }

  /**
   * Peers that send media commands through {@code media} and everything else to {@code others}
   * (the entities' side): how the engine puts the two halves together.
   */
  static CallPeers withMedia(CallPeers others, Media media) {
    return new CallPeers() {
      @Override
      public void queue(String queueId, QueueCommand command) {
        others.queue(queueId, command);
      }

      @Override
      public void mailbox(String mailboxId, MailboxCommand command) {
        others.mailbox(mailboxId, command);
      }

      @Override
      public CompletionStage<Optional<MailboxState>> mailboxState(String mailboxId) {
        return others.mailboxState(mailboxId);
      }

      @Override
      public void agentOnDirectCall(String agentId, String callId, boolean onCall, Instant at) {
        others.agentOnDirectCall(agentId, callId, onCall, at);
      }

      @Override
      public DirectoryState directory() {
        return others.directory();
      }

      @Override
      public Optional<QueuePolicy> queuePolicy(String queueId) {
        return others.queuePolicy(queueId);
      }

      @Override
      public Optional<CompiledFlow> currentFlow(String flowId) {
        return others.currentFlow(flowId);
      }

      @Override
      public Optional<CompiledFlow> flowVersion(String flowId, String version) {
        return others.flowVersion(flowId, version);
      }

      @Override
      public CompletionStage<CommandResult> media(String nodeId, MediaCommand command) {
        return media.execute(nodeId, command);
      }
    };
  }
}
