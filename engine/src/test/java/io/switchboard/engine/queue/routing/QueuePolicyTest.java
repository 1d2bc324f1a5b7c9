package io.switchboard.engine.queue.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.engine.directory.Problem;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueuePolicyTest {

  @Test
  void the_defaults_are_what_a_contact_center_expects() {
    // when
    QueuePolicy d = QueuePolicy.defaults();

    // then
    assertThat(d.routingMethod()).isEqualTo(RoutingMethod.LONGEST_IDLE);
    assertThat(d.presenceBasedRouting()).isTrue();
    assertThat(d.agentAlertTime()).isEqualTo(Duration.ofSeconds(30));
    assertThat(d.maxCallsWaiting()).isEqualTo(50);
    assertThat(d.timeout()).isEqualTo(Duration.ofMinutes(20));
    assertThat(d.noAgents().mode()).isEqualTo(NoAgentsPolicy.Mode.NEW_CALLS);
    assertThat(d.wrapUpTime()).isEqualTo(Duration.ofSeconds(10));
    assertThat(d.missedOffersBeforeAway()).isEqualTo(3);
    assertThat(d.announcements()).isEqualTo(new Announcements(true, false, Duration.ofSeconds(60)));
  }

  @Test
  void every_problem_is_reported_at_once_with_its_field() {
    // when / then
    assertThatThrownBy(
            () -> new QueuePolicy(null, true, Duration.ofSeconds(200), -1, null, Duration.ofMinutes(46), null, null, " ", null,
                new Announcements(true, true, Duration.ofSeconds(1)), Duration.ofMinutes(31), List.of(), 21, Map.of("French", 3, "x", 11)))
        .isInstanceOfSatisfying(InvalidQueuePolicyException.class, e -> assertThat(e.problems())
            .extracting(Problem::field)
            .containsExactly("routingMethod", "agentAlertTime", "maxCallsWaiting", "overflowAction", "timeout", "timeoutAction", "noAgents",
                "greeting", "musicOnHold", "announcements", "wrapUpTime", "missedOffersBeforeAway", "requiredSkills", "requiredSkills"));
  }

  @Test
  void the_range_limits_themselves_are_accepted() {
    QueuePolicy edge =
        QueuePolicy.defaults()
            .withAgentAlertTime(Duration.ofSeconds(15))
            .withMaxCallsWaiting(200)
            .withTimeout(Duration.ofMinutes(45))
            .withWrapUpTime(Duration.ZERO)
            .withMissedOffersBeforeAway(0)
            .withAgentAlertTime(Duration.ofSeconds(180));
    assertThat(edge.maxCallsWaiting()).isEqualTo(200);
    assertThatThrownBy(() -> edge.withAgentAlertTime(Duration.ofSeconds(14)))
        .hasMessage("invalid queue policy: agentAlertTime: agent alert time 14s is out of range; use 15s to 3m");
  }

  @Test
  void durations_read_as_an_admin_writes_them() {
    assertThat(QueuePolicy.human(Duration.ZERO)).isEqualTo("0s");
    assertThat(QueuePolicy.human(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(QueuePolicy.human(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(QueuePolicy.human(Duration.ofHours(2))).isEqualTo("2h");
    assertThat(QueuePolicy.human(Duration.ofSeconds(3725))).isEqualTo("1h2m5s");
  }

  @Test
  void an_explicit_priority_wins_over_the_rules() {
    QueuePolicy policy =
        QueuePolicy.defaults().withCallerPriorityRules(List.of(new CallerPriorityRule(io.switchboard.engine.directory.NumberPattern.of("+1*"), null, 4)));
    assertThat(policy.priorityOf(9, "+15551234567", null)).isEqualTo(new QueuePolicy.PriorityAssignment(9, "set by the caller's flow"));
    assertThat(policy.priorityOf(null, "+15551234567", null)).isEqualTo(new QueuePolicy.PriorityAssignment(4, "caller priority rule 1"));
    assertThat(policy.priorityOf(null, "anonymous", null)).isEqualTo(new QueuePolicy.PriorityAssignment(0, "default"));
  }
}
