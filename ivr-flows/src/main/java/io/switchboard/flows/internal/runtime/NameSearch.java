package io.switchboard.flows.internal.runtime;

import io.switchboard.flows.directory.DirectoryUser;
import io.switchboard.flows.model.DialByNameNode;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Finds users whose name starts with letters typed on a phone keypad (2 = ABC ... 9 = WXYZ).
 * Accents are ignored (É is E), and characters that are not letters (hyphens, apostrophes) are
 * skipped, so "O'Brien" is found by 6274. Results are sorted by display name, then id, so that the
 * keys offered to the caller are deterministic.
 */
final class NameSearch {
  private NameSearch() {}

  static List<DirectoryUser> find(List<DirectoryUser> users, String digits, DialByNameNode.Search search) {
    List<DirectoryUser> out = new ArrayList<>();
    for (DirectoryUser u : users) {
      List<String> names = names(u.displayName(), search);
      for (String name : names) {
        if (!digits.isEmpty() && keys(name).startsWith(digits)) {
          out.add(u);
          break;
        }
      }
    }
    out.sort(Comparator.comparing(DirectoryUser::displayName).thenComparing(DirectoryUser::id));
    return out;
  }

  private static List<String> names(String displayName, DialByNameNode.Search search) {
    String[] words = displayName.trim().split("\\s+");
    if (words.length == 0 || words[0].isEmpty()) {
      return List.of();
    }
    return switch (search) {
      case FIRST_NAME -> List.of(words[0]);
      case LAST_NAME -> List.of(words[words.length - 1]);
      case ANY_NAME -> List.of(words);
    };
  }

  /** The keypad digits spelling a name. */
  static String keys(String name) {
    String plain = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toUpperCase(Locale.ROOT);
    StringBuilder sb = new StringBuilder();
    for (char c : plain.toCharArray()) {
      char key = key(c);
      if (key != 0) {
        sb.append(key);
      }
    }
    return sb.toString();
  }

  private static char key(char c) {
    if (c >= 'A' && c <= 'C') {
      return '2';
    }
    if (c >= 'D' && c <= 'F') {
      return '3';
    }
    if (c >= 'G' && c <= 'I') {
      return '4';
    }
    if (c >= 'J' && c <= 'L') {
      return '5';
    }
    if (c >= 'M' && c <= 'O') {
      return '6';
    }
    if (c >= 'P' && c <= 'S') {
      return '7';
    }
    if (c >= 'T' && c <= 'V') {
      return '8';
    }
    if (c >= 'W' && c <= 'Z') {
      return '9';
    }
    return 0;
  }
}
