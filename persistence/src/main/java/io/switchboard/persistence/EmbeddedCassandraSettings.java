package io.switchboard.persistence;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the embedded Cassandra node runs: its own directory, the ports it opens on 127.0.0.1, the
 * classpath file written by the build, heap and time limits.
 *
 * <p>Read from {@code switchboard.persistence.cassandra.embedded} by {@link PersistenceSettings}, or
 * built directly by tests (see {@link #withPorts}). Immutable.
 *
 * @param directory the node's own directory (configuration, data, commit log, logs)
 * @param nativePort CQL port
 * @param storagePort internode port
 * @param jmxPort local JMX port, 0 for no JMX
 * @param classpathFile file with the node's {@code :}-separated classpath
 * @param heap value for {@code -Xms}/{@code -Xmx}, e.g. {@code 512m}
 * @param startTimeout how long to wait for CQL readiness
 * @param stopTimeout how long a clean stop may take before the process is killed
 * @param javaExecutable java binary for the node
 * @param jvmOptions extra JVM options for the node, after Switchboard's own
 */
public record EmbeddedCassandraSettings(
    Path directory,
    int nativePort,
    int storagePort,
    int jmxPort,
    Path classpathFile,
    String heap,
    Duration startTimeout,
    Duration stopTimeout,
    Path javaExecutable,
    List<String> jvmOptions) {

  public EmbeddedCassandraSettings {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(classpathFile, "classpathFile");
    Objects.requireNonNull(heap, "heap");
    Objects.requireNonNull(startTimeout, "startTimeout");
    Objects.requireNonNull(stopTimeout, "stopTimeout");
    Objects.requireNonNull(javaExecutable, "javaExecutable");
    jvmOptions = List.copyOf(jvmOptions);
    requirePort("port (SWITCHBOARD_CASSANDRA_PORT)", nativePort, false);
    requirePort("storage-port (SWITCHBOARD_CASSANDRA_STORAGE_PORT)", storagePort, false);
    requirePort("jmx-port (SWITCHBOARD_CASSANDRA_JMX_PORT)", jmxPort, true);
    if (!heap.matches("[0-9]+[kKmMgG]?")) {
      throw new IllegalArgumentException(
          "switchboard.persistence.cassandra.embedded.heap: '" + heap
              + "' is not a JVM memory size; use e.g. 512m or 1g (SWITCHBOARD_CASSANDRA_HEAP)");
    }
    if (nativePort == storagePort || (jmxPort != 0 && (jmxPort == nativePort || jmxPort == storagePort))) {
      throw new IllegalArgumentException(
          "switchboard.persistence.cassandra.embedded: port, storage-port and jmx-port must differ (got "
              + nativePort + ", " + storagePort + ", " + jmxPort + ")");
    }
  }

  /** The java binary of the running JVM, the default for the node. */
  public static Path currentJava() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  /** A copy with other ports, e.g. free ones chosen by a test. */
  public EmbeddedCassandraSettings withPorts(int nativePort, int storagePort) {
    return new EmbeddedCassandraSettings(
        directory, nativePort, storagePort, jmxPort, classpathFile, heap, startTimeout, stopTimeout,
        javaExecutable, jvmOptions);
  }

  /** A copy using another directory. */
  public EmbeddedCassandraSettings withDirectory(Path directory) {
    return new EmbeddedCassandraSettings(
        directory, nativePort, storagePort, jmxPort, classpathFile, heap, startTimeout, stopTimeout,
        javaExecutable, jvmOptions);
  }

  /** A copy with another start timeout. */
  public EmbeddedCassandraSettings withStartTimeout(Duration startTimeout) {
    return new EmbeddedCassandraSettings(
        directory, nativePort, storagePort, jmxPort, classpathFile, heap, startTimeout, stopTimeout,
        javaExecutable, jvmOptions);
  }

  private static void requirePort(String name, int port, boolean zeroAllowed) {
    if ((port == 0 && !zeroAllowed) || port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          "switchboard.persistence.cassandra.embedded." + name + ": " + port
              + " is not a TCP port; use 1-65535" + (zeroAllowed ? " or 0 for off" : ""));
    }
  }
}
