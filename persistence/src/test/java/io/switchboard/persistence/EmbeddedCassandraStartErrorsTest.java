package io.switchboard.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.switchboard.persistence.testkit.TestCassandra;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up errors that are found before any process starts; each must be one clear line. */
class EmbeddedCassandraStartErrorsTest {

  @TempDir Path temp;

  private EmbeddedCassandraSettings settings(int nativePort, int storagePort) {
    return PersistenceSettings.fromConfig(ConfigFactory.load()).embedded()
        .withDirectory(temp.resolve("cassandra"))
        .withPorts(nativePort, storagePort);
  }

  private static ServerSocket occupy() throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
    return socket;
  }

  @Test
  void nativePortTaken() throws IOException {
    // given a process listening on the configured CQL port
    try (ServerSocket taken = occupy()) {
      int storagePort = TestCassandra.freePorts(1)[0];
      EmbeddedCassandraSettings settings = settings(taken.getLocalPort(), storagePort);

      // when / then
      assertThatThrownBy(() -> EmbeddedCassandra.launch(settings))
          .isInstanceOf(CassandraStartException.class)
          .hasMessage("Cassandra native (CQL) port 127.0.0.1:" + taken.getLocalPort()
              + " is already in use (another Cassandra, or Switchboard still running?); stop that"
              + " process or set SWITCHBOARD_CASSANDRA_PORT to a free port");
      assertThat(temp.resolve("cassandra/cassandra.pid")).doesNotExist();
    }
  }

  @Test
  void storagePortTaken() throws IOException {
    // given a process listening on the configured internode port
    try (ServerSocket taken = occupy()) {
      int nativePort = TestCassandra.freePorts(1)[0];
      EmbeddedCassandraSettings settings = settings(nativePort, taken.getLocalPort());

      // when / then
      assertThatThrownBy(() -> EmbeddedCassandra.launch(settings))
          .isInstanceOf(CassandraStartException.class)
          .hasMessageStartingWith("Cassandra storage (internode) port 127.0.0.1:" + taken.getLocalPort()
              + " is already in use")
          .hasMessageEndingWith("set SWITCHBOARD_CASSANDRA_STORAGE_PORT to a free port");
    }
  }

  @Test
  void dataDirectoryNotWritable() throws IOException {
    // given a data directory that cannot be created: its parent is a regular file (this also holds
    // for root, who ignores permission bits)
    Path file = Files.writeString(temp.resolve("not-a-directory"), "x");
    int[] ports = TestCassandra.freePorts(2);
    EmbeddedCassandraSettings settings = settings(ports[0], ports[1]).withDirectory(file.resolve("cassandra"));

    // when / then
    assertThatThrownBy(() -> EmbeddedCassandra.launch(settings))
        .isInstanceOf(CassandraStartException.class)
        .hasMessageStartingWith("Cassandra data directory " + file.resolve("cassandra") + " is not writable: ")
        .hasMessageEndingWith("set SWITCHBOARD_DATA_DIR to a writable directory (the node uses <data-dir>/cassandra)")
        .message().doesNotContain(System.lineSeparator());
  }

  @Test
  void classpathFileMissing() {
    // given
    int[] ports = TestCassandra.freePorts(2);
    EmbeddedCassandraSettings defaults = settings(ports[0], ports[1]);
    Path missing = temp.resolve("nowhere/cassandra.classpath");
    EmbeddedCassandraSettings settings = new EmbeddedCassandraSettings(
        defaults.directory(), defaults.nativePort(), defaults.storagePort(), 0, missing,
        defaults.heap(), defaults.startTimeout(), defaults.stopTimeout(), defaults.javaExecutable(),
        defaults.jvmOptions());

    // when / then
    assertThatThrownBy(() -> EmbeddedCassandra.launch(settings))
        .isInstanceOf(CassandraStartException.class)
        .hasMessageStartingWith("Cassandra classpath file " + missing + " does not exist; build it with");
  }
}
