package io.switchboard.engine.voicemail;

import java.util.Objects;

/**
 * What callers hear before the beep: the system default (built by the media layer from the
 * mailbox's name or extension) or a greeting the owner recorded.
 *
 * @param recordedFile absolute path of the recorded greeting, or {@code null} for the default
 */
public record Greeting(String recordedFile) {

  /** The system default greeting. */
  public static final Greeting DEFAULT = new Greeting(null);

  public Greeting {
    if (recordedFile != null) {
      VoicemailStorage.checkPath(recordedFile);
    }
  }

  /** A recorded greeting. */
  public static Greeting recorded(String file) {
    return new Greeting(Objects.requireNonNull(file, "file"));
  }

  /** Whether this is the system default. */
  public boolean systemDefault() {
    return recordedFile == null;
  }
}
