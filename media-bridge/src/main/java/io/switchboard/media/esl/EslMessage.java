package io.switchboard.media.esl;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One ESL message as framed on the wire: a header block and, if and only if it had a
 * {@code Content-Length} header, that many body bytes.
 *
 * <p>Messages from FreeSWITCH have no command line ({@link #command()} is {@code null}); messages
 * a client sends ({@code api status}, {@code sendmsg <uuid>} + headers) have their first line as
 * the command. Envelope header values are kept exactly as received (plain text; the outbound
 * {@code connect} reply is URL-encoded and is decoded by whoever interprets it). Immutable.
 */
public final class EslMessage {

  private final String command;
  private final EslHeaders headers;
  private final byte[] body;

  public EslMessage(String command, EslHeaders headers, byte[] body) {
    this.command = command;
    this.headers = headers;
    this.body = body == null ? new byte[0] : body;
  }

  public static EslMessage reply(EslHeaders headers, byte[] body) {
    return new EslMessage(null, headers, body);
  }

  /** The first line of a client command, or {@code null} for a message from FreeSWITCH. */
  public String command() {
    return command;
  }

  public EslHeaders headers() {
    return headers;
  }

  /** The value of {@code Content-Type}, looked up by name (its position is not fixed). */
  public String contentType() {
    String ct = headers.get("Content-Type");
    return ct == null ? "" : ct;
  }

  public String header(String name) {
    return headers.get(name);
  }

  public byte[] body() {
    return body.clone();
  }

  public int bodyLength() {
    return body.length;
  }

  /** The body decoded as UTF-8 (FreeSWITCH writes UTF-8). */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  byte[] bodyUnsafe() {
    return body;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EslMessage m
        && java.util.Objects.equals(command, m.command)
        && headers.equals(m.headers)
        && Arrays.equals(body, m.body);
  }

  @Override
  public int hashCode() {
    return headers.hashCode() * 31 + Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    String b = bodyText();
    if (b.length() > 200) {
      b = b.substring(0, 200) + "...";
    }
    return "EslMessage{" + (command == null ? "" : "command=" + command + ", ") + "headers=" + headers
        + (body.length > 0 ? ", body=" + b : "") + "}";
  }
}
