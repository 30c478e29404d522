package dev.torc.sdk;

import dev.torc.recovery.workflow.PolicyReplay;
import dev.torc.recovery.workflow.WhatIfPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a recovery policy would have done with a workflow's recorded failures ({@link Torc#whatIf});
 * nothing was changed.
 *
 * @param replay the replay, per job that failed at least once
 */
public record WhatIfReport(PolicyReplay.Report replay) implements JsonView {
  /** The end states counted in the summary, in order. */
  public static final List<String> STATES =
      List.of("completed", "failed", "pending_failed", PolicyReplay.UNKNOWN);

  /**
   * Checks that the replay is given.
   *
   * @param replay the replay, per job that failed at least once
   */
  public WhatIfReport {
    Objects.requireNonNull(replay, "replay");
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("workflow_id", replay.workflowId());
    json.put("policy", policy(replay.policy()));
    json.put(
        "jobs",
        replay.jobs().stream()
            .map(
                j -> {
                  Map<String, Object> job = new LinkedHashMap<>();
                  job.put("id", j.jobId());
                  job.put("name", j.name());
                  job.put("first_cause", j.firstCause());
                  job.put("actions", j.actions());
                  job.put("attempts", j.attempts());
                  job.put("resizes", j.resizes());
                  job.put("final_state", j.finalState());
                  job.put("memory", j.requirement());
                  job.put("recorded_status", j.recordedState());
                  job.put("recorded_attempts", j.recordedAttempts());
                  return job;
                })
            .toList());
    Map<String, Object> summary = new LinkedHashMap<>();
    STATES.forEach(s -> summary.put(s, replay.count(s)));
    summary.put("never_failed", replay.neverFailed());
    summary.put("attempts", replay.attempts());
    summary.put("recorded_attempts", replay.recordedAttempts());
    json.put("summary", summary);
    return json;
  }

  private static Map<String, Object> policy(WhatIfPolicy p) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("memory_multiplier", p.memoryMultiplier());
    json.put("runtime_multiplier", p.runtimeMultiplier());
    json.put("oom_headroom", p.oomSizing().headroomFactor());
    json.put("oom_margin", p.oomSizing().margin());
    json.put("retry_unknown", p.retryUnknown());
    json.put("retry_causes", p.retryCauses().stream().map(c -> c.label()).sorted().toList());
    Map<String, Object> budgets = new LinkedHashMap<>();
    p.budgets().budgets().forEach((c, b) -> budgets.put(c.label(), b));
    json.put("budgets", budgets);
    json.put("max_memory", p.maxMemory() == null ? null : p.maxMemory().text());
    json.put("max_runtime", p.maxRuntime() == null ? null : p.maxRuntime().toString());
    json.put("max_passes", p.maxPasses());
    return json;
  }
}
