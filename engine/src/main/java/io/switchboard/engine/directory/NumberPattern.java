package io.switchboard.engine.directory;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A telephone number pattern, in the syntax FreeSWITCH and Asterisk administrators already know.
 *
 * <p>Syntax, matched against the whole number, one position per character:
 *
 * <ul>
 *   <li>{@code +} and the digits {@code 0-9} match themselves;
 *   <li>{@code X} matches any digit, {@code Z} a digit 1-9, {@code N} a digit 2-9 (upper or lower
 *       case);
 *   <li>{@code [...]} matches one digit from a class, for example {@code [147]} or {@code [0-35-9]};
 *   <li>a final {@code *} matches any number of further digits, including none.
 * </ul>
 *
 * <p>Examples: {@code +1555XXX12NN}, {@code +44*}, {@code +1[2-9]XX555XXXX}, {@code 1001}. The
 * {@code +} is literal: {@code +1555*} matches E.164 numbers, {@code 1555*} does not. A number
 * matches only when every position matches and, without a final {@code *}, when it has exactly as
 * many characters as the pattern has positions.
 *
 * <p>Created by {@link #of(String)} from configuration and commands; immutable and thread-safe;
 * serialised as its text.
 *
 * @param text the pattern as written
 */
public record NumberPattern(String text) {

  /** Validates the syntax. */
  public NumberPattern {
    String problem = problem(text);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /**
   * Parses a pattern.
   *
   * @throws IllegalArgumentException naming the position and the fix when the syntax is wrong
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static NumberPattern of(String text) {
    return new NumberPattern(text);
  }

  /** What is wrong with {@code text} as a pattern, or {@code null} when it is valid. */
  public static String problem(String text) {
    if (text == null || text.isEmpty()) {
      return "a number pattern is missing; write one such as +1555XXX12NN or +44*";
    }
    try {
      compile(text);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /** Whether the whole of {@code number} matches this pattern. */
  public boolean matches(String number) {
    if (number == null) {
      return false;
    }
    Compiled compiled = compile(text);
    List<BitSet> positions = compiled.positions();
    if (compiled.openEnded()) {
      if (number.length() < positions.size()) {
        return false;
      }
    } else if (number.length() != positions.size()) {
      return false;
    }
    for (int i = 0; i < positions.size(); i++) {
      if (!positions.get(i).get(number.charAt(i))) {
        return false;
      }
    }
    for (int i = positions.size(); i < number.length(); i++) {
      if (!isDigit(number.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code number} matches; convenience for E.164 values. */
  public boolean matches(E164 number) {
    return number != null && matches(number.value());
  }

  @JsonValue
  @Override
  public String text() {
    return text;
  }

  @Override
  public String toString() {
    return text;
  }

  private record Compiled(List<BitSet> positions, boolean openEnded) {}

  private static Compiled compile(String text) {
    List<BitSet> positions = new ArrayList<>();
    boolean openEnded = false;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      char upper = Character.toUpperCase(c);
      if (openEnded) {
        throw new IllegalArgumentException(
            "pattern \"" + text + "\": '*' is allowed only at the end (position " + i + ")");
      }
      if (c == '*') {
        openEnded = true;
        i++;
        continue;
      }
      BitSet set = new BitSet(128);
      if (c == '+') {
        if (i != 0) {
          throw new IllegalArgumentException(
              "pattern \"" + text + "\": '+' is allowed only as the first character");
        }
        set.set('+');
      } else if (isDigit(c)) {
        set.set(c);
      } else if (upper == 'X') {
        set.set('0', '9' + 1);
      } else if (upper == 'Z') {
        set.set('1', '9' + 1);
      } else if (upper == 'N') {
        set.set('2', '9' + 1);
      } else if (c == '[') {
        int close = text.indexOf(']', i);
        if (close < 0) {
          throw new IllegalArgumentException(
              "pattern \"" + text + "\": '[' at position " + (i + 1) + " is not closed by ']'");
        }
        parseClass(text, text.substring(i + 1, close), set);
        i = close;
      } else {
        throw new IllegalArgumentException(
            "pattern \""
                + text
                + "\": '"
                + c
                + "' at position "
                + (i + 1)
                + " is not allowed; use digits, X (0-9), Z (1-9), N (2-9), [..] classes, a leading"
                + " '+' and a final '*'");
      }
      positions.add(set);
      i++;
    }
    if (positions.isEmpty()) {
      throw new IllegalArgumentException(
          "pattern \"" + text + "\" matches every number; give at least one position, e.g. +*");
    }
    return new Compiled(List.copyOf(positions), openEnded);
  }

  private static void parseClass(String text, String body, BitSet set) {
    if (body.isEmpty()) {
      throw new IllegalArgumentException(
          "pattern \"" + text + "\": empty class []; list digits such as [147] or a range [2-5]");
    }
    int j = 0;
    while (j < body.length()) {
      char from = body.charAt(j);
      if (!isDigit(from)) {
        throw new IllegalArgumentException(
            "pattern \"" + text + "\": class [" + body + "] may hold only digits and ranges");
      }
      if (j + 2 < body.length() && body.charAt(j + 1) == '-') {
        char to = body.charAt(j + 2);
        if (!isDigit(to) || to < from) {
          throw new IllegalArgumentException(
              "pattern \""
                  + text
                  + "\": range "
                  + from
                  + "-"
                  + to
                  + " in ["
                  + body
                  + "] must go from a lower to a higher digit");
        }
        set.set(from, to + 1);
        j += 3;
      } else {
        set.set(from);
        j++;
      }
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
