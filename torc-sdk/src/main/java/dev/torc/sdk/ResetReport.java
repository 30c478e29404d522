package dev.torc.sdk;

import java.util.Map;

/**
 * {@code workflows reset-status}, optionally followed by a reinitialize ({@code --reinitialize}).
 *
 * @param reset what the reset did
 * @param reinitialized the new run, or {@code null} when none was asked for
 */
public record ResetReport(ResetOutcome reset, Reinitialized reinitialized) implements JsonView {
  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = reset.toJson();
    json.put("reinitialized", reinitialized == null ? null : reinitialized.toJson());
    return json;
  }
}
