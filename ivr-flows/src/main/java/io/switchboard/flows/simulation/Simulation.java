package io.switchboard.flows.simulation;

import io.switchboard.flows.CompiledFlow;
import io.switchboard.flows.FlowCommand;
import io.switchboard.flows.FlowContext;
import io.switchboard.flows.FlowInput;
import io.switchboard.flows.FlowState;
import io.switchboard.flows.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one call through a compiled flow the way the engine would, without media: it keeps track of
 * the playbacks and digit timers the flow asked for, finishes playbacks when the caller waits for
 * them, fires timers on {@code timeout} and advances its clock by their duration. Flow tests and
 * {@code flow simulate} drive it; it records every input and command in order.
 *
 * <p>Created per simulated call; not thread-safe.
 */
public final class Simulation {

  /** One line of the transcript: an input fed to the flow or a command it returned. */
  public sealed interface Event {
    /** An input fed to the flow. */
    record Input(FlowInput input) implements Event {}

    /** A command the flow returned. */
    record Command(FlowCommand command) implements Event {}
  }

  /** Bounds the playbacks finished in one settle: a valid flow never needs more than its nodes. */
  private static final int MAX_SETTLE = 10_000;

  private final CompiledFlow flow;
  private FlowContext context;
  private FlowState state;
  private final List<Event> transcript = new ArrayList<>();
  private final Deque<String> playing = new ArrayDeque<>();
  private final Map<String, Duration> timers = new LinkedHashMap<>();
  private final List<FlowCommand> commands = new ArrayList<>();

  public Simulation(CompiledFlow flow, FlowContext context) {
    this.flow = flow;
    this.context = context;
    this.state = flow.initialState();
  }

  /** Starts the call. */
  public List<Event> start() {
    return feed(new FlowInput.Started());
  }

  /** Applies one scripted token. */
  public List<Event> apply(InputToken token) {
    if (token instanceof InputToken.Press p) {
      return press(p.key());
    }
    if (token instanceof InputToken.Barge b) {
      return barge(b.key());
    }
    if (token instanceof InputToken.Timeout) {
      return timeout();
    }
    return transferFailed(((InputToken.TransferFailed) token).reason());
  }

  /** The caller waits for the prompt to end, then presses a key. */
  public List<Event> press(char key) {
    List<Event> out = new ArrayList<>(settle());
    requireListening("key " + key);
    out.addAll(feed(new FlowInput.Digit(key)));
    return out;
  }

  /** The caller presses a key while a prompt is playing. */
  public List<Event> barge(char key) {
    requireListening("barge:" + key);
    if (playing.isEmpty()) {
      throw new SimulationException("barge:" + key + " needs a prompt playing, and none is (" + where() + ")");
    }
    return feed(new FlowInput.Digit(key));
  }

  /** The caller presses nothing until the digit timer fires. */
  public List<Event> timeout() {
    List<Event> out = new ArrayList<>(settle());
    requireListening("timeout");
    if (timers.isEmpty()) {
      throw new SimulationException("timeout needs a digit timer running, and none is (" + where() + ")");
    }
    String id = null;
    for (String t : timers.keySet()) {
      id = t;
    }
    Duration d = timers.remove(id);
    context = context.withNow(context.now().plus(d));
    out.addAll(feed(new FlowInput.TimerFired(id)));
    return out;
  }

  /** The engine reports the transfer failed. */
  public List<Event> transferFailed(String reason) {
    List<Event> out = new ArrayList<>(settle());
    if (!(state.position() instanceof FlowState.Transferring)) {
      throw new SimulationException("transfer-failed needs a transfer in progress, and there is none (" + where() + ")");
    }
    out.addAll(feed(new FlowInput.TransferFailed(reason)));
    return out;
  }

  /** Lets every playback finish, until the flow waits for the caller or ends. */
  public List<Event> settle() {
    List<Event> out = new ArrayList<>();
    int guard = 0;
    while (!playing.isEmpty()) {
      if (++guard > MAX_SETTLE) {
        throw new SimulationException("more than " + MAX_SETTLE + " prompts played without the caller doing anything");
      }
      out.addAll(feed(new FlowInput.PromptFinished(playing.peekFirst())));
    }
    return out;
  }

  private void requireListening(String what) {
    if (state.position() instanceof FlowState.Finished || state.position() instanceof FlowState.Transferring
        || state.position() instanceof FlowState.NotStarted) {
      throw new SimulationException(what + " cannot be applied: " + where());
    }
  }

  private List<Event> feed(FlowInput input) {
    if (input instanceof FlowInput.PromptFinished f) {
      playing.remove(f.playbackId());
    }
    List<Event> out = new ArrayList<>();
    Event in = new Event.Input(input);
    transcript.add(in);
    out.add(in);
    Step step = flow.step(state, input, context);
    state = step.state();
    for (FlowCommand c : step.commands()) {
      track(c);
      commands.add(c);
      Event e = new Event.Command(c);
      transcript.add(e);
      out.add(e);
    }
    return out;
  }

  private void track(FlowCommand c) {
    if (c instanceof FlowCommand.Play p) {
      playing.addLast(p.playbackId());
    } else if (c instanceof FlowCommand.StopPlayback s) {
      playing.remove(s.playbackId());
    } else if (c instanceof FlowCommand.StartDigitTimer t) {
      timers.put(t.timerId(), t.duration());
    } else if (c instanceof FlowCommand.CancelDigitTimer t) {
      timers.remove(t.timerId());
    }
  }

  /** Where the call is, for messages. */
  public String where() {
    return outcome() instanceof Outcome.Waiting w
        ? (state.position() instanceof FlowState.NotStarted ? "the call has not started" : "the call is at node '" + w.node() + "'")
        : "the call has ended: " + outcome().describe();
  }

  public Outcome outcome() {
    FlowState.Position p = state.position();
    if (p instanceof FlowState.Transferring t) {
      return new Outcome.Transferred(t.target());
    }
    if (p instanceof FlowState.Finished) {
      for (int i = commands.size() - 1; i >= 0; i--) {
        FlowCommand c = commands.get(i);
        if (c instanceof FlowCommand.Hangup h) {
          return new Outcome.HungUp(h.cause());
        }
        if (c instanceof FlowCommand.RecordVoicemail v) {
          return new Outcome.Voicemail(v.mailboxId());
        }
        if (c instanceof FlowCommand.Transfer t) {
          return new Outcome.Transferred(t.target());
        }
      }
    }
    return new Outcome.Waiting(state.nodeId());
  }

  public FlowState state() {
    return state;
  }

  public Instant now() {
    return context.now();
  }

  /** Every input and command so far. */
  public List<Event> transcript() {
    return List.copyOf(transcript);
  }

  /** Every command so far. */
  public List<FlowCommand> commands() {
    return List.copyOf(commands);
  }

  /** The variables set so far: the context's, overridden by the flow's. */
  public Map<String, String> variables() {
    Map<String, String> all = new LinkedHashMap<>(context.variables());
    all.putAll(state.variables());
    return all;
  }
}
