package io.switchboard.engine.call.internal;

import io.switchboard.engine.call.CallAction;
import io.switchboard.engine.call.CallSettings;
import io.switchboard.engine.call.CallState;
import io.switchboard.media.MediaCommand;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a call's media actions into media-bridge commands: the one place where the call's own
 * values meet {@link MediaCommand}. The bridge checks and escapes every value; this class only
 * chooses the command. Pure and thread-safe.
 */
public final class MediaCommands {

  private MediaCommands() {}

  /** A dial string split into its leading {@code {var=value,...}} block and the rest. */
  public record DialString(Map<String, String> variables, String dial) {
    public DialString {
      variables = Map.copyOf(variables);
    }
  }

  /** Whether the action is carried out on FreeSWITCH. */
  public static boolean isMedia(CallAction action) {
    return action instanceof CallAction.AnswerLeg || action instanceof CallAction.PlaySounds
        || action instanceof CallAction.BreakMedia || action instanceof CallAction.Originate
        || action instanceof CallAction.BridgeLegs || action instanceof CallAction.SetLegVariable
        || action instanceof CallAction.HangupLeg || action instanceof CallAction.HoldLeg
        || action instanceof CallAction.MuteLeg || action instanceof CallAction.RecordMessage;
  }

  /** The commands that carry out a media action, in order (a playback has one per sound). */
  public static List<MediaCommand> of(CallAction action, CallSettings settings) {
    if (action instanceof CallAction.AnswerLeg answer) {
      return List.of(new MediaCommand.Answer(answer.leg(), answer.applicationUuid()));
    }
    if (action instanceof CallAction.PlaySounds play) {
      List<MediaCommand> commands = new ArrayList<>();
      for (CallAction.SoundPart part : play.parts()) {
        if (part.sound() instanceof CallState.Sound.File file) {
          commands.add(new MediaCommand.Playback(play.leg(), file.file(), part.applicationUuid()));
        } else if (part.sound() instanceof CallState.Sound.Speech speech) {
          commands.add(new MediaCommand.Speak(play.leg(), settings.speechEngine(), speech.voice(), speech.text(),
              part.applicationUuid()));
        }
      }
      return commands;
    }
    if (action instanceof CallAction.BreakMedia stop) {
      return List.of(new MediaCommand.UuidBreak(stop.leg(), true));
    }
    if (action instanceof CallAction.Originate originate) {
      DialString dial = split(originate.dialString());
      Map<String, String> variables = new LinkedHashMap<>(dial.variables());
      variables.putAll(originate.variables()); // the engine's switchboard_* always win
      return List.of(MediaCommand.Originate.park(originate.leg(), dial.dial(),
          new MediaCommand.CallerId(originate.callerIdName() == null ? "" : originate.callerIdName(),
              MediaCommand.CallerId.sanitizeNumber(originate.callerIdNumber())),
          originate.timeout(), variables));
    }
    if (action instanceof CallAction.BridgeLegs bridge) {
      return List.of(new MediaCommand.UuidBridge(bridge.leg(), bridge.otherLeg()));
    }
    if (action instanceof CallAction.SetLegVariable set) {
      return List.of(new MediaCommand.UuidSetVar(set.leg(), set.name(), set.value()));
    }
    if (action instanceof CallAction.HangupLeg hangup) {
      return List.of(new MediaCommand.UuidKill(hangup.leg(), hangup.cause()));
    }
    if (action instanceof CallAction.HoldLeg hold) {
      return List.of(new MediaCommand.UuidHold(hold.leg(), hold.on()));
    }
    if (action instanceof CallAction.MuteLeg mute) {
      return List.of(new MediaCommand.UuidAudio(mute.leg(), mute.on()));
    }
    if (action instanceof CallAction.RecordMessage record) {
      return List.of(new MediaCommand.Record(record.leg(), record.path(), record.maxLength(),
          record.silenceThreshold(), record.silenceHits(), record.applicationUuid()));
    }
    return List.of();
  }

  /**
   * Splits FreeSWITCH's {@code {a=b,c='d e'}sofia/gateway/x/123} into variables and the dial
   * string, because the bridge sets variables itself (escaped) and accepts no braces in a dial
   * string. A string without a leading block, or with a block it cannot read, is kept whole (the
   * bridge then refuses it with a clear error).
   */
  public static DialString split(String dialString) {
    if (dialString == null || !dialString.startsWith("{")) {
      return new DialString(Map.of(), dialString);
    }
    int end = closing(dialString);
    if (end < 0) {
      return new DialString(Map.of(), dialString);
    }
    Map<String, String> variables = new LinkedHashMap<>();
    for (String pair : splitTopLevel(dialString.substring(1, end))) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        return new DialString(Map.of(), dialString);
      }
      String value = pair.substring(eq + 1).strip();
      if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
        value = value.substring(1, value.length() - 1);
      }
      variables.put(pair.substring(0, eq).strip(), value);
    }
    return new DialString(variables, dialString.substring(end + 1));
  }

  private static int closing(String text) {
    boolean quoted = false;
    for (int i = 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\'') {
        quoted = !quoted;
      } else if (c == '}' && !quoted) {
        return i;
      }
    }
    return -1;
  }

  private static List<String> splitTopLevel(String block) {
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (char c : block.toCharArray()) {
      if (c == '\'') {
        quoted = !quoted;
      }
      if (c == ',' && !quoted) {
        parts.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    parts.add(current.toString());
    return parts;
  }
}
