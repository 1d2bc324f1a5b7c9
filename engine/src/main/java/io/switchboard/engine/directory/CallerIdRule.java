package io.switchboard.engine.directory;

import java.util.Locale;
import java.util.Objects;

/**
 * What a gateway presents as the caller id of an outside call.
 *
 * <ul>
 *   <li>{@link Mode#MAIN_NUMBER}: the organisation's main number;
 *   <li>{@link Mode#USER_NUMBER}: the calling user's own number (their lowest assigned DID), else
 *       the main number;
 *   <li>{@link Mode#PASS_THROUGH}: the original caller's number normalised to E.164 (for
 *       forwarded calls), else the calling user's number, else the main number;
 *   <li>{@link Mode#FIXED}: always {@link #fixedNumber()}.
 * </ul>
 *
 * <p>The number is then written in {@link #format()}: E.164 with {@code +}, its digits without
 * {@code +}, or national form (see {@link NumberPlan#nationalForm}).
 *
 * @param mode where the number comes from
 * @param fixedNumber the number for {@link Mode#FIXED}, otherwise {@code null}
 * @param format how the number is written
 * @param name caller id name to present, or {@code null} for the calling user's name (user and
 *     pass-through modes) or none
 */
public record CallerIdRule(Mode mode, E164 fixedNumber, Format format, String name) {

  /** Where the presented number comes from. */
  public enum Mode {
    MAIN_NUMBER,
    USER_NUMBER,
    PASS_THROUGH,
    FIXED;

    /** The name in the directory file, e.g. {@code user-number}. */
    public String configName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** How the presented number is written. */
  public enum Format {
    E164,
    DIGITS,
    NATIONAL;

    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Presents the main number in E.164. */
  public static final CallerIdRule DEFAULT = new CallerIdRule(Mode.MAIN_NUMBER, null, Format.E164, null);

  public CallerIdRule {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(format, "format");
    if ((mode == Mode.FIXED) != (fixedNumber != null)) {
      throw new IllegalArgumentException(
          mode == Mode.FIXED
              ? "caller id mode fixed needs a number; give number: +15551000100"
              : "caller id mode " + mode.configName() + " takes no fixed number; remove it or use mode fixed");
    }
    if (name != null && (name.isBlank() || name.length() > 50 || name.chars().anyMatch(Character::isISOControl))) {
      throw new IllegalArgumentException("caller id name \"" + name + "\" is blank, longer than 50 characters or holds control characters");
    }
  }

  /** Whether the rule can fall back to the main number (so one must be set). */
  public boolean needsMainNumber() {
    return mode != Mode.FIXED;
  }

  /** Writes {@code number} in this rule's format. */
  public String render(E164 number, NumberPlan plan) {
    return switch (format) {
      case E164 -> number.value();
      case DIGITS -> number.digits();
      case NATIONAL -> plan.nationalForm(number);
    };
  }
}
