package io.switchboard.engine;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What `switchboard run` checks before it starts anything. */
class SwitchboardTest {

  @TempDir Path dataDir;

  @Test
  void aTakenHttpPortFailsBeforeTheCassandraNodeStarts() throws IOException {
    try (ServerSocket taken = listening()) {
      // given: the node's classpath file does not exist, so starting the node would fail differently
      Config config = config(Map.of("switchboard.engine.http.port", taken.getLocalPort()));

      // when / then
      assertThatThrownBy(() -> Switchboard.start(config))
          .isInstanceOf(EngineStartException.class)
          .hasMessage("HTTP port 127.0.0.1:" + taken.getLocalPort() + " is already in use (another Switchboard?);"
              + " set SWITCHBOARD_HTTP_PORT to a free port");
    }
  }

  @Test
  void aTakenClusterPortFailsBeforeTheCassandraNodeStarts() throws IOException {
    try (ServerSocket taken = listening()) {
      // given
      Config config = config(Map.of("switchboard.engine.cluster.port", taken.getLocalPort()));

      // when / then
      assertThatThrownBy(() -> Switchboard.start(config))
          .isInstanceOf(EngineStartException.class)
          .hasMessage("Cluster port 127.0.0.1:" + taken.getLocalPort() + " is already in use (another Switchboard"
              + " node?); set SWITCHBOARD_CLUSTER_PORT to a free port");
    }
  }

  private static ServerSocket listening() throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
    return socket;
  }

  private Config config(Map<String, Object> overrides) {
    Map<String, Object> settings = new HashMap<>(Map.of(
        "switchboard.persistence.data-dir", dataDir.toString(),
        "switchboard.persistence.cassandra.contact-points", "",
        "switchboard.persistence.cassandra.embedded.classpath-file", dataDir.resolve("missing.classpath").toString(),
        "switchboard.engine.http.port", 0,
        "switchboard.engine.cluster.port", 0));
    settings.putAll(overrides);
    return ConfigFactory.parseMap(settings).withFallback(ConfigFactory.load());
  }
}
