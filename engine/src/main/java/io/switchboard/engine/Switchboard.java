package io.switchboard.engine;

import com.typesafe.config.Config;
import io.switchboard.persistence.EmbeddedCassandra;
import io.switchboard.persistence.PersistenceSettings;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole application on one machine: the embedded Cassandra node when no external cluster is
 * configured, and the {@link Engine} on top of it, stopped in that order's reverse.
 *
 * <p>Shutdown order: the engine's CoordinatedShutdown (HTTP unbind, sharding hand-off, ActorSystem
 * termination) runs first, also on SIGTERM and Ctrl-C through Pekko's JVM shutdown hook; only after
 * the ActorSystem has terminated does a second hook stop the embedded node, so that entities can
 * still write while they hand off. Created by the {@code run} command (and tests) with
 * {@link #start}; thread-safe.
 */
public final class Switchboard {

  private static final Logger log = LoggerFactory.getLogger(Switchboard.class);
  /** Upper bound for the engine's own shutdown before the node is stopped anyway. */
  private static final Duration ENGINE_SHUTDOWN_LIMIT = Duration.ofSeconds(60);

  private final Engine engine;
  private final Optional<EmbeddedCassandra> cassandra;
  private final Thread stopNodeHook;

  private Switchboard(Engine engine, Optional<EmbeddedCassandra> cassandra) {
    this.engine = engine;
    this.cassandra = cassandra;
    this.stopNodeHook = new Thread(this::stopNodeAfterEngine, "switchboard-stop-cassandra");
  }

  /**
   * Starts the embedded node if needed, then the engine; blocks until both are up.
   *
   * @throws io.switchboard.persistence.CassandraStartException when the node cannot start
   * @throws EngineStartException when the engine cannot start (the node is stopped again)
   * @throws IllegalArgumentException when a setting is invalid
   */
  public static Switchboard start(Config root) {
    return start(root, EngineExtension.NONE);
  }

  /** As {@link #start(Config)}, with an {@link EngineExtension} for the engine (the demo mode). */
  public static Switchboard start(Config root, EngineExtension extension) {
    PersistenceSettings persistence = PersistenceSettings.fromConfig(root);
    EngineSettings settings = EngineSettings.fromConfig(root); // validate before spending seconds on the node
    // A port another process holds would otherwise fail the start only after the node, the schema
    // and the directory load (half a minute); checked first, it fails in milliseconds. The bind
    // itself still reports a port taken in between.
    requireFree(settings.httpHost(), settings.httpPort(), Engine.httpPortInUse(settings));
    requireFree(settings.clusterHost(), settings.clusterPort(), Engine.clusterPortInUse(settings));
    Optional<EmbeddedCassandra> node = persistence.usesEmbeddedNode()
        ? Optional.of(EmbeddedCassandra.start(persistence.embedded()))
        : Optional.empty();
    List<String> contactPoints = node.map(n -> List.of(n.contactPoint())).orElse(persistence.contactPoints());
    // The embedded node is ours: its schema is always created. An external one only on request.
    boolean createSchema = node.isPresent() || persistence.schemaAutocreate();
    Engine engine;
    try {
      engine = Engine.start(root, contactPoints, createSchema, Optional.empty(), extension);
    } catch (RuntimeException e) {
      node.ifPresent(EmbeddedCassandra::stop);
      throw e;
    }
    Switchboard switchboard = new Switchboard(engine, node);
    if (node.isPresent()) {
      Runtime.getRuntime().addShutdownHook(switchboard.stopNodeHook);
    }
    return switchboard;
  }

  private static void requireFree(String host, int port, String inUse) {
    if (port == 0) {
      return; // an ephemeral port is always free
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(host, port));
    } catch (BindException e) {
      throw new EngineStartException(inUse, e);
    } catch (IOException e) {
      throw new EngineStartException("Cannot bind " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  /** The engine. */
  public Engine engine() {
    return engine;
  }

  /** The embedded node, when this process runs one. */
  public Optional<EmbeddedCassandra> cassandra() {
    return cassandra;
  }

  /**
   * Blocks until the engine has terminated (after {@link #stop}, a signal, or a cluster decision),
   * then stops the embedded node.
   */
  public void awaitTermination() {
    engine.whenTerminated().toCompletableFuture().join();
    cassandra.ifPresent(EmbeddedCassandra::stop);
  }

  /** Shuts the engine down, then the embedded node; returns when both are done. */
  public void stop() {
    if (!engine.shutdown(ENGINE_SHUTDOWN_LIMIT)) {
      log.warn("Engine did not terminate within {} s; stopping Cassandra anyway", ENGINE_SHUTDOWN_LIMIT.toSeconds());
    }
    cassandra.ifPresent(EmbeddedCassandra::stop);
    if (cassandra.isPresent()) {
      try {
        Runtime.getRuntime().removeShutdownHook(stopNodeHook);
      } catch (IllegalStateException e) {
        // The JVM is already shutting down; the hook finds the node stopped.
      }
    }
  }

  private void stopNodeAfterEngine() {
    // Runs beside Pekko's own shutdown hook, which drives CoordinatedShutdown; wait for its end.
    if (engine.awaitTermination(ENGINE_SHUTDOWN_LIMIT)) {
      log.info("Engine stopped; stopping the embedded Cassandra node");
    } else {
      log.warn("Engine did not terminate within {} s; stopping Cassandra anyway", ENGINE_SHUTDOWN_LIMIT.toSeconds());
    }
    cassandra.ifPresent(EmbeddedCassandra::stop);
  }
}
