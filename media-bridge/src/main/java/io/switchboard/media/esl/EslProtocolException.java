package io.switchboard.media.esl;

/**
 * The bytes received on an Event Socket connection do not form a valid ESL message.
 *
 * <p>Thrown by {@link EslFrameDecoder} and {@link EslEventParser}. A connection that sees it cannot
 * resynchronise (ESL has no frame markers besides the empty line and Content-Length), so the
 * owner of the connection closes it and reconnects.
 */
public final class EslProtocolException extends RuntimeException {

  public EslProtocolException(String message) {
    super(message);
  }

  public EslProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
