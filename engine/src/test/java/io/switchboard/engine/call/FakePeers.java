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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A CallPeers that records what calls ask: queue and mailbox commands, agent notices, media
 * commands with their pending results. The directory, policies and flows are the fixtures';
 * mailboxes answer from a map. Thread-safe (entity tests call it from actor threads).
 */
final class FakePeers implements CallPeers {

  /** A media command sent, with the future the test completes. */
  record SentMedia(String nodeId, MediaCommand command, CompletableFuture<CommandResult> result) {}

  record QueueSent(String queueId, QueueCommand command) {}

  record MailboxSent(String mailboxId, MailboxCommand command) {}

  record AgentSent(String agentId, String callId, boolean onCall, Instant at) {}

  private final List<SentMedia> media = new ArrayList<>();
  private final List<QueueSent> queues = new ArrayList<>();
  private final List<MailboxSent> mailboxes = new ArrayList<>();
  private final List<AgentSent> agents = new ArrayList<>();
  private final Map<String, MailboxState> mailboxStates = new ConcurrentHashMap<>();
  private volatile DirectoryState directory = CallFixtures.directory();
  private volatile Map<String, CompiledFlow> flows = CallFixtures.flows();
  /** Decides how each media command completes; by default at once with {@code +OK}. */
  private volatile Function<MediaCommand, CommandResult> autoReply = command -> CommandResult.of("+OK");

  synchronized List<SentMedia> media() {
    return List.copyOf(media);
  }

  synchronized List<MediaCommand> mediaCommands() {
    return media.stream().map(SentMedia::command).toList();
  }

  synchronized List<QueueSent> queues() {
    return List.copyOf(queues);
  }

  synchronized List<MailboxSent> mailboxes() {
    return List.copyOf(mailboxes);
  }

  synchronized List<AgentSent> agents() {
    return List.copyOf(agents);
  }

  synchronized void clear() {
    media.clear();
    queues.clear();
    mailboxes.clear();
    agents.clear();
  }

  /** Media commands complete with what {@code reply} returns, or stay pending when it returns null. */
  void replyWith(Function<MediaCommand, CommandResult> reply) {
    this.autoReply = reply;
  }

  void mailboxState(MailboxState state) {
    mailboxStates.put(state.mailboxId(), state);
  }

  void directory(DirectoryState state) {
    this.directory = state;
  }

  void flows(Map<String, CompiledFlow> value) {
    this.flows = value;
  }

  @Override
  public synchronized void queue(String queueId, QueueCommand command) {
    queues.add(new QueueSent(queueId, command));
  }

  @Override
  public synchronized void mailbox(String mailboxId, MailboxCommand command) {
    mailboxes.add(new MailboxSent(mailboxId, command));
  }

  @Override
  public CompletionStage<Optional<MailboxState>> mailboxState(String mailboxId) {
    return CompletableFuture.completedFuture(Optional.ofNullable(mailboxStates.get(mailboxId)));
  }

  @Override
  public synchronized void agentOnDirectCall(String agentId, String callId, boolean onCall, Instant at) {
    agents.add(new AgentSent(agentId, callId, onCall, at));
  }

  @Override
  public DirectoryState directory() {
    return directory;
  }

  @Override
  public Optional<QueuePolicy> queuePolicy(String queueId) {
    return Optional.ofNullable(CallFixtures.policies().get(queueId));
  }

  @Override
  public Optional<CompiledFlow> currentFlow(String flowId) {
    return Optional.ofNullable(flows.get(flowId));
  }

  @Override
  public Optional<CompiledFlow> flowVersion(String flowId, String version) {
    return CallFixtures.flow(flowId, version);
  }

  @Override
  public CompletionStage<CommandResult> media(String nodeId, MediaCommand command) {
    CompletableFuture<CommandResult> result = new CompletableFuture<>();
    synchronized (this) {
      media.add(new SentMedia(nodeId, command, result));
    }
    CommandResult reply = autoReply.apply(command);
    if (reply != null) {
      result.complete(reply);
    }
    return result;
  }
}
