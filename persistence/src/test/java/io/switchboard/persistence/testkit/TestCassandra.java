package io.switchboard.persistence.testkit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.persistence.CassandraPersistenceConfig;
import io.switchboard.persistence.EmbeddedCassandra;
import io.switchboard.persistence.EmbeddedCassandraSettings;
import io.switchboard.persistence.PersistenceSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One real Cassandra node per test JVM, for the integration tests of every module that persists.
 *
 * <p>{@link #shared()} starts it at first use on free ports with a temporary directory, and a
 * shutdown hook stops it and deletes the directory when the test JVM exits. The node's classpath
 * file comes from the usual setting, which the build passes as the system property
 * {@code switchboard.persistence.cassandra.embedded.classpath-file}. Tests isolate themselves by
 * keyspace ({@link #config(String)}). Thread-safe.
 */
public final class TestCassandra {

  private static TestCassandra shared;

  private final EmbeddedCassandra node;

  private TestCassandra(EmbeddedCassandra node) {
    this.node = node;
  }

  /** The node of this JVM, started on first call (which blocks until it accepts CQL). */
  public static synchronized TestCassandra shared() {
    if (shared == null) {
      shared = start();
    }
    return shared;
  }

  /** The running node. */
  public EmbeddedCassandra node() {
    return node;
  }

  /** {@code 127.0.0.1:port} of the node's CQL port. */
  public String contactPoint() {
    return node.contactPoint();
  }

  /**
   * Switchboard settings that use this node as an external cluster with the given keyspace,
   * creating keyspace and tables on start; goes in front of the application's configuration.
   */
  public Config settingsConfig(String keyspace) {
    return ConfigFactory.parseMap(Map.of(
        "switchboard.persistence.cassandra.contact-points", contactPoint(),
        "switchboard.persistence.cassandra.keyspace", keyspace,
        "switchboard.persistence.cassandra.schema-autocreate", true));
  }

  /**
   * {@link #settingsConfig(String)} plus the Pekko persistence configuration derived from it: enough
   * for an ActorSystem whose persistent actors journal into this node.
   */
  public Config config(String keyspace) {
    Config settingsConfig = settingsConfig(keyspace);
    PersistenceSettings settings =
        PersistenceSettings.fromConfig(settingsConfig.withFallback(ConfigFactory.load()));
    return CassandraPersistenceConfig.forCluster(settings, List.of(contactPoint()), true)
        .withFallback(settingsConfig);
  }

  /** Ports that were free a moment ago, distinct from each other. */
  public static int[] freePorts(int count) {
    ServerSocket[] sockets = new ServerSocket[count];
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        sockets[i] = new ServerSocket();
        sockets[i].bind(new InetSocketAddress(InetAddress.getByName(EmbeddedCassandra.HOST), 0));
        ports[i] = sockets[i].getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (ServerSocket socket : sockets) {
        closeQuietly(socket);
      }
    }
  }

  /** Deletes a directory tree, for temporary node directories. */
  public static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static TestCassandra start() {
    try {
      EmbeddedCassandraSettings defaults =
          PersistenceSettings.fromConfig(ConfigFactory.load()).embedded();
      Path directory = Files.createTempDirectory("switchboard-test-cassandra-");
      int[] ports = freePorts(2);
      EmbeddedCassandra node =
          EmbeddedCassandra.start(defaults.withDirectory(directory).withPorts(ports[0], ports[1]));
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        node.stop();
        deleteRecursively(directory);
      }, "test-cassandra-stop"));
      return new TestCassandra(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void closeQuietly(ServerSocket socket) {
    if (socket == null) {
      return;
    }
    try {
      socket.close();
    } catch (IOException e) {
      // Nothing to do: the port is released when the socket object goes anyway.
    }
  }
}
