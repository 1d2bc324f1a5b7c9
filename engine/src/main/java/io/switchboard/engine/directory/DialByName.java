package io.switchboard.engine.directory;

import java.text.Normalizer;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The keypad index that dial-by-name searches: each listed user's first and last name as the
 * digits a caller presses on a phone keypad (ABC=2, DEF=3, GHI=4, JKL=5, MNO=6, PQRS=7, TUV=8,
 * WXYZ=9).
 *
 * <p>Accents are folded ({@code é} is {@code e}), digits in a name stay as they are, every other
 * character (spaces, hyphens, apostrophes, letters outside A-Z) is skipped. The first name is the
 * first word of the display name, the last name its last word. Pure functions; thread-safe.
 */
public final class DialByName {

  private static final String KEYS = "22233344455566677778889999";

  private DialByName() {}

  /**
   * One listed user in keypad form.
   *
   * @param userId the user
   * @param displayName the name to read back to the caller
   * @param extension the user's extension, or {@code null}
   * @param firstNameDigits keypad digits of the first word of the name
   * @param lastNameDigits keypad digits of the last word of the name
   */
  public record Entry(String userId, String displayName, String extension, String firstNameDigits, String lastNameDigits) {}

  /** Which part of the name the caller spells. */
  public enum By {
    LAST_NAME,
    FIRST_NAME,
    EITHER
  }

  /** The keypad digits of {@code text}: {@code "Zoë O'Brien"} gives {@code "96327436"}. */
  public static String keypadDigits(String text) {
    Objects.requireNonNull(text, "text");
    String folded = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toUpperCase(Locale.ROOT);
    StringBuilder digits = new StringBuilder();
    for (int i = 0; i < folded.length(); i++) {
      char c = folded.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        digits.append(KEYS.charAt(c - 'A'));
      } else if (c >= '0' && c <= '9') {
        digits.append(c);
      }
    }
    return digits.toString();
  }

  /** The index of every user listed in the directory, ordered by last name, first name, user id. */
  public static List<Entry> index(DirectoryState state) {
    return state.users().values().stream()
        .filter(User::listedInDirectory)
        .map(DialByName::entry)
        .sorted(Comparator.comparing(Entry::lastNameDigits)
            .thenComparing(Entry::firstNameDigits)
            .thenComparing(Entry::userId))
        .toList();
  }

  /**
   * The entries whose chosen name part starts with the digits the caller pressed, in index order;
   * at most {@code limit} of them (the flow decides what to do when there are more).
   */
  public static List<Entry> search(List<Entry> index, String pressed, By by, int limit) {
    Objects.requireNonNull(pressed, "pressed");
    if (!pressed.matches("[0-9]+")) {
      throw new IllegalArgumentException("dial by name takes keypad digits, got \"" + pressed + "\"");
    }
    return index.stream()
        .filter(e -> switch (by) {
          case LAST_NAME -> e.lastNameDigits().startsWith(pressed);
          case FIRST_NAME -> e.firstNameDigits().startsWith(pressed);
          case EITHER -> e.lastNameDigits().startsWith(pressed) || e.firstNameDigits().startsWith(pressed);
        })
        .limit(limit)
        .toList();
  }

  private static Entry entry(User user) {
    String[] words = user.displayName().trim().split("\\s+");
    return new Entry(user.id(), user.displayName(), user.extension(), keypadDigits(words[0]), keypadDigits(words[words.length - 1]));
  }
}
