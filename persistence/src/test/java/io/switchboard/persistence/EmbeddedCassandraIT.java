package io.switchboard.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.ConfigFactory;
import io.switchboard.persistence.testkit.TestCassandra;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded node as a real process: start, serve CQL, refuse a second node, stop; and dying. */
class EmbeddedCassandraIT {

  @TempDir Path temp;

  private EmbeddedCassandraSettings settings(Path directory) {
    int[] ports = TestCassandra.freePorts(2);
    return PersistenceSettings.fromConfig(ConfigFactory.load()).embedded()
        .withDirectory(directory)
        .withPorts(ports[0], ports[1]);
  }

  @Test
  void startsServesCqlAndStopsCleanly() {
    // given
    EmbeddedCassandraSettings settings = settings(temp.resolve("node"));

    // when
    EmbeddedCassandra node = EmbeddedCassandra.start(settings);
    try {
      // then it serves CQL
      assertThat(node.startDuration()).isPresent();
      try (CqlSession session = CqlSession.builder()
          .addContactPoint(new InetSocketAddress(EmbeddedCassandra.HOST, settings.nativePort()))
          .withLocalDatacenter(EmbeddedCassandra.DATACENTER)
          .build()) {
        assertThat(session.execute("SELECT release_version FROM system.local").one().getString(0))
            .startsWith("5.0");
      }
      assertThat(settings.directory().resolve("conf/cassandra.yaml")).exists();
      assertThat(settings.directory().resolve("cassandra.pid")).hasContent(Long.toString(node.process().pid()));

      // and a second node on the same directory (other ports) is refused
      EmbeddedCassandraSettings second = settings(settings.directory());
      assertThatThrownBy(() -> EmbeddedCassandra.launch(second))
          .isInstanceOf(CassandraStartException.class)
          .hasMessage("A Cassandra node from an earlier run (pid " + node.process().pid() + ") still uses "
              + settings.directory() + "; stop it first (kill " + node.process().pid()
              + ") or choose another SWITCHBOARD_DATA_DIR");
    } finally {
      node.stop();
    }

    // and after stop the process is gone
    assertThat(node.process().isAlive()).isFalse();
    assertThat(settings.directory().resolve("cassandra.pid")).doesNotExist();
  }

  @Test
  void processDyingDuringStartIsReportedWithTheLogTail() {
    // given a node that has begun to start
    EmbeddedCassandraSettings settings = settings(temp.resolve("dies"));
    EmbeddedCassandra node = EmbeddedCassandra.launch(settings);
    try {
      await(Duration.ofSeconds(60), () -> logHasLines(node.logFile()));

      // when the process dies
      node.process().destroyForcibly();

      // then
      assertThatThrownBy(node::awaitReady)
          .isInstanceOf(CassandraStartException.class)
          .hasMessageStartingWith("Cassandra process " + node.process().pid()
              + " died during start with exit code 137; see " + node.logFile())
          .hasMessageContaining("Last lines of " + node.logFile() + ":");
    } finally {
      node.stop();
    }
  }

  private static boolean logHasLines(Path log) {
    try {
      return Files.exists(log) && Files.size(log) > 0;
    } catch (IOException e) {
      return false;
    }
  }

  private static void await(Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("condition not met within " + timeout);
      }
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
  }
}
