package io.switchboard.engine.voicemail;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One voicemail message's metadata; the audio is the file at {@link #filePath()} on the media
 * server.
 *
 * @param messageId unique in the mailbox, chosen by the engine (an input, not generated here)
 * @param callerNumber the caller's number as received ({@code "anonymous"} when withheld)
 * @param callerName the caller id name, or {@code null}
 * @param receivedAt when the recording ended
 * @param duration the recording's length, as FreeSWITCH reported it
 * @param filePath absolute path of the recording
 * @param status new, saved or deleted
 * @param statusChangedAt when the status last changed
 */
public record VoicemailMessage(
    String messageId,
    String callerNumber,
    String callerName,
    Instant receivedAt,
    Duration duration,
    String filePath,
    Status status,
    Instant statusChangedAt) {

  /** A message's life: new until listened to and saved, deleted until purged or restored. */
  public enum Status {
    NEW,
    SAVED,
    DELETED
  }

  public VoicemailMessage {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(filePath, "filePath");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(statusChangedAt, "statusChangedAt");
  }

  public VoicemailMessage withStatus(Status value, Instant at) {
    return new VoicemailMessage(messageId, callerNumber, callerName, receivedAt, duration, filePath, value, at);
  }
}
