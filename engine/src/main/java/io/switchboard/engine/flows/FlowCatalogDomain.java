package io.switchboard.engine.flows;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.switchboard.persistence.CborSerializable;
import io.switchboard.persistence.Decision;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The rules of the flow catalog, pure: which version of each flow is deployed, and the source of
 * every version ever deployed, so that a call pinned to a version can always be recompiled (after
 * a restart, on another node, in a replay) even once the file has changed.
 *
 * <p>Deploying the current version again is a no-op; deploying a version seen before makes it
 * current again without storing its source twice; retiring a flow (gone from the directory) keeps
 * its versions. Time arrives with the commands. Immutable and thread-safe.
 */
public final class FlowCatalogDomain {

  private FlowCatalogDomain() {}

  /** Inputs. */
  public sealed interface Command permits Deploy, Retire {}

  /**
   * Make {@code version} of {@code flowId}, compiled from {@code source} read from {@code file},
   * the current one.
   */
  public record Deploy(String flowId, String version, String file, String source, Instant at) implements Command {
    public Deploy {
      Objects.requireNonNull(flowId, "flowId");
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(at, "at");
    }
  }

  /** The flow is no longer in the directory: it has no current version any more. */
  public record Retire(String flowId, Instant at) implements Command {}

  /** Facts of the catalog; journaled. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = VersionDeployed.class, name = "version-deployed"),
    @JsonSubTypes.Type(value = VersionReactivated.class, name = "version-reactivated"),
    @JsonSubTypes.Type(value = FlowRetired.class, name = "flow-retired")
  })
  public sealed interface Event extends CborSerializable permits VersionDeployed, VersionReactivated, FlowRetired {}

  /** A version never seen before, with its source, is now the flow's current version. */
  public record VersionDeployed(String flowId, String version, String file, String source, String previousVersion,
      Instant at) implements Event {}

  /** A version deployed before is the flow's current version again. */
  public record VersionReactivated(String flowId, String version, String previousVersion, Instant at) implements Event {}

  /** The flow has no current version any more; its versions stay. */
  public record FlowRetired(String flowId, String previousVersion, Instant at) implements Event {}

  /**
   * One deployed version.
   *
   * @param file the file it was read from
   * @param source the file's text
   * @param deployedAt when it was first deployed: recompiling checks schedules from that instant,
   *     so the outcome never changes
   */
  public record FlowVersion(String flowId, String version, String file, String source, Instant deployedAt)
      implements CborSerializable {}

  /**
   * One flow: its current version ({@code null} when retired) and every version deployed.
   */
  public record FlowRecord(String flowId, String currentVersion, Map<String, FlowVersion> versions)
      implements CborSerializable {
    public FlowRecord {
      versions = Map.copyOf(versions);
    }
  }

  /** The catalog: flow id to record. */
  public record State(Map<String, FlowRecord> flows) implements CborSerializable {
    public static final State EMPTY = new State(Map.of());

    public State {
      flows = Map.copyOf(flows);
    }

    /** The current version of {@code flowId}, if it has one. */
    public Optional<FlowVersion> current(String flowId) {
      FlowRecord record = flows.get(flowId);
      return record == null || record.currentVersion() == null
          ? Optional.empty()
          : Optional.ofNullable(record.versions().get(record.currentVersion()));
    }

    /** A version of {@code flowId} deployed at some point, if any. */
    public Optional<FlowVersion> version(String flowId, String version) {
      FlowRecord record = flows.get(flowId);
      return record == null ? Optional.empty() : Optional.ofNullable(record.versions().get(version));
    }
  }

  /** The events of {@code command}. */
  public static Decision<Event> decide(State state, Command command) {
    if (command instanceof Deploy c) {
      FlowRecord record = state.flows().get(c.flowId());
      String current = record == null ? null : record.currentVersion();
      if (c.version().equals(current)) {
        return Decision.noOp();
      }
      if (record != null && record.versions().containsKey(c.version())) {
        return Decision.accept(new VersionReactivated(c.flowId(), c.version(), current, c.at()));
      }
      return Decision.accept(new VersionDeployed(c.flowId(), c.version(), c.file(), c.source(), current, c.at()));
    }
    if (command instanceof Retire c) {
      FlowRecord record = state.flows().get(c.flowId());
      return record == null || record.currentVersion() == null
          ? Decision.noOp()
          : Decision.accept(new FlowRetired(c.flowId(), record.currentVersion(), c.at()));
    }
    throw new IllegalArgumentException("unknown command " + command);
  }

  /** {@code state} after {@code event}. */
  public static State evolve(State state, Event event) {
    Map<String, FlowRecord> flows = new HashMap<>(state.flows());
    if (event instanceof VersionDeployed e) {
      FlowRecord record = flows.get(e.flowId());
      Map<String, FlowVersion> versions = new HashMap<>(record == null ? Map.of() : record.versions());
      versions.put(e.version(), new FlowVersion(e.flowId(), e.version(), e.file(), e.source(), e.at()));
      flows.put(e.flowId(), new FlowRecord(e.flowId(), e.version(), versions));
    } else if (event instanceof VersionReactivated e) {
      FlowRecord record = flows.get(e.flowId());
      flows.put(e.flowId(), new FlowRecord(e.flowId(), e.version(), record.versions()));
    } else if (event instanceof FlowRetired e) {
      FlowRecord record = flows.get(e.flowId());
      flows.put(e.flowId(), new FlowRecord(e.flowId(), null, record.versions()));
    } else {
      throw new IllegalArgumentException("unknown event " + event);
    }
    return new State(flows);
  }
}
