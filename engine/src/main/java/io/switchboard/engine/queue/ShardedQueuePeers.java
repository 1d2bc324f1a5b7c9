package io.switchboard.engine.queue;

import io.switchboard.agents.Agent;
import io.switchboard.agents.AgentEntity;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * {@link QueuePeers} over Cluster Sharding: Agent entities by {@link AgentEntity#ENTITY_KEY}, and
 * the {@link CallNotifier} the engine wires to the Call entities.
 *
 * <p>Created once by the engine's wiring; thread-safe (sharding references are).
 */
public final class ShardedQueuePeers implements QueuePeers {

  private final ClusterSharding sharding;
  private final Duration reserveTimeout;
  private final CallNotifier calls;

  /**
   * @param reserveTimeout how long a reservation request may take before it fails (the queue's own
   *     journaled deadline for the request is what ends the offer)
   * @param calls where notices to calls go
   */
  public ShardedQueuePeers(ClusterSharding sharding, Duration reserveTimeout, CallNotifier calls) {
    this.sharding = Objects.requireNonNull(sharding, "sharding");
    this.reserveTimeout = Objects.requireNonNull(reserveTimeout, "reserveTimeout");
    this.calls = Objects.requireNonNull(calls, "calls");
  }

  @Override
  public CompletionStage<AgentEntity.ReservationReply> reserve(
      String agentId, String callId, String queueId, long requestId, Instant expiresAt, Instant at) {
    return sharding.entityRefFor(AgentEntity.ENTITY_KEY, agentId)
        .ask(replyTo -> new AgentEntity.Reserve(callId, queueId, requestId, expiresAt, at, replyTo), reserveTimeout);
  }

  @Override
  public void agent(String agentId, Agent.Command command) {
    sharding.entityRefFor(AgentEntity.ENTITY_KEY, agentId).tell(new AgentEntity.Deliver(command));
  }

  @Override
  public void requestStatus(String agentId, String queueId) {
    sharding.entityRefFor(AgentEntity.ENTITY_KEY, agentId).tell(new AgentEntity.ReportStatus(queueId));
  }

  @Override
  public void notifyCall(QueueNotice notice) {
    calls.notifyCall(notice);
  }
}
