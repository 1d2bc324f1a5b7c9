package io.switchboard.engine.queue;

import io.switchboard.agents.Agent;
import io.switchboard.agents.AgentEntity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake of the queue's peers: records what the queue asks, and lets the test answer reservation
 * requests when it wants ({@link #answer}). Thread-safe: the queue calls it from its actor.
 */
final class RecordingQueuePeers implements QueuePeers {

  /** A reservation request as the queue made it. */
  record Request(String agentId, String callId, String queueId, long requestId, Instant expiresAt, Instant at) {}

  final List<Request> requests = new CopyOnWriteArrayList<>();
  final List<Map.Entry<String, Agent.Command>> agentCommands = new CopyOnWriteArrayList<>();
  final List<String> statusRequests = new CopyOnWriteArrayList<>();
  final List<QueueNotice> notices = new CopyOnWriteArrayList<>();
  private final Map<String, CompletableFuture<AgentEntity.ReservationReply>> pending = new ConcurrentHashMap<>();

  @Override
  public CompletionStage<AgentEntity.ReservationReply> reserve(
      String agentId, String callId, String queueId, long requestId, Instant expiresAt, Instant at) {
    requests.add(new Request(agentId, callId, queueId, requestId, expiresAt, at));
    return pending.computeIfAbsent(agentId + "/" + requestId, key -> new CompletableFuture<>());
  }

  /** Completes the reservation request {@code requestId} of {@code agentId} with {@code reply}. */
  void answer(String agentId, long requestId, AgentEntity.ReservationReply reply) {
    pending.computeIfAbsent(agentId + "/" + requestId, key -> new CompletableFuture<>()).complete(reply);
  }

  /** Fails the reservation request, as an ask that timed out. */
  void fail(String agentId, long requestId, Throwable failure) {
    pending.computeIfAbsent(agentId + "/" + requestId, key -> new CompletableFuture<>()).completeExceptionally(failure);
  }

  @Override
  public void agent(String agentId, Agent.Command command) {
    agentCommands.add(Map.entry(agentId, command));
  }

  @Override
  public void requestStatus(String agentId, String queueId) {
    statusRequests.add(agentId);
  }

  @Override
  public void notifyCall(QueueNotice notice) {
    notices.add(notice);
  }

  void clear() {
    requests.clear();
    agentCommands.clear();
    statusRequests.clear();
    notices.clear();
    pending.clear();
  }
}
