package io.switchboard.engine.call;

import io.switchboard.engine.directory.DirectoryState;
import io.switchboard.engine.queue.routing.QueueCommand;
import io.switchboard.engine.voicemail.MailboxCommand;
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
 * thread-safe and never block (sends are fire-and-forget {@code tell}s; media commands complete
 * asynchronously and the entity pipes the result to itself).
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
   * Tells the Agent entity of user {@code agentId} that it is on ({@code onCall}) or off a call
   * that no queue offered (a direct or internal call), so that routing sees it busy meanwhile.
   */
  void agentOnDirectCall(String agentId, String callId, boolean onCall, Instant at);

  /** The directory as this node knows it now: a read model, eventually consistent. */
  DirectoryState directory();

  /** The flow's currently deployed version, if the flow exists. */
  Optional<CompiledFlow> currentFlow(String flowId);

  /**
   * An exact version of a flow (a call keeps the version it started with, also after recovery),
   * if it was ever deployed.
   */
  Optional<CompiledFlow> flowVersion(String flowId, String version);

  /** Sends a media command to FreeSWITCH node {@code nodeId}; never blocks. */
  CompletionStage<CommandResult> media(String nodeId, MediaCommand command);
}
