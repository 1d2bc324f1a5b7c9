package io.switchboard.media;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A media command the engine asks FreeSWITCH to carry out, as a typed value.
 *
 * <p>The bridge renders each command to ESL ({@code sendmsg}, {@code api} or {@code bgapi}); every
 * value a caller controls is checked or escaped there, so no value can inject a line, a header,
 * a channel variable or an application argument (a rejected command fails its
 * {@link java.util.concurrent.CompletionStage} with {@link MediaBridgeException.InvalidCommand}
 * and nothing is sent). Ids (channel uuids, {@code origination_uuid}, application uuids) are
 * chosen by the caller: the engine is deterministic and journals them.
 *
 * <ul>
 *   <li>{@link Execute} commands run an application on a channel with {@code sendmsg}; the reply
 *       only says FreeSWITCH queued it. The outcome arrives as events carrying the command's
 *       {@code applicationUuid} as their Application-UUID ({@link MediaEvent.ExecuteCompleted}).
 *   <li>{@code Uuid*} commands are {@code api} calls; their result is FreeSWITCH's answer.
 *   <li>{@link Originate} is a {@code bgapi}; its result arrives when the BACKGROUND_JOB does.
 * </ul>
 *
 * <p>Immutable values; safe to share between threads.
 */
public sealed interface MediaCommand {

  /** The channel this command acts on (for {@link Originate}: the uuid of the new leg). */
  String channelUuid();

  /** A caller id as the engine wants it presented on a leg it creates. */
  record CallerId(String name, String number) {
    public CallerId {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(number, "number");
    }

    /**
     * Keeps only the characters a caller-id number may carry ({@code 0-9 A-Z a-z + * # . _ -}),
     * for numbers that come from outside (a PSTN caller). Empty results become {@code anonymous}.
     */
    public static String sanitizeNumber(String raw) {
      StringBuilder sb = new StringBuilder();
      if (raw != null) {
        raw.chars().filter(c -> c < 128 && (Character.isLetterOrDigit(c) || "+*#._-".indexOf(c) >= 0))
            .limit(32).forEach(c -> sb.append((char) c));
      }
      return sb.length() == 0 ? "anonymous" : sb.toString();
    }
  }

  /** A {@code sendmsg} execute of one application on a channel. */
  sealed interface Execute extends MediaCommand {
    /** Sent as Event-UUID; FreeSWITCH echoes it as Application-UUID on the resulting events. */
    String applicationUuid();
  }

  /** Answer the channel. */
  record Answer(String channelUuid, String applicationUuid) implements Execute {}

  /** Play a file or stream ({@code /path.wav}, {@code local_stream://moh}, {@code tone_stream://...}). */
  record Playback(String channelUuid, String file, String applicationUuid) implements Execute {}

  /** Text to speech with {@code speak engine|voice|text}. */
  record Speak(String channelUuid, String engine, String voice, String text, String applicationUuid)
      implements Execute {}

  /**
   * Record what the caller says into {@code path} (WAV), for at most {@code maxDuration}; the
   * caller ends it early with {@code #} (FreeSWITCH's playback terminator) or by hanging up.
   * With silence detection ({@code silenceThreshold} and {@code silenceHits} both set), a
   * stretch of {@code silenceHits} seconds below the energy level {@code silenceThreshold} ends
   * it too: {@code record <path> <secs> <threshold> <hits>}.
   *
   * @param silenceThreshold energy level below which audio is silence, or {@code null} for none
   * @param silenceHits seconds of silence that end the recording, or {@code null} for none
   */
  record Record(String channelUuid, String path, Duration maxDuration, Integer silenceThreshold,
      Integer silenceHits, String applicationUuid) implements Execute {

    /** A recording without silence detection. */
    public Record(String channelUuid, String path, Duration maxDuration, String applicationUuid) {
      this(channelUuid, path, maxDuration, null, null, applicationUuid);
    }
  }

  /** Park the channel (it waits, silent, for the next command). */
  record Park(String channelUuid, String applicationUuid) implements Execute {}

  /** Set a channel variable with the {@code set} application (ordered with other executes). */
  record SetVariable(String channelUuid, String name, String value, String applicationUuid)
      implements Execute {}

