package dev.torc.sdk.internal;

import dev.torc.sdk.InvalidRequestException;
import dev.torc.sdk.ListQuery;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Sorts a list by a field of its items' JSON and cuts out the page a {@link ListQuery} asks. */
public final class Listing {
  private Listing() {}

  /**
   * The items the query selects.
   *
   * @param view each item's JSON, whose fields can be sorted by
   * @throws InvalidRequestException when the query sorts by a field the items do not have
   */
  public static <T> List<T> apply(
      List<T> items, Function<T, Map<String, Object>> view, ListQuery query) {
    List<T> ordered = new ArrayList<>(items);
    if (query.sortBy() != null && !ordered.isEmpty()) {
      String field = query.sortBy();
      Map<String, Object> first = view.apply(ordered.get(0));
      if (!first.containsKey(field)) {
        throw new InvalidRequestException(
            "cannot sort by '" + field + "'; fields: " + String.join(", ", first.keySet()));
      }
      ordered.sort(Comparator.comparing(item -> view.apply(item).get(field), Listing::compare));
    }
    if (query.reverse()) {
      Collections.reverse(ordered);
    }
    int from = Math.min(ordered.size(), query.offset());
    int to = (int) Math.min(ordered.size(), (long) from + query.limit());
    return List.copyOf(ordered.subList(from, to));
  }

  /** Numbers by value, text and others by their text; {@code null} last. */
  private static int compare(Object a, Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : 1) : -1;
    }
    if (a instanceof Number x && b instanceof Number y) {
      return Double.compare(x.doubleValue(), y.doubleValue());
    }
    if (a instanceof Boolean x && b instanceof Boolean y) {
      return Boolean.compare(x, y);
    }
    return a.toString().compareTo(b.toString());
  }
}
