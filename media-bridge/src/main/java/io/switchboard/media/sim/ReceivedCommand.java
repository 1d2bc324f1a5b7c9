package io.switchboard.media.sim;

import java.time.Instant;
import java.util.Map;

/**
 * One command a client sent to the {@link EslSimulator}, for tests that assert the ESL the
 * engine sends.
 *
 * @param connection the simulator's id of the client connection (1, 2, ...)
 * @param command the first line ({@code api uuid_kill ...}, {@code sendmsg <uuid>}); an
 *     {@code auth} line is recorded as {@code auth ***}
 * @param headers the header lines (sendmsg's call-command, execute-app-name, Event-UUID...)
 * @param body the body (a sendmsg application argument), or empty
 */
public record ReceivedCommand(long connection, String command, Map<String, String> headers,
    String body, Instant at) {

  public ReceivedCommand {
    headers = Map.copyOf(headers);
  }

  /** The sendmsg application, if this is a sendmsg execute. */
  public String application() {
    return headers.getOrDefault("execute-app-name", "");
  }
}
