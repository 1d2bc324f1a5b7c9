package io.switchboard.engine.organisation;

import io.switchboard.engine.call.CallPeers;
import io.switchboard.engine.directory.DirectoryState;
import io.switchboard.engine.queue.routing.QueueCommand;
import io.switchboard.engine.voicemail.MailboxCommand;
import io.switchboard.flows.CompiledFlow;
import io.switchboard.media.CommandResult;
import io.switchboard.media.MediaCommand;
import java.time.Instant;
import java.util.Objects;
import io.switchboard.engine.queue.routing.QueuePolicy;
import io.switchboard.engine.voicemail.MailboxState;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

/**
 * {@link CallPeers} over the running {@link Organisation} (queues, mailboxes, agents, the directory
 * and flow read models) and a media sender (the media bridge's {@code execute}).
 *
 * <p>Created once per node by the engine's wiring; thread-safe and non-blocking, as its parts are.
 */
public final class OrganisationCallPeers implements CallPeers {

  private final Organisation organisation;
  private final BiFunction<String, MediaCommand, CompletionStage<CommandResult>> media;

  /**
   * @param media sends a media command to a FreeSWITCH node, e.g. {@code mediaBridge::execute}
   */
  public OrganisationCallPeers(Organisation organisation, BiFunction<String, MediaCommand, CompletionStage<CommandResult>> media) {
    this.organisation = Objects.requireNonNull(organisation, "organisation");
    this.media = Objects.requireNonNull(media, "media");
  }

  @Override
  public void queue(String queueId, QueueCommand command) {
    organisation.queue(queueId, command);
  }

  @Override
  public void mailbox(String mailboxId, MailboxCommand command) {
    organisation.mailbox(mailboxId, command);
  }

  @Override
  public CompletionStage<Optional<MailboxState>> mailboxState(String mailboxId) {
    return organisation.mailboxState(mailboxId);
  }

  @Override
  public Optional<QueuePolicy> queuePolicy(String queueId) {
    return organisation.queuePolicy(queueId);
  }

  @Override
  public void agentOnDirectCall(String agentId, String callId, boolean onCall, Instant at) {
    organisation.agentOnDirectCall(agentId, callId, onCall, at);
  }

  @Override
  public DirectoryState directory() {
    return organisation.directory();
  }

  @Override
  public Optional<CompiledFlow> currentFlow(String flowId) {
    return organisation.currentFlow(flowId);
  }

  @Override
  public Optional<CompiledFlow> flowVersion(String flowId, String version) {
    return organisation.flowVersion(flowId, version);
  }

  @Override
  public CompletionStage<CommandResult> media(String nodeId, MediaCommand command) {
    return media.apply(nodeId, command);
  }
}
