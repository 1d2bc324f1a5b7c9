package io.switchboard.engine.voicemail;

import io.switchboard.engine.directory.Ids;
import java.util.Objects;

/**
 * Where voicemail audio lives on the media server's disk: {@code <root>/<mailbox>/<message>.<format>}
 * for messages and {@code <root>/<mailbox>/greeting-<id>.<format>} for recorded greetings. Ids are
 * restricted to {@link Ids}' alphabet, so the paths never need escaping in FreeSWITCH arguments.
 *
 * <p>Pure path arithmetic, no file access; created once from the engine's configuration; immutable
 * and thread-safe.
 *
 * @param root absolute directory on the FreeSWITCH host, without a trailing slash
 * @param format file extension that selects the recording format, e.g. {@code wav}
 */
public record VoicemailStorage(String root, String format) {

  public VoicemailStorage {
    checkPath(root);
    if (root.endsWith("/") && root.length() > 1) {
      throw new IllegalArgumentException("voicemail root \"" + root + "\" must not end with '/'");
    }
    Objects.requireNonNull(format, "format");
    if (!format.matches("[a-z0-9]{2,5}")) {
      throw new IllegalArgumentException("recording format \"" + format + "\" is invalid; use a file extension such as wav");
    }
  }

  /** The file of a message. */
  public String messagePath(String mailboxId, String messageId) {
    return root + "/" + Ids.require("mailbox", mailboxId) + "/" + Ids.require("message", messageId) + "." + format;
  }

  /** The file of a recorded greeting. */
  public String greetingPath(String mailboxId, String greetingId) {
    return root + "/" + Ids.require("mailbox", mailboxId) + "/greeting-" + Ids.require("greeting", greetingId) + "." + format;
  }

  /**
   * Checks that {@code path} is absolute and free of whitespace and control characters.
   *
   * @throws IllegalArgumentException naming the path and the rule
   */
  static void checkPath(String path) {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("a file path is missing");
    }
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("file path \"" + path + "\" must be absolute");
    }
    if (path.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      throw new IllegalArgumentException(
          "file path \"" + path + "\" holds whitespace or control characters; FreeSWITCH's record application splits on spaces");
    }
  }
}
