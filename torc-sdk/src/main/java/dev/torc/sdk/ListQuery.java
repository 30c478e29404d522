package dev.torc.sdk;

/**
 * How a list is cut and ordered, with the options of the original torc's list commands ({@code
 * --limit}, {@code --offset}, {@code --sort-by}, {@code --reverse-sort}).
 *
 * @param limit the most items listed (1 to {@value Page#MAX_LIMIT})
 * @param offset how many items to skip first (0-based)
 * @param sortBy a field of the items' JSON to sort by, or {@code null} for the list's own order
 * @param reverse whether to reverse the order (the list's own order too)
 */
public record ListQuery(int limit, int offset, String sortBy, boolean reverse) {
  /**
   * Checks the limit and offset; a blank {@code sortBy} means none.
   *
   * @param limit the most items listed (1 to {@value Page#MAX_LIMIT})
   * @param offset how many items to skip first (0-based)
   * @param sortBy a field of the items' JSON to sort by, or {@code null} for the list's own order
   * @param reverse whether to reverse the order (the list's own order too)
   */
  public ListQuery {
    if (limit < 1 || limit > Page.MAX_LIMIT) {
      throw new InvalidRequestException(
          "limit must be between 1 and " + Page.MAX_LIMIT + ", was " + limit);
    }
    if (offset < 0) {
      throw new InvalidRequestException("offset must be at least 0, was " + offset);
    }
    if (sortBy != null && sortBy.isBlank()) {
      sortBy = null;
    }
  }

  /**
   * Every item (up to {@value Page#MAX_LIMIT}) in the list's own order.
   *
   * @return the query
   */
  public static ListQuery all() {
    return new ListQuery(Page.MAX_LIMIT, 0, null, false);
  }
}
