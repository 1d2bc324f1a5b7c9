package io.switchboard.engine.directory;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/**
 * A telephone number in E.164 form: {@code +}, a country code that does not start with 0, and at
 * most 15 digits in all (ITU-T E.164).
 *
 * <p>A value type: created by {@link #of(String)} from configuration, commands and the {@link
 * NumberPlan} normalisation; serialised as its plain string. Immutable and thread-safe.
 *
 * @param value the number, for example {@code +15551000100}
 */
public record E164(String value) implements Comparable<E164> {

  private static final Pattern FORMAT = Pattern.compile("\\+[1-9][0-9]{1,14}");

  /** Validates {@code value}. */
  public E164 {
    String problem = problem(value);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /**
   * Parses an E.164 number.
   *
   * @throws IllegalArgumentException naming the value and the expected form
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static E164 of(String value) {
    return new E164(value);
  }

  /** Whether {@code value} is an E.164 number. */
  public static boolean isValid(String value) {
    return value != null && FORMAT.matcher(value).matches();
  }

  /** What is wrong with {@code value} as an E.164 number, or {@code null} when it is one. */
  public static String problem(String value) {
    if (value == null || value.isEmpty()) {
      return "a number is missing; write it in E.164 form, for example +15551000100";
    }
    if (isValid(value)) {
      return null;
    }
    if (!value.startsWith("+")) {
      return "\"" + value + "\" is not an E.164 number: it must start with '+' and the country"
          + " code, for example +15551000100";
    }
    if (value.length() > 16) {
      return "\"" + value + "\" is not an E.164 number: it has more than 15 digits";
    }
    if (value.length() > 1 && value.charAt(1) == '0') {
      return "\"" + value + "\" is not an E.164 number: the country code cannot start with 0";
    }
    return "\"" + value + "\" is not an E.164 number: after '+' only 2 to 15 digits are allowed,"
        + " without spaces or punctuation";
  }

  /** The digits without the leading {@code +}. */
  public String digits() {
    return value.substring(1);
  }

  @JsonValue
  @Override
  public String value() {
    return value;
  }

  @Override
  public int compareTo(E164 other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
