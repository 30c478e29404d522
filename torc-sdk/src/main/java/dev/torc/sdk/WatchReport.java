package dev.torc.sdk;

import dev.torc.recovery.workflow.WatchResult;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How {@link Torc#watch} ended, with its recovery passes.
 *
 * @param result the watch's result: its outcome, runs and recovery passes
 */
public record WatchReport(WatchResult result) implements JsonView {

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("workflow_id", result.workflowId());
    json.put("outcome", result.outcome().name().toLowerCase(Locale.ROOT));
    json.put("recovery_passes", result.passes().size());
    json.put("job_counts", JsonViews.counts(result.counts()));
    json.put("passes", result.passes().stream().map(JsonViews::recovery).toList());
    return json;
  }
}
