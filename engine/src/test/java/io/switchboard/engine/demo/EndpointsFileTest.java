package io.switchboard.engine.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.media.sim.EndpointScript;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's endpoints file: DIAL=SCRIPT lines, every bad line reported at once. */
class EndpointsFileTest {

  @TempDir Path dir;

  @Test
  void lines_become_scripts_in_file_order_and_comments_are_skipped() {
    // given
    List<String> lines = List.of("# the demo's phones", "user/201=answer:2s", "", "  user/204 = busy  ",
        "sofia/gateway/carrier/*=ring");

    // when
    Map<String, EndpointScript> scripts = EndpointsFile.parse("endpoints.txt", lines);

    // then
    assertThat(scripts).containsExactly(
        Map.entry("user/201", new EndpointScript.Answer(Duration.ofSeconds(2))),
        Map.entry("user/204", new EndpointScript.Reject("USER_BUSY", Duration.ZERO)),
        Map.entry("sofia/gateway/carrier/*", new EndpointScript.RingForever()));
  }

  @Test
  void every_bad_line_is_reported_with_its_number() {
    // given
    List<String> lines = List.of("user/201", "user/202=whistle", "user/203=answer", "user/203=busy", "a b=ring");

    // then
    assertThatThrownBy(() -> EndpointsFile.parse("endpoints.txt", lines))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has 4 error(s)")
        .hasMessageContaining("endpoints.txt:1: 'user/201' is not DIAL=SCRIPT")
        .hasMessageContaining("endpoints.txt:2: endpoint script 'whistle' is not valid")
        .hasMessageContaining("endpoints.txt:4: dial string user/203 is scripted twice")
        .hasMessageContaining("endpoints.txt:5: dial string 'a b' has spaces");
  }

  @Test
  void a_missing_file_scripts_nothing() {
    assertThat(EndpointsFile.load(dir.resolve("none.txt"))).isEmpty();
  }

  @Test
  void the_demo_folder_file_is_valid() {
    // the file `run --media-sim` loads
    Map<String, EndpointScript> scripts = EndpointsFile.load(Path.of("..", "demo", "endpoints.txt"));

    assertThat(scripts).containsEntry("user/202", new EndpointScript.RingForever())
        .containsEntry("user/204", new EndpointScript.Reject("USER_BUSY", Duration.ZERO))
        .containsKey("sofia/gateway/carrier/*");
  }
}
