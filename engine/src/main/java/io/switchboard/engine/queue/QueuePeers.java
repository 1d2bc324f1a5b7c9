package io.switchboard.engine.queue;

import io.switchboard.agents.Agent;
import io.switchboard.agents.AgentEntity;
import java.time.Instant;
import java.util.concurrent.CompletionStage;

/**
 * Everything a Queue entity asks of the rest of the engine, as one seam: the reservation lock and
 * the other messages to Agent entities, and notices to Call entities. {@link ShardedQueuePeers}
 * implements it over Cluster Sharding; tests implement it with fakes that record what was asked.
 *
 * <p>Created once per ActorSystem and shared by all Queue entities: implementations are
 * thread-safe and never block.
 */
public interface QueuePeers {

  /**
   * Asks agent {@code agentId} to reserve itself for {@code callId} of {@code queueId} (the queue's
   * request {@code requestId}), until {@code expiresAt} at the latest. Completes with the agent's
   * reply, or fails (timeout, agent unreachable).
   */
  CompletionStage<AgentEntity.ReservationReply> reserve(
      String agentId, String callId, String queueId, long requestId, Instant expiresAt, Instant at);

  /** Delivers a command to agent {@code agentId} (release, start or end a call, set away). */
  void agent(String agentId, Agent.Command command);

  /** Asks agent {@code agentId} to report its status to {@code queueId}. */
  void requestStatus(String agentId, String queueId);

  /** Sends a notice to the call it is about. */
  void notifyCall(QueueNotice notice);
}
