package dev.torc.model.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.PatternSyntaxException;

/**
 * Names (of jobs, files or user data) in definition order, with lookups by name and by regex. Each
 * distinct regex is compiled and evaluated once; a regex that is a plain literal is looked up in a
 * hash map instead of matched against every name.
 */
public final class NameIndex {
  private static final int[] NONE = new int[0];

  private final List<String> names;
  private final Map<String, Integer> positions;
  private final Map<String, int[]> matches = new HashMap<>();

  /** Indexes names; the first occurrence of a repeated name wins. */
  public NameIndex(List<String> names) {
    this.names = names;
    this.positions = new HashMap<>(names.size() * 2);
    for (int i = 0; i < names.size(); i++) {
      positions.putIfAbsent(names.get(i), i);
    }
  }

  /**
   * Indexes names whose positions are already known.
   *
   * @param positions each name to its position in {@code names}
   */
  public NameIndex(List<String> names, Map<String, Integer> positions) {
    this.names = names;
    this.positions = positions;
  }

  /** The position of a name, or -1. */
  public int indexOf(String name) {
    Integer position = positions.get(name);
    return position == null ? -1 : position;
  }

  /** The name at a position. */
  public String name(int position) {
    return names.get(position);
  }

  /** The names, in definition order. */
  public List<String> names() {
    return names;
  }

  /**
   * The positions, in ascending order, of the names the regex matches in full.
   *
   * @param budget the steps matching may take
   * @throws PatternSyntaxException when the regex is invalid
   * @throws BudgetExceeded when matching takes more steps than the budget allows
   */
  public int[] matching(String regex, RegexBudget budget) {
    int[] cached = matches.get(regex);
    if (cached != null) {
      return cached;
    }
    int[] result;
    String literal = Regexes.literalOf(regex);
    if (literal != null) {
      Integer position = positions.get(literal);
      result = position == null ? NONE : new int[] {position};
    } else {
      Matcher matcher = RegexBudget.compile(regex).matcher("");
      int[] found = new int[8];
      int count = 0;
      for (int i = 0; i < names.size(); i++) {
        if (budget.matches(matcher, names.get(i))) {
          if (count == found.length) {
            found = Arrays.copyOf(found, count * 2);
          }
          found[count++] = i;
        }
      }
      result = Arrays.copyOf(found, count);
    }
    matches.put(regex, result);
    return result;
  }
}
