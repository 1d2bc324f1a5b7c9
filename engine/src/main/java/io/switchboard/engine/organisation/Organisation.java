package io.switchboard.engine.organisation;

import com.typesafe.config.Config;
import io.switchboard.agents.Agent;
import io.switchboard.agents.AgentEntity;
import io.switchboard.engine.EngineStartException;
import io.switchboard.engine.directory.DirectoryEntity;
import io.switchboard.engine.directory.DirectoryEvent;
import io.switchboard.engine.directory.DirectoryListener;
import io.switchboard.engine.directory.DirectoryReload;
import io.switchboard.engine.directory.DirectoryState;
import io.switchboard.engine.directory.DirectoryView;
import io.switchboard.engine.directory.MailboxEntry;
import io.switchboard.engine.directory.config.DirectoryFileLoader;
import io.switchboard.engine.directory.config.LoadResult;
import io.switchboard.engine.flows.FlowCatalog;
import io.switchboard.engine.flows.FlowCatalogEntity;
import io.switchboard.engine.http.AgentRoutes;
import io.switchboard.engine.http.ApiResponses;
import io.switchboard.engine.http.DirectoryRoutes;
import io.switchboard.engine.http.MailboxRoutes;
import io.switchboard.engine.http.QueueRoutes;
import io.switchboard.engine.queue.AgentReports;
import io.switchboard.engine.queue.CallNotifier;
import io.switchboard.engine.queue.QueueEntity;
import io.switchboard.engine.queue.ShardedQueuePeers;
import io.switchboard.engine.queue.routing.QueueCommand;
import io.switchboard.engine.queue.routing.QueueDomain;
import io.switchboard.engine.voicemail.MailboxCommand;
import io.switchboard.engine.voicemail.MailboxEntity;
import io.switchboard.flows.CompiledFlow;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import io.switchboard.engine.queue.routing.QueuePolicy;
import io.switchboard.engine.voicemail.MailboxState;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The organisation running in an engine node: the Directory, Queue, Agent, Mailbox and FlowCatalog
 * entities, this node's {@link DirectoryView} and {@link FlowCatalog}, the directory file loading,
 * and their HTTP routes.
 *
 * <p>{@link #start} registers the entity types with Cluster Sharding, loads the directory file
 * (applying only its differences from the journal; every queue, agent and mailbox it names is
 * configured and so started) and returns once all of that is done, or throws {@link
 * EngineStartException} listing every error of the file or of its flows. Configured queues and
 * agents are pinged every {@code keep-alive-interval} so the cluster never leaves them stopped.
 *
 * <p>The methods {@link #queue}, {@link #mailbox}, {@link #agentOnDirectCall}, {@link #directory},
 * {@link #currentFlow} and {@link #flowVersion} have the signatures of the Call entity's {@code
 * CallPeers}, which the engine implements with them. Created once per node by {@code Engine};
 * thread-safe; reloads run one at a time.
 */
public final class Organisation implements DirectoryReload {

  private static final Logger LOG = LoggerFactory.getLogger(Organisation.class);

  private final ActorSystem<?> system;
  private final ClusterSharding sharding;
  private final OrganisationSettings settings;
  private final Clock clock;
  private final DirectoryView directoryView;
  private final FlowCatalog flowCatalog;
  private final DirectorySync sync;
  private final ApiResponses api;
  private final Executor blocking;
  private CompletableFuture<?> lastReload = CompletableFuture.completedFuture(null);

  private Organisation(ActorSystem<?> system, OrganisationSettings settings, Clock clock, DirectoryView directoryView,
      FlowCatalog flowCatalog) {
    this.system = system;
    this.sharding = ClusterSharding.get(system);
    this.settings = settings;
    this.clock = clock;
    this.directoryView = directoryView;
    this.flowCatalog = flowCatalog;
    this.blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    this.sync = new DirectorySync(sharding, directoryView, flowCatalog, clock, settings.askTimeout(), blocking);
    this.api = ApiResponses.of(system);
  }

  /**
   * Starts the organisation on this node and waits until the directory is loaded.
   *
   * @param root the resolved configuration ({@code switchboard.engine.directory-file} and {@code
   *     switchboard.engine.organisation})
   * @param clock the time of every input the entities stamp themselves (timers, agent reports, API)
   * @param calls where queues send their notices to calls
   * @throws EngineStartException when the directory file or one of its flows has errors (all are
   *     listed), or loading does not finish within {@code load-timeout}
   * @throws IllegalArgumentException when a setting is invalid
   */
  public static Organisation start(ActorSystem<?> system, Config root, Clock clock, CallNotifier calls) {
    Organisation organisation = register(system, root, clock, calls);
    organisation.load();
    return organisation;
  }

  /**
   * Registers the organisation's entity types (agents, queues, mailboxes, directory, flow catalog)
   * and its read models on this node, without loading anything: the engine registers the Call
   * entity next, then calls {@link #load}, so that a queue recovering during the load can reach
   * its calls.
   *
   * @throws IllegalArgumentException when a setting is invalid
   */
  public static Organisation register(ActorSystem<?> system, Config root, Clock clock, CallNotifier calls) {
    OrganisationSettings settings = OrganisationSettings.fromConfig(root);
    Organisation organisation = new Organisation(system, settings, clock, new DirectoryView(), new FlowCatalog());
    organisation.register(calls);
    return organisation;
  }

  /**
   * Loads the directory file (or the journaled directory), deploys its flows, configures and
   * starts its queues, agents and mailboxes, then keeps them alive; waits until done.
   *
   * @throws EngineStartException when the directory file or one of its flows has errors (all are
   *     listed), or loading does not finish within {@code load-timeout}
   */
  public void load() {
    loadDirectory();
    scheduleKeepAlive();
  }

  private void register(CallNotifier calls) {
    ActorRef<Topic.Command<DirectoryView.Published>> directoryTopic = system.systemActorOf(
        Topic.create(DirectoryView.Published.class, DirectoryView.TOPIC), "directory-topic", Props.empty());
    system.systemActorOf(DirectoryView.subscriber(directoryTopic, directoryView), "directory-view", Props.empty());
    ActorRef<Topic.Command<FlowCatalog.Published>> catalogTopic = system.systemActorOf(
        Topic.create(FlowCatalog.Published.class, FlowCatalog.TOPIC), "flow-catalog-topic", Props.empty());
    system.systemActorOf(FlowCatalog.subscriber(catalogTopic, flowCatalog), "flow-catalog-view", Props.empty());

    AgentEntity.init(system, new AgentReports(sharding), clock);
    QueueEntity.init(system,
        new QueueEntity.Settings(new QueueDomain.Settings(settings.reservationTimeout()), settings.reservationGrace()),
        new ShardedQueuePeers(sharding, settings.reservationTimeout(), calls), clock);
    MailboxEntity.init(system);
    DirectoryEntity.init(system, directoryListener(directoryTopic));
    FlowCatalogEntity.init(system, (state, revision) -> {
      FlowCatalog.Published published = new FlowCatalog.Published(revision, state);
      flowCatalog.offer(published);
      catalogTopic.tell(Topic.publish(published));
    });
  }

  /** Publishes every directory change, and provisions the mailboxes it creates. */
  private DirectoryListener directoryListener(ActorRef<Topic.Command<DirectoryView.Published>> topic) {
    return (events, state, revision) -> {
      DirectoryView.Published published = new DirectoryView.Published(revision, state);
      directoryView.offer(published);
      topic.tell(Topic.publish(published));
      for (DirectoryEvent event : events) {
        if (event instanceof DirectoryEvent.MailboxProvisioned provisioned) {
          MailboxEntry box = provisioned.mailbox();
          sharding.entityRefFor(MailboxEntity.ENTITY_KEY, box.id()).tell(new MailboxEntity.Configure(box.kind(),
              box.ownerUserId(), box.displayName(), sync.mailboxSettings(box.id()), clock.instant(), system.ignoreRef()));
        }
      }
    };
  }

  private void loadDirectory() {
    Optional<Path> file = settings.directoryFile();
    if (file.isEmpty()) {
      LOG.info("No directory file configured (switchboard.engine.directory-file): running on the journaled directory");
      await(sync.resume(), "while reading the journaled directory");
      wakeQueues();
      return;
    }
    LoadResult loaded = DirectoryFileLoader.load(file.get());
    if (loaded instanceof LoadResult.Failed failed) {
      throw new EngineStartException("The directory file " + file.get() + " has " + failed.errors().size()
          + " error(s); fix them and start again:\n" + failed.report().stripTrailing(), null);
    }
    DirectorySync.Outcome outcome;
    try {
      outcome = await(sync.apply(((LoadResult.Loaded) loaded).configuration()), "while loading the directory file " + file.get());
    } catch (DirectorySync.LoadRefused refused) {
      throw new EngineStartException("The directory file " + file.get() + " cannot be used: " + refused.getMessage(), refused);
    }
    LOG.info("Directory file {} loaded: {} directory change(s); flows deployed {}, kept on their running version {}",
        file.get(), outcome.directoryChanges().size(), outcome.flowsDeployed(), outcome.flowsKept());
  }

  private void wakeQueues() {
    for (String queueId : directoryView.state().queues().keySet()) {
      // Recovery of a queue asks each of its members for a report, which starts the agents too.
      sharding.entityRefFor(QueueEntity.ENTITY_KEY, queueId)
          .tell(new QueueEntity.Deliver(new QueueCommand.FireTimers(clock.instant())));
    }
  }

  private void scheduleKeepAlive() {
    Duration interval = settings.keepAliveInterval();
    system.scheduler().scheduleAtFixedRate(interval, interval, this::keepAlive, system.executionContext());
  }

  /**
   * A timer input at the current time: harmless to a running entity (only what is due is done), and
   * it starts one that the cluster stopped or moved.
   */
  private void keepAlive() {
    Instant now = clock.instant();
    java.util.Set<String> queues = new java.util.HashSet<>(sync.queueIds());
    queues.addAll(directoryView.state().queues().keySet());
    for (String queueId : queues) {
      sharding.entityRefFor(QueueEntity.ENTITY_KEY, queueId).tell(new QueueEntity.Deliver(new QueueCommand.FireTimers(now)));
    }
    for (String agentId : sync.agentIds()) {
      sharding.entityRefFor(AgentEntity.ENTITY_KEY, agentId).tell(new AgentEntity.Deliver(new Agent.FireTimers(now)));
    }
  }

  private <T> T await(CompletionStage<T> stage, String what) {
    try {
      return stage.toCompletableFuture().get(settings.loadTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof DirectorySync.LoadRefused refused) {
        throw refused;
      }
      if (e.getCause() instanceof TimeoutException) {
        throw new EngineStartException("No answer " + what + " within " + settings.askTimeout().toSeconds()
            + " s: Cassandra is unreachable or its schema is missing (create it with 'switchboard cassandra create-schema'"
            + " or SWITCHBOARD_CASSANDRA_SCHEMA_AUTOCREATE=on); " + e.getCause().getMessage(), e.getCause());
      }
      throw new EngineStartException("Failed " + what + ": " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new EngineStartException("Timed out after " + settings.loadTimeout().toSeconds() + " s " + what
          + "; is Cassandra overloaded? (switchboard.engine.organisation.load-timeout)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineStartException("Interrupted " + what, e);
    }
  }

  @Override
  public synchronized CompletionStage<Result> reload() {
    CompletableFuture<Result> next = lastReload.handle((ignored, error) -> null)
        // Reading and checking files blocks: off the HTTP and actor threads.
        .thenComposeAsync(ignored -> reloadNow().toCompletableFuture(), blocking);
    lastReload = next;
    return next;
  }

  private CompletionStage<Result> reloadNow() {
    Optional<Path> file = settings.directoryFile();
    if (file.isEmpty()) {
      return CompletableFuture.completedFuture(new NotConfigured());
    }
    LoadResult loaded = DirectoryFileLoader.load(file.get());
    if (loaded instanceof LoadResult.Failed failed) {
      LOG.error("Directory file {} not reloaded, {} error(s); the running directory is unchanged:\n{}", file.get(),
          failed.errors().size(), failed.report().stripTrailing());
      return CompletableFuture.completedFuture(new Refused("the directory file " + file.get() + " has "
          + failed.errors().size() + " error(s)", failed.errors().stream().map(Object::toString).toList()));
    }
    return sync.apply(((LoadResult.Loaded) loaded).configuration())
        .<Result>thenApply(outcome -> {
          LOG.info("Directory file {} reloaded: {} directory change(s); flows deployed {}, kept {}, retired {}", file.get(),
              outcome.directoryChanges().size(), outcome.flowsDeployed(), outcome.flowsKept(), outcome.flowsRetired());
          return new Applied(outcome.directoryChanges().size(), outcome.flowsDeployed(), outcome.flowsKept(),
              outcome.flowsRetired());
        })
        .exceptionally(error -> {
          Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
          if (cause instanceof DirectorySync.LoadRefused refused) {
            LOG.error("Directory file {} not reloaded; the running directory is unchanged: {}", file.get(), refused.getMessage());
            return new Refused(refused.getMessage().lines().findFirst().orElse("refused"), refused.errors());
          }
          throw new CompletionException(cause);
        });
  }

  // ---------------------------------------------------------------------------------------------
  // what the Call entity asks (CallPeers)

  /** Delivers a command to the Queue entity {@code queueId}; at most once. */
  public void queue(String queueId, QueueCommand command) {
    sharding.entityRefFor(QueueEntity.ENTITY_KEY, queueId).tell(new QueueEntity.Deliver(command));
  }

  /** Delivers a command to the Mailbox entity {@code mailboxId}; at most once. */
  public void mailbox(String mailboxId, MailboxCommand command) {
    sharding.entityRefFor(MailboxEntity.ENTITY_KEY, mailboxId).tell(new MailboxEntity.Deliver(command));
  }

  /** Tells the agent it is on (or off) a call no queue offered, so that routing sees it busy. */
  public void agentOnDirectCall(String agentId, String callId, boolean onCall, Instant at) {
    Agent.Command command = onCall ? new Agent.StartCall(callId, null, at) : new Agent.EndCall(callId, Duration.ZERO, at);
    sharding.entityRefFor(AgentEntity.ENTITY_KEY, agentId).tell(new AgentEntity.Deliver(command));
  }

  /**
   * The mailbox's state, asked of its entity; empty when the box was never provisioned. Fails when
   * the entity does not answer within the ask timeout.
   */
  public CompletionStage<Optional<MailboxState>> mailboxState(String mailboxId) {
    return sharding.entityRefFor(MailboxEntity.ENTITY_KEY, mailboxId)
        .<MailboxState>ask(MailboxEntity.Get::new, settings.askTimeout())
        .thenApply(state -> state.provisioned() ? Optional.of(state) : Optional.empty());
  }

  /**
   * The queue's policy as this node last loaded or read it (directory file, or the queue entity
   * itself when the engine runs on the journaled directory); empty when unknown.
   */
  public Optional<QueuePolicy> queuePolicy(String queueId) {
    return sync.queuePolicy(queueId);
  }

  /** The directory as this node knows it now. */
  public DirectoryState directory() {
    return directoryView.state();
  }

  /** The flow's currently deployed version. */
  public Optional<CompiledFlow> currentFlow(String flowId) {
    return flowCatalog.currentFlow(flowId);
  }

  /** An exact version of a flow, if it was ever deployed. */
  public Optional<CompiledFlow> flowVersion(String flowId, String version) {
    return flowCatalog.flowVersion(flowId, version);
  }

  // ---------------------------------------------------------------------------------------------

  /** This node's directory read model. */
  public DirectoryView directoryView() {
    return directoryView;
  }

  /** This node's flow catalog. */
  public FlowCatalog flowCatalog() {
    return flowCatalog;
  }

  /** The settings in use. */
  public OrganisationSettings settings() {
    return settings;
  }

  /**
   * The HTTP routes: agents, queues, directory (numbers, users, reload) and mailboxes. Requests
   * they reject (unknown path, wrong method) are answered as problems, so this goes last.
   */
  public Route routes() {
    AllDirectives directives = new AllDirectives() {};
    // Last in the engine's routes: what nobody takes is answered here, as problem+json.
    return directives.handleRejections(api.rejections(), () -> directives.concat(
        new AgentRoutes(sharding, directoryView, clock, settings.askTimeout(), api).route(),
        new QueueRoutes(sharding, directoryView, settings.askTimeout(), api).route(),
        new DirectoryRoutes(directoryView, this, api).route(),
        new MailboxRoutes(sharding, directoryView, clock, settings.askTimeout(), api).route()));
  }

  /** Every flow the catalog runs, id to version, for logs and tests. */
  public List<String> runningFlows() {
    return flowCatalog.state().flows().values().stream()
        .filter(r -> r.currentVersion() != null)
        .map(r -> r.flowId() + "@" + r.currentVersion())
        .sorted()
        .toList();
  }

  @Override
  public String toString() {
    return "Organisation[" + Objects.toString(settings.directoryFile().orElse(null)) + "]";
  }
}
