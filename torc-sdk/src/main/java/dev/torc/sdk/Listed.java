package dev.torc.sdk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A list of records as JSON objects under one key, such as {@code {"files": [...]}}, with how many
 * matched before the list was cut.
 *
 * @param key the JSON key the items go under
 * @param items the items listed
 * @param total how many items matched in all
 */
public record Listed(String key, List<Map<String, Object>> items, int total) implements JsonView {
  /**
   * Copies the list.
   *
   * @param key the JSON key the items go under
   * @param items the items listed
   * @param total how many items matched in all
   */
  public Listed {
    items = List.copyOf(items);
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put(key, items);
    json.put("total_count", total);
    return json;
  }
}
