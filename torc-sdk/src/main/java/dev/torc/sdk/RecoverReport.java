package dev.torc.sdk;

import dev.torc.recovery.workflow.RecoveryReport;
import dev.torc.recovery.workflow.RightSized;
import dev.torc.run.RunResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link Torc#recover} did.
 *
 * @param outcome how it ended
 * @param settled jobs left by a dead runner that were settled first
 * @param classified pending_failed jobs the classifier resolved before the pass
 * @param report the recovery pass
 * @param run the run after the pass, or {@code null} when there was none
 * @param rightSized jobs that completed in that run with headroom after a memory kill and got their
 *     requirements from their measured peaks
 */
public record RecoverReport(
    Outcome outcome,
    int settled,
    int classified,
    RecoveryReport report,
    RunReport run,
    List<RightSized> rightSized)
    implements JsonView {

  /**
   * Copies the list.
   *
   * @param outcome how it ended
   * @param settled jobs left by a dead runner that were settled first
   * @param classified pending_failed jobs the classifier resolved before the pass
   * @param report the recovery pass
   * @param run the run after the pass, or {@code null} when there was none
   * @param rightSized jobs that completed in that run with headroom after a memory kill and got
   *     their requirements from their measured peaks
   */
  public RecoverReport {
    rightSized = List.copyOf(rightSized);
  }

  /**
   * A recovery without right-sized jobs.
   *
   * @param outcome how it ended
   * @param settled jobs left by a dead runner that were settled first
   * @param classified pending_failed jobs the classifier resolved before the pass
   * @param report the recovery pass
   * @param run the run after the pass, or {@code null} when there was none
   */
  public RecoverReport(
      Outcome outcome, int settled, int classified, RecoveryReport report, RunReport run) {
    this(outcome, settled, classified, report, run, List.of());
  }

  /** How a recovery ended. */
  public enum Outcome {
    /** No job had failed (after settling dead runners); nothing ran. */
    NOTHING_TO_RECOVER,
    /** Jobs failed, but none could be recovered. */
    NOT_RECOVERABLE,
    /** A dry run: what would change was computed, nothing changed. */
    DRY_RUN,
    /** Jobs were reset, and not run as asked. */
    RESET,
    /** Jobs were reset (or settled) and the workflow ran again. */
    RAN
  }

  /**
   * The last run's result, or {@code null}.
   *
   * @return the run's result, or {@code null} when there was no run
   */
  public RunResult runResult() {
    return run == null ? null : run.result();
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = JsonViews.recovery(report);
    if (run != null) {
      json.put("run_status", run.result().outcome().name().toLowerCase(Locale.ROOT));
    }
    json.put(
        "right_sized",
        rightSized.stream()
            .map(
                r -> {
                  Map<String, Object> job = new LinkedHashMap<>();
                  job.put("job_id", r.jobId());
                  job.put("job_name", r.jobName());
                  job.put("killed_at", r.killedAt().text());
                  job.put("ran_with", r.ranWith().text());
                  job.put("peak", r.peak().text());
                  job.put("memory", r.requirement().text());
                  return job;
                })
            .toList());
    return json;
  }
}
