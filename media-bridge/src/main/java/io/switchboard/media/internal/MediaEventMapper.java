package io.switchboard.media.internal;

import io.switchboard.media.CommandResult;
import io.switchboard.media.MediaEvent;
import io.switchboard.media.MediaEvent.ChannelContext;
import io.switchboard.media.esl.EslEvent;
import io.switchboard.media.esl.EslHeaders;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a decoded FreeSWITCH event into a typed {@link MediaEvent}. Pure and thread-safe.
 * Events the engine does not use map to {@link Optional#empty()}.
 */
public final class MediaEventMapper {

  /**
   * The events the bridge subscribes to (never ALL). BACKGROUND_JOB carries bgapi results;
   * the channel events are the ones {@link MediaEvent} types.
   */
  public static final List<String> SUBSCRIBED_EVENTS = List.of(
      "CHANNEL_CREATE", "CHANNEL_PROGRESS", "CHANNEL_PROGRESS_MEDIA", "CHANNEL_ANSWER",
      "CHANNEL_PARK", "CHANNEL_BRIDGE", "CHANNEL_UNBRIDGE", "CHANNEL_HANGUP",
      "CHANNEL_EXECUTE_COMPLETE", "DTMF", "PLAYBACK_START", "PLAYBACK_STOP", "RECORD_STOP",
      "BACKGROUND_JOB");

  /** Events that show a channel is alive, and the one that shows it is not. */
  public static final Set<String> ALIVE_EVENTS = Set.of("CHANNEL_CREATE", "CHANNEL_PROGRESS",
      "CHANNEL_PROGRESS_MEDIA", "CHANNEL_ANSWER", "CHANNEL_PARK", "CHANNEL_BRIDGE");

  private static final String SWITCHBOARD_VAR = "variable_switchboard_";

  private MediaEventMapper() {}

  public static Optional<MediaEvent> map(String nodeId, EslEvent e) {
    String name = e.name();
    if (name.equals("BACKGROUND_JOB")) {
      return Optional.of(new MediaEvent.BackgroundJobCompleted(nodeId, str(e, "Job-UUID"),
          str(e, "Job-Command"), CommandResult.of(e.body()), timestamp(e)));
    }
    if (e.get("Unique-ID") == null) {
      return Optional.empty();
    }
    ChannelContext c = context(nodeId, e);
    MediaEvent out = switch (name) {
      case "CHANNEL_CREATE" -> new MediaEvent.ChannelCreated(c, str(e, "Channel-Name"));
      case "CHANNEL_PROGRESS" -> new MediaEvent.ChannelProgress(c, false);
      case "CHANNEL_PROGRESS_MEDIA" -> new MediaEvent.ChannelProgress(c, true);
      case "CHANNEL_ANSWER" -> new MediaEvent.ChannelAnswered(c);
      case "CHANNEL_PARK" -> new MediaEvent.ChannelParked(c);
      case "CHANNEL_BRIDGE" -> new MediaEvent.ChannelBridged(c, otherLeg(e));
      case "CHANNEL_UNBRIDGE" -> new MediaEvent.ChannelUnbridged(c, otherLeg(e));
      case "CHANNEL_HANGUP" -> new MediaEvent.ChannelHungUp(c, str(e, "Hangup-Cause"));
      case "DTMF" -> new MediaEvent.DtmfReceived(c, str(e, "DTMF-Digit"));
      case "PLAYBACK_START" -> new MediaEvent.PlaybackStarted(c, str(e, "Playback-File-Path"));
      case "PLAYBACK_STOP" -> new MediaEvent.PlaybackStopped(c, str(e, "Playback-File-Path"),
          str(e, "Playback-Status"));
      case "RECORD_STOP" -> new MediaEvent.RecordStopped(c, str(e, "Record-File-Path"),
          parseLong(e.get("variable_record_ms")), str(e, "Record-Completion-Cause"));
      case "CHANNEL_EXECUTE_COMPLETE" -> new MediaEvent.ExecuteCompleted(c, str(e, "Application"),
          str(e, "Application-Data"), str(e, "Application-Response"));
      default -> null;
    };
    return Optional.ofNullable(out);
  }

  /** The common fields of a channel event (see {@link ChannelContext} for the caller-id rule). */
  public static ChannelContext context(String nodeId, EslEvent e) {
    EslHeaders h = e.headers();
    String direction = firstNonNull(h.get("Call-Direction"), h.get("Caller-Direction"), "");
    String number = h.get("Caller-Caller-ID-Number");
    String callerName = h.get("Caller-Caller-ID-Name");
    if (direction.equals("outbound")) {
      number = firstNonNull(h.get("Caller-Orig-Caller-ID-Number"), number, "");
      callerName = firstNonNull(h.get("Caller-Orig-Caller-ID-Name"), callerName, "");
    }
    String appUuid = h.get("Application-UUID");
    return new ChannelContext(nodeId, str(e, "Unique-ID"), direction, nz(number), nz(callerName),
        nz(h.get("Caller-Destination-Number")), timestamp(e),
        Optional.ofNullable(appUuid == null || appUuid.isEmpty() ? null : appUuid),
        switchboardVariables(h));
  }

  private static Map<String, String> switchboardVariables(EslHeaders h) {
    Map<String, String> out = new HashMap<>(4);
    for (int i = 0; i < h.size(); i++) {
      String n = h.name(i);
      if (n.startsWith(SWITCHBOARD_VAR)) {
        out.putIfAbsent(n.substring("variable_".length()), h.value(i));
      }
    }
    return out;
  }

  private static String otherLeg(EslEvent e) {
    String self = e.get("Unique-ID");
    String a = e.get("Bridge-A-Unique-ID");
    String b = e.get("Bridge-B-Unique-ID");
    if (a != null && b != null) {
      return a.equals(self) ? b : a;
    }
    return nz(firstNonNull(e.get("Other-Leg-Unique-ID"), e.get("variable_bridge_uuid"), ""));
  }

  private static long timestamp(EslEvent e) {
    return parseLong(e.get("Event-Date-Timestamp"));
  }

  private static long parseLong(String s) {
    if (s == null) {
      return 0;
    }
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException ex) {
      return 0;
    }
  }

  private static String str(EslEvent e, String header) {
    return nz(e.get(header));
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  @SafeVarargs
  private static <T> T firstNonNull(T... values) {
    for (T v : values) {
      if (v != null) {
        return v;
      }
    }
    return null;
  }
}
