package io.switchboard.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MediaBridgeSettingsTest {

  @Test
  void reference_conf_has_safe_defaults() {
    // given / when
    MediaBridgeSettings s = MediaBridgeSettings.fromConfig(ConfigFactory.load());
    // then
    assertThat(s.nodes()).isEmpty();
    assertThat(s.eventFormat()).isEqualTo(MediaBridgeSettings.EventFormat.JSON);
    assertThat(s.minBackoff()).isEqualTo(Duration.ofMillis(200));
    assertThat(s.maxBackoff()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.handOffBufferSize()).isEqualTo(8192);
    assertThat(s.handOffAlarmCount()).isEqualTo(6553);
    assertThat(s.outbound().enabled()).isFalse();
    assertThat(s.outbound().port()).isEqualTo(8084);
    assertThat(s.maxBodyBytes()).isEqualTo(16 * 1024 * 1024);
  }

  @Test
  void nodes_take_defaults_for_port_and_password() {
    MediaBridgeSettings s = MediaBridgeSettings.fromConfig(ConfigFactory.parseString(
        "switchboard.media.nodes = [ { id = fs1, host = 10.0.0.5 },"
            + " { id = fs2, host = 10.0.0.6, port = 9021, password = secret } ]")
        .withFallback(ConfigFactory.load()));
    assertThat(s.nodes()).containsExactly(
        new MediaBridgeSettings.Node("fs1", "10.0.0.5", 8021, "ClueCon"),
        new MediaBridgeSettings.Node("fs2", "10.0.0.6", 9021, "secret"));
    assertThat(s.nodes().get(1).toString()).doesNotContain("secret");
  }

  @Test
  void nodes_from_the_one_line_environment_form() {
    // given the form of SWITCHBOARD_MEDIA_NODES and SWITCHBOARD_MEDIA_PASSWORD
    MediaBridgeSettings s = MediaBridgeSettings.fromConfig(ConfigFactory.parseString(
        "switchboard.media { nodes-spec = \" fs1=10.0.0.5:9021 , fs2=fs2.example.org\", default-password = s3cret }")
        .withFallback(ConfigFactory.load()));
    // then
    assertThat(s.nodes()).containsExactly(
        new MediaBridgeSettings.Node("fs1", "10.0.0.5", 9021, "s3cret"),
        new MediaBridgeSettings.Node("fs2", "fs2.example.org", 8021, "s3cret"));
  }

  @Test
  void a_bad_one_line_node_list_says_how_to_write_it() {
    assertThatThrownBy(() -> MediaBridgeSettings.fromConfig(ConfigFactory.parseString(
        "switchboard.media.nodes-spec = \"10.0.0.5:8021\"").withFallback(ConfigFactory.load())))
        .hasMessageContaining("'10.0.0.5:8021' is not id=host[:port]; write e.g. fs1=10.0.0.5:8021");
    assertThatThrownBy(() -> MediaBridgeSettings.fromConfig(ConfigFactory.parseString(
        "switchboard.media.nodes-spec = \"fs1=host:80x\"").withFallback(ConfigFactory.load())))
        .hasMessageContaining("port of 'fs1=host:80x' is not a number");
    assertThatThrownBy(() -> MediaBridgeSettings.fromConfig(ConfigFactory.parseString(
        "switchboard.media { nodes-spec = \"fs1=a\", nodes = [ { id = fs2, host = b } ] }")
        .withFallback(ConfigFactory.load())))
        .hasMessageContaining("not both");
  }

  @Test
  void bad_settings_name_the_key_and_the_fix() {
    assertThatThrownBy(() -> MediaBridgeSettings.fromConfig(ConfigFactory.parseString(
        "switchboard.media.event-format = xml").withFallback(ConfigFactory.load())))
        .hasMessageContaining("event-format must be json or plain");
    assertThatThrownBy(() -> MediaBridgeSettings.fromConfig(ConfigFactory.parseString(
        "switchboard.media.nodes = [ { host = x } ]").withFallback(ConfigFactory.load())))
        .hasMessageContaining("nodes[0] needs at least id and host");
    assertThatThrownBy(() -> MediaBridgeSettings.fromConfig(ConfigFactory.parseString(
        "switchboard.media.nodes = [ { id = a, host = x }, { id = a, host = y } ]")
        .withFallback(ConfigFactory.load())))
        .hasMessageContaining("id 'a' appears twice");
    assertThatThrownBy(() -> MediaBridgeSettings.fromConfig(ConfigFactory.parseString(
        "switchboard.media.hand-off.alarm-threshold = 1.5").withFallback(ConfigFactory.load())))
        .hasMessageContaining("alarm-threshold must be in (0, 1]");
    assertThatThrownBy(() -> MediaBridgeSettings.fromConfig(ConfigFactory.parseString(
        "switchboard.media.connect-timeout = soon").withFallback(ConfigFactory.load())))
        .hasMessageContaining("connect-timeout");
  }

  @Test
  void command_results_split_ok_and_reason() {
    assertThat(CommandResult.of("+OK 704639db-5f2f-44b4-9263-755c19d4831e\n").reason())
        .isEqualTo("704639db-5f2f-44b4-9263-755c19d4831e");
    assertThat(CommandResult.of("-ERR USER_BUSY\n").ok()).isFalse();
    assertThat(CommandResult.of("-ERR USER_BUSY\n").reason()).isEqualTo("USER_BUSY");
    assertThat(CommandResult.of("true").ok()).isTrue();
    assertThat(CommandResult.of("-USAGE: x").ok()).isFalse();
  }
}
