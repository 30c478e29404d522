package dev.torc.sdk;

import dev.torc.model.JavaTask;
import dev.torc.model.JobStatus;
import dev.torc.model.Workflow;
import dev.torc.recovery.workflow.WatchListener;
import dev.torc.run.RunOptions;
import dev.torc.run.RunResult;
import dev.torc.store.FailureInfo;
import dev.torc.store.JobRecord;
import dev.torc.store.WorkflowEvent;
import dev.torc.store.WorkflowRecord;
import dev.torc.store.WorkflowStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The SDK's one entry point: everything the {@code torc} command and the MCP server do is one call
 * here that returns a record. Ids that do not exist, or that belong to another workflow, and bad
 * arguments are refused with an {@link InvalidRequestException} before anything changes.
 *
 * <pre>{@code
 * try (Torc torc = Torc.open(Path.of("torc_output/torc.db"))) {
 *   long id = torc.createWorkflow(CreateRequest.spec(Path.of("wf.yaml")).build()).workflowId();
 *   RunReport report = torc.run(id, RunRequest.builder().build());
 * }
 * }</pre>
 *
 * <p>Not thread-safe: use one instance per thread, or guard it.
 */
public final class Torc implements AutoCloseable {
  // ---- opening -----------------------------------------------------------------------------

  /** Opens (creating when missing) the SQLite store in this file. */
  public static Torc open(Path database) {
    throw new UnsupportedOperationException("skeleton");
  }

  /**
   * A torc over a store the caller opened and will close.
   *
   * @param apiUrl what jobs see as {@code TORC_API_URL}
   */
  public static Torc using(WorkflowStore store, String apiUrl) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** A torc whose store lives only in this process's memory. */
  public static Torc inMemory() {
    throw new UnsupportedOperationException("skeleton");
  }

  /** The store, for what this facade does not cover (the CLI and MCP server never use it). */
  public WorkflowStore store() {
    throw new UnsupportedOperationException("skeleton");
  }

  // ---- workflows ---------------------------------------------------------------------------

  /** Stores a workflow built in code; its Java tasks are remembered for runs through this object. */
  public long submit(Workflow workflow) {
    throw new UnsupportedOperationException("skeleton");
  }

  /**
   * Loads, validates and (unless the request is a dry run) stores a workflow from a spec file, spec
   * text or a built {@link Workflow}.
   */
  public CreatedWorkflow createWorkflow(CreateRequest request) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** The order in which a spec's jobs would become ready: stage by stage. */
  public ExecutionPlan executionPlan(Workflow workflow) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** The order in which a stored workflow's jobs become ready, from their current statuses. */
  public ExecutionPlan executionPlan(long workflowId) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** Every workflow, oldest first. */
  public List<WorkflowRecord> listWorkflows() {
    throw new UnsupportedOperationException("skeleton");
  }

  /** One workflow. */
  public WorkflowRecord getWorkflow(long workflowId) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** Deletes workflows (all checked first) with their jobs, results and events. */
  public List<Long> deleteWorkflows(List<Long> workflowIds) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** Job counts by status, run id and whether the workflow is complete: one count query. */
  public WorkflowStatus status(long workflowId) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** Status plus what a person asks first: failures, pending classifications, resource alerts. */
  public WorkflowSummary summary(long workflowId) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** {@code workflows reset-status}. */
  public ResetOutcome resetStatus(long workflowId, boolean failedOnly) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** {@code workflows reinitialize}: a new run for jobs that are out of date. */
  public Reinitialized reinitialize(long workflowId, boolean dryRun) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** Cancels every job of the workflow that has not ended. */
  public void cancel(long workflowId) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** The workflow's event log, oldest first; {@code kind} null for all. */
  public List<WorkflowEvent> events(long workflowId, String kind) {
    throw new UnsupportedOperationException("skeleton");
  }

  // ---- jobs --------------------------------------------------------------------------------

  /** A workflow's jobs in id order, paged; {@code status} null for all. */
  public JobPage listJobs(long workflowId, JobStatus status, Page page) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** One job with its requirements, latest result and failure records. */
  public JobDetails jobDetails(long jobId) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** One job (its record only). */
  public JobRecord getJob(long jobId) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** The failure analyses of a workflow's attempts; {@code jobId} null for every job. */
  public List<FailureInfo> failures(long workflowId, Long jobId) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** A job's log for one run and attempt (the latest that left a log by default), read safely. */
  public JobLog logs(LogRequest request) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** Failed, canceled and terminated jobs with their last return codes. */
  public FailedJobs failedJobs(long workflowId) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** Jobs awaiting classification, each with the tail of its failed attempt's stderr. */
  public PendingFailedJobs pendingFailedJobs(long workflowId, Path outputDir, int tailLines) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** Classifies pending_failed jobs (retry or fail); with dry run only checks. */
  public Classified classify(ClassifyRequest request) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** Changes one job's CPUs, memory or runtime, within bounds; never a running or ended job. */
  public ResourcesUpdated updateJobResources(ResourceUpdateRequest request) {
    throw new UnsupportedOperationException("skeleton");
  }

  // ---- results and reports -------------------------------------------------------------------

  /** Results with filters, sorting and paging. */
  public ResultPage results(ResultQuery query) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** {@code reports check-resource-utilization}. */
  public UtilizationReport resourceUtilization(UtilizationQuery query) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** Scans the workflow's logs for known error patterns. */
  public LogAnalysis analyzeLogs(long workflowId, Path outputDir) {
    throw new UnsupportedOperationException("skeleton");
  }

  // ---- running and recovering --------------------------------------------------------------

  /** Submits a workflow built in code and runs it to its end with these options. */
  public RunResult run(Workflow workflow, RunOptions options) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** Runs (or resumes) a stored workflow to its end with these options. */
  public RunResult run(long workflowId, RunOptions options) {
    throw new UnsupportedOperationException("skeleton");
  }

  /**
   * Runs a stored workflow to its end, classifying pending_failed jobs by rules (and retrying the
   * transient ones) when the request asks for it.
   */
  public RunReport run(long workflowId, RunRequest request) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** {@code torc watch}: runs and watches until complete, recovering when asked. */
  public WatchReport watch(long workflowId, WatchRequest request, WatchListener listener)
      throws InterruptedException {
    throw new UnsupportedOperationException("skeleton");
  }

  /** {@code torc recover}: settle dead runners, one recovery pass, then (unless asked not) run. */
  public RecoverReport recover(long workflowId, RecoverRequest request) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** The Java tasks registered for a workflow through {@link #submit}. */
  Map<String, JavaTask> tasks(long workflowId) {
    throw new UnsupportedOperationException("skeleton");
  }

  @Override
  public void close() {}
}
