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

  /** Edit distance counting an insertion, deletion, substitution or swap of neighbours as one. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
