package io.switchboard.engine.flows;

import io.switchboard.engine.directory.DirectoryState;
import io.switchboard.engine.directory.DirectoryView;
import io.switchboard.engine.directory.config.DirectoryConfiguration.FlowReference;
import io.switchboard.flows.CompileResult;
import io.switchboard.flows.CompiledFlow;
import io.switchboard.flows.FlowCompiler;
import io.switchboard.flows.FlowError;
import io.switchboard.persistence.CborSerializable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's flow catalog: compiled flows by (flow id, version), answering the Call entity's
 * {@code currentFlow(id)} and {@code flowVersion(id, version)} from memory.
 *
 * <p>It follows the FlowCatalog entity's journaled state (every version's source text), published
 * on a topic ({@link #subscriber}) and offered directly on the node that deploys. A version not
 * compiled on this node yet (another node deployed it, or this node restarted) is compiled on first
 * use from its journaled source, with the schedule check pinned to the instant it was deployed and
 * no directory check (references were checked when it was deployed), so recompiling always gives
 * the flow that was deployed. {@link #prepare} compiles the directory's flow files for deployment.
 *
 * <p>One per node, created by the engine's wiring; thread-safe (an atomic state and a concurrent
 * cache of immutable compiled flows).
 */
public final class FlowCatalog {

  private static final Logger LOG = LoggerFactory.getLogger(FlowCatalog.class);

  /** The name of the pub-sub topic the FlowCatalog entity's state is published on. */
  public static final String TOPIC = "switchboard-flow-catalog";

  /** The catalog entity's state as published, with the entity's sequence number. */
  public record Published(long revision, FlowCatalogDomain.State state) implements CborSerializable {
    public Published {
      Objects.requireNonNull(state, "state");
    }
  }

  private record Key(String flowId, String version) {}

  private final AtomicReference<Published> latest = new AtomicReference<>(new Published(-1, FlowCatalogDomain.State.EMPTY));
  private final Map<Key, CompiledFlow> compiled = new ConcurrentHashMap<>();

  /** The catalog's state as this node knows it. */
  public FlowCatalogDomain.State state() {
    return latest.get().state();
  }

  /** Takes {@code published} unless this node already has a newer state. */
  public void offer(Published published) {
    latest.accumulateAndGet(published, (current, next) -> next.revision() >= current.revision() ? next : current);
  }

  /** An actor that subscribes to {@code topic} and offers every publication to {@code catalog}. */
  public static Behavior<Published> subscriber(ActorRef<Topic.Command<Published>> topic, FlowCatalog catalog) {
    return Behaviors.setup(context -> {
      topic.tell(Topic.subscribe(context.getSelf()));
      return Behaviors.receiveMessage(published -> {
        catalog.offer(published);
        return Behaviors.same();
      });
    });
  }

  /** Keeps a flow compiled on this node (by {@link #prepare}), so it is not compiled again. */
  public void remember(CompiledFlow flow, String flowId) {
    compiled.put(new Key(flowId, flow.version()), flow);
  }

  /** The flow's deployed version, if the flow is in the catalog and not retired. */
  public Optional<CompiledFlow> currentFlow(String flowId) {
    return state().current(flowId).flatMap(this::compiledVersion);
  }

  /** An exact version of a flow, if it was ever deployed. */
  public Optional<CompiledFlow> flowVersion(String flowId, String version) {
    CompiledFlow cached = compiled.get(new Key(flowId, version));
    if (cached != null) {
      return Optional.of(cached);
    }
    return state().version(flowId, version).flatMap(this::compiledVersion);
  }

  private Optional<CompiledFlow> compiledVersion(FlowCatalogDomain.FlowVersion version) {
    Key key = new Key(version.flowId(), version.version());
    CompiledFlow cached = compiled.get(key);
    if (cached != null) {
      return Optional.of(cached);
    }
    CompileResult result = FlowCompiler.create(Clock.fixed(version.deployedAt(), ZoneOffset.UTC))
        .compile(version.file(), version.source());
    if (result.flow().isEmpty() || !result.version().equals(version.version())) {
      // Cannot happen for a version the catalog accepted, unless the compiler itself changed.
      LOG.error("Flow {} version {} from {} no longer compiles to itself: {}", version.flowId(), version.version(),
          version.file(), result.errors().isEmpty() ? "version " + result.version() : result.errors());
      return Optional.empty();
    }
    CompiledFlow flow = result.flow().get();
    compiled.putIfAbsent(key, flow);
    return Optional.of(compiled.get(key));
  }

  // ---------------------------------------------------------------------------------------------
  // deployment

  /** What compiling one flow file of the directory gave. */
  public sealed interface Prepared {
    String flowId();
  }

  /** The file compiled: {@code flow} is ready to deploy (possibly the version already current). */
  public record Ready(String flowId, CompiledFlow flow, String file, String source) implements Prepared {}

  /**
   * The file does not compile (or does not declare the flow the directory names): it never
   * replaces the running version.
   *
   * @param errors each {@code file:line:column: message}
   * @param runningVersion the version that keeps running, or {@code null} when the flow has none
   */
  public record Invalid(String flowId, String file, List<String> errors, String runningVersion) implements Prepared {
    public Invalid {
      errors = List.copyOf(errors);
    }
  }

  /**
   * Everything a directory's flows call for.
   *
   * @param prepared one result per flow of the directory, in its order
   * @param retired flows that have a current version but are no longer in the directory
   */
  public record Plan(List<Prepared> prepared, List<String> retired) {
    public Plan {
      prepared = List.copyOf(prepared);
      retired = List.copyOf(retired);
    }

    /** The flows that cannot run at all: invalid with no running version. */
    public List<Invalid> fatal() {
      return prepared.stream()
          .filter(p -> p instanceof Invalid i && i.runningVersion() == null)
          .map(Invalid.class::cast)
          .toList();
    }
  }

  /**
   * Compiles the directory's flow files against the directory (references to queues, users,
   * extensions, flows, mailboxes), checking schedules from {@code clock}'s today.
   */
  public Plan prepare(List<FlowReference> flows, DirectoryState directory, Clock clock) {
    FlowCompiler compiler = FlowCompiler.create(clock).withDirectory(DirectoryView.flowDirectory(directory));
    FlowCatalogDomain.State catalog = state();
    List<Prepared> prepared = new ArrayList<>();
    Set<String> listed = new HashSet<>();
    for (FlowReference reference : flows) {
      listed.add(reference.id());
      String running = catalog.current(reference.id()).map(FlowCatalogDomain.FlowVersion::version).orElse(null);
      String file = reference.file().toString();
      String source;
      try {
        source = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(Files.readAllBytes(reference.file())))
            .toString();
      } catch (IOException e) {
        // The compiler words unreadable and non-UTF-8 files the same way everywhere.
        CompileResult unreadable = compiler.compile(reference.file());
        prepared.add(new Invalid(reference.id(), file, errors(unreadable, e), running));
        continue;
      }
      CompileResult result = compiler.compile(file, source);
      if (result.flow().isEmpty()) {
        prepared.add(new Invalid(reference.id(), file, errors(result, null), running));
        continue;
      }
      CompiledFlow flow = result.flow().get();
      if (!flow.id().equals(reference.id())) {
        prepared.add(new Invalid(reference.id(), file, List.of(file + ":1:1: the file declares flow '" + flow.id()
            + "' but the directory lists it as '" + reference.id() + "'; use the same id in both"), running));
        continue;
      }
      prepared.add(new Ready(reference.id(), flow, file, source));
    }
    List<String> retired = new ArrayList<>();
    for (String flowId : new TreeSet<>(catalog.flows().keySet())) {
      if (!listed.contains(flowId) && catalog.current(flowId).isPresent()) {
        retired.add(flowId);
      }
    }
    return new Plan(prepared, retired);
  }

  private static List<String> errors(CompileResult result, IOException cause) {
    if (result.errors().isEmpty()) {
      String why = cause instanceof CharacterCodingException ? "the file is not UTF-8 text; save it as UTF-8"
          : "cannot read the file: " + cause;
      return List.of(why);
    }
    return result.errors().stream().map(FlowError::toString).toList();
  }
}
