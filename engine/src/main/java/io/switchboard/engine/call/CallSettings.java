package io.switchboard.engine.call;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.switchboard.engine.voicemail.VoicemailStorage;
import io.switchboard.persistence.CborSerializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code switchboard.engine.calls} section, read once: what callers hear when the engine
 * itself speaks (music, ringback, beep, announcements), ring times, where voicemail is recorded,
 * the operator, and how long an ended call's entity lingers.
 *
 * <p>Created with {@link #fromConfig} by the engine wiring and given to every Call entity. A call
 * journals the settings it started with (in {@link CallFact.CallStarted}), so that a settings
 * change never alters a call in progress and a replay of its journal takes the same decisions.
 * Immutable and thread-safe.
 *
 * @param defaultNode FreeSWITCH node of calls placed through the API; empty for the first
 *     configured node
 * @param voicemailDir absolute directory on the FreeSWITCH host where messages are recorded
 *     ({@code <mailbox>/<message>.<format>} under it)
 * @param recordingFormat file extension of recordings, which selects FreeSWITCH's format
 * @param musicOnHold what waiting and held callers hear when their queue names no music
 * @param ringback what a caller hears while the engine rings a user or an outside number
 * @param beep the tone before a voicemail recording starts
 * @param busyTone played to a caller whose callee is busy, before the hang-up
 * @param speechEngine FreeSWITCH text-to-speech module for spoken prompts ({@code speak engine|voice|text})
 * @param defaultVoice the voice when a flow or prompt names none
 * @param promptFile where a prompt id (a prompt reference without {@code /}) is found: a path
 *     relative to FreeSWITCH's sound directory with {@code {id}} in it
 * @param unroutablePrompt played before hanging up a call whose number leads nowhere
 * @param outsideFailedPrompt played when every gateway of an outside call failed
 * @param unavailablePrompt played when a user or queue cannot take a call that no flow handles
 * @param mailboxUnavailablePrompt played when a mailbox does not exist or is full
 * @param defaultGreeting the voicemail greeting of a mailbox without a recorded one
 * @param positionAnnouncement spoken position in the queue, {@code {position}} replaced
 * @param waitAnnouncement spoken estimated wait, {@code {minutes}} replaced
 * @param userRingTime how long a user's phones ring before the call goes to their voicemail
 * @param outsideRingTime how long an outside number rings before the attempt counts as no answer
 * @param operator where {@code operator} transfers go, as a target ({@code queue:reception},
 *     {@code user:alice}, {@code extension:200}, {@code number:+15551000100}); empty for none
 * @param recordingGrace after a caller hangs up while recording, how long to wait for
 *     FreeSWITCH's RECORD_STOP before depositing the message with its estimated length
 * @param lingerAfterEnd how long the entity of an ended call stays in memory (late events are
 *     absorbed without a journal read) before it passivates
 * @param legCheckInterval how often an active call checks that its legs still exist on
 *     FreeSWITCH (a lost hang-up event must not leave a call open for ever)
 */
public record CallSettings(
    String defaultNode,
    String voicemailDir,
    String recordingFormat,
    String musicOnHold,
    String ringback,
    String beep,
    String busyTone,
    String speechEngine,
    String defaultVoice,
    String promptFile,
    String unroutablePrompt,
    String outsideFailedPrompt,
    String unavailablePrompt,
    String mailboxUnavailablePrompt,
    String defaultGreeting,
    String positionAnnouncement,
    String waitAnnouncement,
    Duration userRingTime,
    Duration outsideRingTime,
    String operator,
    Duration recordingGrace,
    Duration lingerAfterEnd,
    Duration legCheckInterval)
    implements CborSerializable {

  private static final String PREFIX = "switchboard.engine.calls.";

  /** Validates every component; every problem is reported at once, naming its key. */
  public CallSettings {
    List<String> problems = new ArrayList<>();
    requireText(problems, "music-on-hold", musicOnHold);
    requireText(problems, "ringback", ringback);
    requireText(problems, "beep", beep);
    requireText(problems, "busy-tone", busyTone);
    requireText(problems, "speech-engine", speechEngine);
    requireText(problems, "default-voice", defaultVoice);
    requireText(problems, "unroutable-prompt", unroutablePrompt);
    requireText(problems, "outside-failed-prompt", outsideFailedPrompt);
    requireText(problems, "unavailable-prompt", unavailablePrompt);
    requireText(problems, "mailbox-unavailable-prompt", mailboxUnavailablePrompt);
    requireText(problems, "default-greeting", defaultGreeting);
    defaultNode = defaultNode == null ? "" : defaultNode;
    operator = operator == null ? "" : operator;
    if (promptFile == null || !promptFile.contains("{id}")) {
      problems.add(PREFIX + "prompt-file: \"" + promptFile + "\" has no {id}; write e.g. switchboard/{id}.wav");
    }
    if (positionAnnouncement == null || !positionAnnouncement.contains("{position}")) {
      problems.add(PREFIX + "position-announcement: put {position} where the position is said");
    }
    if (waitAnnouncement == null || !waitAnnouncement.contains("{minutes}")) {
      problems.add(PREFIX + "wait-announcement: put {minutes} where the wait is said");
    }
    try {
      new VoicemailStorage(voicemailDir, recordingFormat);
    } catch (RuntimeException e) {
      problems.add(PREFIX + "voicemail-dir / recording-format: " + e.getMessage());
    }
    requirePositive(problems, "user-ring-time", userRingTime);
    requirePositive(problems, "outside-ring-time", outsideRingTime);
    requirePositive(problems, "recording-grace", recordingGrace);
    requirePositive(problems, "linger-after-end", lingerAfterEnd);
    requirePositive(problems, "leg-check-interval", legCheckInterval);
    if (!operator.isEmpty()) {
      try {
        CallTargets.parse(operator);
      } catch (IllegalArgumentException e) {
        problems.add(PREFIX + "operator: " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid call settings: " + String.join("; ", problems));
    }
  }

  /** Reads {@code switchboard.engine.calls} from a resolved root configuration. */
  public static CallSettings fromConfig(Config root) {
    try {
      Config c = root.getConfig("switchboard.engine.calls");
      String dir = c.getString("voicemail-dir");
      // Relative paths (the default follows the data directory) are made absolute here, because
      // FreeSWITCH's record application needs an absolute path.
      String absolute = dir.isBlank() ? dir : Path.of(dir).toAbsolutePath().normalize().toString();
      return new CallSettings(
          c.getString("default-node"),
          absolute,
          c.getString("recording-format"),
          c.getString("music-on-hold"),
          c.getString("ringback"),
          c.getString("beep"),
          c.getString("busy-tone"),
          c.getString("speech-engine"),
          c.getString("default-voice"),
          c.getString("prompt-file"),
          c.getString("prompts.unroutable"),
          c.getString("prompts.outside-failed"),
          c.getString("prompts.unavailable"),
          c.getString("prompts.mailbox-unavailable"),
          c.getString("prompts.default-greeting"),
          c.getString("prompts.position"),
          c.getString("prompts.estimated-wait"),
          c.getDuration("user-ring-time"),
          c.getDuration("outside-ring-time"),
          c.getString("operator"),
          c.getDuration("recording-grace"),
          c.getDuration("linger-after-end"),
          c.getDuration("leg-check-interval"));
    } catch (ConfigException e) {
      throw new IllegalArgumentException("invalid call setting: " + e.getMessage(), e);
    }
  }

  /** Where recordings go, as path arithmetic. */
  public VoicemailStorage storage() {
    return new VoicemailStorage(voicemailDir, recordingFormat);
  }

  /** A copy with another voicemail directory (tests record into a temporary folder). */
  public CallSettings withVoicemailDir(String dir) {
    return new CallSettings(defaultNode, dir, recordingFormat, musicOnHold, ringback, beep, busyTone, speechEngine,
        defaultVoice, promptFile, unroutablePrompt, outsideFailedPrompt, unavailablePrompt, mailboxUnavailablePrompt,
        defaultGreeting, positionAnnouncement, waitAnnouncement, userRingTime, outsideRingTime, operator,
        recordingGrace, lingerAfterEnd, legCheckInterval);
  }

  /** A copy with another operator target. */
  public CallSettings withOperator(String target) {
    return new CallSettings(defaultNode, voicemailDir, recordingFormat, musicOnHold, ringback, beep, busyTone,
        speechEngine, defaultVoice, promptFile, unroutablePrompt, outsideFailedPrompt, unavailablePrompt,
        mailboxUnavailablePrompt, defaultGreeting, positionAnnouncement, waitAnnouncement, userRingTime,
        outsideRingTime, target, recordingGrace, lingerAfterEnd, legCheckInterval);
  }

  private static void requireText(List<String> problems, String key, String value) {
    if (value == null || value.isBlank()) {
      problems.add(PREFIX + key + " is empty");
    }
  }

  private static void requirePositive(List<String> problems, String key, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      problems.add(PREFIX + key + " must be a positive duration, e.g. 30s");
    }
  }
}
