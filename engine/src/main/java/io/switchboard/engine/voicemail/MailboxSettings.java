package io.switchboard.engine.voicemail;

import io.switchboard.engine.directory.Problem;
import io.switchboard.engine.queue.routing.QueuePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How a mailbox records and how much it keeps. The recording settings are exactly what
 * FreeSWITCH's {@code record} application takes ({@code record <path> [<time_limit_secs>]
 * [<silence_threshold>] [<silence_hits>]}); {@link #recordArguments(String)} renders them.
 *
 * <p>Defaults follow FreeSWITCH's mod_voicemail: 300 s maximum, 3 s minimum, silence threshold 200
 * with 2 s of silence ending the recording, 100 messages. Created from the directory file or an
 * admin command; journaled in mailbox events; immutable and thread-safe.
 *
 * @param maxMessageLength longest recording, 10 s to 1 h
 * @param minMessageLength shorter recordings are discarded (a caller who hung up at the beep), 0 to
 *     60 s
 * @param silenceDetection stop recording after a stretch of silence
 * @param silenceThreshold energy level below which audio counts as silence, 1 to 10000
 * @param silenceHits seconds of silence that end the recording, 1 to 60
 * @param maxMessages messages (new and saved) the box holds before it refuses new ones, 1 to 10000
 */
public record MailboxSettings(
    Duration maxMessageLength,
    Duration minMessageLength,
    boolean silenceDetection,
    int silenceThreshold,
    int silenceHits,
    int maxMessages) {

  /** mod_voicemail's defaults. */
  public static final MailboxSettings DEFAULT =
      new MailboxSettings(Duration.ofSeconds(300), Duration.ofSeconds(3), true, 200, 2, 100);

  /** Validates every component; all problems are reported together. */
  public MailboxSettings {
    List<Problem> problems =
        problems(maxMessageLength, minMessageLength, silenceThreshold, silenceHits, maxMessages);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid mailbox settings: " + problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
    }
  }

  /** Every problem with the given values, each naming its field; empty when they are valid. */
  public static List<Problem> problems(
      Duration maxMessageLength, Duration minMessageLength, int silenceThreshold, int silenceHits, int maxMessages) {
    List<Problem> problems = new ArrayList<>();
    if (maxMessageLength == null
        || maxMessageLength.compareTo(Duration.ofSeconds(10)) < 0
        || maxMessageLength.compareTo(Duration.ofHours(1)) > 0) {
      problems.add(new Problem("maxMessageLength", "maximum message length " + seconds(maxMessageLength) + " is out of range; use 10s to 1h"));
    }
    if (minMessageLength == null || minMessageLength.isNegative() || minMessageLength.compareTo(Duration.ofSeconds(60)) > 0) {
      problems.add(new Problem("minMessageLength", "minimum message length " + seconds(minMessageLength) + " is out of range; use 0s to 60s"));
    } else if (maxMessageLength != null && minMessageLength.compareTo(maxMessageLength) >= 0) {
      problems.add(new Problem("minMessageLength", "minimum message length " + seconds(minMessageLength)
          + " must be shorter than the maximum " + seconds(maxMessageLength)));
    }
    if (silenceThreshold < 1 || silenceThreshold > 10_000) {
      problems.add(new Problem("silenceThreshold", "silence threshold " + silenceThreshold + " is out of range; use 1 to 10000 (FreeSWITCH energy level, 200 is typical)"));
    }
    if (silenceHits < 1 || silenceHits > 60) {
      problems.add(new Problem("silenceHits", "silence hits " + silenceHits + " is out of range; use 1 to 60 seconds of silence"));
    }
    if (maxMessages < 1 || maxMessages > 10_000) {
      problems.add(new Problem("maxMessages", "maximum messages " + maxMessages + " is out of range; use 1 to 10000"));
    }
    return problems;
  }

  /**
   * The argument string of FreeSWITCH's {@code record} application for a recording at {@code
   * path}, e.g. {@code /var/lib/switchboard/voicemail/sales/m-1.wav 300 200 2}.
   *
   * @throws IllegalArgumentException when the path is blank, relative, or holds whitespace or
   *     control characters (the application splits its arguments on spaces)
   */
  public String recordArguments(String path) {
    VoicemailStorage.checkPath(path);
    String limit = Long.toString(maxMessageLength.toSeconds());
    return silenceDetection ? path + " " + limit + " " + silenceThreshold + " " + silenceHits : path + " " + limit;
  }

  private static String seconds(Duration d) {
    return d == null ? "(missing)" : QueuePolicy.human(d);
  }
}
