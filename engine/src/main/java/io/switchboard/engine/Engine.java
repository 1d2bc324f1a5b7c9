package io.switchboard.engine;

import com.typesafe.config.Config;
import io.switchboard.engine.call.CallEntity;
import io.switchboard.engine.call.CallPeers;
import io.switchboard.engine.http.HealthRoutes;
import io.switchboard.engine.http.Readiness;
import io.switchboard.engine.media.MediaIntegration;
import io.switchboard.engine.organisation.Organisation;
import io.switchboard.engine.organisation.OrganisationCallPeers;
import io.switchboard.persistence.CassandraPersistenceConfig;
import io.switchboard.persistence.CassandraReadiness;
import io.switchboard.persistence.CassandraSchema;
import io.switchboard.persistence.PersistenceSettings;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running engine node: the ActorSystem "switchboard" in a Pekko cluster, Cluster Sharding with the
 * entity types (calls, queues, agents, the directory, mailboxes and the flow catalog), Cassandra as
 * journal and snapshot store, the organisation loaded from the directory file ({@link
 * Organisation}), the media bridge to the configured FreeSWITCH nodes ({@link CallWiring}), and the
 * HTTP server ({@code /health}, {@code /ready}, {@code /calls}, {@code /agents}, {@code /queues},
 * {@code /directory}, {@code /users}, {@code /mailboxes}).
 *
 * <p>{@link #start} builds it and returns once the HTTP port is bound. Shutdown goes through Pekko's
 * CoordinatedShutdown (also on SIGTERM and Ctrl-C): HTTP unbind, sharding hand-off, cluster leave,
 * ActorSystem termination. Cassandra is not the engine's: whoever started the embedded node stops it
 * after {@link #whenTerminated()} (see {@link Switchboard}). Thread-safe.
 */
public final class Engine {

  private static final Logger log = LoggerFactory.getLogger(Engine.class);
  private static final Duration BIND_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration HTTP_DRAIN = Duration.ofSeconds(10);
  /** Schema statements on a busy single node can take several seconds each. */
  private static final Duration SCHEMA_STATEMENT_TIMEOUT = Duration.ofSeconds(60);

  private final ActorSystem<Void> system;
  private final InetSocketAddress httpAddress;

  private final Organisation organisation;

  private Engine(ActorSystem<Void> system, InetSocketAddress httpAddress, Organisation organisation) {
    this.system = system;
    this.httpAddress = httpAddress;
    this.organisation = organisation;
  }

  /**
   * Starts the engine.
   *
   * @param root resolved configuration ({@link SwitchboardConfig#load})
   * @param contactPoints Cassandra contact points, {@code host:port}
   * @param createSchema whether keyspace and tables are created when missing
   * @throws EngineStartException when a port is in use or the system cannot start
   * @throws IllegalArgumentException when a setting is invalid
   */
  public static Engine start(Config root, List<String> contactPoints, boolean createSchema) {
    return start(root, contactPoints, createSchema, Optional.empty());
  }

  /**
   * Starts the engine; Call entities reach the directory, flows, queues, mailboxes and agents
   * through {@code entityPeers} instead of the organisation when one is given (tests that
   * script the queue side themselves).
   */
  public static Engine start(Config root, List<String> contactPoints, boolean createSchema,
      Optional<CallPeers> entityPeers) {
    return start(root, contactPoints, createSchema, entityPeers, EngineExtension.NONE);
  }

  /**
   * Starts the engine with an {@link EngineExtension} (the demo mode): its clock, routes,
   * readiness notes and route wrapper.
   */
  public static Engine start(Config root, List<String> contactPoints, boolean createSchema,
      Optional<CallPeers> entityPeers, EngineExtension extension) {
    EngineSettings settings = EngineSettings.fromConfig(root);
    PersistenceSettings persistence = PersistenceSettings.fromConfig(root);
    Config config = EnginePekkoConfig.of(settings)
        // The engine creates the schema itself (below), before any entity can write, rather than
        // letting the plugin do it lazily: readiness then means the tables exist.
        .withFallback(CassandraPersistenceConfig.forCluster(persistence, contactPoints, false))
        .withFallback(root);
    ActorSystem<Void> system;
    try {
      system = ActorSystem.create(Behaviors.empty(), EngineSettings.SYSTEM_NAME, config);
    } catch (RuntimeException e) {
      if (hasCause(e, BindException.class)) {
        throw new EngineStartException(clusterPortInUse(settings), e);
      }
      throw e;
    }
    try {
      if (createSchema) {
        createSchema(system, persistence, contactPoints);
      }
      Cluster cluster = Cluster.get(system);
      if (settings.seedNodes().isEmpty()) {
        // A single node forms its own cluster; with seed nodes, Pekko joins them by itself.
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
      }
      ClusterSharding sharding = ClusterSharding.get(system);
      // Directory, queues, agents, mailboxes, flow catalog; loads the directory file. Queue
      // notices go to the Call entities.
      // Entity types first (a queue recovering during the load may notify its calls at once),
      // then the directory and flows, then media: FreeSWITCH's events find a loaded directory.
      Clock clock = extension.clock();
      Organisation organisation = Organisation.register(system, root, clock,
          notice -> CallEntity.deliver(sharding, notice));
      CallWiring calls = CallWiring.register(system, root, clock,
          media -> entityPeers.map(peers -> CallPeers.withMedia(peers, media))
              .orElseGet(() -> new OrganisationCallPeers(organisation, media::execute)));
      organisation.load();
      MediaIntegration media = calls.startMedia();

      CassandraReadiness cassandra = new CassandraReadiness(system, persistence.keyspace(), settings.readyTimeout());
      HealthRoutes routes = new HealthRoutes(() -> readiness(cluster, cassandra, media, extension));
      Route engineRoutes = routes.route().orElse(calls.routes());
      engineRoutes = extension.routes(system).map(engineRoutes::orElse).orElse(engineRoutes);
      ServerBinding binding = Http.get(system)
          .newServerAt(settings.httpHost(), settings.httpPort())
          .bind(extension.wrap(engineRoutes.orElse(organisation.routes())))
          .toCompletableFuture()
          .get(BIND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      binding.addToCoordinatedShutdown(HTTP_DRAIN, system);
      CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "switchboard-log-shutdown",
          () -> {
            log.info("Shutting down ({}): HTTP unbind, sharding hand-off, cluster leave, ActorSystem termination",
                CoordinatedShutdown.get(system).getShutdownReason().map(Object::toString).orElse("no reason"));
            return CompletableFuture.completedFuture(Done.done());
          });
      log.info("Engine {} listening on http://{}:{}", cluster.selfMember().address(),
          binding.localAddress().getHostString(), binding.localAddress().getPort());
      return new Engine(system, binding.localAddress(), organisation);
    } catch (EngineStartException e) {
      terminate(system);
      throw e;
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      terminate(system);
      if (hasCause(e, BindException.class)) {
        throw new EngineStartException(httpPortInUse(settings), e);
      }
      throw new EngineStartException("Engine failed to start: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      terminate(system);
      throw new EngineStartException("Engine start interrupted", e);
    }
  }

  /** The ActorSystem. */
  public ActorSystem<Void> system() {
    return system;
  }

  /** The organisation: directory, queues, agents, mailboxes and flows, with their read models. */
  public Organisation organisation() {
    return organisation;
  }

  /** Cluster Sharding, to reach entities by type key and id. */
  public ClusterSharding sharding() {
    return ClusterSharding.get(system);
  }

  /** The bound HTTP address (the real port when 0 was configured). */
  public InetSocketAddress httpAddress() {
    return httpAddress;
  }

  /** This node's cluster address, e.g. {@code pekko://switchboard@127.0.0.1:25520}. */
  public String clusterAddress() {
    return Cluster.get(system).selfMember().address().toString();
  }

  /** Completes when the ActorSystem has terminated, whatever triggered it. */
  public CompletionStage<Done> whenTerminated() {
    return system.getWhenTerminated();
  }

  /**
   * Runs CoordinatedShutdown (unbind, hand-off, leave, terminate) and waits for termination.
   *
   * @return true if terminated within {@code timeout}
   */
  public boolean shutdown(Duration timeout) {
    CoordinatedShutdown.get(system).run(CoordinatedShutdown.unknownReason());
    return awaitTermination(timeout);
  }

  /** Waits for termination; true if it happened within {@code timeout}. */
  public boolean awaitTermination(Duration timeout) {
    try {
      system.getWhenTerminated().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  private static void createSchema(ActorSystem<Void> system, PersistenceSettings persistence, List<String> contactPoints) {
    long begin = System.nanoTime();
    try {
      CassandraSchema.execute(system, CassandraSchema.statements(system), SCHEMA_STATEMENT_TIMEOUT);
    } catch (RuntimeException e) {
      throw new EngineStartException("Cannot create the schema in keyspace " + persistence.keyspace() + " on Cassandra "
          + String.join(",", contactPoints) + ": " + e.getMessage(), e);
    }
    log.info("Schema of keyspace {} in place after {} ms", persistence.keyspace(), (System.nanoTime() - begin) / 1_000_000);
  }

  /** The one-line error when the HTTP port is taken (also checked before anything starts). */
  static String httpPortInUse(EngineSettings settings) {
    return "HTTP port " + settings.httpHost() + ":" + settings.httpPort()
        + " is already in use (another Switchboard?); set SWITCHBOARD_HTTP_PORT to a free port";
  }

  /** The one-line error when the cluster (remoting) port is taken. */
  static String clusterPortInUse(EngineSettings settings) {
    return "Cluster port " + settings.clusterHost() + ":" + settings.clusterPort()
        + " is already in use (another Switchboard node?); set SWITCHBOARD_CLUSTER_PORT to a free port";
  }

  private static CompletionStage<Readiness> readiness(Cluster cluster, CassandraReadiness cassandra,
      MediaIntegration media, EngineExtension extension) {
    MemberStatus status = cluster.selfMember().status();
    Optional<String> clusterProblem = status == MemberStatus.up()
        ? Optional.empty()
        : Optional.of("member " + cluster.selfMember().address() + " is " + status + ", not Up");
    return cassandra.check().thenApply(cassandraProblem -> {
      Map<String, Optional<String>> checks = new LinkedHashMap<>();
      checks.put("cassandra", cassandraProblem);
      checks.put("cluster", clusterProblem);
      if (media.configured()) {
        checks.put("media", media.readinessProblem());
      }
      return new Readiness(checks, extension.readinessNotes());
    });
  }

  private static void terminate(ActorSystem<Void> system) {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.warn("ActorSystem did not terminate after a failed start: {}", e.toString());
    }
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t) || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
        return true;
      }
    }
    return false;
  }
}
