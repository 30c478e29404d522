package dev.torc.sdk;

import dev.torc.TorcException;
import dev.torc.diagnosis.JobLogs;
import dev.torc.diagnosis.ResourceDiagnosis;
import dev.torc.diagnosis.Results;
import dev.torc.exec.MachineResources;
import dev.torc.model.JobSpec;
import dev.torc.model.JobStatus;
import dev.torc.model.Memory;
import dev.torc.model.ResourceRequirements;
import dev.torc.model.Workflow;
import dev.torc.recovery.workflow.AutoSchedule;
import dev.torc.recovery.workflow.PolicyReplay;
import dev.torc.recovery.workflow.RecoveryHook;
import dev.torc.recovery.workflow.RecoveryReport;
import dev.torc.recovery.workflow.RuleSuggestions;
import dev.torc.recovery.workflow.WatchListener;
import dev.torc.recovery.workflow.WatchResult;
import dev.torc.recovery.workflow.WhatIfPolicy;
import dev.torc.recovery.workflow.WorkflowDriver;
import dev.torc.recovery.workflow.WorkflowRecovery;
import dev.torc.recovery.workflow.WorkflowWatch;
import dev.torc.run.ActionTriggers;
import dev.torc.run.JobRunner;
import dev.torc.run.NodeRequest;
import dev.torc.run.NodeScheduler;
import dev.torc.run.PendingFailures;
import dev.torc.run.Reinitialization;
import dev.torc.run.RunOptions;
import dev.torc.run.RunResult;
import dev.torc.sdk.internal.Audit;
import dev.torc.sdk.internal.AuditedWatch;
import dev.torc.sdk.internal.BoundedLogs;
import dev.torc.sdk.internal.Listing;
import dev.torc.sdk.internal.LogChoice;
import dev.torc.sdk.internal.LogScan;
import dev.torc.sdk.internal.PlotPage;
import dev.torc.sdk.internal.ResourceBounds;
import dev.torc.sdk.internal.ResourceCorrection;
import dev.torc.sdk.internal.ResultOrder;
import dev.torc.sdk.internal.RunningGuard;
import dev.torc.sdk.internal.SchedulerRegeneration;
import dev.torc.sdk.internal.SlurmWatchStep;
import dev.torc.sdk.internal.SpecExport;
import dev.torc.sdk.internal.SpecFiles;
import dev.torc.sdk.internal.Stages;
import dev.torc.spec.WorkflowSpecs;
import dev.torc.store.FailureInfo;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import dev.torc.store.Stores;
import dev.torc.store.WorkflowEvent;
import dev.torc.store.WorkflowRecord;
import dev.torc.store.WorkflowStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The SDK's one entry point: everything the {@code torc} command and the MCP server do is one call
 * here that returns a record. Ids that do not exist, or that belong to another workflow, and
 * arguments out of bounds are refused with an {@link InvalidRequestException} before anything
 * changes. Every change names who asked for it ({@code actor}) and why in the workflow's event log.
 *
 * <p>Bounds, all checked here so that every client gets them:
 *
 * <ul>
 *   <li>{@link #updateJobResources} and retries with new resources in {@link #classify} never ask
 *       for more CPUs or memory than the machine ceiling (this machine's, or the one set with
 *       {@link Builder#machine}), and change each value by at most {@link Builder#maxResourceFactor
 *       the resource factor} (default {@value #DEFAULT_RESOURCE_FACTOR}x up or down) per call;
 *   <li>logs are read only from inside the output directory named in the request (real paths: no
 *       {@code ..} and no symbolic link leads out), at most {@value #MAX_TAIL_LINES} lines and
 *       {@link Builder#maxLogBytes} bytes (default {@value #DEFAULT_MAX_LOG_BYTES});
 *   <li>lists are paged or capped: results at most {@value Page#MAX_LIMIT} per page, job lists of
 *       failures at most {@value #MAX_LISTED_JOBS};
 *   <li>{@link #saveSpec} writes only under its root directory and never over an existing file.
 * </ul>
 *
 * <pre>{@code
 * try (Torc torc = Torc.open(Path.of("output/torc.db"))) {
 *   long id = torc.createWorkflow(CreateRequest.spec(Path.of("wf.yaml")).build()).workflowId();
 *   RunReport report = torc.run(id, RunRequest.builder().build());
 * }
 * }</pre>
 *
 * <p>Not thread-safe: use one instance per thread, or guard it.
 */
public final class Torc implements AutoCloseable {
  /** How much one call may scale a job's CPUs, memory or runtime, up or down, by default. */
  public static final double DEFAULT_RESOURCE_FACTOR = 4.0;

  /** The most lines a log tail returns. */
  public static final int MAX_TAIL_LINES = 10_000;

  /** The most bytes of a log a call returns by default; the end of the log is kept. */
  public static final int DEFAULT_MAX_LOG_BYTES = 1 << 20;

  /** The most jobs a list of failed or pending_failed jobs names; its count covers all. */
  public static final int MAX_LISTED_JOBS = 100;

  /** The lines of stderr a pending_failed job shows by default. */
  public static final int STDERR_TAIL_LINES = 50;

  /** The most bytes of stderr each job of {@link #pendingFailedJobs} shows; the end is kept. */
  public static final int STDERR_TAIL_MAX_BYTES = 8 * 1024;

  /** Event kind of a change a client asked for, naming who and why. */
  public static final String EVENT_REQUEST = Audit.KIND;

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Torc.class);

  private final WorkflowStore store;
  private final boolean ownsStore;
  private final String apiUrl;
  private final MachineResources ceiling;
  private MachineResources detected;
  private final double resourceFactor;
  private final Path saveRoot;
  private final Path outputDir;
  private final int maxLogBytes;

  /** Workflows with Java tasks submitted through this object, by id: their tasks run here. */
  private final Map<Long, Workflow> withJavaTasks = new LinkedHashMap<>();

  private Torc(Builder b) {
    this.store = b.store;
    this.ownsStore = b.ownsStore;
    this.apiUrl = b.apiUrl;
    this.ceiling = b.machine;
    this.resourceFactor = b.resourceFactor;
    this.saveRoot = b.saveRoot;
    this.outputDir = b.outputDir;
    this.maxLogBytes = b.maxLogBytes;
  }

  // ---- opening -----------------------------------------------------------------------------

  /**
   * Opens (creating when missing) the SQLite store in this file.
   *
   * @param database the SQLite file
   * @return a torc that closes the store when it is closed
   */
  public static Torc open(Path database) {
    return builder().database(database).build();
  }

  /**
   * Opens the store at this location: a SQLite file's path, or a PostgreSQL URL ({@code
   * postgresql://USER@HOST[:PORT]/DB[?schema=NAME]} or {@code jdbc:postgresql://...}).
   *
   * @param location a SQLite file's path or a PostgreSQL URL
   * @return a torc that closes the store when it is closed
   * @see Stores#open(String)
   */
  public static Torc open(String location) {
    return builder().database(location).build();
  }

  /**
   * A torc over a store the caller opened and will close.
   *
   * @param store the store; the torc does not close it
   * @param apiUrl what jobs see as {@code TORC_API_URL}
   * @return the torc
   */
  public static Torc using(WorkflowStore store, String apiUrl) {
    return builder().store(store, apiUrl).build();
  }

  /**
   * A torc whose store lives only in this process's memory.
   *
   * @return a torc with an empty store of its own
   */
  public static Torc inMemory() {
    return builder().inMemory().build();
  }

  /**
   * A builder, to set the store and the bounds.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The store, for what this facade does not cover (the CLI and MCP server never use it).
   *
   * @return the store this torc reads and writes
   */
  public WorkflowStore store() {
    return store;
  }

  /**
   * The output directory logs are read from when a request names none.
   *
   * @return the default output directory
   */
  public Path outputDir() {
    return outputDir;
  }

  /**
   * The most CPUs and memory a job may ask for through this torc.
   *
   * @return the configured ceiling, else this machine's resources
   */
  public MachineResources machine() {
    if (ceiling != null) {
      return ceiling;
    }
    if (detected == null) {
      detected = MachineResources.detect();
    }
    return detected;
  }

  private ResourceBounds bounds() {
    return new ResourceBounds(machine(), resourceFactor);
  }

  // ---- workflows ---------------------------------------------------------------------------

  /**
   * Stores a workflow built in code; its Java tasks are remembered for runs through this object.
   *
   * @param workflow the workflow to store
   * @return the new workflow's id
   */
  public long submit(Workflow workflow) {
    long id = store.createWorkflow(workflow);
    if (workflow.jobs().stream().anyMatch(JobSpec::isJavaTask)) {
      withJavaTasks.put(id, workflow);
    }
    return id;
  }

  /**
   * Loads, validates and (unless the request is a dry run) stores a workflow from a spec file, spec
   * text or a built {@link Workflow}.
   *
   * @param request the spec and how to create it
   * @return the workflow, its id (none for a dry run) and its execution plan
   * @throws InvalidRequestException when the spec file does not exist
   * @throws dev.torc.model.SpecException naming every problem of an invalid spec
   */
  public CreatedWorkflow createWorkflow(CreateRequest request) {
    Workflow workflow;
    if (request.specFile() != null) {
      if (!Files.isRegularFile(request.specFile())) {
        throw new InvalidRequestException("spec file not found: " + request.specFile());
      }
      workflow = WorkflowSpecs.load(request.specFile());
    } else if (request.specText() != null) {
      workflow = WorkflowSpecs.parse(request.specText(), request.format(), "spec");
    } else {
      workflow = request.workflow();
    }
    if (request.user() != null) {
      workflow = workflow.withUser(request.user());
    } else if (workflow.user() == null && request.defaultUser() != null) {
      workflow = workflow.withUser(request.defaultUser());
    }
    ExecutionPlan plan = executionPlan(workflow);
    if (request.dryRun()) {
      return new CreatedWorkflow(null, workflow, true, List.of(), plan);
    }
    long id = submit(workflow);
    List<JobRecord> jobs =
        workflow.jobs().size() <= CreatedWorkflow.JOBS_LISTED
            ? store.listJobs(id, null)
            : List.of();
    return new CreatedWorkflow(id, workflow, false, jobs, plan);
  }

  /**
   * {@code torc submit}: fires the workflow's {@code on_workflow_start} actions that have not fired
   * in its current run (its jobs were initialized when it was created), such as {@code
   * schedule_nodes} actions that start the workers which then run it. Waits for the actions to end
   * (a worker started is not waited for).
   *
   * @param workflowId the workflow
   * @param outputDirectory where actions run and write their logs, and workers write job logs
   * @param created whether the caller created the workflow just before, for the record
   * @return how many actions the workflow has and how many fired
   * @throws dev.torc.store.StoreException when there is no such workflow
   */
  public Submitted submitWorkflow(long workflowId, Path outputDirectory, boolean created) {
    store.getWorkflow(workflowId);
    int fired;
    int actions;
    try (ActionTriggers triggers =
        new ActionTriggers(
            store, workflowId, 0, new ActionTriggers.Context(outputDirectory, apiUrl))) {
      fired = triggers.fireWorkflowStart();
    }
    actions = store.listActions(workflowId).size();
    return new Submitted(workflowId, created, actions, fired);
  }

  /**
   * {@code torc submit-slurm}: generates the spec's Slurm schedulers and actions on the HPC profile
   * ({@link Hpc#generateSchedulers}), creates the workflow and submits it ({@link
   * #submitWorkflow}), so that its {@code on_workflow_start} allocations are requested.
   *
   * @param hpc the HPC profiles to choose from
   * @param spec the spec file
   * @param profileName the HPC profile, or {@code null} for the detected one
   * @param options how to plan the schedulers: account, grouping, walltimes and actions
   * @param outputDirectory where actions run and write their logs, and workers write job logs
   * @return the new workflow and the actions that fired
   * @throws InvalidRequestException when the profile is unknown or a job fits no partition
   */
  public Submitted submitSlurm(
      Hpc hpc,
      Path spec,
      String profileName,
      dev.torc.slurm.hpc.SchedulerPlanner.Options options,
      Path outputDirectory) {
    Workflow generated = hpc.generateSchedulers(spec, profileName, options);
    long id =
        createWorkflow(CreateRequest.workflow(generated).defaultUser(System.getenv("USER")).build())
            .workflowId();
    return submitWorkflow(id, outputDirectory, true);
  }

  /**
   * Writes a valid spec to a new file under the save root (see {@link Builder#saveRoot}); the
   * format follows the file's extension.
   *
   * @param specText the spec, in the format the file's extension names
   * @param path where, relative to the save root (or absolute, inside it)
   * @return the file written and its size
   * @throws InvalidRequestException when the path leads outside the root or the file exists
   * @throws dev.torc.model.SpecException when the text is not a valid spec
   */
  public SavedSpec saveSpec(String specText, Path path) {
    Objects.requireNonNull(specText, "specText");
    Path written = SpecFiles.save(saveRoot, specText, path);
    return new SavedSpec(written, specText.getBytes(StandardCharsets.UTF_8).length);
  }

  /**
   * The order in which a spec's jobs would become ready: stage by stage.
   *
   * @param workflow the workflow, not stored
   * @return its stages
   */
  public ExecutionPlan executionPlan(Workflow workflow) {
    Map<String, List<String>> deps = new LinkedHashMap<>();
    for (JobSpec job : workflow.jobs()) {
      deps.put(job.name(), job.dependsOn());
    }
    return plan(null, workflow.name(), deps, Set.of());
  }

  /**
   * The order in which a stored workflow's jobs that have not ended become ready, from their
   * current statuses.
   *
   * @param workflowId the workflow
   * @return the stages of its jobs that have not ended
   */
  public ExecutionPlan executionPlan(long workflowId) {
    WorkflowRecord workflow = workflow(workflowId);
    Map<String, List<String>> deps = new LinkedHashMap<>();
    Set<String> done = new HashSet<>();
    for (JobRecord job : store.listJobs(workflowId, null)) {
      if (job.status().isTerminal()) {
        done.add(job.name());
      } else {
        deps.put(job.name(), job.dependsOn());
      }
    }
    return plan(workflowId, workflow.name(), deps, done);
  }

  private static ExecutionPlan plan(
      Long workflowId, String name, Map<String, List<String>> deps, Set<String> done) {
    List<List<String>> stages = Stages.of(deps, done);
    List<ExecutionPlan.Stage> planned = new ArrayList<>();
    for (int i = 0; i < stages.size(); i++) {
      List<String> jobs = stages.get(i);
      planned.add(
          new ExecutionPlan.Stage(
              i + 1,
              jobs.size(),
              jobs.subList(0, Math.min(jobs.size(), ExecutionPlan.NAMES_PER_STAGE))));
    }
    return new ExecutionPlan(workflowId, name, deps.size(), planned);
  }

  /**
   * Every workflow, oldest first.
   *
   * @return every workflow of the store
   */
  public WorkflowList listWorkflows() {
    return new WorkflowList(store.listWorkflows());
  }

  /**
   * One workflow.
   *
   * @param workflowId the workflow
   * @return its record
   */
  public WorkflowRecord getWorkflow(long workflowId) {
    return workflow(workflowId);
  }

  /**
   * Deletes workflows (all checked first) with their jobs, results and events.
   *
   * @param workflowIds the workflows to delete
   * @return the ids deleted
   * @throws WorkflowRunningException when runners are running one of them; nothing was deleted
   */
  public Deleted deleteWorkflows(List<Long> workflowIds) {
    return deleteWorkflows(workflowIds, false, null);
  }

  /**
   * Deletes workflows (all checked first) with their jobs, results and events; with {@code
   * cancelRunning}, a workflow that runners are running is canceled first (as {@code actor}'s
   * request) and deleted once they stopped.
   *
   * @param workflowIds the workflows to delete
   * @param cancelRunning whether to cancel a running workflow instead of refusing
   * @param actor who asks, recorded in the workflow's event log ({@code null}: unknown)
   * @return the ids deleted
   * @throws WorkflowRunningException when runners are running one of them and {@code cancelRunning}
   *     is false (nothing was deleted), or they did not stop after the cancel
   */
  public Deleted deleteWorkflows(List<Long> workflowIds, boolean cancelRunning, String actor) {
    workflowIds.forEach(this::workflow);
    if (!cancelRunning) {
      workflowIds.forEach(id -> RunningGuard.requireStopped(store, id, "delete", false, actor));
    }
    for (long id : workflowIds) {
      RunningGuard.requireStopped(store, id, "delete", cancelRunning, actor);
      store.deleteWorkflow(id);
    }
    return new Deleted(workflowIds);
  }

  /**
   * Job counts by status, run id and whether the workflow is complete: two store queries. It only
   * reads, so another thread may call it while this torc runs the workflow (as a progress line
   * does).
   *
   * @param workflowId the workflow
   * @return its job counts by status
   */
  public WorkflowStatus status(long workflowId) {
    WorkflowRecord workflow = workflow(workflowId);
    return new WorkflowStatus(workflow, store.countJobsByStatus(workflowId));
  }

  /**
   * Status plus what a person asks first: failed jobs, pending classifications, results.
   *
   * @param workflowId the workflow
   * @return the status, the failed jobs, and the count and total minutes of the current run's
   *     results
   */
  public WorkflowSummary summary(long workflowId) {
    WorkflowStatus status = status(workflowId);
    int run = status.workflow().runId();
    List<JobResult> current =
        store.listResults(workflowId).stream().filter(r -> r.runId() == run).toList();
    double minutes = current.stream().mapToDouble(JobResult::execTimeMinutes).sum();
    return new WorkflowSummary(status, failedJobs(status.workflow()), current.size(), minutes);
  }

  /**
   * {@code workflows update}: a new name, description, owner or project ({@code null} keeps the
   * value); jobs, runs and statuses are untouched.
   *
   * @param workflowId the workflow
   * @param name the new name, or {@code null}
   * @param description the new description, or {@code null}
   * @param user the new owner, or {@code null}
   * @param project the new project, or {@code null}
   * @param actor who asks, recorded in the workflow's event log ({@code null}: unknown)
   * @return the workflow as changed
   * @throws InvalidRequestException for an unknown workflow or when nothing is to change
   */
  public WorkflowRecord updateWorkflow(
      long workflowId, String name, String description, String user, String project, String actor) {
    workflow(workflowId);
    if (name == null && description == null && user == null && project == null) {
      throw new InvalidRequestException("nothing to change");
    }
    if (name != null && name.isBlank()) {
      throw new InvalidRequestException("a workflow's name cannot be empty");
    }
    store.updateWorkflow(workflowId, name, description, user, project);
    Audit.record(store, workflowId, null, "updated the workflow", actor, "workflows update");
    return workflow(workflowId);
  }

  /**
   * {@code workflows is-complete}: whether no job is left to run, and whether it was canceled.
   *
   * @param workflowId the workflow
   * @return whether it is complete and whether it was canceled
   */
  public Completion isComplete(long workflowId) {
    WorkflowStatus status = status(workflowId);
    return new Completion(workflowId, status.complete(), status.workflow().canceled());
  }

  /**
   * Workflows owned by {@code user} and those without an owner ({@code user} {@code null} for every
   * workflow), oldest first, cut and ordered by the query (sort fields: those of {@link
   * JsonViews#workflow}).
   *
   * @param user the owner, or {@code null} for every workflow
   * @param query how to cut and order the list ({@link ListQuery#all()} for every item)
   * @return the workflows
   */
  public WorkflowList listWorkflows(String user, ListQuery query) {
    List<WorkflowRecord> owned =
        store.listWorkflows().stream()
            .filter(w -> user == null || w.user() == null || user.equals(w.user()))
            .toList();
    return new WorkflowList(Listing.apply(owned, JsonViews::workflow, query));
  }

  /**
   * {@code workflows initialize}: every job of the workflow back to blocked or ready, as at its
   * creation (a job that already has a result moves on to its next attempt); with {@code dryRun}
   * only counts them.
   *
   * @param workflowId the workflow
   * @param dryRun whether to only count the jobs
   * @param actor who asks, recorded in the workflow's event log ({@code null}: unknown)
   * @return how many jobs were (or would be) initialized
   * @throws InvalidRequestException when jobs are pending or running
   */
  public ResetOutcome initialize(long workflowId, boolean dryRun, String actor) {
    WorkflowStatus status = status(workflowId);
    int active = status.count(JobStatus.RUNNING) + status.count(JobStatus.PENDING);
    if (active > 0) {
      throw new InvalidRequestException(
          "workflow "
              + workflowId
              + " has "
              + active
              + " pending or running jobs; cancel it first");
    }
    if (dryRun) {
      return new ResetOutcome(workflowId, status.totalJobs());
    }
    return resetStatus(workflowId, false, actor, "initialize");
  }

  /**
   * {@code workflows reset-status}, then, with {@code reinitialize}, {@code workflows reinitialize}
   * (a new run for what is out of date).
   *
   * @param workflowId the workflow
   * @param failedOnly whether to reset only the unsuccessful jobs and their downstream jobs
   * @param reinitialize whether to reinitialize after the reset
   * @param actor who asks, recorded in the workflow's event log ({@code null}: unknown)
   * @param reason why, recorded in the workflow's event log ({@code null}: no reason given)
   * @return the reset and, with {@code reinitialize}, the new run
   */
  public ResetReport resetStatus(
      long workflowId, boolean failedOnly, boolean reinitialize, String actor, String reason) {
    ResetOutcome reset = resetStatus(workflowId, failedOnly, actor, reason);
    return new ResetReport(
        reset, reinitialize ? reinitialize(workflowId, false, actor, reason) : null);
  }

  /**
   * {@code workflows reset-status}: with {@code failedOnly} the unsuccessful jobs and their
   * downstream jobs, else every job, run again in the current run.
   *
   * @param workflowId the workflow
   * @param failedOnly whether to reset only the unsuccessful jobs and their downstream jobs
   * @param actor who asks, recorded in the workflow's event log ({@code null}: unknown)
   * @param reason why, recorded in the workflow's event log ({@code null}: no reason given)
   * @return how many jobs were reset
   */
  public ResetOutcome resetStatus(
      long workflowId, boolean failedOnly, String actor, String reason) {
    workflow(workflowId);
    int reset = store.resetJobs(workflowId, failedOnly);
    Audit.record(
        store,
        workflowId,
        null,
        "reset " + reset + (failedOnly ? " unsuccessful or downstream" : "") + " jobs",
        actor,
        reason);
    return new ResetOutcome(workflowId, reset);
  }

  /**
   * {@code workflows reinitialize}: a new run for jobs that are out of date.
   *
   * @param workflowId the workflow
   * @param dryRun whether to only tell which jobs would run again
   * @param actor who asks, recorded in the workflow's event log ({@code null}: unknown)
   * @param reason why, recorded in the workflow's event log ({@code null}: no reason given)
   * @return the run id and the jobs that run again
   * @throws WorkflowRunningException when runners are running the workflow (not for a dry run)
   */
  public Reinitialized reinitialize(long workflowId, boolean dryRun, String actor, String reason) {
    return reinitialize(workflowId, dryRun, false, actor, reason);
  }

  /**
   * {@code workflows reinitialize}: a new run for jobs that are out of date; with {@code
   * cancelRunning}, a workflow that runners are running is canceled first and reinitialized once
   * they stopped.
   *
   * @param workflowId the workflow
   * @param dryRun whether to only tell which jobs would run again
   * @param cancelRunning whether to cancel a running workflow instead of refusing
   * @param actor who asks, recorded in the workflow's event log ({@code null}: unknown)
   * @param reason why, recorded in the workflow's event log ({@code null}: no reason given)
   * @return the run id and the jobs that run again
   * @throws WorkflowRunningException when runners are running the workflow and {@code
   *     cancelRunning} is false, or they did not stop after the cancel (not for a dry run)
   */
  public Reinitialized reinitialize(
      long workflowId, boolean dryRun, boolean cancelRunning, String actor, String reason) {
    workflow(workflowId);
    if (!dryRun) {
      RunningGuard.requireStopped(store, workflowId, "reinitialize", cancelRunning, actor);
    }
    List<Reinitialization.Rerun> reruns =
        dryRun
            ? Reinitialization.plan(store, workflowId)
            : Reinitialization.apply(store, workflowId);
    int runId = workflow(workflowId).runId();
    if (!dryRun) {
      Audit.record(
          store,
          workflowId,
          null,
          "reinitialized: run " + runId + " with " + reruns.size() + " jobs to run again",
          actor,
          reason);
    }
    return new Reinitialized(workflowId, dryRun, dryRun ? runId + 1 : runId, reruns);
  }

  /**
   * Cancels every job of the workflow that has not ended, and stops the workers that node
   * schedulers started for it (Slurm allocations are scancelled).
   *
   * @param workflowId the workflow
   * @param actor who asks, recorded in the workflow's event log ({@code null}: unknown)
   * @param reason why, recorded in the workflow's event log ({@code null}: no reason given)
   * @return the workflow and the workers stopped
   */
  public Canceled cancel(long workflowId, String actor, String reason) {
    workflow(workflowId);
    store.cancelWorkflow(workflowId);
    Audit.record(store, workflowId, null, "canceled the workflow", actor, reason);
    List<String> stopped = new ArrayList<>();
    for (NodeScheduler scheduler : NodeScheduler.all()) {
      stopped.addAll(scheduler.stopWorkers(store, workflowId));
    }
    return new Canceled(workflowId, stopped);
  }

  /**
   * This store's Slurm side: scheduler configurations, allocations, accounting and logs ({@code
   * torc slurm ...}).
   *
   * @return the Slurm operations on this store
   * @throws dev.torc.store.StoreException when the store keeps no Slurm records (in memory)
   */
  public dev.torc.slurm.Slurm slurm() {
    return dev.torc.slurm.Slurm.of(store);
  }

  /**
   * {@code torc slurm regenerate}: Slurm schedulers (and, with {@code submit}, one allocation on
   * each) for the workflow's jobs still waiting, sized from their current requirements on the HPC
   * profile, beside the schedulers it has.
   *
   * @param hpc the HPC profiles to choose from
   * @param workflowId the workflow
   * @param profileName the profile, or {@code null} for the detected one
   * @param account the account, or {@code null} for the profile's default, else that of the
   *     workflow's newest scheduler
   * @param submit whether to submit one allocation on each new scheduler
   * @param outputDirectory where the allocations' workers write job logs
   * @return the new schedulers and the Slurm job ids submitted
   * @throws InvalidRequestException when the profile is unknown, there is no account, or a job fits
   *     no partition (naming the limit)
   * @throws dev.torc.slurm.SlurmException when sbatch refuses
   */
  public Regenerated regenerateSlurm(
      Hpc hpc,
      long workflowId,
      String profileName,
      String account,
      boolean submit,
      Path outputDirectory) {
    workflow(workflowId);
    if (submit && databaseLocation() == null) {
      throw new InvalidRequestException("allocations need a store that workers can open");
    }
    try {
      SchedulerRegeneration.Result r =
          SchedulerRegeneration.regenerate(
              store,
              slurm(),
              workflowId,
              hpc.profile(profileName),
              account,
              submit,
              databaseLocation(),
              outputDirectory.toAbsolutePath());
      return new Regenerated(workflowId, r.schedulers(), r.submittedJobIds());
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(e.getMessage());
    }
  }

  /** The store's location as workers open it (a SQLite path or a PostgreSQL URL), or null. */
  private String databaseLocation() {
    if (apiUrl == null || apiUrl.startsWith("memory:")) {
      return null;
    }
    return apiUrl.startsWith("sqlite:") ? apiUrl.substring("sqlite:".length()) : apiUrl;
  }

  /**
   * {@code torc slurm sacct}: Slurm's accounting of the workflow's allocations (none: no rows).
   *
   * @param workflowId the workflow
   * @return sacct's lines for its allocations and their steps
   * @throws dev.torc.slurm.SlurmException when sacct fails
   * @throws dev.torc.store.StoreException when there is no such workflow, or the store keeps no
   *     Slurm records
   */
  public SlurmAccounting slurmSacct(long workflowId) {
    workflow(workflowId);
    return new SlurmAccounting(workflowId, slurm().sacct(workflowId));
  }

  /**
   * {@code torc workflows sync-status}: jobs left pending or running by workers that are gone (a
   * Slurm allocation cancelled, failed or out of time) are settled: a running attempt is recorded
   * lost and the job becomes ready again without spending a retry.
   *
   * @param workflowId the workflow
   * @return how many jobs were settled
   */
  public SyncStatus syncStatus(long workflowId) {
    workflow(workflowId);
    int settled = 0;
    for (NodeScheduler scheduler : NodeScheduler.all()) {
      settled += scheduler.settleLostWorkers(store, workflowId);
    }
    return new SyncStatus(workflowId, settled);
  }

  /**
   * {@code torc slurm schedule-nodes}: starts workers for the workflow through the node scheduler
   * of this type ({@code slurm}: allocations whose batch script runs a worker).
   *
   * @param schedulerType the scheduler's type, such as {@code slurm}
   * @param request the workflow, how many workers and with what
   * @return what the scheduler started
   * @throws InvalidRequestException when no scheduler of this type is on the class path
   */
  public ScheduledNodes scheduleNodes(String schedulerType, NodeRequest request) {
    workflow(request.workflowId());
    NodeScheduler scheduler =
        NodeScheduler.find(schedulerType)
            .orElseThrow(
                () ->
                    new InvalidRequestException(
                        "no node scheduler of type '" + schedulerType + "' is installed"));
    return new ScheduledNodes(request.workflowId(), schedulerType, scheduler.schedule(request));
  }

  /**
   * The workflow's events after the one with id {@code afterId} (0 for all), oldest first; {@code
   * kind} null for all. {@code events monitor} polls this.
   *
   * @param workflowId the workflow
   * @param kind the event kind, or {@code null} for all
   * @param afterId the id of the last event already seen, or 0
   * @return the newer events
   */
  public EventLog eventsAfter(long workflowId, String kind, long afterId) {
    EventLog all = events(workflowId, kind);
    return new EventLog(workflowId, all.events().stream().filter(e -> e.id() > afterId).toList());
  }

  /**
   * The workflow's events of one kind ({@code null} for all), cut and ordered by the query (sort
   * fields: those of {@link JsonViews#event}).
   *
   * @param workflowId the workflow
   * @param kind the event kind, or {@code null} for all
   * @param query how to cut and order the list ({@link ListQuery#all()} for every item)
   * @return the events
   */
  public EventLog events(long workflowId, String kind, ListQuery query) {
    EventLog all = events(workflowId, kind);
    return new EventLog(workflowId, Listing.apply(all.events(), JsonViews::event, query));
  }

  /**
   * The workflow's event log, oldest first; {@code kind} null for all.
   *
   * @param workflowId the workflow
   * @param kind the event kind, or {@code null} for all
   * @return the events
   */
  public EventLog events(long workflowId, String kind) {
    workflow(workflowId);
    List<WorkflowEvent> events =
        store.listEvents(workflowId).stream()
            .filter(e -> kind == null || e.kind().equals(kind))
            .toList();
    return new EventLog(workflowId, events);
  }

  // ---- jobs --------------------------------------------------------------------------------

  /**
   * A workflow's jobs in id order, paged; {@code status} null for all, {@code page} null for every
   * job.
   *
   * @param workflowId the workflow
   * @param status the status to keep, or {@code null} for all
   * @param page the slice, or {@code null} for every job
   * @return the page of jobs, with how many there are in all
   */
  public JobPage listJobs(long workflowId, JobStatus status, Page page) {
    workflow(workflowId);
    List<JobRecord> jobs = store.listJobs(workflowId, status);
    return new JobPage(workflowId, page == null ? jobs : slice(jobs, page), jobs.size(), page);
  }

  /**
   * One job with its requirements, results and failure records.
   *
   * @param jobId the job
   * @return the job, its latest results and its failure analyses
   */
  public JobDetails jobDetails(long jobId) {
    JobRecord job = getJob(jobId);
    List<JobResult> results = store.listResults(job.workflowId(), List.of(jobId));
    if (results.size() > MAX_LISTED_JOBS) {
      results = results.subList(results.size() - MAX_LISTED_JOBS, results.size());
    }
    List<FailureInfo> failures =
        store.listFailureRecords(job.workflowId()).stream()
            .filter(f -> f.jobId() == jobId)
            .toList();
    return new JobDetails(job, results, failures);
  }

  /**
   * A workflow's jobs, optionally in one status, cut and ordered by the query (sort fields: those
   * of {@link JsonViews#job(JobRecord, JobRefs)}), with the ids they refer to.
   *
   * @param workflowId the workflow
   * @param status the status to keep, or {@code null} for all
   * @param query how to cut and order the list ({@link ListQuery#all()} for every item)
   * @return the jobs, with how many matched in all
   */
  public JobPage jobs(long workflowId, JobStatus status, ListQuery query) {
    workflow(workflowId);
    List<JobRecord> all = store.listJobs(workflowId, null);
    JobRefs refs = JobRefs.of(all);
    List<JobRecord> matched =
        status == null ? all : all.stream().filter(j -> j.status() == status).toList();
    List<JobRecord> listed = Listing.apply(matched, j -> JsonViews.job(j, refs), query);
    return new JobPage(
        workflowId, listed, matched.size(), Page.of(query.limit(), query.offset()), refs);
  }

  /**
   * One job with the ids of the jobs it waits for and of its requirements.
   *
   * @param jobId the job
   * @return the job and the ids it refers to
   */
  public JobView job(long jobId) {
    JobRecord job = getJob(jobId);
    return new JobView(job, JobRefs.of(store.listJobs(job.workflowId(), null)));
  }

  /**
   * One job (its record only).
   *
   * @param jobId the job
   * @return its record
   */
  public JobRecord getJob(long jobId) {
    return store
        .findJob(jobId)
        .orElseThrow(() -> new InvalidRequestException("no job with id " + jobId));
  }

  /**
   * The failure analyses of a workflow's attempts; {@code jobId} null for every job.
   *
   * @param workflowId the workflow
   * @param jobId the job, or {@code null} for every job
   * @return the failure analyses
   */
  public FailureList failures(long workflowId, Long jobId) {
    workflow(workflowId);
    if (jobId != null) {
      jobOf(workflowId, jobId);
    }
    return new FailureList(
        store.listFailureRecords(workflowId).stream()
            .filter(f -> jobId == null || f.jobId() == jobId)
            .toList());
  }

  /**
   * A job's log for one run and attempt, read safely. By default the job's latest attempt in the
   * workflow's current run, or, when that one has left no log yet (it waits to run), the latest
   * attempt that recorded a result.
   *
   * @param request the job, which log, the attempt and how much of it
   * @return the log's text (its end, when cut) and its path
   * @throws InvalidRequestException for an unknown job, a job of another workflow, or a log outside
   *     the output directory
   * @throws TorcException when the log does not exist
   */
  public JobLog logs(LogRequest request) {
    JobRecord job = getJob(request.jobId());
    if (request.workflowId() != null) {
      workflow(request.workflowId());
      jobOf(request.workflowId(), request.jobId());
    }
    Path out = request.outputDir() != null ? request.outputDir() : outputDir;
    LogChoice chosen =
        LogChoice.of(
            job,
            workflow(job.workflowId()),
            store.listResults(job.workflowId(), List.of(job.id())),
            request.runId(),
            request.attemptId(),
            request.stream(),
            out);
    Integer lines =
        request.tailLines() == null ? null : Math.min(request.tailLines(), MAX_TAIL_LINES);
    try {
      BoundedLogs.Read read = BoundedLogs.read(out, chosen.path(), lines, maxLogBytes);
      return new JobLog(
          job,
          chosen.runId(),
          chosen.attemptId(),
          request.stream(),
          chosen.path(),
          read.content(),
          read.truncated());
    } catch (IOException e) {
      throw new TorcException("cannot read " + chosen.path() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Failed, canceled and terminated jobs with their last return codes (the first few listed).
   *
   * @param workflowId the workflow
   * @return how many jobs did not succeed, and the first of them
   */
  public FailedJobs failedJobs(long workflowId) {
    return failedJobs(workflow(workflowId));
  }

  private FailedJobs failedJobs(WorkflowRecord workflow) {
    List<JobRecord> failed = new ArrayList<>();
    for (JobStatus status : List.of(JobStatus.FAILED, JobStatus.CANCELED, JobStatus.TERMINATED)) {
      failed.addAll(store.listJobs(workflow.id(), status));
    }
    failed.sort(Comparator.comparingLong(JobRecord::id));
    List<JobRecord> listed = failed.subList(0, Math.min(failed.size(), MAX_LISTED_JOBS));
    Map<Long, JobResult> latest = latestResults(workflow.id(), listed);
    List<FailedJob> jobs =
        listed.stream()
            .map(
                j ->
                    new FailedJob(
                        j.id(),
                        j.name(),
                        j.status(),
                        j.attemptId(),
                        latest.containsKey(j.id()) ? latest.get(j.id()).returnCode() : null))
            .toList();
    return new FailedJobs(workflow.id(), failed.size(), jobs);
  }

  private Map<Long, JobResult> latestResults(long workflowId, List<JobRecord> jobs) {
    if (jobs.isEmpty()) {
      return Map.of();
    }
    Map<Long, JobResult> latest = new HashMap<>();
    for (JobResult r : store.listResults(workflowId, jobs.stream().map(JobRecord::id).toList())) {
      latest.merge(
          r.jobId(),
          r,
          (a, b) ->
              Comparator.comparingInt(JobResult::runId)
                          .thenComparingInt(JobResult::attemptId)
                          .compare(a, b)
                      >= 0
                  ? a
                  : b);
    }
    return latest;
  }

  /**
   * Jobs awaiting classification, each with the tail of its failed attempt's stderr (read from
   * inside {@code outputDir}, or the torc's when {@code null}; at most {@value
   * #STDERR_TAIL_MAX_BYTES} bytes a job): three store queries, whatever the size of the workflow.
   *
   * @param workflowId the workflow
   * @param outputDir where the job logs are, or {@code null} for this torc's output directory
   * @param tailLines how many lines of stderr a job shows, 1 to {@value #MAX_TAIL_LINES}
   * @return how many jobs await classification, and the first of them
   */
  public PendingFailedJobs pendingFailedJobs(long workflowId, Path outputDir, int tailLines) {
    return pendingFailedJobs(
        workflowId, outputDir, tailLines, MAX_LISTED_JOBS, STDERR_TAIL_MAX_BYTES);
  }

  /**
   * {@link #pendingFailedJobs(long, Path, int)} listing up to {@code limit} jobs, each with at most
   * {@code maxBytes} of stderr.
   */
  PendingFailedJobs pendingFailedJobs(
      long workflowId, Path outputDir, int tailLines, int limit, int maxBytes) {
    if (tailLines < 1 || tailLines > MAX_TAIL_LINES) {
      throw new InvalidRequestException(
          "tail lines must be between 1 and " + MAX_TAIL_LINES + ", was " + tailLines);
    }
    WorkflowRecord workflow = workflow(workflowId);
    Path out = outputDir != null ? outputDir : this.outputDir;
    List<JobRecord> pending = store.listJobs(workflowId, JobStatus.PENDING_FAILED);
    List<JobRecord> listed = pending.subList(0, Math.min(pending.size(), limit));
    Map<String, JobResult> failedAttempts = new HashMap<>();
    if (!listed.isEmpty()) {
      for (JobResult r :
          store.listResults(workflowId, listed.stream().map(JobRecord::id).toList())) {
        failedAttempts.put(r.jobId() + "/" + r.runId() + "/" + r.attemptId(), r);
      }
    }
    List<PendingFailedJobs.Job> jobs = new ArrayList<>();
    for (JobRecord job : listed) {
      JobResult result =
          failedAttempts.get(job.id() + "/" + workflow.runId() + "/" + job.attemptId());
      Path stderr =
          JobLogs.stderrPath(out, workflowId, job.id(), workflow.runId(), job.attemptId());
      jobs.add(
          new PendingFailedJobs.Job(
              job.id(),
              job.name(),
              job.attemptId(),
              result == null ? null : result.returnCode(),
              stderrTail(out, stderr, tailLines, maxBytes)));
    }
    return new PendingFailedJobs(workflowId, pending.size(), jobs);
  }

  private static String stderrTail(Path out, Path stderr, int lines, int maxBytes) {
    if (!Files.isRegularFile(stderr)) {
      return "";
    }
    try {
      return BoundedLogs.read(out, stderr, lines, maxBytes).content();
    } catch (InvalidRequestException e) {
      return "[not read: the log lies outside the output directory]";
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Classifies pending_failed jobs (retry or fail); with dry run only checks. Retries with new
   * memory or runtime keep within the machine and the resource factor unless the request says
   * otherwise.
   *
   * @param request the workflow and each job's verdict
   * @return what was (or, for a dry run, would be) changed
   * @throws InvalidRequestException naming every job that is not a pending_failed job of the
   *     workflow or asks for resources out of bounds; nothing changes then
   */
  public Classified classify(ClassifyRequest request) {
    workflow(request.workflowId());
    List<String> problems = new ArrayList<>();
    for (PendingFailures.Resolution r : request.classifications()) {
      if (!request.checkBounds() || (r.memory() == null && r.runtime() == null)) {
        continue;
      }
      Optional<JobRecord> job = store.findJob(r.jobId());
      if (job.isPresent() && job.get().workflowId() == request.workflowId()) {
        ResourceRequirements now = job.get().requirements();
        problems.addAll(
            bounds()
                .problems(
                    job.get(), now, ResourceBounds.changed(now, null, r.memory(), r.runtime())));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(String.join("\n", problems));
    }
    try {
      return new Classified(
          request.workflowId(),
          request.dryRun(),
          PendingFailures.resolve(
              store,
              request.workflowId(),
              request.classifications(),
              request.actor(),
              request.dryRun()));
    } catch (InvalidRequestException e) {
      throw e;
    } catch (TorcException e) {
      throw new InvalidRequestException(e.getMessage());
    }
  }

  /**
   * Changes one job's CPUs, memory or runtime, within bounds; never a pending, running or completed
   * job.
   *
   * @param request the job and its new resources
   * @return the job's requirements before and after
   * @throws InvalidRequestException for an unknown job, a job in one of those statuses, or values
   *     out of bounds; nothing changes then
   */
  public ResourcesUpdated updateJobResources(ResourceUpdateRequest request) {
    JobRecord job = getJob(request.jobId());
    if (job.status() == JobStatus.RUNNING
        || job.status() == JobStatus.PENDING
        || job.status() == JobStatus.COMPLETED) {
      throw new InvalidRequestException(
          ResourceBounds.named(job)
              + " is "
              + job.status().label()
              + "; only jobs that are not pending, running or completed can change resources");
    }
    ResourceRequirements before = job.requirements();
    ResourceRequirements after =
        ResourceBounds.changed(before, request.numCpus(), request.memory(), request.runtime());
    List<String> problems = bounds().problems(job, before, after);
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(String.join("\n", problems));
    }
    store.updateJobRequirements(job.id(), after);
    Audit.record(
        store,
        job.workflowId(),
        job.id(),
        ResourceBounds.named(job)
            + " resources: "
            + ResourceBounds.describe(before)
            + " -> "
            + ResourceBounds.describe(after),
        request.actor(),
        request.reason());
    return new ResourcesUpdated(job.id(), before, after);
  }

  // ---- results and reports -------------------------------------------------------------------

  /**
   * Results with filters, sorting and paging; says how many matched in all.
   *
   * @param query the filters, order and page
   * @return the page of results, with how many matched in all
   */
  public ResultPage results(ResultQuery query) {
    long workflowId = query.workflowId();
    WorkflowRecord workflow = workflow(workflowId);
    Map<Long, String> names = jobNames(workflowId);
    if (query.jobIds() != null) {
      for (long jobId : query.jobIds()) {
        if (!names.containsKey(jobId)) {
          throw new InvalidRequestException(
              "no job with id " + jobId + " in workflow " + workflowId);
        }
      }
    }
    int run = query.runId() != null ? query.runId() : workflow.runId();
    List<JobResult> all =
        query.jobIds() != null
            ? store.listResults(workflowId, query.jobIds())
            : store.listResults(workflowId);
    List<JobResult> matched =
        all.stream()
            .filter(r -> query.allRuns() || r.runId() == run)
            .filter(r -> query.status() == null || r.status() == query.status())
            .filter(r -> query.returnCode() == null || r.returnCode() == query.returnCode())
            .filter(r -> !query.failedOnly() || r.returnCode() != 0)
            .collect(Collectors.toCollection(ArrayList::new));
    if (query.sortBy() != null) {
      matched.sort(ResultOrder.by(query.sortBy(), names));
    }
    if (query.reverse()) {
      java.util.Collections.reverse(matched);
    }
    Page page = Page.of(query.limit(), query.offset());
    List<JobResult> listed = slice(matched, page);
    Map<Long, String> listedNames = new HashMap<>();
    listed.forEach(r -> listedNames.put(r.jobId(), names.get(r.jobId())));
    return new ResultPage(
        workflowId,
        query.allRuns() ? null : run,
        listed,
        listedNames,
        matched.size(),
        page,
        listed.isEmpty() ? Map.of() : store.resultIds(workflowId));
  }

  /**
   * {@code reports check-resource-utilization}.
   *
   * @param query the workflow and which results to look at
   * @return each job's use against its request, with the violations
   */
  public UtilizationReport resourceUtilization(UtilizationQuery query) {
    WorkflowRecord workflow = workflow(query.workflowId());
    int run = query.runId() != null ? query.runId() : workflow.runId();
    Map<Long, JobRecord> jobs =
        store.listJobs(query.workflowId(), null).stream()
            .collect(Collectors.toMap(JobRecord::id, Function.identity()));
    List<ResourceDiagnosis> diagnoses = new ArrayList<>();
    for (JobResult result :
        Results.latestAttemptPerJob(store.listResults(query.workflowId()), run)) {
      if (query.includeFailed() || result.status() == JobStatus.COMPLETED) {
        diagnoses.add(ResourceDiagnosis.of(jobs.get(result.jobId()).requirements(), result));
      }
    }
    List<ResourceDiagnosis> listed =
        diagnoses.stream().filter(d -> query.all() || noteworthy(d)).toList();
    Map<Long, JobRecord> analyzed = new HashMap<>();
    diagnoses.forEach(d -> analyzed.put(d.result().jobId(), jobs.get(d.result().jobId())));
    return new UtilizationReport(
        query.workflowId(), run, query.includeFailed(), diagnoses, listed, analyzed, query.limit());
  }

  private static boolean noteworthy(ResourceDiagnosis d) {
    return d.anyOver() || d.anyUnder() || d.likelyOom() || d.likelyTimeout();
  }

  /**
   * Scans the logs of each job's latest attempt in the current run (stdout and stderr, their last
   * {@value LogScan#LINES_PER_FILE} lines and {@value LogScan#MAX_BYTES_PER_FILE} bytes, at most
   * {@value LogScan#MAX_FILES} files) under {@code outputDir} (the torc's when {@code null}) for
   * the built-in error patterns.
   *
   * @param workflowId the workflow
   * @param outputDir where the job logs are, or {@code null} for this torc's output directory
   * @return the matches, grouped by pattern
   */
  public LogAnalysis analyzeLogs(long workflowId, Path outputDir) {
    WorkflowRecord workflow = workflow(workflowId);
    Map<Long, String> names = jobNames(workflowId);
    List<JobResult> latest =
        Results.latestAttemptPerJob(store.listResults(workflowId), workflow.runId());
    return LogScan.scan(
        workflowId,
        outputDir != null ? outputDir : this.outputDir,
        latest,
        names,
        Math.min(maxLogBytes, LogScan.MAX_BYTES_PER_FILE));
  }

  /**
   * The ids of the workflows whose job logs lie in {@code outputDir}/job_stdio (or, when it holds
   * them directly, {@code outputDir}), lowest first: for {@code logs analyze DIR}.
   *
   * @param outputDir the output directory, or a directory that holds job logs directly
   * @return the workflow ids
   */
  public List<Long> workflowsWithLogs(Path outputDir) {
    return LogScan.workflowIds(outputDir);
  }

  /**
   * {@code reports results}: every result of the workflow's current run (or of all runs) with the
   * paths of its attempt's logs under {@code outputDir} (the torc's when {@code null}) where they
   * exist.
   *
   * @param workflowId the workflow
   * @param outputDir where the job logs are, or {@code null} for this torc's output directory
   * @param allRuns whether to list the results of every run instead of the current one
   * @return the results with their log paths
   */
  public ResultsReport resultsReport(long workflowId, Path outputDir, boolean allRuns) {
    WorkflowRecord workflow = workflow(workflowId);
    Path out = outputDir != null ? outputDir : this.outputDir;
    Map<Long, String> names = jobNames(workflowId);
    List<ResultsReport.Entry> entries = new ArrayList<>();
    for (JobResult r : store.listResults(workflowId)) {
      if (!allRuns && r.runId() != workflow.runId()) {
        continue;
      }
      Path stdout = JobLogs.stdoutPath(out, workflowId, r.jobId(), r.runId(), r.attemptId());
      Path stderr = JobLogs.stderrPath(out, workflowId, r.jobId(), r.runId(), r.attemptId());
      entries.add(
          new ResultsReport.Entry(
              r,
              names.get(r.jobId()),
              Files.isRegularFile(stdout) ? stdout : null,
              Files.isRegularFile(stderr) ? stderr : null));
    }
    return new ResultsReport(workflow, allRuns, entries);
  }

  /**
   * {@code workflows export}: the workflow as a document that {@link #importWorkflow} creates again
   * (in this store or another), with its results and events when asked for.
   *
   * @param workflowId the workflow
   * @param includeResults whether the document holds the workflow's results
   * @param includeEvents whether the document holds the workflow's events
   * @return the document
   * @throws InvalidRequestException when it has Java tasks, which cannot be exported
   */
  public WorkflowExport exportWorkflow(
      long workflowId, boolean includeResults, boolean includeEvents) {
    WorkflowRecord workflow = workflow(workflowId);
    String text =
        WorkflowSpecs.write(SpecExport.of(store, workflow), dev.torc.spec.SpecFormat.JSON);
    Map<String, Object> spec;
    try {
      spec = EXPORT_JSON.readValue(text, new com.fasterxml.jackson.core.type.TypeReference<>() {});
    } catch (IOException e) {
      throw new TorcException("cannot read the spec written for workflow " + workflowId, e);
    }
    ResultPage results = null;
    if (includeResults) {
      List<JobResult> all = store.listResults(workflowId);
      results =
          new ResultPage(
              workflowId,
              null,
              all,
              jobNames(workflowId),
              all.size(),
              Page.of(Math.max(1, Math.min(all.size(), Page.MAX_LIMIT)), 0),
              store.resultIds(workflowId));
    }
    return new WorkflowExport(
        workflow,
        spec,
        jobs(workflowId, null, ListQuery.all()),
        results,
        includeEvents ? store.listEvents(workflowId) : null,
        java.time.Instant.now());
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper EXPORT_JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /**
   * {@code workflows import}: creates a new workflow from a document {@link #exportWorkflow} wrote
   * (its {@code spec}), with every job initialized afresh; {@code name} replaces the workflow's
   * name when not {@code null}. Results and events in the document are not imported.
   *
   * @param exportText the JSON document an export wrote
   * @param name the new workflow's name, or {@code null} to keep the exported one
   * @param user the owner when the document names none, or {@code null}
   * @return the new workflow
   * @throws InvalidRequestException when the text is not such a document
   */
  public CreatedWorkflow importWorkflow(String exportText, String name, String user) {
    Map<String, Object> doc;
    try {
      doc =
          EXPORT_JSON.readValue(
              exportText, new com.fasterxml.jackson.core.type.TypeReference<>() {});
    } catch (IOException e) {
      throw new InvalidRequestException(
          "not an exported workflow (invalid JSON): " + e.getMessage());
    }
    if (!(doc.get("spec") instanceof Map<?, ?> specMap)) {
      throw new InvalidRequestException(
          "not an exported workflow: it has no \"spec\" object (export with: torc workflows"
              + " export ID)");
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    specMap.forEach((k, v) -> spec.put(String.valueOf(k), v));
    if (name != null) {
      spec.put("name", name);
    }
    String text;
    try {
      text = EXPORT_JSON.writeValueAsString(spec);
    } catch (IOException e) {
      throw new InvalidRequestException("cannot read the exported spec: " + e.getMessage());
    }
    return createWorkflow(
        CreateRequest.text(text, dev.torc.spec.SpecFormat.JSON).defaultUser(user).build());
  }

  // ---- files, user data and resource requirements ------------------------------------------

  /**
   * {@code files list}: the workflow's files with their path, modification time ({@code st_mtime},
   * seconds, {@code null} when missing) and the jobs that write and read them; {@code producedBy}
   * keeps only files that job writes.
   *
   * @param workflowId the workflow
   * @param producedBy the job whose outputs to keep, or {@code null} for every file
   * @param query how to cut and order the list ({@link ListQuery#all()} for every item)
   * @return the files, with how many there are in all
   */
  public Listed files(long workflowId, Long producedBy, ListQuery query) {
    workflow(workflowId);
    List<JobRecord> jobs = store.listJobs(workflowId, null);
    if (producedBy != null) {
      jobOf(workflowId, producedBy);
    }
    List<Map<String, Object>> files = new ArrayList<>();
    for (dev.torc.model.FileSpec file : store.listFiles(workflowId)) {
      List<Long> producers =
          jobs.stream()
              .filter(j -> j.outputFiles().contains(file.name()))
              .map(JobRecord::id)
              .toList();
      if (producedBy != null && !producers.contains(producedBy)) {
        continue;
      }
      files.add(fileJson(workflowId, file, jobs));
    }
    return new Listed("files", Listing.apply(files, Function.identity(), query), files.size());
  }

  private static Map<String, Object> fileJson(
      long workflowId, dev.torc.model.FileSpec file, List<JobRecord> jobs) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("workflow_id", workflowId);
    json.put("name", file.name());
    json.put("path", file.path());
    json.put("st_mtime", modified(Path.of(file.path())));
    json.put(
        "produced_by_job_ids",
        jobs.stream()
            .filter(j -> j.outputFiles().contains(file.name()))
            .map(JobRecord::id)
            .toList());
    json.put(
        "consumed_by_job_ids",
        jobs.stream()
            .filter(j -> j.inputFiles().contains(file.name()))
            .map(JobRecord::id)
            .toList());
    return json;
  }

  private static Double modified(Path path) {
    try {
      return Files.getLastModifiedTime(path).toMillis() / 1000.0;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * {@code user-data list}: the workflow's user data, optionally only the one with this name.
   *
   * @param workflowId the workflow
   * @param name the name to keep, or {@code null} for all
   * @param query how to cut and order the list ({@link ListQuery#all()} for every item)
   * @return the user data, with how many there are in all
   */
  public Listed userData(long workflowId, String name, ListQuery query) {
    workflow(workflowId);
    List<Map<String, Object>> data = new ArrayList<>();
    for (dev.torc.model.UserDataSpec d : store.listUserData(workflowId)) {
      if (name != null && !name.equals(d.name())) {
        continue;
      }
      data.add(userDataJson(workflowId, d.name(), d.data()));
    }
    return new Listed("user_data", Listing.apply(data, Function.identity(), query), data.size());
  }

  private static Map<String, Object> userDataJson(long workflowId, String name, Object data) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("workflow_id", workflowId);
    json.put("name", name);
    json.put("data", data);
    return json;
  }

  // ---- editing jobs, files and user data of a stored workflow ---------------------------------

  /**
   * {@code jobs create}: adds a job to a stored workflow. It waits for its blocking jobs, and for
   * the jobs that write the files it reads, that have not ended: {@code blocked} while one has not,
   * else {@code ready}.
   *
   * @param workflowId the workflow
   * @param request the new job
   * @param actor who asks, recorded in the workflow's event log ({@code null}: unknown)
   * @return the job as stored
   * @throws InvalidRequestException for an unknown workflow, job, file or requirements id, a
   *     blocking job of another workflow, a name the workflow already has, or a file jobs already
   *     read given as an output; nothing changes then
   */
  public JobView createJob(long workflowId, NewJob request, String actor) {
    workflow(workflowId);
    String name = request.name();
    if (name == null
        || name.isBlank()
        || request.command() == null
        || request.command().isBlank()) {
      throw new InvalidRequestException("a job needs a name and a command");
    }
    List<String> dependsOn = new ArrayList<>();
    for (long id : request.blockingJobIds()) {
      dependsOn.add(jobOf(workflowId, id).name());
    }
    ResourceRequirements requirements =
        request.resourceRequirementsId() == null
            ? null
            : requirementsOf(workflowId, request.resourceRequirementsId());
    JobSpec.Builder spec =
        JobSpec.builder(name)
            .command(request.command())
            .dependsOn(dependsOn.toArray(String[]::new))
            .inputFiles(request.inputFiles().toArray(String[]::new))
            .outputFiles(request.outputFiles().toArray(String[]::new));
    if (request.priority() != null) {
      spec.priority(request.priority());
    }
    JobSpec job;
    try {
      job = spec.build();
    } catch (IllegalArgumentException | TorcException e) {
      throw new InvalidRequestException(e.getMessage());
    }
    long jobId = refused(() -> store.addJob(workflowId, job, requirements));
    Audit.record(store, workflowId, jobId, "created job '" + name + "'", actor, "jobs create");
    return job(jobId);
  }

  /**
   * {@code jobs update}: a new command, requirements (by id), runtime or priority for a job that is
   * not pending or running; {@code null} keeps the value.
   *
   * @param jobId the job
   * @param command the new command, or {@code null}
   * @param resourceRequirementsId the id of the workflow's requirements to run with (see {@link
   *     #resourceRequirements}), or {@code null}
   * @param runtime the new runtime (such as {@code PT2H}), or {@code null}
   * @param priority the new priority, or {@code null}
   * @param actor who asks, recorded in the workflow's event log ({@code null}: unknown)
   * @return the job as changed
   * @throws InvalidRequestException for an unknown job or requirements id, a job that is pending or
   *     running, or nothing to change; nothing changes then
   */
  public JobView updateJob(
      long jobId,
      String command,
      Long resourceRequirementsId,
      String runtime,
      Integer priority,
      String actor) {
    JobRecord job = getJob(jobId);
    if (command == null && resourceRequirementsId == null && runtime == null && priority == null) {
      throw new InvalidRequestException("nothing to change");
    }
    if (command != null && command.isBlank()) {
      throw new InvalidRequestException("a job's command cannot be empty");
    }
    ResourceRequirements requirements =
        resourceRequirementsId == null
            ? null
            : requirementsOf(job.workflowId(), resourceRequirementsId);
    if (runtime != null) {
      ResourceRequirements base = requirements != null ? requirements : job.requirements();
      try {
        requirements = base.toBuilder().runtime(ResourceRequirements.parseRuntime(runtime)).build();
      } catch (IllegalArgumentException | TorcException e) {
        throw new InvalidRequestException(e.getMessage());
      }
    }
    ResourceRequirements changed = requirements;
    refused(
        () -> {
          store.updateJob(jobId, command, changed, priority);
          return null;
        });
    Audit.record(
        store, job.workflowId(), jobId, "updated job '" + job.name() + "'", actor, "jobs update");
    return job(jobId);
  }

  /**
   * {@code jobs delete}: deletes a job that is not pending or running and that no other job depends
   * on, with its results.
   *
   * @param jobId the job
   * @param actor who asks, recorded in the workflow's event log ({@code null}: unknown)
   * @return the job as it was
   * @throws InvalidRequestException for an unknown job, one that is pending or running, or one
   *     other jobs depend on (the message names them); nothing changes then
   */
  public JobView deleteJob(long jobId, String actor) {
    JobView before = job(jobId);
    refused(
        () -> {
          store.deleteJob(jobId);
          return null;
        });
    Audit.record(
        store,
        before.job().workflowId(),
        null,
        "deleted job '" + before.job().name() + "' (id " + jobId + ")",
        actor,
        "jobs delete");
    return before;
  }

  /**
   * {@code files create}: adds a file to a stored workflow.
   *
   * @param workflowId the workflow
   * @param name the file's name in the workflow
   * @param path where the file is
   * @param actor who asks, recorded in the workflow's event log ({@code null}: unknown)
   * @return the file as {@link #files} lists it
   * @throws InvalidRequestException for an unknown workflow or a name it already has
   */
  public Map<String, Object> createFile(long workflowId, String name, String path, String actor) {
    workflow(workflowId);
    dev.torc.model.FileSpec file;
    try {
      file = dev.torc.model.FileSpec.of(name, path);
    } catch (IllegalArgumentException | TorcException e) {
      throw new InvalidRequestException(e.getMessage());
    }
    refused(
        () -> {
          store.addFile(workflowId, file);
          return null;
        });
    Audit.record(store, workflowId, null, "created file '" + name + "'", actor, "files create");
    return file(workflowId, name);
  }

  /**
   * {@code files update}: a new path for a workflow's file.
   *
   * @param workflowId the workflow
   * @param name the file's name in the workflow
   * @param path its new path
   * @param actor who asks, recorded in the workflow's event log ({@code null}: unknown)
   * @return the file as {@link #files} lists it
   * @throws InvalidRequestException for an unknown workflow or file, or an empty path
   */
  public Map<String, Object> updateFile(long workflowId, String name, String path, String actor) {
    workflow(workflowId);
    if (path == null || path.isBlank()) {
      throw new InvalidRequestException("a file's path cannot be empty");
    }
    refused(
        () -> {
          store.updateFilePath(workflowId, name, path);
          return null;
        });
    Audit.record(
        store, workflowId, null, "file '" + name + "' now at " + path, actor, "files update");
    return file(workflowId, name);
  }

  /**
   * {@code files delete}: deletes a file no job reads or writes.
   *
   * @param workflowId the workflow
   * @param name the file's name in the workflow
   * @param actor who asks, recorded in the workflow's event log ({@code null}: unknown)
   * @return the file as it was
   * @throws InvalidRequestException for an unknown workflow or file, or one jobs read or write (the
   *     message names them)
   */
  public Map<String, Object> deleteFile(long workflowId, String name, String actor) {
    workflow(workflowId);
    Map<String, Object> before = file(workflowId, name);
    refused(
        () -> {
          store.deleteFile(workflowId, name);
          return null;
        });
    Audit.record(store, workflowId, null, "deleted file '" + name + "'", actor, "files delete");
    return before;
  }

  private Map<String, Object> file(long workflowId, String name) {
    List<JobRecord> jobs = store.listJobs(workflowId, null);
    return store.listFiles(workflowId).stream()
        .filter(f -> f.name().equals(name))
        .findFirst()
        .map(f -> fileJson(workflowId, f, jobs))
        .orElseThrow(
            () ->
                new InvalidRequestException(
                    "workflow " + workflowId + " has no file '" + name + "'"));
  }

  /**
   * {@code user-data create}: adds user data to a stored workflow.
   *
   * @param workflowId the workflow
   * @param name the user data's name in the workflow
   * @param data a plain JSON value (maps, lists, strings, numbers, booleans or {@code null})
   * @param actor who asks, recorded in the workflow's event log ({@code null}: unknown)
   * @return the user data as {@link #userData} lists it
   * @throws InvalidRequestException for an unknown workflow or a name it already has
   */
  public Map<String, Object> createUserData(
      long workflowId, String name, Object data, String actor) {
    workflow(workflowId);
    dev.torc.model.UserDataSpec spec;
    try {
      spec = dev.torc.model.UserDataSpec.of(name, data);
    } catch (IllegalArgumentException | TorcException e) {
      throw new InvalidRequestException(e.getMessage());
    }
    refused(
        () -> {
          store.addUserData(workflowId, spec);
          return null;
        });
    Audit.record(
        store, workflowId, null, "created user data '" + name + "'", actor, "user-data create");
    return userData(workflowId, name);
  }

  /**
   * {@code user-data update}: a new value for a workflow's user data.
   *
   * @param workflowId the workflow
   * @param name the user data's name in the workflow
   * @param data the new value, a plain JSON value
   * @param actor who asks, recorded in the workflow's event log ({@code null}: unknown)
   * @return the user data as {@link #userData} lists it
   * @throws InvalidRequestException for an unknown workflow or user data
   */
  public Map<String, Object> updateUserData(
      long workflowId, String name, Object data, String actor) {
    workflow(workflowId);
    refused(
        () -> {
          store.updateUserData(workflowId, name, data);
          return null;
        });
    Audit.record(
        store, workflowId, null, "updated user data '" + name + "'", actor, "user-data update");
    return userData(workflowId, name);
  }

  /**
   * {@code user-data delete}: deletes user data no job reads or writes.
   *
   * @param workflowId the workflow
   * @param name the user data's name in the workflow
   * @param actor who asks, recorded in the workflow's event log ({@code null}: unknown)
   * @return the user data as it was
   * @throws InvalidRequestException for an unknown workflow or user data, or one jobs read or write
   *     (the message names them)
   */
  public Map<String, Object> deleteUserData(long workflowId, String name, String actor) {
    workflow(workflowId);
    Map<String, Object> before = userData(workflowId, name);
    refused(
        () -> {
          store.deleteUserData(workflowId, name);
          return null;
        });
    Audit.record(
        store, workflowId, null, "deleted user data '" + name + "'", actor, "user-data delete");
    return before;
  }

  private Map<String, Object> userData(long workflowId, String name) {
    return store.listUserData(workflowId).stream()
        .filter(d -> d.name().equals(name))
        .findFirst()
        .map(d -> userDataJson(workflowId, d.name(), d.data()))
        .orElseThrow(
            () ->
                new InvalidRequestException(
                    "workflow " + workflowId + " has no user data '" + name + "'"));
  }

  /** The requirements of this id, which must be one of the workflow's. */
  private ResourceRequirements requirementsOf(long workflowId, long requirementsId) {
    ResourceRequirements rr =
        JobRefs.of(store.listJobs(workflowId, null)).requirements().get(requirementsId);
    if (rr == null) {
      throw new InvalidRequestException(
          "workflow "
              + workflowId
              + " has no resource requirements with id "
              + requirementsId
              + " (ids are listed by: torc resource-requirements list "
              + workflowId
              + ")");
    }
    return rr;
  }

  /** Runs a store edit, its refusals (a rule the edit breaks) as invalid requests. */
  private static <T> T refused(java.util.function.Supplier<T> edit) {
    try {
      return edit.get();
    } catch (dev.torc.store.StoreException e) {
      throw new InvalidRequestException(e.getMessage());
    }
  }

  /**
   * {@code resource-requirements list}: each distinct set of requirements of the workflow, with its
   * id (see {@link JobRefs}) and how many jobs run with it.
   *
   * @param workflowId the workflow
   * @param query how to cut and order the list ({@link ListQuery#all()} for every item)
   * @return the sets of requirements, with how many there are in all
   */
  public Listed resourceRequirements(long workflowId, ListQuery query) {
    workflow(workflowId);
    List<JobRecord> jobs = store.listJobs(workflowId, null);
    JobRefs refs = JobRefs.of(jobs);
    List<Map<String, Object>> listed = new ArrayList<>();
    refs.requirements()
        .forEach((id, rr) -> listed.add(requirementsJson(workflowId, id, rr, jobs, refs)));
    return new Listed(
        "resource_requirements", Listing.apply(listed, Function.identity(), query), listed.size());
  }

  /**
   * {@code resource-requirements get ID}: one set of requirements by its id.
   *
   * @param requirementsId the id, as {@link #resourceRequirements} lists it
   * @return the requirements, with the jobs that run with them
   * @throws InvalidRequestException when no set of requirements has that id
   */
  public Map<String, Object> resourceRequirement(long requirementsId) {
    JobRecord first =
        store.findJob(requirementsId).orElseThrow(() -> noRequirements(requirementsId));
    List<JobRecord> jobs = store.listJobs(first.workflowId(), null);
    JobRefs refs = JobRefs.of(jobs);
    ResourceRequirements rr = refs.requirements().get(requirementsId);
    if (rr == null) {
      throw noRequirements(requirementsId);
    }
    return requirementsJson(first.workflowId(), requirementsId, rr, jobs, refs);
  }

  private static InvalidRequestException noRequirements(long id) {
    return new InvalidRequestException(
        "no resource requirements with id "
            + id
            + " (ids are listed by: torc resource-requirements list WORKFLOW_ID)");
  }

  private static Map<String, Object> requirementsJson(
      long workflowId, long id, ResourceRequirements rr, List<JobRecord> jobs, JobRefs refs) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", id);
    json.put("workflow_id", workflowId);
    json.putAll(JsonViews.requirements(rr));
    json.put(
        "job_ids",
        jobs.stream().filter(j -> refs.requirementsId(j) == id).map(JobRecord::id).toList());
    return json;
  }

  /**
   * {@code resource-requirements update ID}: new values for one set of requirements, for every job
   * that runs with it and is not pending or running (those keep theirs for the attempt they run).
   * {@code null} values stay as they are.
   *
   * @param requirementsId the id, as {@link #resourceRequirements} lists it
   * @param name the new name, or {@code null}
   * @param numCpus the new CPU count, or {@code null}
   * @param numGpus the new GPU count, or {@code null}
   * @param numNodes the new node count, or {@code null}
   * @param memory the new memory (such as {@code 8g}), or {@code null}
   * @param runtime the new runtime (such as {@code PT2H}), or {@code null}
   * @param actor who asks, recorded in the workflow's event log ({@code null}: unknown)
   * @return the new requirements and how many jobs now have them
   * @throws InvalidRequestException for an unknown id or invalid values; nothing changes then
   */
  public Map<String, Object> updateResourceRequirements(
      long requirementsId,
      String name,
      Integer numCpus,
      Integer numGpus,
      Integer numNodes,
      String memory,
      String runtime,
      String actor) {
    Map<String, Object> before = resourceRequirement(requirementsId);
    JobRecord first = getJob(requirementsId);
    ResourceRequirements old = first.requirements();
    ResourceRequirements changed;
    try {
      ResourceRequirements.Builder b =
          ResourceRequirements.builder(name != null ? name : old.name())
              .numCpus(numCpus != null ? numCpus : old.numCpus())
              .numGpus(numGpus != null ? numGpus : old.numGpus())
              .numNodes(numNodes != null ? numNodes : old.numNodes())
              .memory(memory != null ? Memory.parse(memory) : old.memory())
              .runtime(
                  runtime != null ? ResourceRequirements.parseRuntime(runtime) : old.runtime());
      changed = b.build();
    } catch (IllegalArgumentException | TorcException e) {
      throw new InvalidRequestException(e.getMessage());
    }
    @SuppressWarnings("unchecked")
    List<Long> jobIds = (List<Long>) before.get("job_ids");
    int updated = 0;
    for (long jobId : jobIds) {
      JobStatus status = getJob(jobId).status();
      if (status != JobStatus.RUNNING && status != JobStatus.PENDING) {
        store.updateJobRequirements(jobId, changed);
        updated++;
      }
    }
    Audit.record(
        store,
        first.workflowId(),
        null,
        "resource requirements "
            + requirementsId
            + ": "
            + ResourceBounds.describe(old)
            + " -> "
            + ResourceBounds.describe(changed)
            + " for "
            + updated
            + " jobs",
        actor,
        "resource-requirements update");
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", requirementsId);
    json.put("workflow_id", first.workflowId());
    json.putAll(JsonViews.requirements(changed));
    json.put("jobs_updated", updated);
    return json;
  }

  /**
   * {@code workflows correct-resources}: raises the requirements of jobs whose latest attempt in
   * the current run used more than they asked for (peak memory, peak CPU, execution time; or likely
   * ran out of memory or time), to the highest peak seen among the jobs sharing those requirements
   * times the multiplier. Applies to every job that runs with those requirements, so their next run
   * has them; pending and running jobs keep theirs.
   *
   * @param workflowId the workflow
   * @param memoryMultiplier the factor on the higher of the peak memory seen and the request, at
   *     least 1
   * @param runtimeMultiplier the factor on the higher of the longest execution time seen and the
   *     runtime requested, at least 1
   * @param jobIds only these jobs' attempts are looked at, or {@code null} for all
   * @param dryRun whether to only tell what would change
   * @param actor who asks, recorded in the workflow's event log ({@code null}: unknown)
   * @return how many attempts were looked at and what was (or would be) raised
   */
  public ResourceCorrections correctResources(
      long workflowId,
      double memoryMultiplier,
      double runtimeMultiplier,
      List<Long> jobIds,
      boolean dryRun,
      String actor) {
    if (!(memoryMultiplier >= 1) || !(runtimeMultiplier >= 1)) {
      throw new InvalidRequestException("multipliers must be at least 1");
    }
    WorkflowRecord workflow = workflow(workflowId);
    if (jobIds != null) {
      jobIds.forEach(id -> jobOf(workflowId, id));
    }
    List<JobRecord> jobs = store.listJobs(workflowId, null);
    JobRefs refs = JobRefs.of(jobs);
    Map<Long, JobRecord> byId = new HashMap<>();
    jobs.forEach(j -> byId.put(j.id(), j));
    Map<Long, List<ResourceDiagnosis>> over = new LinkedHashMap<>();
    int analyzed = 0;
    for (JobResult r :
        Results.latestAttemptPerJob(store.listResults(workflowId), workflow.runId())) {
      if (jobIds != null && !jobIds.contains(r.jobId())) {
        continue;
      }
      analyzed++;
      JobRecord job = byId.get(r.jobId());
      ResourceDiagnosis d = ResourceDiagnosis.of(job.requirements(), r);
      if (d.anyOver() || d.likelyOom() || d.likelyTimeout()) {
        over.computeIfAbsent(refs.requirementsId(job), k -> new ArrayList<>()).add(d);
      }
    }
    List<ResourceCorrections.Adjustment> adjustments = new ArrayList<>();
    for (Map.Entry<Long, List<ResourceDiagnosis>> group : over.entrySet()) {
      ResourceRequirements rr = refs.requirements().get(group.getKey());
      adjustments.add(
          ResourceCorrection.adjust(
              group.getKey(), rr, group.getValue(), byId, memoryMultiplier, runtimeMultiplier));
    }
    if (!dryRun) {
      for (ResourceCorrections.Adjustment a : adjustments) {
        ResourceRequirements rr = refs.requirements().get(a.requirementsId());
        ResourceRequirements changed = ResourceCorrection.apply(rr, a);
        for (JobRecord job : jobs) {
          if (refs.requirementsId(job) == a.requirementsId()
              && job.status() != JobStatus.RUNNING
              && job.status() != JobStatus.PENDING) {
            store.updateJobRequirements(job.id(), changed);
          }
        }
        Audit.record(
            store,
            workflowId,
            null,
            "corrected resource requirements "
                + a.requirementsId()
                + ": "
                + ResourceBounds.describe(rr)
                + " -> "
                + ResourceBounds.describe(changed),
            actor,
            "workflows correct-resources");
      }
    }
    return new ResourceCorrections(workflowId, dryRun, analyzed, adjustments);
  }

  // ---- running and recovering --------------------------------------------------------------

  /**
   * Submits a workflow built in code and runs it to its end with these options.
   *
   * @param workflow the workflow to store and run
   * @param options how to run it
   * @return the run's outcome
   */
  public RunResult run(Workflow workflow, RunOptions options) {
    return run(submit(workflow), options);
  }

  /**
   * Runs (or resumes) a stored workflow to its end on this machine, with the Java tasks given when
   * it was submitted through this object plus those in {@code options}. A task in {@code options}
   * for a job of a sweep submitted through this object sees that job's values in {@link
   * dev.torc.model.TaskContext#parameters()}; for a workflow stored by another process, bind the
   * tasks with {@link Workflow#bindParameters} of the workflow as built in code.
   *
   * @param workflowId the workflow
   * @param options how to run it, and Java tasks to add
   * @return the run's outcome
   */
  public RunResult run(long workflowId, RunOptions options) {
    Workflow submitted = withJavaTasks.get(workflowId);
    RunOptions effective =
        submitted == null
            ? options.withDefaults(Map.of(), apiUrl)
            // Tasks the options register see their jobs' parameters as the workflow's own do.
            : options
                .withTasks(submitted.bindParameters(options.tasks()))
                .withDefaults(submitted.javaTasks(), apiUrl);
    return new JobRunner(store, workflowId, effective).run();
  }

  /**
   * Runs a stored workflow to its end; while it stops with pending_failed jobs and the request's
   * classifier resolves some, runs it again.
   *
   * @param workflowId the workflow
   * @param request how to run it and who classifies what fails
   * @return the outcome of every run
   */
  public RunReport run(long workflowId, RunRequest request) {
    workflow(workflowId);
    int classified = 0;
    while (true) {
      RunResult result = run(workflowId, request.options());
      int resolved =
          request.classifier() == null || result.count(JobStatus.PENDING_FAILED) == 0
              ? 0
              : request.classifier().classify(this, workflowId);
      if (resolved <= 0) {
        if (store.getWorkflow(workflowId).resourceMonitor().generatePlots()) {
          plots(workflowId, request.options().outputDir(), null);
        }
        return new RunReport(result, request.options().outputDir(), classified);
      }
      classified += resolved;
    }
  }

  /**
   * Starts {@link #run(long, RunRequest)} in a thread of its own and returns at once; the handle
   * gives the report when the run ends and can cancel it. The run works on this torc's store from
   * that thread; calls that only read (such as {@link #status}) may go on meanwhile.
   *
   * @param workflowId the workflow
   * @param request how to run it and who classifies what fails
   * @return a handle on the run
   * @throws InvalidRequestException when there is no such workflow
   */
  public RunHandle start(long workflowId, RunRequest request) {
    workflow(workflowId);
    CompletableFuture<RunReport> result = new CompletableFuture<>();
    Thread runner =
        new Thread(
            () -> {
              try {
                result.complete(run(workflowId, request));
              } catch (Throwable e) {
                result.completeExceptionally(e);
              }
            },
            "torc-run-" + workflowId);
    runner.start();
    return new RunHandle(workflowId, result, reason -> cancel(workflowId, "sdk", reason));
  }

  /**
   * {@code torc reports plots}: writes the workflow's resource-plot page, a self-contained HTML
   * file (no network needed) with a timeline of every attempt, memory and CPU over time per job
   * (from the time series the monitor wrote with granularity {@code time_series}, else each
   * attempt's average) and the job graph. Runs of a workflow whose spec sets {@code generate_plots}
   * write it when they end.
   *
   * @param workflowId the workflow
   * @param runOutputDir where the runs wrote their logs and time series, or {@code null} for this
   *     torc's output directory
   * @param pageDir where to write the page, or {@code null} for {@code plots} under {@code
   *     runOutputDir}; the file is {@code workflow_<id>_resources.html}
   * @return the page written and what it shows
   * @throws UncheckedIOException when the page cannot be written
   */
  public PlotsReport plots(long workflowId, Path runOutputDir, Path pageDir) {
    WorkflowRecord workflow = workflow(workflowId);
    Path runOutput = runOutputDir != null ? runOutputDir : outputDir;
    Path dir = pageDir != null ? pageDir : runOutput.resolve("plots");
    PlotPage page =
        PlotPage.of(
            workflow, store.listJobs(workflowId, null), store.listResults(workflowId), runOutput);
    Path file = dir.resolve("workflow_" + workflowId + "_resources.html");
    try {
      Files.createDirectories(dir);
      Files.writeString(file, page.html());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the plot page " + file + ": " + e, e);
    }
    return new PlotsReport(workflowId, file, page.jobs(), page.attempts(), page.timeSeries());
  }

  /**
   * {@code torc watch}: runs the workflow on this machine (a workflow with Slurm schedulers or
   * allocations: syncs its allocations at each poll, settling the jobs of lost ones, and submits
   * more with the request's auto-schedule) and watches it until it is complete; with recovery
   * options, recovers failed jobs and runs again, up to the request's passes. The request's
   * classifier (else its run's) classifies what each run leaves pending_failed.
   *
   * @param workflowId the workflow
   * @param request how to run, poll, recover and schedule
   * @param listener hears each poll and pass, or {@code null}
   * @return how the watch ended and what each pass did
   * @throws InterruptedException when the thread is interrupted while it waits between polls
   */
  public WatchReport watch(long workflowId, WatchRequest request, WatchListener listener)
      throws InterruptedException {
    workflow(workflowId);
    RunRequest run =
        request.classifier() == null
            ? request.run()
            : new RunRequest(request.run().options(), request.classifier());
    // A workflow that uses Slurm is run by its allocations: each poll syncs them (and submits
    // more with auto-schedule) instead of running jobs on this machine.
    boolean slurmRun = SlurmWatchStep.usesSlurm(store, workflowId);
    dev.torc.slurm.hpc.HpcProfile profile = slurmProfile(workflowId, request.recovery());
    AutoScheduleOptions auto = request.autoSchedule();
    WorkflowWatch watch =
        WorkflowWatch.builder(store)
            .driver(slurmRun ? WorkflowDriver.none() : id -> run(id, run))
            .eachPoll(
                slurmRun
                    ? new SlurmWatchStep(
                        store,
                        slurm(),
                        auto == null
                            ? null
                            : new AutoSchedule(
                                auto.threshold(),
                                auto.cooldown(),
                                auto.strandedTimeout(),
                                Clock.systemUTC()),
                        auto == null ? null : auto.databaseLocation(),
                        auto == null ? null : auto.outputDirectory())
                    : WorkflowDriver.none())
            .recovery(
                request.recovery() == null
                    ? null
                    : recovery(
                        request.recovery(), run.options().resources().memoryBytes(), profile))
            .afterRecovery(
                report -> {
                  try {
                    regenerateAfterResize(workflowId, report, profile, run.options().outputDir());
                  } catch (RuntimeException e) {
                    LOG.warn(
                        "regenerating the Slurm schedulers of workflow {} failed: {}",
                        workflowId,
                        e.getMessage());
                  }
                })
            .maxRetries(request.maxRetries())
            .pollInterval(request.pollInterval())
            .countJobs(request.countJobs())
            .listener(new AuditedWatch(store, request.actor(), listener))
            .build();
    WatchResult result = watch.watch(workflowId);
    return new WatchReport(result);
  }

  /**
   * {@code torc recover}: classify pending_failed jobs (when the request has a classifier), settle
   * jobs of dead runners, one recovery pass, then (unless asked not to) run the workflow again.
   *
   * @param workflowId the workflow
   * @param request the classifier, recovery options and the run to start
   * @return what was classified, settled and recovered, and the run
   * @throws InvalidRequestException when jobs of the workflow are pending or running
   */
  public RecoverReport recover(long workflowId, RecoverRequest request) {
    workflow(workflowId);
    boolean dryRun = request.dryRun();
    int classified = 0;
    if (!dryRun
        && request.classifier() != null
        && store.countJobsByStatus(workflowId).getOrDefault(JobStatus.PENDING_FAILED, 0) > 0) {
      classified = request.classifier().classify(this, workflowId);
    }
    long memoryLimit = request.run().options().resources().memoryBytes();
    dev.torc.slurm.hpc.HpcProfile profile = slurmProfile(workflowId, request.recovery());
    WorkflowRecovery recovery = recovery(request.recovery(), memoryLimit, profile);
    int settled = dryRun ? 0 : JobRunner.settleDeadRunners(store, workflowId);
    RecoveryReport report;
    try {
      report = recovery.recover(workflowId, dryRun);
    } catch (IllegalStateException e) {
      throw new InvalidRequestException(e.getMessage());
    }
    if (!dryRun) {
      Audit.record(
          store,
          workflowId,
          null,
          "recovery reset " + report.resetCount() + " jobs",
          request.actor(),
          "recover the workflow");
    }
    if (report.jobs().isEmpty()) {
      if ((settled > 0 || classified > 0) && !request.noRun()) {
        return new RecoverReport(
            RecoverReport.Outcome.RAN, settled, classified, report, run(workflowId, request.run()));
      }
      return new RecoverReport(
          RecoverReport.Outcome.NOTHING_TO_RECOVER, settled, classified, report, null);
    }
    if (!report.recoverable()) {
      // Jobs the classifier retried run even when the pass finds nothing it can recover itself.
      if (classified > 0 && !request.noRun()) {
        return new RecoverReport(
            RecoverReport.Outcome.RAN, settled, classified, report, run(workflowId, request.run()));
      }
      return new RecoverReport(
          RecoverReport.Outcome.NOT_RECOVERABLE, settled, classified, report, null);
    }
    if (dryRun) {
      return new RecoverReport(RecoverReport.Outcome.DRY_RUN, settled, classified, report, null);
    }
    if (request.noRun()) {
      return new RecoverReport(RecoverReport.Outcome.RESET, settled, classified, report, null);
    }
    if (SlurmWatchStep.usesSlurm(store, workflowId)) {
      // Its allocations run it: those regenerated for resized jobs, or those still live.
      try {
        regenerateAfterResize(workflowId, report, profile, request.run().options().outputDir());
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException(e.getMessage());
      }
      return new RecoverReport(RecoverReport.Outcome.RESET, settled, classified, report, null);
    }
    RunReport ran = run(workflowId, request.run());
    return new RecoverReport(
        RecoverReport.Outcome.RAN,
        settled,
        classified,
        report,
        ran,
        recovery.rightSize(workflowId));
  }

  /**
   * {@code torc recover --what-if POLICY.yaml}: replays the policy over the workflow's recorded
   * failures and tells, per job that failed, what it would have done (its actions, attempts and end
   * state). Reads the store only.
   *
   * @param workflowId the workflow
   * @param request the policy to replay
   * @return what the policy would have done, job by job
   * @throws InvalidRequestException when the policy is not valid, with what is wrong
   */
  public WhatIfReport whatIf(long workflowId, WhatIfRequest request) {
    workflow(workflowId);
    WhatIfPolicy policy;
    try {
      policy =
          WhatIfPolicy.parse(
              request.policy(), WhatIfPolicy.defaults(Memory.ofBytes(machine().memoryBytes())));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("invalid recovery policy: " + e.getMessage());
    }
    return new WhatIfReport(PolicyReplay.replay(store, workflowId, policy));
  }

  /**
   * {@code torc rules suggest}: classification rules learned from the classifications people and
   * agents recorded for the workflow's jobs, with their support and conflicts. Applies nothing.
   *
   * @param workflowId the workflow
   * @param request how much support a rule needs
   * @return the rules, with their support and conflicts
   */
  public RuleSuggestionsReport suggestRules(long workflowId, RuleSuggestRequest request) {
    workflow(workflowId);
    RuleSuggestions.Report report = RuleSuggestions.suggest(store, workflowId);
    return new RuleSuggestionsReport(
        new RuleSuggestions.Report(
            report.workflowId(),
            report.classifications(),
            report.withoutSignature(),
            report.suggestions().stream().filter(s -> s.support() >= request.minSupport()).toList(),
            report.conflicts()));
  }

  /**
   * The HPC profile that caps resizes of a workflow that uses Slurm and on which its schedulers are
   * regenerated: the options' profile, else the detected one; null for other workflows, or when
   * none is detected.
   */
  private dev.torc.slurm.hpc.HpcProfile slurmProfile(long workflowId, RecoveryOptions options) {
    if (options == null || !SlurmWatchStep.usesSlurm(store, workflowId)) {
      return null;
    }
    Hpc hpc = Hpc.fromEnvironment();
    if (options.hpcProfile() != null) {
      return hpc.profile(options.hpcProfile());
    }
    return hpc.detect().orElse(null);
  }

  /**
   * After a pass resized jobs of a workflow that uses Slurm: schedulers regenerated for the jobs
   * still waiting, one allocation submitted on each; the Slurm job ids.
   */
  private List<String> regenerateAfterResize(
      long workflowId,
      RecoveryReport report,
      dev.torc.slurm.hpc.HpcProfile profile,
      Path outputDirectory) {
    if (profile == null
        || report.dryRun()
        || report.withAction(dev.torc.recovery.workflow.JobRecovery.Action.RESIZE).isEmpty()) {
      return List.of();
    }
    return SchedulerRegeneration.regenerate(
            store,
            slurm(),
            workflowId,
            profile,
            null,
            true,
            databaseLocation(),
            outputDirectory.toAbsolutePath())
        .submittedJobIds();
  }

  private WorkflowRecovery recovery(
      RecoveryOptions options, long maxMemoryBytes, dev.torc.slurm.hpc.HpcProfile profile) {
    if (profile == null) {
      return recovery(options, maxMemoryBytes);
    }
    // On a cluster the largest partition that fits is the cap, not this machine's memory; the
    // largest node's memory also bounds the headroom given after a memory kill.
    long largestNode =
        profile.partitions().stream()
            .mapToLong(dev.torc.slurm.hpc.HpcPartition::memoryBytes)
            .max()
            .orElse(maxMemoryBytes);
    return recoveryBuilder(options)
        .maxMemory(Memory.ofBytes(largestNode))
        .limit(
            rr ->
                profile.smallestFit(rr, rr.runtime()).isPresent()
                    ? null
                    : profile.whyNothingFits(rr, rr.runtime()))
        .build();
  }

  private WorkflowRecovery recovery(RecoveryOptions options, long maxMemoryBytes) {
    return recoveryBuilder(options).maxMemory(Memory.ofBytes(maxMemoryBytes)).build();
  }

  private WorkflowRecovery.Builder recoveryBuilder(RecoveryOptions options) {
    return WorkflowRecovery.builder(store)
        .memoryMultiplier(options.memoryMultiplier())
        .oomSizing(options.oomSizing())
        .runtimeMultiplier(options.runtimeMultiplier())
        .retryUnknown(options.retryUnknown())
        .recoveryHook(
            options.recoveryHook() == null ? null : RecoveryHook.command(options.recoveryHook()))
        .maxRuntime(options.maxRuntime());
  }

  // ---- checks --------------------------------------------------------------------------------

  /** The workflow, or an {@link InvalidRequestException}. */
  WorkflowRecord workflow(long workflowId) {
    return store
        .findWorkflow(workflowId)
        .orElseThrow(() -> new InvalidRequestException("no workflow with id " + workflowId));
  }

  /** The job, when it belongs to the workflow; else an {@link InvalidRequestException}. */
  JobRecord jobOf(long workflowId, long jobId) {
    JobRecord job = getJob(jobId);
    if (job.workflowId() != workflowId) {
      throw new InvalidRequestException("job " + jobId + " is not a job of workflow " + workflowId);
    }
    return job;
  }

  private Map<Long, String> jobNames(long workflowId) {
    Map<Long, String> names = new LinkedHashMap<>();
    store.listJobs(workflowId, null).forEach(j -> names.put(j.id(), j.name()));
    return names;
  }

  private static <T> List<T> slice(List<T> items, Page page) {
    int from = (int) Math.min(items.size(), (long) page.offset());
    int to = (int) Math.min(items.size(), (long) from + page.limit());
    return List.copyOf(items.subList(from, to));
  }

  @Override
  public void close() {
    if (ownsStore) {
      store.close();
    }
  }

  /** Builds a {@link Torc}: its store and its bounds. */
  public static final class Builder {
    private WorkflowStore store;
    private boolean ownsStore;
    private String apiUrl;
    private MachineResources machine;
    private double resourceFactor = DEFAULT_RESOURCE_FACTOR;
    private Path saveRoot = Path.of("");
    private Path outputDir = Path.of(JobLogs.DEFAULT_OUTPUT_DIR);
    private int maxLogBytes = DEFAULT_MAX_LOG_BYTES;

    private Builder() {}

    /**
     * The SQLite store in this file, opened (created when missing) and closed by the torc.
     *
     * @param database the SQLite file
     * @return this builder
     */
    public Builder database(Path database) {
      this.store = Stores.sqlite(database);
      this.ownsStore = true;
      this.apiUrl = Stores.apiUrl(database.toString());
      return this;
    }

    /**
     * The store at this location (a SQLite file's path or a PostgreSQL URL), opened and closed by
     * the torc.
     *
     * @param location a SQLite file's path or a PostgreSQL URL
     * @return this builder
     */
    public Builder database(String location) {
      this.store = Stores.open(location);
      this.ownsStore = true;
      this.apiUrl = Stores.apiUrl(location);
      return this;
    }

    /**
     * A store the caller opened and will close.
     *
     * @param store the store
     * @param apiUrl what jobs see as {@code TORC_API_URL}
     * @return this builder
     */
    public Builder store(WorkflowStore store, String apiUrl) {
      this.store = Objects.requireNonNull(store, "store");
      this.ownsStore = false;
      this.apiUrl = Objects.requireNonNull(apiUrl, "apiUrl");
      return this;
    }

    /**
     * A store in this process's memory, closed by the torc.
     *
     * @return this builder
     */
    public Builder inMemory() {
      this.store = Stores.inMemory();
      this.ownsStore = true;
      this.apiUrl = "memory:";
      return this;
    }

    /**
     * The most CPUs and memory a job may be given (default: this machine's, detected).
     *
     * @param machine the ceiling
     * @return this builder
     */
    public Builder machine(MachineResources machine) {
      this.machine = machine;
      return this;
    }

    /**
     * How much one change may scale a job's CPUs, memory or runtime, up or down (default {@value
     * Torc#DEFAULT_RESOURCE_FACTOR}).
     *
     * @param factor the largest scale, at least 1
     * @return this builder
     */
    public Builder maxResourceFactor(double factor) {
      if (!(factor >= 1)) {
        throw new IllegalArgumentException("the resource factor must be at least 1, was " + factor);
      }
      this.resourceFactor = factor;
      return this;
    }

    /**
     * The directory {@link Torc#saveSpec} writes under (default: the working directory).
     *
     * @param root the directory
     * @return this builder
     */
    public Builder saveRoot(Path root) {
      this.saveRoot = Objects.requireNonNull(root, "root");
      return this;
    }

    /**
     * The output directory for requests that name none (default: {@code output}).
     *
     * @param outputDir the directory
     * @return this builder
     */
    public Builder outputDir(Path outputDir) {
      this.outputDir = Objects.requireNonNull(outputDir, "outputDir");
      return this;
    }

    /**
     * The most bytes of a log one call returns (default {@value Torc#DEFAULT_MAX_LOG_BYTES}).
     *
     * @param bytes the most bytes, at least 1
     * @return this builder
     */
    public Builder maxLogBytes(int bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("maxLogBytes must be positive, was " + bytes);
      }
      this.maxLogBytes = bytes;
      return this;
    }

    /**
     * Builds the torc.
     *
     * @return the torc, which owns the store unless it was given with {@link #store}
     */
    public Torc build() {
      if (store == null) {
        throw new IllegalStateException("no store: call database, store or inMemory");
      }
      return new Torc(this);
    }
  }
}
