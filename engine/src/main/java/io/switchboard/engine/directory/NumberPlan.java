package io.switchboard.engine.directory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The organisation's home numbering plan: how the digits users dial and the caller ids carriers
 * send are turned into E.164, and how E.164 numbers are shown in national form.
 *
 * <p>Normalisation rules, in this order, after removing spaces, dots, dashes and parentheses:
 *
 * <ol>
 *   <li>{@code +} followed by digits: already E.164;
 *   <li>starts with the international prefix ({@code 011}, {@code 00}): {@code +} and the rest;
 *   <li>starts with the national prefix and the rest has a national length: {@code +}, the country
 *       code and the rest;
 *   <li>has a national length: {@code +}, the country code and the digits;
 *   <li>anything else (extensions, short codes, anonymous) is not an E.164 number.
 * </ol>
 *
 * <p>The default is the North American plan (country code 1, national prefix 1, international
 * prefix 011, 10-digit national numbers). Created from the directory file or a command; immutable
 * and thread-safe.
 *
 * @param countryCode the home country code, 1 to 3 digits, for example {@code 1} or {@code 44}
 * @param nationalPrefix the trunk prefix dialled before a national number ({@code 1}, {@code 0}),
 *     or empty when the country has none
 * @param internationalPrefix the prefix dialled before a foreign country code ({@code 011}, {@code
 *     00})
 * @param nationalNumberLengths the lengths a national significant number can have, for example
 *     {@code [10]} for North America or {@code [9, 10]} for the United Kingdom
 */
public record NumberPlan(
    String countryCode,
    String nationalPrefix,
    String internationalPrefix,
    List<Integer> nationalNumberLengths) {

  /** The North American Numbering Plan. */
  public static final NumberPlan NORTH_AMERICA = new NumberPlan("1", "1", "011", List.of(10));

  /** Validates every component; all problems are reported at once. */
  public NumberPlan {
    nationalNumberLengths = nationalNumberLengths == null ? List.of() : List.copyOf(nationalNumberLengths);
    nationalPrefix = nationalPrefix == null ? "" : nationalPrefix;
    List<Problem> problems = problems(countryCode, nationalPrefix, internationalPrefix, nationalNumberLengths);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(problems.get(0).message());
    }
  }

  /** Every problem with the given components, empty when they form a valid plan. */
  public static List<Problem> problems(
      String countryCode,
      String nationalPrefix,
      String internationalPrefix,
      List<Integer> nationalNumberLengths) {
    List<Problem> problems = new ArrayList<>();
    if (countryCode == null || !countryCode.matches("[1-9][0-9]{0,2}")) {
      problems.add(
          new Problem(
              "countryCode",
              "country code \""
                  + countryCode
                  + "\" is invalid; give 1 to 3 digits without '+', for example 1 or 44"));
    }
    if (nationalPrefix != null && !nationalPrefix.matches("[0-9]{0,4}")) {
      problems.add(
          new Problem(
              "nationalPrefix",
              "national prefix \"" + nationalPrefix + "\" is invalid; give 0 to 4 digits, e.g. 1 or 0"));
    }
    if (internationalPrefix == null || !internationalPrefix.matches("[0-9]{1,4}")) {
      problems.add(
          new Problem(
              "internationalPrefix",
              "international prefix \""
                  + internationalPrefix
                  + "\" is invalid; give 1 to 4 digits, e.g. 011 or 00"));
    }
    if (nationalNumberLengths == null || nationalNumberLengths.isEmpty()) {
      problems.add(
          new Problem(
              "nationalNumberLengths",
              "national number lengths are missing; list them, e.g. [10] for North America"));
    } else {
      for (Integer length : nationalNumberLengths) {
        if (length == null || length < 4 || length > 14) {
          problems.add(
              new Problem(
                  "nationalNumberLengths",
                  "national number length " + length + " is out of range; use 4 to 14 digits"));
        }
      }
    }
    return problems;
  }

  /**
   * The E.164 form of {@code dialed}, or empty when it is not a complete number under this plan
   * (an extension, a short code, an anonymous caller id).
   */
  public Optional<E164> normalise(String dialed) {
    if (dialed == null) {
      return Optional.empty();
    }
    String digits = dialed.replaceAll("[\\s.()\\-]", "");
    if (digits.startsWith("+")) {
      return E164.isValid(digits) ? Optional.of(E164.of(digits)) : Optional.empty();
    }
    if (!digits.matches("[0-9]+")) {
      return Optional.empty();
    }
    if (digits.startsWith(internationalPrefix)) {
      String candidate = "+" + digits.substring(internationalPrefix.length());
      return E164.isValid(candidate) ? Optional.of(E164.of(candidate)) : Optional.empty();
    }
    if (!nationalPrefix.isEmpty() && digits.startsWith(nationalPrefix)) {
      String rest = digits.substring(nationalPrefix.length());
      if (nationalNumberLengths.contains(rest.length())) {
        return national(rest);
      }
    }
    if (nationalNumberLengths.contains(digits.length())) {
      return national(digits);
    }
    return Optional.empty();
  }

  /**
   * The national form of a number: its national significant number when it is in the home
   * country, otherwise the international prefix followed by its digits.
   */
  public String nationalForm(E164 number) {
    String digits = number.digits();
    if (digits.startsWith(countryCode)
        && nationalNumberLengths.contains(digits.length() - countryCode.length())) {
      return digits.substring(countryCode.length());
    }
    return internationalPrefix + digits;
  }

  private Optional<E164> national(String nationalSignificant) {
    String candidate = "+" + countryCode + nationalSignificant;
    return E164.isValid(candidate) ? Optional.of(E164.of(candidate)) : Optional.empty();
  }
}
