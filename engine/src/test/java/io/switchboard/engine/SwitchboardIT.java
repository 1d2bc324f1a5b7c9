package io.switchboard.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.persistence.EmbeddedCassandra;
import io.switchboard.persistence.testkit.TestCassandra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What `switchboard run` does: its own embedded node, a ready engine, and the shutdown order. */
class SwitchboardIT {

  @TempDir Path dataDir;

  @Test
  void startsItsOwnNodeAndStopsItAfterTheEngine() throws Exception {
    // given settings for an embedded node on free ports
    int[] ports = TestCassandra.freePorts(2);
    Config config = ConfigFactory.parseMap(Map.of(
            "switchboard.persistence.data-dir", dataDir.toString(),
            "switchboard.persistence.cassandra.contact-points", "",
            "switchboard.persistence.cassandra.embedded.port", ports[0],
            "switchboard.persistence.cassandra.embedded.storage-port", ports[1],
            "switchboard.engine.http.port", 0,
            "switchboard.engine.cluster.port", 0))
        .withFallback(ConfigFactory.load());

    // when
    Switchboard switchboard = Switchboard.start(config);
    EmbeddedCassandra node = switchboard.cassandra().orElseThrow();
    try {
      // then it becomes ready, with the node in <data-dir>/cassandra
      assertThat(node.settings().directory()).isEqualTo(dataDir.resolve("cassandra"));
      HttpClient http = HttpClient.newHttpClient();
      URI ready = URI.create("http://127.0.0.1:" + switchboard.engine().httpAddress().getPort() + "/ready");
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      int status;
      while ((status = http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.ofString())
          .statusCode()) != 200 && System.nanoTime() - deadline < 0) {
        LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
      }
      assertThat(status).isEqualTo(200);
    } finally {
      switchboard.stop();
    }

    // and stopping ends the engine first, then the node process
    assertThat(switchboard.engine().whenTerminated().toCompletableFuture().isDone()).isTrue();
    assertThat(node.process().isAlive()).isFalse();
  }
}
