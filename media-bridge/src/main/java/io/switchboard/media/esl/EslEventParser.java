package io.switchboard.media.esl;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Turns the body of an event message into an {@link EslEvent}.
 *
 * <ul>
 *   <li>{@code text/event-plain}: URL-encoded {@code Name: value} lines, an empty line, and, if
 *       the event has its own {@code Content-Length} header, that many bytes of event body.
 *   <li>{@code text/event-json}: one JSON object of string values; the body is {@code "_body"}.
 *       Duplicate keys are accepted and kept (CHANNEL_HANGUP_COMPLETE repeats Hangup-Cause); an
 *       array value becomes repeated headers.
 * </ul>
 *
 * <p>Uses Jackson's streaming parser (no tree) so that a large event costs one pass. Stateless
 * and thread-safe.
 */
public final class EslEventParser {

  public static final String PLAIN = "text/event-plain";
  public static final String JSON = "text/event-json";

  // duplicate detection stays off (the default): FreeSWITCH writes duplicate keys
  private static final JsonFactory JSON_FACTORY = new JsonFactory();

  private EslEventParser() {}

  /** True if the message carries an event this parser understands. */
  public static boolean isEvent(EslMessage message) {
    String ct = message.contentType();
    return ct.equals(PLAIN) || ct.equals(JSON);
  }

  public static EslEvent parse(EslMessage message) {
    String ct = message.contentType();
    if (ct.equals(PLAIN)) {
      return parsePlain(message.bodyUnsafe());
    }
    if (ct.equals(JSON)) {
      return parseJson(message.bodyUnsafe());
    }
    throw new EslProtocolException("not an event message: Content-Type '" + ct + "'");
  }

  public static EslEvent parsePlain(byte[] body) {
    EslHeaders.Builder headers = EslHeaders.builder();
    int ls = 0;
    int n = body.length;
    int contentLength = -1;
    int i = 0;
    for (; i < n; i++) {
      if (body[i] != '\n') {
        continue;
      }
      if (i == ls) {
        // the empty line: headers end
        i++;
        break;
      }
      int colon = -1;
      for (int j = ls; j < i; j++) {
        if (body[j] == ':') {
          colon = j;
          break;
        }
      }
      if (colon <= ls) {
        throw new EslProtocolException("malformed event header line: "
            + new String(body, ls, Math.min(i - ls, 80), StandardCharsets.UTF_8));
      }
      String name = new String(body, ls, colon - ls, StandardCharsets.US_ASCII);
      int v = colon + 1;
      if (v < i && body[v] == ' ') {
        v++;
      }
      String value = FsUrlCodec.decode(new String(body, v, i - v, StandardCharsets.UTF_8));
      headers.add(name, value);
      if (name.equals("Content-Length")) {
        try {
          contentLength = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
          throw new EslProtocolException("bad Content-Length inside a plain event: " + value);
        }
      }
      ls = i + 1;
    }
    String eventBody = "";
    if (contentLength > 0) {
      if (i + contentLength > n) {
        throw new EslProtocolException("plain event announces a body of " + contentLength
            + " bytes but only " + Math.max(0, n - i) + " follow");
      }
      eventBody = new String(body, i, contentLength, StandardCharsets.UTF_8);
    }
    return new EslEvent(headers.build(), eventBody);
  }

  public static EslEvent parseJson(byte[] body) {
    EslHeaders.Builder headers = EslHeaders.builder();
    String eventBody = "";
    try (JsonParser p = JSON_FACTORY.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new EslProtocolException("JSON event is not an object");
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (v == JsonToken.START_ARRAY) {
          while (p.nextToken() != JsonToken.END_ARRAY) {
            headers.add(name, p.getValueAsString(p.getText()));
          }
        } else if (v == JsonToken.START_OBJECT) {
          p.skipChildren();
        } else if (name.equals("_body")) {
          eventBody = p.getValueAsString("");
        } else {
          headers.add(name, v == JsonToken.VALUE_NULL ? "" : p.getValueAsString(p.getText()));
        }
      }
      if (t != JsonToken.END_OBJECT) {
        throw new EslProtocolException("JSON event is truncated or malformed");
      }
    } catch (IOException e) {
      throw new EslProtocolException("malformed JSON event: " + e.getMessage(), e);
    }
    return new EslEvent(headers.build(), eventBody);
  }
}
