package io.switchboard.engine.directory;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The rule every identifier in the directory follows (users, queues, flows, mailboxes, gateways,
 * calls, messages): 1 to 64 characters among ASCII letters, digits, {@code . _ -}, starting with a
 * letter or a digit.
 *
 * <p>Identifiers travel into FreeSWITCH channel variables, file names and URLs; keeping them to
 * this alphabet means they never need escaping anywhere. Stateless, thread-safe.
 */
public final class Ids {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private Ids() {}

  /** Whether {@code value} is a valid identifier. */
  public static boolean isValid(String value) {
    return value != null && ID.matcher(value).matches();
  }

  /**
   * The problem with {@code value} as an identifier of the given kind, or {@code null} when it is
   * valid.
   */
  public static String problem(String kind, String value) {
    if (value == null || value.isBlank()) {
      return kind + " id is missing; give an id of letters, digits, '.', '_' or '-'";
    }
    if (!isValid(value)) {
      return kind + " id \"" + value + "\" is invalid; use 1-64 letters, digits, '.', '_' or '-',"
          + " starting with a letter or digit";
    }
    return null;
  }

  /**
   * Returns {@code value} when it is a valid identifier of the given kind.
   *
   * @throws IllegalArgumentException naming the value and the rule otherwise
   */
  public static String require(String kind, String value) {
    String problem = problem(kind, value);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return Objects.requireNonNull(value);
  }
}
