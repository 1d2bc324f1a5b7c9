package io.switchboard.flows.internal.compile;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lenient reads of schema-checked values: a value of the wrong shape was already reported by the
 * schema check, so these return null or a default instead of failing again.
 */
final class Values {
  private static final Pattern DURATION = Pattern.compile("^([0-9]{1,6})(ms|s|m)$");

  private Values() {}

  static String text(JsonNode parent, String field) {
    JsonNode n = parent == null ? null : parent.get(field);
    return n != null && n.isTextual() ? n.asText() : null;
  }

  static String text(JsonNode parent, String field, String fallback) {
    String t = text(parent, field);
    return t == null ? fallback : t;
  }

  static int integer(JsonNode parent, String field, int fallback) {
    JsonNode n = parent == null ? null : parent.get(field);
    return n != null && n.canConvertToInt() && n.isIntegralNumber() ? n.asInt() : fallback;
  }

  static boolean bool(JsonNode parent, String field, boolean fallback) {
    JsonNode n = parent == null ? null : parent.get(field);
    return n != null && n.isBoolean() ? n.asBoolean() : fallback;
  }

  static boolean has(JsonNode parent, String field) {
    return parent != null && parent.has(field);
  }

  /** A duration such as 5s, 500ms, 2m; null if malformed (the schema reported it). */
  static Duration duration(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      return null;
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      default -> Duration.ofMinutes(n);
    };
  }

  /** The texts of a string-or-list value. */
  static List<String> texts(JsonNode n) {
    List<String> out = new ArrayList<>();
    if (n == null) {
      return out;
    }
    if (n.isTextual()) {
      out.add(n.asText());
    } else if (n.isArray()) {
      for (JsonNode e : n) {
        if (e.isTextual()) {
          out.add(e.asText());
        }
      }
    }
    return out;
  }

  /** "5s", "500ms", "2m" for messages. */
  static String format(Duration d) {
    if (d.toMillis() % 60_000 == 0) {
      return d.toMinutes() + "m";
    }
    if (d.toMillis() % 1000 == 0) {
      return d.toSeconds() + "s";
    }
    return d.toMillis() + "ms";
  }
}
