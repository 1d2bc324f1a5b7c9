package io.switchboard.engine.media;

import io.switchboard.engine.call.CallEntity;
import io.switchboard.engine.call.CallInput;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Where the media listener delivers what FreeSWITCH reported: the Call entity of each call.
 * Implemented over Cluster Sharding ({@link #sharded}); tests record the deliveries. Must be
 * thread-safe and must not block (the media bridge calls it from its dispatching stage).
 */
@FunctionalInterface
public interface CallInbox {

  /** Delivers {@code input} to the call {@code callId} (fire and forget). */
  void deliver(String callId, CallInput input);

  /** Delivery to the Call entities of the cluster. */
  static CallInbox sharded(ClusterSharding sharding) {
    return (callId, input) -> sharding.entityRefFor(CallEntity.ENTITY_KEY, callId).tell(new CallEntity.FromMedia(input));
  }
}
