package io.switchboard.engine.flows;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.engine.directory.DirectoryState;
import io.switchboard.engine.directory.config.DirectoryConfiguration;
import io.switchboard.engine.directory.config.DirectoryConfiguration.FlowReference;
import io.switchboard.engine.directory.config.DirectoryFileLoader;
import io.switchboard.engine.directory.config.LoadResult;
import io.switchboard.flows.CompiledFlow;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowCatalogTest {

  private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
  private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

  @TempDir Path dir;

  private final FlowCatalog catalog = new FlowCatalog();

  private static DirectoryConfiguration organisation() throws URISyntaxException {
    Path file = Path.of(FlowCatalogTest.class.getResource("/organisation/directory.yaml").toURI());
    return ((LoadResult.Loaded) DirectoryFileLoader.load(file)).configuration();
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }

  /** What the catalog entity would publish after deploying {@code ready}. */
  private static FlowCatalogDomain.State deployed(FlowCatalogDomain.State state, FlowCatalog.Ready ready, Instant at) {
    var decision = FlowCatalogDomain.decide(state,
        new FlowCatalogDomain.Deploy(ready.flowId(), ready.flow().version(), ready.file(), ready.source(), at));
    FlowCatalogDomain.State after = state;
    for (FlowCatalogDomain.Event event : ((io.switchboard.persistence.Decision.Accepted<FlowCatalogDomain.Event>) decision).events()) {
      after = FlowCatalogDomain.evolve(after, event);
    }
    return after;
  }

  @Test
  void the_directorys_flows_compile_against_the_directory_and_serve_once_deployed() throws Exception {
    // given
    DirectoryConfiguration configuration = organisation();

    // when
    FlowCatalog.Plan plan = catalog.prepare(configuration.flows(), configuration.directory(), CLOCK);

    // then
    assertThat(plan.fatal()).isEmpty();
    assertThat(plan.prepared()).singleElement().isInstanceOfSatisfying(FlowCatalog.Ready.class, ready -> {
      assertThat(ready.flowId()).isEqualTo("main");
      assertThat(ready.flow().version()).startsWith("sha256:");
    });
    assertThat(catalog.currentFlow("main")).as("not deployed yet").isEmpty();

    // when deployed
    FlowCatalog.Ready ready = (FlowCatalog.Ready) plan.prepared().get(0);
    catalog.remember(ready.flow(), "main");
    catalog.offer(new FlowCatalog.Published(1, deployed(FlowCatalogDomain.State.EMPTY, ready, T0)));

    // then
    assertThat(catalog.currentFlow("main")).containsSame(ready.flow());
    assertThat(catalog.flowVersion("main", ready.flow().version())).containsSame(ready.flow());
    assertThat(catalog.flowVersion("main", "sha256:unknown")).isEmpty();
  }

  @Test
  void another_node_compiles_a_journaled_version_from_its_source_on_first_use() throws Exception {
    // given the deploying node's catalog state, reaching a node that never compiled the flow
    DirectoryConfiguration configuration = organisation();
    FlowCatalog.Ready ready = (FlowCatalog.Ready) catalog.prepare(configuration.flows(), configuration.directory(), CLOCK)
        .prepared().get(0);
    FlowCatalog otherNode = new FlowCatalog();
    otherNode.offer(new FlowCatalog.Published(1, deployed(FlowCatalogDomain.State.EMPTY, ready, T0)));

    // when
    CompiledFlow recompiled = otherNode.flowVersion("main", ready.flow().version()).orElseThrow();

    // then
    assertThat(recompiled.version()).isEqualTo(ready.flow().version());
    assertThat(otherNode.currentFlow("main")).containsSame(recompiled);
  }

  @Test
  void an_older_published_state_never_replaces_a_newer_one() throws Exception {
    // given
    DirectoryConfiguration configuration = organisation();
    FlowCatalog.Ready ready = (FlowCatalog.Ready) catalog.prepare(configuration.flows(), configuration.directory(), CLOCK)
        .prepared().get(0);
    catalog.offer(new FlowCatalog.Published(5, deployed(FlowCatalogDomain.State.EMPTY, ready, T0)));

    // when
    catalog.offer(new FlowCatalog.Published(4, FlowCatalogDomain.State.EMPTY));

    // then
    assertThat(catalog.currentFlow("main")).isPresent();
  }

  @Test
  void an_invalid_file_is_fatal_without_a_running_version_and_kept_out_with_one() throws Exception {
    // given
    DirectoryConfiguration configuration = organisation();
    Path broken = write("main.flow.yaml", "flow: main\nlanguage: en-US\nstart: menu\nnodes:\n  menu:\n    type: hangup\n    next: nowhere\n");
    List<FlowReference> flows = List.of(new FlowReference("main", broken));

    // when
    FlowCatalog.Plan first = catalog.prepare(flows, configuration.directory(), CLOCK);

    // then
    assertThat(first.fatal()).singleElement().satisfies(invalid -> {
      assertThat(invalid.runningVersion()).isNull();
      assertThat(invalid.errors()).allSatisfy(e -> assertThat(e).startsWith(broken + ":"));
      assertThat(invalid.errors().get(0)).matches(".*:[0-9]+:[0-9]+: .*");
    });

    // given a version running
    FlowCatalog.Ready good = (FlowCatalog.Ready) catalog.prepare(configuration.flows(), configuration.directory(), CLOCK)
        .prepared().get(0);
    catalog.offer(new FlowCatalog.Published(1, deployed(FlowCatalogDomain.State.EMPTY, good, T0)));

    // when
    FlowCatalog.Plan later = catalog.prepare(flows, configuration.directory(), CLOCK);

    // then
    assertThat(later.fatal()).isEmpty();
    assertThat(later.prepared()).singleElement().isInstanceOfSatisfying(FlowCatalog.Invalid.class,
        invalid -> assertThat(invalid.runningVersion()).isEqualTo(good.flow().version()));
  }

  @Test
  void a_reference_to_something_the_directory_lacks_is_an_error() throws Exception {
    // given
    DirectoryState directory = organisation().directory();
    Path file = write("main.flow.yaml", "flow: main\nlanguage: en-US\nstart: q\nnodes:\n  q:\n    type: transfer\n    queue: billing\n");

    // when
    FlowCatalog.Plan plan = catalog.prepare(List.of(new FlowReference("main", file)), directory, CLOCK);

    // then
    assertThat(((FlowCatalog.Invalid) plan.prepared().get(0)).errors()).anySatisfy(e -> assertThat(e).contains("billing"));
  }

  @Test
  void a_file_declaring_another_flow_id_is_refused() throws Exception {
    // given
    DirectoryState directory = organisation().directory();
    Path file = write("other.flow.yaml", "flow: other\nlanguage: en-US\nstart: bye\nnodes:\n  bye:\n    type: hangup\n");

    // when
    FlowCatalog.Plan plan = catalog.prepare(List.of(new FlowReference("main", file)), directory, CLOCK);

    // then
    assertThat(((FlowCatalog.Invalid) plan.prepared().get(0)).errors()).containsExactly(
        file + ":1:1: the file declares flow 'other' but the directory lists it as 'main'; use the same id in both");
  }

  @Test
  void an_unreadable_file_is_an_error_naming_it() throws Exception {
    // given
    DirectoryState directory = organisation().directory();
    Path missing = dir.resolve("missing.flow.yaml");

    // when
    FlowCatalog.Plan plan = catalog.prepare(List.of(new FlowReference("main", missing)), directory, CLOCK);

    // then
    assertThat(((FlowCatalog.Invalid) plan.prepared().get(0)).errors()).singleElement()
        .satisfies(e -> assertThat(e).startsWith(missing + ":1:1: cannot read the file"));
  }

  @Test
  void flows_gone_from_the_directory_are_retired() throws Exception {
    // given
    DirectoryConfiguration configuration = organisation();
    FlowCatalog.Ready ready = (FlowCatalog.Ready) catalog.prepare(configuration.flows(), configuration.directory(), CLOCK)
        .prepared().get(0);
    catalog.offer(new FlowCatalog.Published(1, deployed(FlowCatalogDomain.State.EMPTY, ready, T0)));

    // when
    FlowCatalog.Plan plan = catalog.prepare(List.of(), configuration.directory(), CLOCK);

    // then
    assertThat(plan.retired()).containsExactly("main");
    assertThat(plan.prepared()).isEmpty();
  }
}
