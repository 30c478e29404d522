package dev.torc.sdk;

import dev.torc.recovery.workflow.RecoveryReport;
import dev.torc.run.RunResult;
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
 */
public record RecoverReport(
    Outcome outcome, int settled, int classified, RecoveryReport report, RunReport run)
    implements JsonView {

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

  /** The last run's result, or {@code null}. */
  public RunResult runResult() {
    return run == null ? null : run.result();
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = JsonViews.recovery(report);
    if (run != null) {
      json.put("run_status", run.result().outcome().name().toLowerCase(Locale.ROOT));
    }
    return json;
  }
}
