package io.switchboard.flows;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where one call is in one flow: an immutable record tree that Jackson serialises, so that the
 * engine can snapshot it. It names the flow and version it belongs to but holds nothing of the
 * compiled flow itself; {@link CompiledFlow#step} refuses a state of another flow or version.
 *
 * @param flowId the flow's id
 * @param flowVersion the flow's content hash
 * @param language the call's current language (one the flow offers)
 * @param variables the variables this flow has set
 * @param position where the call is
 * @param sequence a counter for playback and timer ids, so that each id is unique in the call and
 *     stale events are recognised
 */
public record FlowState(
    String flowId,
    String flowVersion,
    String language,
    Map<String, String> variables,
    Position position,
    long sequence) {

  public FlowState {
    Objects.requireNonNull(flowId, "flowId");
    Objects.requireNonNull(flowVersion, "flowVersion");
    Objects.requireNonNull(language, "language");
    variables = Map.copyOf(variables);
    Objects.requireNonNull(position, "position");
  }

  public FlowState withPosition(Position p) {
    return new FlowState(flowId, flowVersion, language, variables, p, sequence);
  }

  /** Whether the flow has handed the call over or ended it (a transfer may still fail). */
  @JsonIgnore
  public boolean isFinished() {
    return position instanceof Finished;
  }

  /** The id of the node the call is at, or empty before the start and after the end. */
  public String nodeId() {
    if (position instanceof Playing p) {
      return p.node();
    }
    if (position instanceof Prompting p) {
      return p.node();
    }
    if (position instanceof Transferring t) {
      return t.node();
    }
    return "";
  }

  /** Where the call is in the flow. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "at")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = NotStarted.class, name = "not-started"),
    @JsonSubTypes.Type(value = Playing.class, name = "playing"),
    @JsonSubTypes.Type(value = Prompting.class, name = "prompting"),
    @JsonSubTypes.Type(value = Transferring.class, name = "transferring"),
    @JsonSubTypes.Type(value = Finished.class, name = "finished")
  })
  public sealed interface Position {}

  /** Before {@link FlowInput.Started}. */
  public record NotStarted() implements Position {}

  /** A play node (or a transfer's prompt) is playing {@code playbackId}. */
  public record Playing(String node, String playbackId) implements Position {
    public Playing {
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(playbackId, "playbackId");
    }
  }

  /** The phase of a node that takes keys. */
  public enum Stage {
    /** The main prompt is playing; a key interrupts it. */
    PROMPT,
    /** A notice (invalid entry, timeout, no match) is playing before the prompt is offered again. */
    NOTICE,
    /** Waiting for keys; a digit timer runs. */
    INPUT,
    /** Dial by name: the matches are being announced; a key picks one. */
    CHOICES,
    /** Dial by name: waiting for the key that picks a match; a digit timer runs. */
    CHOICE_INPUT
  }

  /**
   * A menu, collect, dial-by-extension or dial-by-name node is talking with the caller.
   *
   * @param failures timeouts and invalid entries so far (compared with the node's retries)
   * @param digits the keys collected so far (collect, dial nodes)
   * @param choices the user ids offered (dial by name), in key order 1, 2, ...
   * @param playbackId the playback in progress, or null
   * @param timerId the digit timer running, or null
   */
  public record Prompting(
      String node,
      Stage stage,
      int failures,
      String digits,
      List<String> choices,
      String playbackId,
      String timerId)
      implements Position {
    public Prompting {
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(stage, "stage");
      digits = digits == null ? "" : digits;
      choices = choices == null ? List.of() : List.copyOf(choices);
    }

    public Prompting withDigits(String newDigits) {
      return new Prompting(node, stage, failures, newDigits, choices, playbackId, timerId);
    }
  }

  /** A transfer was asked for; a {@link FlowInput.TransferFailed} may still come back. */
  public record Transferring(String node, TransferTarget target) implements Position {
    public Transferring {
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(target, "target");
    }
  }

  /** The flow is over: it hung up, went to voicemail, or a transfer is final. */
  public record Finished(String outcome) implements Position {
    public Finished {
      Objects.requireNonNull(outcome, "outcome");
    }
  }
}
