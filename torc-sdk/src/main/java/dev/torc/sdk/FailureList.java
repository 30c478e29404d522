package dev.torc.sdk;

import dev.torc.store.FailureInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The analyses of failed attempts.
 *
 * @param failures the analyses
 */
public record FailureList(List<FailureInfo> failures) implements JsonView {
  /**
   * Copies the list.
   *
   * @param failures the analyses
   */
  public FailureList {
    failures = List.copyOf(failures);
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("failures", failures.stream().map(JsonViews::failure).toList());
    return json;
  }
}
