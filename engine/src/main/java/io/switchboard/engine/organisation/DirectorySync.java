package io.switchboard.engine.organisation;

import java.util.Optional;
import io.switchboard.engine.queue.QueueView;
import io.switchboard.engine.queue.routing.QueuePolicy;
import io.switchboard.agents.Agent;
import io.switchboard.agents.AgentEntity;
import io.switchboard.engine.directory.DirectoryCommand;
import io.switchboard.engine.directory.DirectoryEntity;
import io.switchboard.engine.directory.DirectoryView;
import io.switchboard.engine.directory.MailboxEntry;
import io.switchboard.engine.directory.config.DirectoryConfiguration;
import io.switchboard.engine.directory.config.DirectoryConfiguration.AgentDefinition;
import io.switchboard.engine.directory.config.DirectoryConfiguration.QueueDefinition;
import io.switchboard.engine.directory.config.DirectoryConfiguration.QueueMembership;
import io.switchboard.engine.flows.FlowCatalog;
import io.switchboard.engine.flows.FlowCatalogEntity;
import io.switchboard.engine.queue.QueueEntity;
import io.switchboard.engine.voicemail.MailboxEntity;
import io.switchboard.engine.voicemail.MailboxSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.Done;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the running organisation in line with a loaded directory file: the flows are compiled
 * first (a flow that cannot run refuses the whole load, before anything changes), then the
 * Directory entity reconciles (journaling only the differences), then the flow catalog deploys the
 * new versions and retires removed flows, then every mailbox, queue and agent is configured (each
 * entity journals only what changed).
 *
 * <p>Created once by {@link Organisation}; {@link #apply} may run at start and on every reload, one
 * at a time (the caller serialises). Thread-safe state: the current configuration's mailbox
 * settings and the ids the keep-alive pings.
 */
final class DirectorySync {

  private static final Logger LOG = LoggerFactory.getLogger(DirectorySync.class);

  /** The load was refused before anything changed; {@code errors} lists every reason. */
  static final class LoadRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final List<String> errors;

    LoadRefused(String summary, List<String> errors) {
      super(summary + ":\n  " + String.join("\n  ", errors));
      this.errors = List.copyOf(errors);
    }

    List<String> errors() {
      return errors;
    }
  }

  /**
   * What a load changed.
   *
   * @param directoryChanges the directory commands journaled, in order
   * @param flowsDeployed flows whose current version changed (new or reactivated)
   * @param flowsKept flows whose file is invalid, each still running its previous version
   * @param flowsRetired flows no longer in the directory
   */
  record Outcome(List<DirectoryCommand> directoryChanges, List<String> flowsDeployed, List<String> flowsKept,
      List<String> flowsRetired) {}

  private final ClusterSharding sharding;
  private final DirectoryView directoryView;
  private final FlowCatalog flowCatalog;
  private final Clock clock;
  private final Duration askTimeout;
  private final Executor blocking;
  private final AtomicReference<Map<String, MailboxSettings>> mailboxSettings = new AtomicReference<>(Map.of());
  private final AtomicReference<Set<String>> queueIds = new AtomicReference<>(Set.of());
  private final AtomicReference<Map<String, QueuePolicy>> queuePolicies = new AtomicReference<>(Map.of());
  private final AtomicReference<Set<String>> agentIds = new AtomicReference<>(Set.of());

  /** @param blocking where flow files are read and compiled (file IO stays off the actors' threads) */
  DirectorySync(ClusterSharding sharding, DirectoryView directoryView, FlowCatalog flowCatalog, Clock clock,
      Duration askTimeout, Executor blocking) {
    this.sharding = sharding;
    this.directoryView = directoryView;
    this.flowCatalog = flowCatalog;
    this.clock = clock;
    this.askTimeout = askTimeout;
    this.blocking = blocking;
  }

  /** The recording settings of a mailbox, from the last configuration loaded (defaults otherwise). */
  MailboxSettings mailboxSettings(String mailboxId) {
    return mailboxSettings.get().getOrDefault(mailboxId, MailboxSettings.DEFAULT);
  }

  /** The policy of a queue, from the last configuration loaded or the queues' own views. */
  Optional<QueuePolicy> queuePolicy(String queueId) {
    return Optional.ofNullable(queuePolicies.get().get(queueId));
  }

  /** The queues the keep-alive pings. */
  Set<String> queueIds() {
    return queueIds.get();
  }

  /** The agents the keep-alive pings. */
  Set<String> agentIds() {
    return agentIds.get();
  }

  /**
   * Applies {@code configuration}; fails with {@link LoadRefused} (nothing changed) when a flow of
   * the directory has an invalid file and no version running.
   */
  CompletionStage<Outcome> apply(DirectoryConfiguration configuration) {
    // The running versions decide whether an invalid flow file is fatal: read them first.
    return refreshCatalog().thenComposeAsync(done -> applyWithCatalog(configuration), blocking);
  }

  private CompletionStage<Outcome> applyWithCatalog(DirectoryConfiguration configuration) {
    // Compiled as of the instant journaled with the versions: recompiling one later gives the same flow.
    Instant at = clock.instant();
    FlowCatalog.Plan plan = flowCatalog.prepare(configuration.flows(), configuration.directory(), Clock.fixed(at, ZoneOffset.UTC));
    List<FlowCatalog.Invalid> fatal = plan.fatal();
    if (!fatal.isEmpty()) {
      List<String> errors = new ArrayList<>();
      fatal.forEach(invalid -> errors.addAll(invalid.errors()));
      return CompletableFuture.failedFuture(new LoadRefused(
          fatal.size() + " flow(s) of the directory cannot run (" + String.join(", ", fatal.stream()
              .map(FlowCatalog.Invalid::flowId).toList()) + ")", errors));
    }
    List<String> kept = new ArrayList<>();
    for (FlowCatalog.Prepared prepared : plan.prepared()) {
      if (prepared instanceof FlowCatalog.Invalid invalid) {
        kept.add(invalid.flowId());
        LOG.warn("Flow {}: {} has errors; version {} keeps running:\n  {}", invalid.flowId(), invalid.file(),
            invalid.runningVersion(), String.join("\n  ", invalid.errors()));
      }
    }
    mailboxSettings.set(Map.copyOf(configuration.mailboxSettings()));
    Map<String, QueuePolicy> policies = new HashMap<>();
    configuration.queues().forEach(queue -> policies.put(queue.id(), queue.policy()));
    queuePolicies.set(Map.copyOf(policies));
    return sharding.entityRefFor(DirectoryEntity.ENTITY_KEY, DirectoryEntity.ID)
        .<StatusReply<DirectoryEntity.Reconciled>>ask(replyTo -> new DirectoryEntity.Reconcile(configuration.directory(), replyTo),
            askTimeout)
        .thenApply(StatusReply::getValue)
        .thenCompose(reconciled -> {
          directoryView.offer(new DirectoryView.Published(reconciled.revision(), reconciled.state()));
          if (!reconciled.changes().isEmpty()) {
            LOG.info("Directory: {} change(s) applied", reconciled.changes().size());
          }
          return deployFlows(plan, at)
              .thenCompose(deployed -> configureEntities(configuration, at)
                  .thenApply(done -> new Outcome(reconciled.changes(), deployed, kept, plan.retired())));
        });
  }

  /** Without a directory file: the journaled directory, its queues started (they wake their agents). */
  CompletionStage<Done> resume() {
    return sharding.entityRefFor(DirectoryEntity.ENTITY_KEY, DirectoryEntity.ID)
        .<DirectoryView.Published>ask(DirectoryEntity.Get::new, askTimeout)
        .thenCompose(published -> {
          directoryView.offer(published);
          queueIds.set(Set.copyOf(published.state().queues().keySet()));
          return readPolicies(published.state().queues().keySet()).thenCompose(done -> refreshCatalog());
        });
  }

  /** Without a file, each queue's own view is where its policy is: ask them (this also starts them). */
  private CompletionStage<Done> readPolicies(Set<String> queues) {
    Map<String, QueuePolicy> policies = new java.util.concurrent.ConcurrentHashMap<>();
    List<CompletableFuture<QueueView>> views = new ArrayList<>();
    for (String queueId : queues) {
      views.add(sharding.entityRefFor(QueueEntity.ENTITY_KEY, queueId)
          .<QueueView>ask(QueueEntity.GetView::new, askTimeout)
          .whenComplete((view, failure) -> {
            if (view != null) {
              policies.put(queueId, view.policy());
            } else {
              LOG.warn("Queue {} did not report its policy ({}); its callers hear the engine's default greeting"
                  + " and music until the next load", queueId, failure.toString());
            }
          })
          .toCompletableFuture());
    }
    return CompletableFuture.allOf(views.toArray(CompletableFuture[]::new))
        .handle((done, failure) -> {
          queuePolicies.set(Map.copyOf(policies));
          return Done.done();
        });
  }

  private CompletionStage<List<String>> deployFlows(FlowCatalog.Plan plan, Instant at) {
    List<CompletableFuture<String>> deployments = new ArrayList<>();
    for (FlowCatalog.Prepared prepared : plan.prepared()) {
      if (prepared instanceof FlowCatalog.Ready ready) {
        flowCatalog.remember(ready.flow(), ready.flowId());
        boolean current = flowCatalog.state().current(ready.flowId())
            .map(v -> v.version().equals(ready.flow().version())).orElse(false);
        if (!current) {
          deployments.add(deploy(ready, at).thenApply(done -> ready.flowId()).toCompletableFuture());
        }
      }
    }
    for (String flowId : plan.retired()) {
      deployments.add(retire(flowId, at).thenApply(done -> (String) null).toCompletableFuture());
    }
    return CompletableFuture.allOf(deployments.toArray(CompletableFuture[]::new))
        .thenCompose(done -> refreshCatalog())
        .thenApply(done -> deployments.stream().map(CompletableFuture::join).filter(id -> id != null).toList());
  }

  private CompletionStage<Done> refreshCatalog() {
    return FlowCatalogEntity.ref(sharding).<FlowCatalog.Published>ask(FlowCatalogEntity.Get::new, askTimeout)
        .thenApply(published -> {
          flowCatalog.offer(published);
          return Done.done();
        });
  }

  private CompletionStage<Done> deploy(FlowCatalog.Ready ready, Instant at) {
    return FlowCatalogEntity.ref(sharding).<StatusReply<Done>>ask(replyTo -> new FlowCatalogEntity.Deploy(
            ready.flowId(), ready.flow().version(), ready.file(), ready.source(), at, replyTo), askTimeout)
        .thenApply(StatusReply::getValue);
  }

  private CompletionStage<Done> retire(String flowId, Instant at) {
    return FlowCatalogEntity.ref(sharding).<StatusReply<Done>>ask(
            replyTo -> new FlowCatalogEntity.Retire(flowId, at, replyTo), askTimeout)
        .thenApply(StatusReply::getValue);
  }

  private CompletionStage<Done> configureEntities(DirectoryConfiguration configuration, Instant at) {
    List<CompletableFuture<?>> asks = new ArrayList<>();
    for (MailboxEntry mailbox : new TreeMap<>(configuration.directory().mailboxes()).values()) {
      MailboxSettings settings = mailboxSettings(mailbox.id());
      asks.add(sharding.entityRefFor(MailboxEntity.ENTITY_KEY, mailbox.id())
          .<StatusReply<io.switchboard.engine.voicemail.MailboxState>>ask(replyTo -> new MailboxEntity.Configure(
              mailbox.kind(), mailbox.ownerUserId(), mailbox.displayName(), settings, at, replyTo), askTimeout)
          .thenApply(StatusReply::getValue).toCompletableFuture());
    }
    Map<String, Set<String>> queuesOfAgent = new LinkedHashMap<>();
    Set<String> queues = new HashSet<>();
    for (QueueDefinition queue : configuration.queues()) {
      queues.add(queue.id());
      for (QueueMembership member : queue.members()) {
        queuesOfAgent.computeIfAbsent(member.agentId(), id -> new HashSet<>()).add(queue.id());
      }
      asks.add(sharding.entityRefFor(QueueEntity.ENTITY_KEY, queue.id())
          .<StatusReply<Done>>ask(replyTo -> new QueueEntity.Configure(queue.policy(), queue.members(), at, replyTo),
              askTimeout)
          .thenApply(StatusReply::getValue).toCompletableFuture());
    }
    Map<String, Map<String, Integer>> skills = new HashMap<>();
    for (AgentDefinition agent : configuration.agents()) {
      skills.put(agent.userId(), agent.skills());
      queuesOfAgent.computeIfAbsent(agent.userId(), id -> new HashSet<>());
    }
    // Agents configured before but absent now leave all their queues.
    for (String previous : agentIds.get()) {
      queuesOfAgent.computeIfAbsent(previous, id -> new HashSet<>());
    }
    for (Map.Entry<String, Set<String>> agent : queuesOfAgent.entrySet()) {
      Agent.Configure configure = new Agent.Configure(agent.getValue(), skills.getOrDefault(agent.getKey(), Map.of()), at);
      asks.add(sharding.entityRefFor(AgentEntity.ENTITY_KEY, agent.getKey())
          .<StatusReply<Agent.State>>ask(replyTo -> new AgentEntity.Submit(configure, replyTo), askTimeout)
          .thenApply(StatusReply::getValue).toCompletableFuture());
    }
    queueIds.set(Set.copyOf(queues));
    Set<String> configuredAgents = new HashSet<>();
    queuesOfAgent.forEach((id, memberOf) -> {
      if (!memberOf.isEmpty() || skills.containsKey(id)) {
        configuredAgents.add(id);
      }
    });
    agentIds.set(Set.copyOf(configuredAgents));
    LOG.info("Directory: configuring {} mailbox(es), {} queue(s), {} agent(s)", configuration.directory().mailboxes().size(),
        configuration.queues().size(), queuesOfAgent.size());
    return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new)).thenApply(done -> Done.done());
  }
}