  /**
   * Bridge the channel to a new leg with the {@code bridge} application: FreeSWITCH dials
   * {@code dialString} with the given variables and caller id and connects the two on answer.
   */
  record Bridge(String channelUuid, String dialString, CallerId callerId,
      Map<String, String> variables, String applicationUuid) implements Execute {
    public Bridge {
      variables = Map.copyOf(variables);
    }
  }

  /** How a supervisor joins a call with {@link Eavesdrop}. */
  enum EavesdropMode {
    /** Hear both parties; nobody hears the supervisor. */
    LISTEN,
    /** Hear both parties; only the eavesdropped channel's party (the agent) hears the supervisor. */
    WHISPER,
    /** Hear both parties and be heard by both (three-way). */
    BARGE
  }

  /**
   * Run {@code eavesdrop} on the supervisor's (answered, parked) channel {@code channelUuid},
   * listening to {@code targetUuid} (the agent's leg). Rendered as two {@code set} executes of
   * {@code eavesdrop_whisper_aleg/bleg} and the {@code eavesdrop} execute, in order.
   */
  record Eavesdrop(String channelUuid, String targetUuid, EavesdropMode mode,
      String applicationUuid) implements Execute {}

  /** Hang the channel up with a Q.850 cause name ({@code NORMAL_CLEARING}, {@code USER_BUSY}). */
  record Hangup(String channelUuid, String cause) implements MediaCommand {}

  /** {@code uuid_break}: stop what the channel is playing (and, with {@code all}, what is queued). */
  record UuidBreak(String channelUuid, boolean all) implements MediaCommand {}

  /** {@code uuid_bridge}: connect two existing channels. */
  record UuidBridge(String channelUuid, String otherUuid) implements MediaCommand {}

  /** {@code uuid_transfer}: send the channel to {@code destination} in {@code context} (XML dialplan). */
  record UuidTransfer(String channelUuid, String destination, String context)
      implements MediaCommand {}

  /** {@code uuid_hold}: put the channel on hold ({@code hold} true) or take it off. */
  record UuidHold(String channelUuid, boolean hold) implements MediaCommand {}

  /** {@code uuid_audio}: mute (or unmute) what the channel's party says (the read direction). */
  record UuidAudio(String channelUuid, boolean mute) implements MediaCommand {}

  /** {@code uuid_record}: start or stop recording the channel (both parties) into {@code path}. */
  record UuidRecord(String channelUuid, boolean start, String path, Duration maxDuration)
      implements MediaCommand {}

  /** Which side of a call hears a broadcast. */
  enum BroadcastLeg { ALEG, BLEG, BOTH }

  /** {@code uuid_broadcast}: play a file to a channel without taking it out of park. */
  record UuidBroadcast(String channelUuid, String file, BroadcastLeg leg) implements MediaCommand {}

  /** {@code uuid_kill}: hang the channel up with a cause. */
  record UuidKill(String channelUuid, String cause) implements MediaCommand {}

  /** {@code uuid_setvar}: set (or, with a null value, unset) a channel variable. */
  record UuidSetVar(String channelUuid, String name, String value) implements MediaCommand {}

  /**
   * {@code bgapi originate}: create a new leg with {@code origination_uuid} = {@code channelUuid},
   * dial {@code dialString} ({@code user/1001}, {@code sofia/gateway/carrier/+15551234567}) for at
   * most {@code timeout} ({@code originate_timeout}) and, on answer, run {@code application}
   * ({@code park} unless told otherwise) with {@code applicationArg} (may be empty). The result
   * arrives when FreeSWITCH's BACKGROUND_JOB does: {@code +OK <uuid>} or {@code -ERR <cause>}.
   */
  record Originate(String channelUuid, String dialString, CallerId callerId, Duration timeout,
      Map<String, String> variables, String application, String applicationArg)
      implements MediaCommand {
    public Originate {
      variables = Map.copyOf(variables);
      application = application == null ? "park" : application;
      applicationArg = applicationArg == null ? "" : applicationArg;
    }

    /** An originate that parks the answered leg for the engine. */
    public static Originate park(String channelUuid, String dialString, CallerId callerId,
        Duration timeout, Map<String, String> variables) {
      return new Originate(channelUuid, dialString, callerId, timeout, variables, "park", "");
    }
  }
}
