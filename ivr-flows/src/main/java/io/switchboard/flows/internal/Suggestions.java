package io.switchboard.flows.internal;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean" suggestions by edit distance, for typos in ids, fields and zones. */
public final class Suggestions {
  private Suggestions() {}

  /** The closest candidate within a small edit distance, if any (case-insensitive). */
  public static Optional<String> closest(String value, Collection<String> candidates) {
    String v = value.toLowerCase(Locale.ROOT);
    int limit = Math.max(1, Math.min(3, v.length() / 3));
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(v, c.toLowerCase(Locale.ROOT));
      if (d < bestDistance || (d == bestDistance && best != null && c.compareTo(best) < 0)) {
        best = c;
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= limit && !best.equals(value) ? Optional.of(best) : Optional.empty();
  }

  /** "; did you mean 'x'?" or "". */
  public static String didYouMean(String value, Collection<String> candidates) {
    return closest(value, candidates).map(s -> "; did you mean '" + s + "'?").orElse("");
  }

  /** "; did you mean 'x'?" when a candidate is close, else "; " + {@code otherwise}. */
  public static String hint(String value, Collection<String> candidates, String otherwise) {
    return closest(value, candidates).map(s -> "; did you mean '" + s + "'?").orElse("; " + otherwise);
  }

  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
