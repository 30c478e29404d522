package dev.torc.run;

import dev.torc.model.JobStatus;
import dev.torc.model.WorkflowAction;
import dev.torc.run.internal.ActionExecution;
import dev.torc.store.StoredAction;
import dev.torc.store.WorkflowStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a workflow's action triggers for one runner (or for a submit) and fires the actions whose
 * moment came. Whether an action may fire is decided by the store ({@link
 * dev.torc.store.ActionLedger#claimActionFiring}), so a non-persistent action fires once per run
 * whatever runners watch it and however often they restart, and a persistent one once per runner.
 * Actions run on a thread of their own, so a slow command does not hold up the jobs; {@link
 * #close()} waits for them.
 *
 * <p>Triggers: {@code on_workflow_start} is due at once; {@code on_jobs_ready} once none of its
 * jobs is blocked any more (and not all of them were canceled or disabled); {@code
 * on_jobs_complete} once all of its jobs have ended; {@code on_workflow_complete} once every job of
 * the workflow has ended. Not thread-safe: one thread calls {@link #check(boolean)}.
 */
public final class ActionTriggers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ActionTriggers.class);
  private static final Duration CHECK_INTERVAL = Duration.ofMillis(500);

  /**
   * Where actions run and what they see.
   *
   * @param outputDirectory the directory commands run in and write their logs under
   * @param apiUrl where the workflow's store is, as jobs see it in {@code TORC_API_URL}; started
   *     workers open it
   */
  public record Context(Path outputDirectory, String apiUrl) {
    /**
     * Makes the output directory absolute; the API URL is required.
     *
     * @param outputDirectory the directory commands run in and write their logs under
     * @param apiUrl where the workflow's store is, as jobs see it in {@code TORC_API_URL}; started
     *     workers open it
     */
    public Context {
      outputDirectory = outputDirectory.toAbsolutePath();
      Objects.requireNonNull(apiUrl, "apiUrl");
    }

    /** {@return the store as {@code --database} takes it} */
    public String databaseLocation() {
      return apiUrl.startsWith("sqlite:") ? apiUrl.substring("sqlite:".length()) : apiUrl;
    }
  }

  private final WorkflowStore store;
  private final long workflowId;
  private final long runnerId;
  private final Context context;
  private final List<StoredAction> actions;
  private final ExecutorService worker;
  private final Set<Integer> done = new HashSet<>();
  private int doneRun = -1;
  private long lastCheckNanos;
  private boolean checkedOnce;

  /**
   * Triggers for one runner, or for a submit; reads the workflow's actions once.
   *
   * @param store the store that holds the workflow
   * @param workflowId the workflow
   * @param runnerId the runner that watches, or 0 for none (a submit): persistent actions fire once
   *     for each runner id
   * @param context where actions run and what they see
   */
  public ActionTriggers(WorkflowStore store, long workflowId, long runnerId, Context context) {
    this.store = Objects.requireNonNull(store, "store");
    this.workflowId = workflowId;
    this.runnerId = runnerId;
    this.context = Objects.requireNonNull(context, "context");
    this.actions = store.listActions(workflowId);
    this.worker =
        actions.isEmpty()
            ? null
            : Executors.newSingleThreadExecutor(
                r -> {
                  Thread t = new Thread(r, "torc-actions-wf" + workflowId);
                  t.setDaemon(true);
                  return t;
                });
  }

  /** {@return whether the workflow has any action} */
  public boolean any() {
    return !actions.isEmpty();
  }

  /**
   * Fires the actions whose trigger is due and that nobody fired before.
   *
   * @param now whether to look at once; otherwise the store is asked at most twice a second
   * @return how many actions this call fired
   */
  public int check(boolean now) {
    return check(now, null);
  }

  /**
   * Fires only the {@code on_workflow_start} actions, as a submit does.
   *
   * @return how many actions this call fired
   */
  public int fireWorkflowStart() {
    return check(true, WorkflowAction.Trigger.ON_WORKFLOW_START);
  }

  private int check(boolean now, WorkflowAction.Trigger only) {
    if (actions.isEmpty()) {
      return 0;
    }
    long nanos = System.nanoTime();
    if (!now && checkedOnce && nanos - lastCheckNanos < CHECK_INTERVAL.toNanos()) {
      return 0;
    }
    checkedOnce = true;
    lastCheckNanos = nanos;
    int runId = store.getWorkflow(workflowId).runId();
    if (runId != doneRun) {
      done.clear();
      doneRun = runId;
    }
    if (done.size() == actions.size()) {
      return 0;
    }
    Map<JobStatus, Integer> workflowCounts = null;
    int fired = 0;
    for (StoredAction stored : actions) {
      WorkflowAction action = stored.action();
      if (done.contains(stored.index()) || (only != null && action.trigger() != only)) {
        continue;
      }
      boolean due;
      switch (action.trigger()) {
        case ON_WORKFLOW_START -> due = true;
        case ON_WORKFLOW_COMPLETE -> {
          if (workflowCounts == null) {
            workflowCounts = store.countJobsByStatus(workflowId);
          }
          due = allEnded(workflowCounts);
        }
        case ON_JOBS_READY -> due = allReady(store.countJobsByStatus(workflowId, stored.jobIds()));
        case ON_JOBS_COMPLETE ->
            due = allEnded(store.countJobsByStatus(workflowId, stored.jobIds()));
        default -> throw new IllegalStateException("unknown trigger " + action.trigger());
      }
      if (!due) {
        continue;
      }
      done.add(stored.index());
      long key = action.persistent() ? runnerId : 0;
      String message =
          "action #"
              + (stored.index() + 1)
              + " ("
              + action.describe()
              + ") fired in run "
              + runId
              + (runnerId == 0 ? " by a submit" : " by runner " + runnerId);
      if (store.claimActionFiring(workflowId, stored.index(), runId, key, message)) {
        LOG.info("workflow {}: {}", workflowId, message);
        fired++;
        ActionExecution execution =
            new ActionExecution(store, workflowId, stored, runId, key, context);
        worker.execute(execution::run);
      }
    }
    return fired;
  }

  private static boolean allEnded(Map<JobStatus, Integer> counts) {
    return counts.keySet().stream().allMatch(JobStatus::isTerminal);
  }

  private static boolean allReady(Map<JobStatus, Integer> counts) {
    if (counts.containsKey(JobStatus.BLOCKED) || counts.containsKey(JobStatus.UNINITIALIZED)) {
      return false;
    }
    return counts.keySet().stream()
        .anyMatch(s -> s != JobStatus.CANCELED && s != JobStatus.DISABLED);
  }

  /** Waits for the actions that fired to end. */
  @Override
  public void close() {
    if (worker == null) {
      return;
    }
    worker.shutdown();
    try {
      while (!worker.awaitTermination(1, TimeUnit.MINUTES)) {
        LOG.info("workflow {}: waiting for its actions to end", workflowId);
      }
    } catch (InterruptedException e) {
      worker.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
