package io.switchboard.engine.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The requests of the simulator's HTTP routes ({@link SimRoutes}), read and checked before anything
 * reaches the simulator: a bad request is refused with a {@link BadSimRequest} naming the problem
 * and the fix, and changes nothing. Pure (JSON text in, values out); stateless and thread-safe.
 *
 * <p>Values end up in ESL events the simulator writes, so they are held to what a carrier or a
 * phone would send: digits for numbers, DTMF keys, hang-up causes in FreeSWITCH's spelling, and
 * caller names without control characters.
 */
public final class SimRequests {

  /** The longest caller id name accepted; FreeSWITCH and SIP carriers keep far less in practice. */
  static final int MAX_CALLER_NAME = 64;
  /** The most keys one request presses. */
  static final int MAX_DIGITS = 32;
  /** How many commands {@code GET /sim/commands} returns without {@code limit}. */
  static final int DEFAULT_COMMAND_LIMIT = 50;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]{2,15}");
  private static final Pattern DESTINATION = Pattern.compile("\\+?[0-9*#]{1,20}");
  private static final Pattern DTMF = Pattern.compile("[0-9*#A-D]{1," + MAX_DIGITS + "}");
  private static final Pattern CAUSE = Pattern.compile("[A-Z][A-Z0-9_]{2,47}");
  private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private SimRequests() {}

  /** A request the routes refuse (400), with the problem and its fix. */
  public static final class BadSimRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String title;

    BadSimRequest(String title, String detail) {
      super(detail);
      this.title = title;
    }

    /** The problem's title. */
    public String title() {
      return title;
    }
  }

  /**
   * A simulated call: a caller dials a number and the dialplan parks the call for the engine.
   *
   * @param from the caller's number (or extension, for an internal call)
   * @param callerName the caller id name, possibly empty
   * @param to the number dialled
   * @param internal whether the organisation's own phone places it (FreeSWITCH's internal
   *     dialplan sets {@code switchboard_internal=true}); otherwise a carrier delivers it
   *     ({@code switchboard_inbound=true})
   */
  public record PlaceCall(String from, String callerName, String to, boolean internal) {
    public PlaceCall {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(callerName, "callerName");
      Objects.requireNonNull(to, "to");
    }

    /** The channel variables the config kit's dialplan sets before it parks such a call. */
    public Map<String, String> variables() {
      return internal ? Map.of("switchboard_internal", "true") : Map.of("switchboard_inbound", "true");
    }
  }

  /** Keys pressed on a channel, upper case. */
  public record Digits(String digits) {}

  /** A hang-up cause in FreeSWITCH's spelling ({@code NORMAL_CLEARING}). */
  public record Hangup(String cause) {}

  /**
   * A listing of the ESL commands the engine sent.
   *
   * @param limit how many, most recent first
   * @param channel only the commands naming this channel uuid, if given
   */
  public record CommandQuery(int limit, Optional<String> channel) {}

  /** Reads {@code {"from": "+12125550100", "callerName": "Jane Doe", "to": "+15550100100", "internal": false}}. */
  public static PlaceCall placeCall(String body) {
    JsonNode json = object(body, "{\"from\": \"+12125550100\", \"callerName\": \"Jane Doe\", \"to\": \"+15550100100\"}");
    onlyFields(json, Set.of("from", "callerName", "to", "internal"));
    boolean internal = bool(json, "internal");
    String from = text(json, "from", true).orElseThrow();
    if (!NUMBER.matcher(from).matches()) {
      throw new BadSimRequest("Bad caller number", "\"from\": \"" + printable(from) + "\" is not a phone number; give 2 to 15 digits"
          + " with an optional leading +, e.g. \"+12125550100\"" + (internal ? "" : " (an extension with \"internal\": true)"));
    }
    String name = text(json, "callerName", false).orElse("").strip();
    if (name.length() > MAX_CALLER_NAME) {
      throw new BadSimRequest("Bad caller name", "\"callerName\" has " + name.length() + " characters; keep it to "
          + MAX_CALLER_NAME);
    }
    if (name.chars().anyMatch(Character::isISOControl)) {
      throw new BadSimRequest("Bad caller name", "\"callerName\" contains control characters (line breaks, tabs...);"
          + " give a name on one line, e.g. \"Jane Doe\"");
    }
    String to = text(json, "to", true).orElseThrow();
    if (!DESTINATION.matcher(to).matches()) {
      throw new BadSimRequest("Bad destination", "\"to\": \"" + printable(to) + "\" is not a number one can dial; give"
          + " digits (1 to 20, * and # allowed) with an optional leading +, e.g. \"+15550100100\" or \"201\"");
    }
    return new PlaceCall(from, name, to, internal);
  }

  /** Reads {@code {"digits": "1"}}: keys 0-9, *, # and A-D, at most {@value #MAX_DIGITS}. */
  public static Digits digits(String body) {
    JsonNode json = object(body, "{\"digits\": \"1\"}");
    onlyFields(json, Set.of("digits"));
    String digits = text(json, "digits", true).orElseThrow().toUpperCase(Locale.ROOT);
    if (!DTMF.matcher(digits).matches()) {
      throw new BadSimRequest("Bad digits", "\"digits\": \"" + printable(digits) + "\" are not telephone keys; use 1 to "
          + MAX_DIGITS + " of 0-9, *, # (and A-D), e.g. {\"digits\": \"1\"}");
    }
    return new Digits(digits);
  }

  /** Reads an optional {@code {"cause": "NORMAL_CLEARING"}}; an empty body is {@code NORMAL_CLEARING}. */
  public static Hangup hangup(String body) {
    if (body == null || body.isBlank()) {
      return new Hangup("NORMAL_CLEARING");
    }
    JsonNode json = object(body, "{\"cause\": \"NORMAL_CLEARING\"}");
    onlyFields(json, Set.of("cause"));
    String cause = text(json, "cause", false).orElse("NORMAL_CLEARING").strip().toUpperCase(Locale.ROOT);
    if (!CAUSE.matcher(cause).matches()) {
      throw new BadSimRequest("Bad cause", "\"cause\": \"" + printable(cause) + "\" is not a hang-up cause; use"
          + " FreeSWITCH's names such as NORMAL_CLEARING, USER_BUSY, NO_ANSWER or CALL_REJECTED");
    }
    return new Hangup(cause);
  }

  /**
   * Reads the query of {@code GET /sim/commands}: {@code limit} (1 to {@code max}, default
   * {@value #DEFAULT_COMMAND_LIMIT}) and {@code channel} (a channel uuid).
   */
  public static CommandQuery commands(Optional<String> limit, Optional<String> channel, int max) {
    int n = DEFAULT_COMMAND_LIMIT;
    if (limit.isPresent()) {
      try {
        n = Integer.parseInt(limit.get().strip());
      } catch (NumberFormatException e) {
        n = -1;
      }
      if (n < 1 || n > max) {
        throw new BadSimRequest("Bad limit", "limit=" + printable(limit.get()) + " is not a number from 1 to " + max);
      }
    }
    if (channel.isPresent() && !UUID.matcher(channel.get()).matches()) {
      throw new BadSimRequest("Bad channel", "channel=" + printable(channel.get())
          + " is not a channel uuid; copy one from GET /sim/channels");
    }
    return new CommandQuery(Math.min(n, max), channel.map(c -> c.toLowerCase(Locale.ROOT)));
  }

  // ---------------------------------------------------------------------------------------------

  private static JsonNode object(String body, String example) {
    if (body == null || body.isBlank()) {
      throw new BadSimRequest("Missing body", "send a JSON object, e.g. " + example);
    }
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new BadSimRequest("Malformed body", "the body is not JSON (" + e.getOriginalMessage().lines().findFirst().orElse("")
          + "); send e.g. " + example);
    }
    if (json == null || !json.isObject()) {
      throw new BadSimRequest("Malformed body", "the body must be a JSON object, e.g. " + example);
    }
    return json;
  }

  private static void onlyFields(JsonNode json, Set<String> allowed) {
    List<String> unknown = new ArrayList<>();
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        unknown.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      throw new BadSimRequest("Unknown field", "unknown field(s) " + String.join(", ", unknown) + "; the fields are "
          + String.join(", ", allowed.stream().sorted().toList()));
    }
  }

  private static Optional<String> text(JsonNode json, String field, boolean required) {
    JsonNode value = json.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw new BadSimRequest("Missing " + field, "\"" + field + "\" is required");
      }
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw new BadSimRequest("Bad " + field, "\"" + field + "\" must be a string (in quotes), not " + value.getNodeType()
          .toString().toLowerCase(Locale.ROOT));
    }
    return Optional.of(value.asText());
  }

  private static boolean bool(JsonNode json, String field) {
    JsonNode value = json.get(field);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw new BadSimRequest("Bad " + field, "\"" + field + "\" must be true or false");
    }
    return value.booleanValue();
  }

  /** A value quoted back in an error, without control characters and cut short. */
  private static String printable(String value) {
    String shown = value.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    return shown.length() > 40 ? shown.substring(0, 40) + "..." : shown;
  }
}
