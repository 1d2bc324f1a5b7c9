package io.switchboard.engine.flows;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.engine.flows.FlowCatalogDomain.Deploy;
import io.switchboard.engine.flows.FlowCatalogDomain.FlowRetired;
import io.switchboard.engine.flows.FlowCatalogDomain.Retire;
import io.switchboard.engine.flows.FlowCatalogDomain.State;
import io.switchboard.engine.flows.FlowCatalogDomain.VersionDeployed;
import io.switchboard.engine.flows.FlowCatalogDomain.VersionReactivated;
import io.switchboard.persistence.Decision;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowCatalogDomainTest {

  private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");

  private State state = State.EMPTY;

  private List<FlowCatalogDomain.Event> handle(FlowCatalogDomain.Command command) {
    Decision<FlowCatalogDomain.Event> decision = FlowCatalogDomain.decide(state, command);
    List<FlowCatalogDomain.Event> events = ((Decision.Accepted<FlowCatalogDomain.Event>) decision).events();
    for (FlowCatalogDomain.Event event : events) {
      state = FlowCatalogDomain.evolve(state, event);
    }
    return events;
  }

  @Test
  void a_new_version_is_journaled_with_its_source_and_becomes_current() {
    // when
    List<FlowCatalogDomain.Event> events = handle(new Deploy("main", "sha256:1", "main.flow.yaml", "flow: main", T0));

    // then
    assertThat(events).containsExactly(new VersionDeployed("main", "sha256:1", "main.flow.yaml", "flow: main", null, T0));
    assertThat(state.current("main")).hasValueSatisfying(v -> {
      assertThat(v.version()).isEqualTo("sha256:1");
      assertThat(v.source()).isEqualTo("flow: main");
      assertThat(v.deployedAt()).isEqualTo(T0);
    });
  }

  @Test
  void the_current_version_again_is_a_no_op_and_an_earlier_one_is_reactivated_without_its_source_again() {
    // given
    handle(new Deploy("main", "sha256:1", "main.flow.yaml", "v1", T0));
    handle(new Deploy("main", "sha256:2", "main.flow.yaml", "v2", T0.plusSeconds(60)));

    // when
    List<FlowCatalogDomain.Event> same = handle(new Deploy("main", "sha256:2", "main.flow.yaml", "v2", T0.plusSeconds(61)));
    List<FlowCatalogDomain.Event> back = handle(new Deploy("main", "sha256:1", "main.flow.yaml", "v1", T0.plusSeconds(120)));

    // then
    assertThat(same).isEmpty();
    assertThat(back).containsExactly(new VersionReactivated("main", "sha256:1", "sha256:2", T0.plusSeconds(120)));
    assertThat(state.current("main").orElseThrow().deployedAt()).as("first deployed").isEqualTo(T0);
    assertThat(state.version("main", "sha256:2")).isPresent();
  }

  @Test
  void a_retired_flow_has_no_current_version_but_keeps_its_versions_for_pinned_calls() {
    // given
    handle(new Deploy("main", "sha256:1", "main.flow.yaml", "v1", T0));

    // when
    List<FlowCatalogDomain.Event> events = handle(new Retire("main", T0.plusSeconds(5)));

    // then
    assertThat(events).containsExactly(new FlowRetired("main", "sha256:1", T0.plusSeconds(5)));
    assertThat(state.current("main")).isEmpty();
    assertThat(state.version("main", "sha256:1")).isPresent();
    assertThat(handle(new Retire("main", T0.plusSeconds(6)))).isEmpty();
    assertThat(handle(new Retire("never-deployed", T0))).isEmpty();
  }
}
