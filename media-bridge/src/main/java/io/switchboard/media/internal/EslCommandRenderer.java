package io.switchboard.media.internal;

import static io.switchboard.media.internal.EslValues.apiToken;
import static io.switchboard.media.internal.EslValues.applicationName;
import static io.switchboard.media.internal.EslValues.applicationText;
import static io.switchboard.media.internal.EslValues.braceValue;
import static io.switchboard.media.internal.EslValues.callerIdName;
import static io.switchboard.media.internal.EslValues.callerIdNumber;
import static io.switchboard.media.internal.EslValues.cause;
import static io.switchboard.media.internal.EslValues.context;
import static io.switchboard.media.internal.EslValues.dialString;
import static io.switchboard.media.internal.EslValues.extension;
import static io.switchboard.media.internal.EslValues.speechEngine;
import static io.switchboard.media.internal.EslValues.uuid;
import static io.switchboard.media.internal.EslValues.variableName;

import io.switchboard.media.MediaBridgeException.InvalidCommand;
import io.switchboard.media.MediaCommand;
import io.switchboard.media.MediaCommand.Answer;
import io.switchboard.media.MediaCommand.Bridge;
import io.switchboard.media.MediaCommand.CallerId;
import io.switchboard.media.MediaCommand.Eavesdrop;
import io.switchboard.media.MediaCommand.Hangup;
import io.switchboard.media.MediaCommand.Originate;
import io.switchboard.media.MediaCommand.Park;
import io.switchboard.media.MediaCommand.Playback;
import io.switchboard.media.MediaCommand.SetVariable;
import io.switchboard.media.MediaCommand.Speak;
import io.switchboard.media.MediaCommand.UuidAudio;
import io.switchboard.media.MediaCommand.UuidBreak;
import io.switchboard.media.MediaCommand.UuidBridge;
import io.switchboard.media.MediaCommand.UuidBroadcast;
import io.switchboard.media.MediaCommand.UuidHold;
import io.switchboard.media.MediaCommand.UuidKill;
import io.switchboard.media.MediaCommand.UuidRecord;
import io.switchboard.media.MediaCommand.UuidSetVar;
import io.switchboard.media.MediaCommand.UuidTransfer;
import io.switchboard.media.esl.EslRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders a {@link MediaCommand} to the ESL requests that carry it out, checking or escaping
 * every value on the way ({@link EslValues}). Pure: the {@code bgapi} Job-UUID is an input.
 *
 * <p>sendmsg executes always use {@code event-lock: true} (applications run in the order sent)
 * and carry their argument as a byte-counted body, never as a header.
 */
public final class EslCommandRenderer {

  private EslCommandRenderer() {}

