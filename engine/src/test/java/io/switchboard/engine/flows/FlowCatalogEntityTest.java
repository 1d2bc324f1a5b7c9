package io.switchboard.engine.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FlowCatalogEntityTest {

  private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
  private static final ActorTestKit testKit = ActorTestKit.create(EventSourcedBehaviorTestKit.config());

  private final List<FlowCatalog.Published> published = new CopyOnWriteArrayList<>();
  private final EventSourcedBehaviorTestKit<FlowCatalogEntity.Command, FlowCatalogDomain.Event, FlowCatalogDomain.State> catalog =
      EventSourcedBehaviorTestKit.create(testKit.system(), FlowCatalogEntity.create(FlowCatalogEntity.ID,
          (state, revision) -> published.add(new FlowCatalog.Published(revision, state))));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void clear() {
    catalog.clear();
    published.clear();
  }

  private EventSourcedBehaviorTestKit.CommandResultWithReply<FlowCatalogEntity.Command, FlowCatalogDomain.Event,
      FlowCatalogDomain.State, StatusReply<Done>> deploy(String version, String source, Instant at) {
    return catalog.runCommand(replyTo -> new FlowCatalogEntity.Deploy("main", version, "main.flow.yaml", source, at, replyTo));
  }

  @Test
  void each_new_version_is_journaled_once_and_published() {
    // when
    var first = deploy("sha256:1", "v1", T0);
    var again = deploy("sha256:1", "v1", T0.plusSeconds(1));
    var second = deploy("sha256:2", "v2", T0.plusSeconds(2));

    // then
    assertThat(first.event()).isEqualTo(new FlowCatalogDomain.VersionDeployed("main", "sha256:1", "main.flow.yaml", "v1", null, T0));
    assertThat(again.hasNoEvents()).isTrue();
    assertThat(second.reply().isSuccess()).isTrue();
    assertThat(published).last().satisfies(p -> {
      assertThat(p.revision()).isEqualTo(2);
      assertThat(p.state().current("main").orElseThrow().version()).isEqualTo("sha256:2");
    });
  }

  @Test
  void a_retired_flow_keeps_its_versions() {
    // given
    deploy("sha256:1", "v1", T0);

    // when
    var retired = catalog.<StatusReply<Done>>runCommand(replyTo -> new FlowCatalogEntity.Retire("main", T0.plusSeconds(5), replyTo));

    // then
    assertThat(retired.event()).isEqualTo(new FlowCatalogDomain.FlowRetired("main", "sha256:1", T0.plusSeconds(5)));
    assertThat(catalog.getState().current("main")).isEmpty();
    assertThat(catalog.getState().version("main", "sha256:1")).isPresent();
  }

  @Test
  void every_version_is_recovered_after_a_restart_and_published_again() {
    // given
    deploy("sha256:1", "v1", T0);
    deploy("sha256:2", "v2", T0.plusSeconds(2));
    published.clear();

    // when
    var restarted = catalog.restart();

    // then
    assertThat(restarted.state().version("main", "sha256:1").orElseThrow().source()).isEqualTo("v1");
    assertThat(published).singleElement().satisfies(p -> assertThat(p.revision()).isEqualTo(2));
    assertThat(catalog.<FlowCatalog.Published>runCommand(FlowCatalogEntity.Get::new).reply().state())
        .isEqualTo(restarted.state());
  }
}
