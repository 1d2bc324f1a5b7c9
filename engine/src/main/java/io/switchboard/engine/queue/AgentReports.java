package io.switchboard.engine.queue;

import io.switchboard.agents.AgentReport;
import io.switchboard.agents.AgentStatusListener;
import io.switchboard.engine.queue.routing.AgentStatus;
import java.util.Objects;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * The bridge from Agent entities to Queue entities: maps the agents module's {@link AgentReport}
 * onto routing's {@link AgentStatus}, and delivers it to the Queue entity it is for.
 *
 * <p>Created once by the engine's wiring and given to {@code AgentEntity.init}; thread-safe.
 */
public final class AgentReports implements AgentStatusListener {

  private final ClusterSharding sharding;

  public AgentReports(ClusterSharding sharding) {
    this.sharding = Objects.requireNonNull(sharding, "sharding");
  }

  /** The routing status carried by {@code report}. */
  public static AgentStatus toStatus(AgentReport report) {
    return new AgentStatus(
        report.agentId(),
        report.presence(),
        report.optedIn(),
        report.signedIn(),
        report.onCall(),
        report.reservedElsewhere(),
        report.wrapUpUntil(),
        report.idleSince(),
        report.skills(),
        report.missedOffers(),
        report.revision());
  }

  @Override
  public void statusChanged(AgentReport report) {
    sharding.entityRefFor(QueueEntity.ENTITY_KEY, report.queueId()).tell(new QueueEntity.StatusReported(toStatus(report)));
  }
}
