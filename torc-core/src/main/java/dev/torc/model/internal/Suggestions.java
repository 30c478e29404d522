package dev.torc.model.internal;

import java.util.Locale;

/** "Did you mean" suggestions by edit distance. */
public final class Suggestions {
  private Suggestions() {}

  /**
   * The candidate closest to {@code name} when it is close enough to be a likely typo, or {@code
   * null}. Distance counts inserted, deleted, replaced and swapped adjacent characters, ignoring
   * case; close enough is 1 for names up to 3 characters, else a third of the length, at least 2
   * and at most 3.
   */
  public static String closest(String name, Iterable<String> candidates) {
    if (name == null) {
      return null;
    }
    int limit = name.length() <= 3 ? 1 : Math.min(3, Math.max(2, name.length() / 3));
    String best = null;
    int bestDistance = limit + 1;
    String lower = name.toLowerCase(Locale.ROOT);
    for (String candidate : candidates) {
      if (candidate == null || candidate.equals(name)) {
        continue;
      }
      if (Math.abs(candidate.length() - name.length()) >= bestDistance) {
        continue;
      }
      int d = distance(lower, candidate.toLowerCase(Locale.ROOT), bestDistance - 1);
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
    return best;
  }

  /** {@code "; did you mean 'x'?"} or the empty string. */
  public static String didYouMean(String name, Iterable<String> candidates) {
    String best = closest(name, candidates);
    return best == null ? "" : "; did you mean '" + best + "'?";
  }

  /** Optimal-string-alignment distance, or a value above {@code max} once it must exceed it. */
  static int distance(String a, String b, int max) {
    int[] beforePrevious = new int[b.length() + 1];
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      int rowMin = current[0];
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int d = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d = Math.min(d, beforePrevious[j - 2] + 1);
        }
        current[j] = d;
        rowMin = Math.min(rowMin, d);
      }
      if (rowMin > max) {
        return max + 1;
      }
      int[] swap = beforePrevious;
      beforePrevious = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
