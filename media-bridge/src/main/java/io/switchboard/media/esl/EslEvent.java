package io.switchboard.media.esl;

/**
 * One FreeSWITCH event, decoded from a {@code text/event-plain} or {@code text/event-json}
 * message: its headers (decoded values, duplicates kept) and its own body, if any (for example
 * the {@code +OK <uuid>} result of a BACKGROUND_JOB). Immutable.
 */
public record EslEvent(EslHeaders headers, String body) {

  public EslEvent {
    if (headers == null) {
      throw new IllegalArgumentException("headers must not be null");
    }
    body = body == null ? "" : body;
  }

  /** {@code Event-Name}, or an empty string. */
  public String name() {
    String n = headers.get("Event-Name");
    return n == null ? "" : n;
  }

  public String get(String header) {
    return headers.get(header);
  }
}
