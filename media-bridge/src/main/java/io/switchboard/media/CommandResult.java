package io.switchboard.media;

/**
 * What FreeSWITCH answered to a command: {@code +OK ...} ({@link #ok()}) or {@code -ERR ...}.
 *
 * <p>For {@code api} commands it is the api/response body, for {@code sendmsg} the command/reply
 * (which only says the message was queued), for {@code bgapi} (originate) the BACKGROUND_JOB
 * body. A {@code -ERR} is an answer, not a failure of the bridge: originate's
 * {@code -ERR USER_BUSY} is how the engine learns the agent is busy ({@link #reason()}).
 * Transport failures complete the stage exceptionally with a {@link MediaBridgeException}.
 */
public record CommandResult(boolean ok, String text) {

  /** Interprets a reply text: {@code -ERR} prefix means not ok; other texts are ok. */
  public static CommandResult of(String raw) {
    String t = raw == null ? "" : raw.strip();
    return new CommandResult(!t.startsWith("-ERR") && !t.startsWith("-USAGE"), t);
  }

  /** The text after {@code +OK } or {@code -ERR } ({@code USER_BUSY}, the originated uuid...). */
  public String reason() {
    if (text.startsWith("+OK")) {
      return text.substring(3).strip();
    }
    if (text.startsWith("-ERR")) {
      return text.substring(4).strip();
    }
    return text;
  }
}
