package io.switchboard.media.esl;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One request a client writes to FreeSWITCH, ready for the wire, and what answers it.
 *
 * <p>Every request gets exactly one reply, in order: {@code api} an {@code api/response}, every
 * other a {@code command/reply}; a {@code bgapi} additionally gets a BACKGROUND_JOB event with its
 * {@link #jobUuid()} (sent as the {@code Job-UUID} header, so the job is known before the reply).
 * The factories refuse a line or header that contains a line break: the last line of defence
 * against injection, after the command renderer's own checks. Immutable.
 */
public record EslRequest(Kind kind, String wire, String jobUuid) {

  /** What kind of reply the request gets. */
  public enum Kind { API, BGAPI, COMMAND }

  public static EslRequest api(String command) {
    return new EslRequest(Kind.API, "api " + line(command) + "\n\n", null);
  }

  public static EslRequest bgapi(String command, String jobUuid) {
    return new EslRequest(Kind.BGAPI,
        "bgapi " + line(command) + "\nJob-UUID: " + line(jobUuid) + "\n\n", jobUuid);
  }

  /** A single-line command: {@code auth ...}, {@code event json ...}, {@code filter ...}, {@code exit}. */
  public static EslRequest command(String command) {
    return new EslRequest(Kind.COMMAND, line(command) + "\n\n", null);
  }

  /**
   * {@code sendmsg [uuid]} with headers and an optional body. The body travels with
   * {@code content-type: text/plain} and a byte-counted {@code content-length}, so it can hold
   * any text without becoming headers.
   */
  public static EslRequest sendmsg(String uuid, Map<String, String> headers, String body) {
    StringBuilder sb = new StringBuilder("sendmsg");
    if (uuid != null && !uuid.isEmpty()) {
      sb.append(' ').append(line(uuid));
    }
    sb.append('\n');
    headers.forEach((k, v) -> sb.append(line(k)).append(": ").append(line(v)).append('\n'));
    if (body != null && !body.isEmpty()) {
      sb.append("content-type: text/plain\n");
      sb.append("content-length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append('\n');
      sb.append('\n').append(body);
    } else {
      sb.append('\n');
    }
    return new EslRequest(Kind.COMMAND, sb.toString(), null);
  }

  public byte[] bytes() {
    return wire.getBytes(StandardCharsets.UTF_8);
  }

  /** The first line, for logs. */
  public String firstLine() {
    int nl = wire.indexOf('\n');
    return nl < 0 ? wire : wire.substring(0, nl);
  }

  private static String line(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\n' || c == '\r' || c == 0) {
        throw new IllegalArgumentException("an ESL line must not contain a line break or NUL");
      }
    }
    return s;
  }
}
