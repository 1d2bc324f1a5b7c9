package io.switchboard.engine.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.media.MediaBridgeSettings;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the demo mode gives the engine: the simulator as its only media node, and the demo directory. */
class DemoModeTest {

  private static final Path FOLDER = Path.of("..", "demo").toAbsolutePath().normalize();

  @TempDir Path dir;

  private static Config root(Map<String, Object> values) {
    Map<String, Object> all = new HashMap<>(Map.of(
        "switchboard.engine.demo.media-sim", true,
        "switchboard.engine.demo.folder", FOLDER.toString(),
        "switchboard.engine.demo.directory-file", FOLDER.resolve("directory.yaml").toString(),
        "switchboard.engine.demo.endpoints-file", FOLDER.resolve("endpoints.txt").toString(),
        "switchboard.engine.directory-file", "",
        "switchboard.engine.calls.operator", ""));
    all.putAll(values);
    return ConfigFactory.parseMap(all).withFallback(ConfigFactory.load()).resolve();
  }

  @Test
  void without_a_directory_the_engine_gets_the_demo_organisation_and_the_simulator_as_its_only_node() {
    // when
    DemoMode demo = DemoMode.start(root(Map.of("switchboard.media.nodes",
        List.of(Map.of("id", "fs1", "host", "10.0.0.5")))));
    try {
      Config engine = demo.engineConfig();

      // then
      MediaBridgeSettings media = MediaBridgeSettings.fromConfig(engine);
      assertThat(media.nodes()).singleElement().satisfies(node -> {
        assertThat(node.id()).isEqualTo(DemoMode.NODE_ID);
        assertThat(node.host()).isEqualTo("127.0.0.1");
        assertThat(node.port()).isEqualTo(demo.simulator().port()).isPositive();
      });
      assertThat(demo.demoDirectory()).contains(FOLDER.resolve("directory.yaml"));
      assertThat(engine.getString("switchboard.engine.directory-file")).isEqualTo(FOLDER.resolve("directory.yaml").toString());
      assertThat(engine.getString("switchboard.engine.calls.operator")).isEqualTo("user:reception");
      assertThat(demo.extension().readinessNotes().get("media")).startsWith("simulated: Switchboard's ESL simulator on 127.0.0.1:");
      assertThat(demo.tryIt("http://127.0.0.1:8080"))
          .contains("curl -X PUT http://127.0.0.1:8080/agents/alice/presence", "+33184880101")
          .doesNotContain("{http}");
    } finally {
      demo.stop();
    }
  }

  @Test
  void with_a_directory_of_ones_own_only_the_media_changes() {
    // given
    Path own = dir.resolve("mine.yaml");

    // when
    DemoMode demo = DemoMode.start(root(Map.of("switchboard.engine.directory-file", own.toString())));
    try {
      // then
      assertThat(demo.demoDirectory()).isEmpty();
      assertThat(demo.engineConfig().getString("switchboard.engine.directory-file")).isEqualTo(own.toString());
      assertThat(demo.engineConfig().getString("switchboard.engine.calls.operator")).isEmpty();
      assertThat(demo.tryIt("http://127.0.0.1:8080")).contains("POST http://127.0.0.1:8080/sim/calls");
    } finally {
      demo.stop();
    }
  }

  @Test
  void a_missing_demo_directory_is_refused_with_the_fix() {
    assertThatThrownBy(() -> DemoMode.start(root(Map.of("switchboard.engine.demo.directory-file",
        dir.resolve("none.yaml").toString()))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not exist")
        .hasMessageContaining("set SWITCHBOARD_DEMO_FOLDER");
  }
}
