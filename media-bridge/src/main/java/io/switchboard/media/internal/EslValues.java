package io.switchboard.media.internal;

import io.switchboard.media.MediaBridgeException.InvalidCommand;
import java.util.regex.Pattern;

/**
 * The rules for every value that goes into an ESL command, one per place it can go. Each check
 * either returns the value (escaped where the place allows escaping) or throws
 * {@link InvalidCommand} naming the field, the problem and the fix. Pure and thread-safe.
 *
 * <p>Why these rules: an api command line is split on spaces by FreeSWITCH; channel variables in
 * {@code {...}} are split on commas and {@code =}, quoted with {@code '}, and a leading
 * {@code ^^x} changes the separator; application arguments are expanded ({@code ${var}} and
 * {@code ${api(args)}} run at execute time), so {@code $} is never allowed where it could be
 * expanded; a line break anywhere would start a new command or header.
 */
public final class EslValues {

  private static final Pattern UUID = Pattern.compile(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern VAR_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
  private static final Pattern CAUSE = Pattern.compile("[A-Z][A-Z0-9_]{0,47}");
  private static final Pattern APP_NAME = Pattern.compile("[a-z][a-z0-9_]{0,31}");
  private static final Pattern NUMBER = Pattern.compile("[A-Za-z0-9+*#._-]{1,32}");
  private static final Pattern EXTENSION = Pattern.compile("[A-Za-z0-9+*#._-]{1,64}");
  private static final Pattern CONTEXT = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final Pattern DIAL_STRING = Pattern.compile("[A-Za-z0-9_./@:+*#=%-]{1,256}");
  private static final Pattern SPEECH_ENGINE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private EslValues() {}

  public static String uuid(String field, String value) {
    require(field, value);
    if (!UUID.matcher(value).matches()) {
      throw invalid(field, value, "is not a uuid", "pass a uuid like 0e8588ed-3cb7-4fab-9778-e3a79fc61312");
    }
    return value;
  }

  public static String variableName(String field, String value) {
    require(field, value);
    if (!VAR_NAME.matcher(value).matches()) {
      throw invalid(field, value, "is not a channel variable name",
          "use letters, digits and '_' (at most 64, not starting with a digit)");
    }
    return value;
  }

  public static String cause(String field, String value) {
    require(field, value);
    if (!CAUSE.matcher(value).matches()) {
      throw invalid(field, value, "is not a hangup cause name", "use a Q.850 name like NORMAL_CLEARING");
    }
    return value;
  }

  public static String applicationName(String field, String value) {
    require(field, value);
    if (!APP_NAME.matcher(value).matches()) {
      throw invalid(field, value, "is not an application name", "use lower-case letters, digits, '_'");
    }
    return value;
  }

  public static String callerIdNumber(String field, String value) {
    require(field, value);
    if (!NUMBER.matcher(value).matches()) {
      throw invalid(field, value, "is not a caller-id number",
          "use 1-32 of 0-9 A-Z a-z + * # . _ - (CallerId.sanitizeNumber cleans untrusted input)");
    }
    return value;
  }

  public static String extension(String field, String value) {
    require(field, value);
    if (!EXTENSION.matcher(value).matches()) {
      throw invalid(field, value, "is not a dialplan extension", "use 1-64 of 0-9 A-Z a-z + * # . _ -");
    }
    return value;
  }

  public static String context(String field, String value) {
    require(field, value);
    if (!CONTEXT.matcher(value).matches()) {
      throw invalid(field, value, "is not a dialplan context name", "use 1-64 of A-Z a-z 0-9 _ . -");
    }
    return value;
  }

  public static String speechEngine(String field, String value) {
    require(field, value);
    if (!SPEECH_ENGINE.matcher(value).matches()) {
      throw invalid(field, value, "is not a speech engine or voice name", "use 1-64 of A-Z a-z 0-9 _ . -");
    }
    return value;
  }

  /**
   * A dial string ({@code user/1001}, {@code sofia/gateway/gw/+15551234567}). No spaces, commas,
   * pipes, quotes, braces or brackets: variables travel separately, and parallel or sequential
   * dialing is not offered.
   */
  public static String dialString(String field, String value) {
    require(field, value);
    if (!DIAL_STRING.matcher(value).matches()) {
      throw invalid(field, value, "is not an acceptable dial string",
          "use endpoint/destination with A-Z a-z 0-9 _ . / @ : + * # = % - only; pass channel"
              + " variables in the variables map");
    }
    return value;
  }

  /**
   * One space-free argument of an api command (a file path, a stream URL). Any printable
   * character except whitespace, {@code $ ' " \ ` { }} and {@code ^}.
   */
  public static String apiToken(String field, String value) {
    require(field, value);
    if (value.isEmpty() || value.length() > 1024) {
      throw invalid(field, value, "must be 1 to 1024 characters", "shorten it");
    }
    value.codePoints().forEach(c -> {
      if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)
          || "$'\"\\`{}^".indexOf(c) >= 0 || isLineBreakLike(c) || c == 0xFEFF || isBroken(c)) {
        throw invalid(field, value, "contains " + describe(c) + ", which cannot appear in an api argument",
            "use a path or URL without spaces, quotes, braces, '$', '\\', '`' or '^'");
      }
    });
    return value;
  }

  /**
   * Free text for an application argument sent as a sendmsg body (speak text, a set value):
   * any printable text, spaces allowed; no control characters or line breaks, and no {@code $}
   * (FreeSWITCH would expand {@code ${...}} before running the application).
   */
  public static String applicationText(String field, String value) {
    require(field, value);
    if (value.length() > 4096) {
      throw invalid(field, value, "is longer than 4096 characters", "shorten it");
    }
    value.codePoints().forEach(c -> {
      if (Character.isISOControl(c) || isLineBreakLike(c) || isBroken(c)) {
        throw invalid(field, value, "contains " + describe(c), "remove control characters, line breaks and broken characters");
      }
      if (c == '$') {
        throw invalid(field, value, "contains '$', which FreeSWITCH would expand as a variable or api call",
            "remove the '$'");
      }
    });
    return value;
  }

  /**
   * A channel variable value inside originate's {@code {...}}: no separators ({@code , = ^}
   * would split or re-delimit), quotes, braces, brackets, {@code $}, backslash or control
   * characters. Values with spaces are wrapped in single quotes, as FreeSWITCH expects.
   */
  public static String braceValue(String field, String value) {
    require(field, value);
    if (value.length() > 512) {
      throw invalid(field, value, "is longer than 512 characters", "shorten it");
    }
    value.codePoints().forEach(c -> {
      if (Character.isISOControl(c) || isLineBreakLike(c) || isBroken(c) || ",'\"{}[]$\\^`".indexOf(c) >= 0
          || (Character.isWhitespace(c) && c != ' ')) {
        throw invalid(field, value, "contains " + describe(c) + ", which cannot appear in a channel variable",
            "use letters, digits, spaces and punctuation other than , ' \" { } [ ] $ \\ ^ `");
      }
    });
    return value.indexOf(' ') >= 0 ? "'" + value + "'" : value;
  }

  /**
   * A caller-id name from the outside world: never rejected (a call must not fail because a
   * caller's name is odd) but reduced to letters, marks and digits of any script, spaces and
   * {@code . - _ ( ) @ + / & # * ! ? :}; anything else becomes a space, runs of spaces collapse,
   * at most 50 characters are kept, an empty name becomes {@code Unknown}. Returned quoted.
   */
  public static String callerIdName(String value) {
    StringBuilder sb = new StringBuilder();
    boolean space = false;
    int kept = 0;
    String v = value == null ? "" : value;
    for (int i = 0; i < v.length() && kept < 50; ) {
      int c = v.codePointAt(i);
      i += Character.charCount(c);
      boolean ok = Character.isLetterOrDigit(c) || Character.getType(c) == Character.NON_SPACING_MARK
          || Character.getType(c) == Character.COMBINING_SPACING_MARK || ".-_()@+/&#*!?:".indexOf(c) >= 0;
      if (ok && !Character.isSurrogate((char) c)) {
        if (space && sb.length() > 0) {
          sb.append(' ');
          kept++;
        }
        space = false;
        sb.appendCodePoint(c);
        kept++;
      } else {
        space = true;
      }
    }
    String name = sb.length() == 0 ? "Unknown" : sb.toString();
    return "'" + name + "'";
  }

  // a lone surrogate is not text: UTF-8 would turn it into '?', silently changing the value
  private static boolean isBroken(int c) {
    return Character.isSurrogate((char) c) && c <= 0xFFFF;
  }

  private static boolean isLineBreakLike(int c) {
    return c == 0x85 || c == 0x2028 || c == 0x2029;
  }

  private static void require(String field, String value) {
    if (value == null) {
      throw new InvalidCommand(field + " is missing; pass a value");
    }
  }

  private static String describe(int c) {
    if (isBroken(c)) {
      return String.format("the unpaired surrogate U+%04X", c);
    }
    if (c < 0x20 || c == 0x7f || isLineBreakLike(c) || Character.isISOControl(c)) {
      return String.format("the control character U+%04X", c);
    }
    if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
      return String.format("whitespace U+%04X", c);
    }
    return "'" + new String(Character.toChars(c)) + "'";
  }

  private static InvalidCommand invalid(String field, String value, String problem, String fix) {
    String shown = value.length() > 60 ? value.substring(0, 60) + "..." : value;
    StringBuilder safe = new StringBuilder();
    shown.codePoints().forEach(c -> {
      if (Character.isISOControl(c) || isLineBreakLike(c)) {
        safe.append(String.format("\\u%04X", c));
      } else {
        safe.appendCodePoint(c);
      }
    });
    return new InvalidCommand(field + " '" + safe + "' " + problem + "; " + fix);
  }
}
