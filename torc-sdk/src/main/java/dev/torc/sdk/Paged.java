package dev.torc.sdk;

import java.util.Map;

/** A result that is one page of a longer list. */
public interface Paged extends JsonView {
  /**
   * How many items matched in all.
   *
   * @return the count before the list was cut
   */
  int total();

  /**
   * The page.
   *
   * @return the page, or {@code null} when it holds every item
   */
  Page page();

  /**
   * How many items this page holds.
   *
   * @return the count
   */
  int size();

  /**
   * Whether items follow this page.
   *
   * @return whether a next page has items
   */
  default boolean hasMore() {
    return (page() == null ? 0 : page().offset()) + size() < total();
  }

  /**
   * {@link #toJson()} with what a client that pages needs: {@code total_count}, {@code offset},
   * {@code limit} and {@code has_more}.
   *
   * @return the page's JSON with those fields added
   */
  default Map<String, Object> toPagedJson() {
    Map<String, Object> json = toJson();
    json.put("total_count", total());
    json.put("offset", page() == null ? 0 : page().offset());
    json.put("limit", page() == null ? total() : page().limit());
    json.put("has_more", hasMore());
    return json;
  }
}
