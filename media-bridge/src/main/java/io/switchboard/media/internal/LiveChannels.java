package io.switchboard.media.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.media.MediaEvent.LiveChannel;
import io.switchboard.media.esl.EslProtocolException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the body of {@code show channels as json} ({@code {"row_count": 0}} when empty; rows
 * otherwise, without a trailing newline) and the answer of {@code uuid_getvar}. Pure.
 */
public final class LiveChannels {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What {@code uuid_getvar} answers for a variable the channel does not have. */
  public static final String UNDEFINED = "_undef_";

  private LiveChannels() {}

  /** The rows, each without a call id yet (see {@link #withCallId}). */
  public static List<LiveChannel> parse(String body) {
    String b = body.strip();
    if (b.startsWith("-ERR")) {
      throw new EslProtocolException("show channels failed: " + b);
    }
    try {
      JsonNode root = JSON.readTree(b);
      JsonNode rows = root.path("rows");
      List<LiveChannel> out = new ArrayList<>();
      for (JsonNode r : rows) {
        String direction = r.path("direction").asText("");
        String name = r.path("cid_name").asText("");
        String number = r.path("cid_num").asText("");
        if (direction.equals("outbound")) {
          // as the events do: the caller id it was originated with, not the flipped one
          name = orElse(r.path("initial_cid_name").asText(""), name);
          number = orElse(r.path("initial_cid_num").asText(""), number);
        }
        out.add(new LiveChannel(r.path("uuid").asText(), direction, name, number,
            r.path("dest").asText(""), r.path("state").asText(""), r.path("callstate").asText(""),
            Optional.empty()));
      }
      return List.copyOf(out);
    } catch (IOException e) {
      throw new EslProtocolException("show channels as json returned malformed JSON: " + e.getMessage(), e);
    }
  }

  /**
   * The channel with the answer of {@code uuid_getvar <uuid> switchboard_call_id}; empty if the
   * channel is gone meanwhile ({@code -ERR No such channel!}).
   */
  public static Optional<LiveChannel> withCallId(LiveChannel c, String getvarAnswer) {
    String v = getvarAnswer == null ? "" : getvarAnswer.strip();
    if (v.startsWith("-ERR")) {
      return Optional.empty();
    }
    Optional<String> id = v.isEmpty() || v.equals(UNDEFINED) ? Optional.empty() : Optional.of(v);
    return Optional.of(new LiveChannel(c.uuid(), c.direction(), c.callerName(), c.callerNumber(),
        c.destination(), c.state(), c.callState(), id));
  }

  private static String orElse(String preferred, String fallback) {
    return preferred.isEmpty() ? fallback : preferred;
  }
}