  /**
   * The requests for a command, in the order to send them; the last one's answer is the
   * command's result.
   *
   * @param jobUuid the Job-UUID to use if the command is a {@code bgapi}
   * @throws InvalidCommand if a value cannot be sent safely
   */
  public static List<EslRequest> render(MediaCommand command, String jobUuid) {
    if (command == null) {
      throw new InvalidCommand("command is missing");
    }
    if (command instanceof Answer a) {
      return List.of(execute(a.channelUuid(), "answer", "", a.applicationUuid()));
    }
    if (command instanceof Playback p) {
      return List.of(execute(p.channelUuid(), "playback",
          applicationText("file", nonEmpty("file", p.file())), p.applicationUuid()));
    }
    if (command instanceof Speak s) {
      return List.of(execute(s.channelUuid(), "speak",
          speechEngine("engine", s.engine()) + "|" + speechEngine("voice", s.voice()) + "|"
              + applicationText("text", nonEmpty("text", s.text())), s.applicationUuid()));
    }
    if (command instanceof MediaCommand.Record r) {
      String silence = "";
      if (r.silenceThreshold() != null || r.silenceHits() != null) {
        if (r.silenceThreshold() == null || r.silenceHits() == null
            || r.silenceThreshold() < 1 || r.silenceHits() < 1) {
          throw new InvalidCommand("silence detection needs a positive silenceThreshold and silenceHits,"
              + " got " + r.silenceThreshold() + " and " + r.silenceHits() + "; give both or neither");
        }
        silence = " " + r.silenceThreshold() + " " + r.silenceHits();
      }
      return List.of(execute(r.channelUuid(), "record",
          apiToken("path", r.path()) + " " + seconds("maxDuration", r.maxDuration()) + silence,
          r.applicationUuid()));
    }
    if (command instanceof Park p) {
      return List.of(execute(p.channelUuid(), "park", "", p.applicationUuid()));
    }
    if (command instanceof SetVariable s) {
      return List.of(execute(s.channelUuid(), "set",
          variableName("name", s.name()) + "=" + applicationText("value", s.value()),
          s.applicationUuid()));
    }
    if (command instanceof Bridge b) {
      return List.of(execute(b.channelUuid(), "bridge",
          channelVariables(b.callerId(), b.variables(), Map.of()) + dialString("dialString", b.dialString()),
          b.applicationUuid()));
    }
    if (command instanceof Eavesdrop e) {
      return eavesdrop(e);
    }
    if (command instanceof Hangup h) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("call-command", "hangup");
        headers.put("hangup-cause", cause("cause", h.cause()));
        return List.of(EslRequest.sendmsg(uuid("channelUuid", h.channelUuid()), headers, ""));
    }
    if (command instanceof UuidBreak b) {
      return List.of(EslRequest.api("uuid_break " + uuid("channelUuid", b.channelUuid())
          + (b.all() ? " all" : "")));
    }
    if (command instanceof UuidBridge b) {
      return List.of(EslRequest.api("uuid_bridge " + uuid("channelUuid", b.channelUuid())
          + " " + uuid("otherUuid", b.otherUuid())));
    }
    if (command instanceof UuidTransfer t) {
      return List.of(EslRequest.api("uuid_transfer " + uuid("channelUuid", t.channelUuid())
          + " " + extension("destination", t.destination()) + " XML " + context("context", t.context())));
    }
    if (command instanceof UuidHold h) {
      return List.of(EslRequest.api(h.hold()
          ? "uuid_hold " + uuid("channelUuid", h.channelUuid())
          : "uuid_hold off " + uuid("channelUuid", h.channelUuid())));
    }
    if (command instanceof UuidAudio a) {
      return List.of(EslRequest.api("uuid_audio " + uuid("channelUuid", a.channelUuid())
          + " start read mute " + (a.mute() ? "1" : "0")));
    }
    if (command instanceof UuidRecord r) {
      return List.of(EslRequest.api("uuid_record " + uuid("channelUuid", r.channelUuid())
          + (r.start() ? " start " : " stop ") + apiToken("path", r.path())
          + (r.start() && r.maxDuration() != null ? " " + seconds("maxDuration", r.maxDuration()) : "")));
    }
    if (command instanceof UuidBroadcast b) {
      return List.of(EslRequest.api("uuid_broadcast " + uuid("channelUuid", b.channelUuid())
          + " " + apiToken("file", b.file()) + " "
          + (b.leg() == null ? "aleg" : b.leg().name().toLowerCase(Locale.ROOT))));
    }
    if (command instanceof UuidKill k) {
      return List.of(EslRequest.api("uuid_kill " + uuid("channelUuid", k.channelUuid())
          + (k.cause() == null ? "" : " " + cause("cause", k.cause()))));
    }
    if (command instanceof UuidSetVar s) {
      return List.of(EslRequest.api("uuid_setvar " + uuid("channelUuid", s.channelUuid())
          + " " + variableName("name", s.name())
          + (s.value() == null ? "" : " " + apiToken("value", s.value()))));
    }
    if (command instanceof Originate o) {
      return List.of(EslRequest.bgapi(originate(o), uuid("jobUuid", jobUuid)));
    }
    throw new InvalidCommand("unsupported command " + command.getClass().getSimpleName());
  }

  /** The {@code originate ...} api command line (without {@code bgapi}). */
  static String originate(Originate o) {
    Map<String, String> fixed = new LinkedHashMap<>();
    fixed.put("origination_uuid", uuid("channelUuid", o.channelUuid()));
    if (o.timeout() != null) {
      fixed.put("originate_timeout", seconds("timeout", o.timeout()));
    }
    StringBuilder sb = new StringBuilder("originate ");
    sb.append(channelVariables(o.callerId(), o.variables(), fixed));
    sb.append(dialString("dialString", o.dialString()));
    sb.append(" &").append(applicationName("application", o.application()));
    if (!o.applicationArg().isEmpty()) {
      String arg = apiToken("applicationArg", o.applicationArg());
      if (arg.indexOf(')') >= 0 || arg.indexOf('(') >= 0) {
        throw new InvalidCommand("applicationArg '" + arg + "' contains a parenthesis, which would end"
            + " the &app(arg) syntax early; pass an argument without parentheses");
      }
      sb.append('(').append(arg).append(')');
    }
    return sb.toString();
  }

  private static List<EslRequest> eavesdrop(Eavesdrop e) {
    String target = uuid("targetUuid", e.targetUuid());
    if (e.mode() == null) {
      throw new InvalidCommand("mode is missing; pass LISTEN, WHISPER or BARGE");
    }
    boolean aleg = e.mode() != MediaCommand.EavesdropMode.LISTEN;
    boolean bleg = e.mode() == MediaCommand.EavesdropMode.BARGE;
    List<EslRequest> out = new ArrayList<>(3);
    out.add(execute(e.channelUuid(), "set", "eavesdrop_whisper_aleg=" + aleg, null));
    out.add(execute(e.channelUuid(), "set", "eavesdrop_whisper_bleg=" + bleg, null));
    out.add(execute(e.channelUuid(), "eavesdrop", target, e.applicationUuid()));
    return List.copyOf(out);
  }

  private static String channelVariables(CallerId callerId, Map<String, String> variables,
      Map<String, String> fixed) {
    Map<String, String> all = new LinkedHashMap<>(fixed);
    if (callerId != null) {
      all.put("origination_caller_id_number", callerIdNumber("callerId.number", callerId.number()));
      all.put("origination_caller_id_name", callerIdName(callerId.name()));
    }
    // sorted so the rendering is deterministic whatever map the caller built
    for (Map.Entry<String, String> v : new TreeMap<>(variables).entrySet()) {
      String name = variableName("variable name", v.getKey());
      if (all.containsKey(name)) {
        throw new InvalidCommand("variable " + name + " is set by the command itself; remove it"
            + " from the variables map");
      }
      all.put(name, braceValue("variable " + name, v.getValue()));
    }
    if (all.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder("{");
    all.forEach((k, v) -> {
      if (sb.length() > 1) {
        sb.append(',');
      }
      sb.append(k).append('=').append(v);
    });
    return sb.append('}').toString();
  }

  private static EslRequest execute(String channelUuid, String app, String arg, String applicationUuid) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("call-command", "execute");
    headers.put("execute-app-name", app);
    headers.put("event-lock", "true");
    if (applicationUuid != null) {
      headers.put("Event-UUID", uuid("applicationUuid", applicationUuid));
    }
    return EslRequest.sendmsg(uuid("channelUuid", channelUuid), headers, arg);
  }

  private static String nonEmpty(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidCommand(field + " is empty; pass a value");
    }
    return value;
  }

  private static String seconds(String field, Duration d) {
    if (d == null || d.isNegative() || d.isZero() || d.toSeconds() > 86_400) {
      throw new InvalidCommand(field + " must be between 1 second and 1 day, got " + d);
    }
    return Long.toString(Math.max(1, (d.toMillis() + 999) / 1000));
  }
}
