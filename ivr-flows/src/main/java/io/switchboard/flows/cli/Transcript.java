package io.switchboard.flows.cli;

import io.switchboard.flows.FlowCommand;
import io.switchboard.flows.FlowInput;
import io.switchboard.flows.Prompt;
import io.switchboard.flows.simulation.Simulation;
import java.util.ArrayList;
import java.util.List;

/** One readable line per input and command of a simulated call. */
final class Transcript {
  private Transcript() {}

  static String line(Simulation.Event event) {
    if (event instanceof Simulation.Event.Input i) {
      FlowInput input = i.input();
      if (input instanceof FlowInput.Started) {
        return "< call started";
      }
      if (input instanceof FlowInput.Digit d) {
        return "< key " + d.digit();
      }
      if (input instanceof FlowInput.PromptFinished f) {
        return "< finished " + f.playbackId();
      }
      if (input instanceof FlowInput.TimerFired t) {
        return "< timeout " + t.timerId();
      }
      return "< transfer failed: " + ((FlowInput.TransferFailed) input).reason();
    }
    FlowCommand c = ((Simulation.Event.Command) event).command();
    if (c instanceof FlowCommand.Play p) {
      return "> play " + p.label() + " " + prompts(p.prompts()) + (p.interruptible() ? " (a key interrupts)" : "")
          + " [" + p.playbackId() + "]";
    }
    if (c instanceof FlowCommand.StopPlayback s) {
      return "> stop " + s.playbackId();
    }
    if (c instanceof FlowCommand.StartDigitTimer t) {
      return "> wait for a key, " + seconds(t.duration()) + " [" + t.timerId() + "]";
    }
    if (c instanceof FlowCommand.CancelDigitTimer t) {
      return "> cancel " + t.timerId();
    }
    if (c instanceof FlowCommand.Decision d) {
      return "* " + d.nodeId() + ": " + d.branch() + " -- " + d.reason();
    }
    if (c instanceof FlowCommand.SetVariable v) {
      return "> set " + v.name() + " = '" + v.value() + "'";
    }
    if (c instanceof FlowCommand.Transfer t) {
      return "> transfer to " + t.target().describe();
    }
    if (c instanceof FlowCommand.RecordVoicemail v) {
      return "> record voicemail in " + v.mailboxId() + " (at most " + seconds(v.maxLength()) + ")"
          + (v.greeting().isEmpty() ? "" : " after " + prompts(v.greeting()));
    }
    return "> hang up " + ((FlowCommand.Hangup) c).cause();
  }

  static String prompts(List<Prompt> prompts) {
    List<String> parts = new ArrayList<>();
    for (Prompt p : prompts) {
      if (p instanceof Prompt.AudioFile a) {
        parts.add("audio " + a.path());
      } else if (p instanceof Prompt.Tone t) {
        parts.add("tone " + t.spec());
      } else if (p instanceof Prompt.Speech s) {
        parts.add("say \"" + s.text() + "\" (" + s.language() + (s.voice().isEmpty() ? "" : ", " + s.voice()) + ")");
      }
    }
    return "[" + String.join("; ", parts) + "]";
  }

  private static String seconds(java.time.Duration d) {
    if (d.toMillis() % 60_000 == 0) {
      return d.toMinutes() + "m";
    }
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
