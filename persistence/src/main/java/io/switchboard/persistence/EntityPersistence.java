package io.switchboard.persistence;

import java.time.Duration;
import org.apache.pekko.actor.typed.BackoffSupervisorStrategy;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The persistence policy every event-sourced entity uses, so that Call, Queue and Agent are wired
 * identically (DESIGN.md): how a failed journal write is retried and how snapshots are kept.
 * Stateless constants.
 */
public final class EntityPersistence {

  /** Events between snapshots: recovery reads at most this many events after the latest snapshot. */
  public static final int SNAPSHOT_EVERY = 100;
  /** Snapshots kept; older ones are deleted (events are kept: they are the history). */
  public static final int KEEP_SNAPSHOTS = 2;

  private EntityPersistence() {}

  /**
   * After a failed persist (Cassandra unreachable, timeout) the entity stops and is restarted with
   * exponential backoff, recovering from the journal, instead of hammering a struggling cluster.
   */
  public static BackoffSupervisorStrategy restartWithBackoff() {
    return SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1);
  }

  /** Snapshot every {@value #SNAPSHOT_EVERY} events, keeping {@value #KEEP_SNAPSHOTS}. */
  public static RetentionCriteria retention() {
    return RetentionCriteria.snapshotEvery(SNAPSHOT_EVERY, KEEP_SNAPSHOTS);
  }
}
