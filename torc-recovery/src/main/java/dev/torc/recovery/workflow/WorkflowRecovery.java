package dev.torc.recovery.workflow;

import dev.torc.model.JobStatus;
import dev.torc.model.Memory;
import dev.torc.model.ResourceRequirements;
import dev.torc.recovery.classify.FailureCause;
import dev.torc.recovery.policy.CauseBudgets;
import dev.torc.recovery.policy.OomSizing;
import dev.torc.recovery.policy.Resizing;
import dev.torc.recovery.policy.ResourceScaling;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import dev.torc.store.WorkflowStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One workflow-level recovery pass, as {@code torc recover} runs it and {@code torc watch
 * --recover} repeats it: diagnose every failed, terminated and pending_failed job of the current
 * run ({@link FailureDiagnosis}), let the {@link ResourceHeuristic}s resize those that ran out of
 * memory or time, run the optional {@link RecoveryHook}, then reset the jobs to run again and their
 * downstream in one store transaction, the resized ones with their new requirements. Jobs that
 * succeeded keep their requirements.
 *
 * <p>Which failed jobs run again: those a heuristic adjusted; those whose cause is in {@link
 * Builder#retryCauses} (by default transient, preempted and node failures) unchanged; unknown
 * failures unchanged only with {@link Builder#retryUnknown} or a hook. The rest (permanent and, by
 * default, unknown failures) are left as they are.
 *
 * <p>The durable history decides before anything else ({@link RetryBudgets}): a job its failure
 * handler stopped is never run again, and a job whose cause used up its retries ({@link
 * Builder#budgets}, counted over all runs and passes) is not either; such a {@code pending_failed}
 * job fails, as does one whose failure is permanent (unknown ones stay for a person or an agent).
 * Every job a pass runs again or leaves gets an event that says why ({@value #EVENT_RETRY}, {@value
 * #EVENT_SKIPPED}).
 *
 * <p>A request is never raised past the limits ({@link Builder#maxMemory}, {@link
 * Builder#maxRuntime}, normally what the machine or partition offers): a job the heuristics would
 * raise past one is not retried but fails ({@code pending_failed} moves to {@code failed}), with a
 * {@code recovery_over_limit} event that says why.
 *
 * <p>The first retry after a memory kill runs with headroom ({@link Builder#oomSizing}, by default
 * {@link OomSizing#DEFAULT}): the killed attempt's peak is about its limit, not its need, so the
 * retry asks for several times the request (within the limits) and, once it completed, {@link
 * #rightSize} sets the job's requirement from the retry's measured peak, with a {@value
 * #EVENT_RIGHT_SIZED} event. A job needing up to 4× its request is so fixed in one resize.
 *
 * <p>{@link #recover(long, boolean)} with {@code dryRun} computes the same report and changes
 * nothing, not even the event log, and runs no hook. Immutable and thread-safe; one pass at a time
 * per workflow.
 */
public final class WorkflowRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(WorkflowRecovery.class);

  /** The event kind of a job recovery failed because its request would pass the limits. */
  public static final String EVENT_OVER_LIMIT = "recovery_over_limit";

  /** The event kind of a job a recovery pass runs again, with why. */
  public static final String EVENT_RETRY = "recovery_retry";

  /** The event kind of a failed job a recovery pass leaves as it is or fails, with why. */
  public static final String EVENT_SKIPPED = "recovery_skipped";

  /** The event kind of a job whose requirement was set from its headroom retry's peak. */
  public static final String EVENT_RIGHT_SIZED = "recovery_right_sized";

  /** The event kind of a recovery pass's summary. */
  public static final String EVENT_RECOVERY = "workflow_recovery";

  private final WorkflowStore store;
  private final List<ResourceHeuristic> heuristics;
  private final double memoryMultiplier;
  private final double runtimeMultiplier;
  private final OomSizing oomSizing;
  private final Set<FailureCause> retryCauses;
  private final RecoveryHook hook;
  private final Long maxMemoryBytes;
  private final Duration maxRuntime;
  private final java.util.function.Function<ResourceRequirements, String> limit;
  private final CauseBudgets.Config budgets;
  private final Path outputDir;

  private WorkflowRecovery(Builder b) {
    this.budgets = b.budgets;
    this.outputDir = b.outputDir;
    this.store = b.store;
    this.heuristics = b.heuristics == null ? null : List.copyOf(b.heuristics);
    this.memoryMultiplier = b.memoryMultiplier;
    this.runtimeMultiplier = b.runtimeMultiplier;
    this.oomSizing = b.oomSizing;
    EnumSet<FailureCause> causes = EnumSet.copyOf(b.retryCauses);
    if (b.retryUnknown || b.hook != null) {
      causes.add(FailureCause.UNKNOWN);
    }
    this.retryCauses = Set.copyOf(causes);
    this.hook = b.hook;
    this.maxMemoryBytes = b.maxMemoryBytes;
    this.maxRuntime = b.maxRuntime;
    this.limit = b.limit;
  }

  /**
   * A builder for recovery of workflows in this store. Not thread-safe.
   *
   * @param store the store
   * @return a builder for recovery of workflows in this store
   */
  public static Builder builder(WorkflowStore store) {
    return new Builder(store);
  }

  /**
   * Runs one recovery pass, or with {@code dryRun} reports what it would do without changing
   * anything.
   *
   * @throws IllegalStateException when jobs of the workflow are pending or running
   * @throws RecoveryHook.RecoveryHookException when the hook fails; nothing was changed
   * @throws dev.torc.store.StoreException when there is no such workflow
   * @param workflowId the workflow
   * @param dryRun whether to change nothing
   * @return the report of the pass
   */
  public RecoveryReport recover(long workflowId, boolean dryRun) {
    Map<JobStatus, Integer> counts = store.countJobsByStatus(workflowId);
    int active =
        counts.getOrDefault(JobStatus.PENDING, 0) + counts.getOrDefault(JobStatus.RUNNING, 0);
    if (active > 0) {
      throw new IllegalStateException(
          "workflow "
              + workflowId
              + " has "
              + active
              + " pending or running jobs; recover it when they have ended");
    }
    if (!dryRun) {
      rightSize(workflowId);
    }
    RetryBudgets history = RetryBudgets.load(store, workflowId, budgets);
    HeadroomRetries headroom = HeadroomRetries.load(store, workflowId);
    List<ResourceHeuristic> passHeuristics = heuristics(headroom);
    List<JobRecovery> plan = new ArrayList<>();
    Set<Long> refused = new TreeSet<>();
    for (FailedJob failed : FailureDiagnosis.of(store, workflowId, outputDir)) {
      JobRecovery job = plan(failed, history, passHeuristics);
      plan.add(job);
      if (job.action() == JobRecovery.Action.SKIP && refusal(failed, history).isPresent()) {
        refused.add(job.jobId());
      }
    }
    if (dryRun) {
      return new RecoveryReport(workflowId, true, plan, false, 0);
    }
    boolean hookRan = false;
    if (hook != null && !plan.isEmpty()) {
      hook.run(workflowId);
      hookRan = true;
    }
    return new RecoveryReport(
        workflowId, false, plan, hookRan, apply(workflowId, plan, refused, headroom));
  }

  /**
   * Sets the requirement of each completed job that ran with headroom after a memory kill from the
   * measured peak of its completed attempt ({@link OomSizing#rightSize}), with a {@value
   * #EVENT_RIGHT_SIZED} event; each job once. {@link WorkflowWatch} calls it whenever nothing is
   * left to run, and each pass calls it first.
   *
   * @return the jobs whose requirements changed
   * @param workflowId the workflow
   */
  public List<RightSized> rightSize(long workflowId) {
    HeadroomRetries headroom = HeadroomRetries.load(store, workflowId);
    if (!headroom.pending().iterator().hasNext()) {
      return List.of();
    }
    Map<Long, JobRecord> jobs = new LinkedHashMap<>();
    for (JobRecord job : store.listJobs(workflowId, JobStatus.COMPLETED)) {
      jobs.put(job.id(), job);
    }
    List<RightSized> changed = new ArrayList<>();
    for (HeadroomRetries.Retry retry : headroom.pending()) {
      JobRecord job = jobs.get(retry.jobId());
      if (job == null) {
        continue;
      }
      Optional<JobResult> done =
          store.listJobResults(job.id()).stream()
              .filter(r -> r.status() == JobStatus.COMPLETED && r.peakMemoryBytes() != null)
              .reduce((a, b) -> b);
      Memory ranWith = job.requirements().memory();
      Memory sized =
          done.map(r -> oomSizing.rightSize(retry.killedAt(), ranWith, r.peakMemoryBytes()))
              .orElse(ranWith);
      HeadroomRetries.record(
          store,
          workflowId,
          new HeadroomRetries.Retry(job.id(), retry.killedAt(), retry.headroom(), true));
      if (sized.equals(ranWith)) {
        continue;
      }
      RightSized change =
          new RightSized(
              job.id(),
              job.name(),
              retry.killedAt(),
              ranWith,
              Memory.ceilingIn(done.get().peakMemoryBytes(), 'm'),
              sized);
      store.updateJobRequirements(job.id(), job.requirements().toBuilder().memory(sized).build());
      store.addEvent(
          workflowId,
          job.id(),
          EVENT_RIGHT_SIZED,
          "job '" + job.name() + "': " + change.describe());
      changed.add(change);
    }
    return List.copyOf(changed);
  }

  /** The heuristics of one pass: the configured ones, else OOM with headroom and timeout. */
  private List<ResourceHeuristic> heuristics(HeadroomRetries headroom) {
    if (heuristics != null) {
      return heuristics;
    }
    ResourceHeuristic oom =
        (job, current) -> {
          if (job.cause() != FailureCause.OOM) {
            return Optional.empty();
          }
          Memory memory =
              oomSizing.retry(
                  current.memory(),
                  job.peakMemoryBytes(),
                  memoryMultiplier,
                  headroom.had(job.job().id()),
                  maxMemoryBytes);
          return Optional.of(Adjustment.oomMemory(current, memory));
        };
    return List.of(oom, ResourceHeuristic.timeout(runtimeMultiplier));
  }

  /** Whether this resize gives the job its headroom retry. */
  private boolean headroomRetry(JobRecovery job, HeadroomRetries headroom) {
    return heuristics == null
        && oomSizing.headroom()
        && job.failed().cause() == FailureCause.OOM
        && !headroom.had(job.jobId());
  }

  /**
   * Fails the workflow's jobs awaiting classification that must not run again, as a pass would:
   * their failure is permanent, their failure handler stopped them, or their cause's retries are
   * used up; each gets a {@value #EVENT_SKIPPED} event that says why. Runs nothing again; {@link
   * WorkflowWatch} calls it when its passes are used up.
   *
   * @return how many jobs failed
   * @param workflowId the workflow
   */
  public int settle(long workflowId) {
    RetryBudgets history = RetryBudgets.load(store, workflowId, budgets);
    int failed = 0;
    for (FailedJob job :
        FailureDiagnosis.of(store, workflowId, outputDir, Set.of(JobStatus.PENDING_FAILED))) {
      Optional<String> why =
          job.cause() == FailureCause.PERMANENT
              ? Optional.of("permanent failure (" + job.evidence() + ")")
              : refusal(job, history);
      if (why.isPresent()) {
        store.updateJobStatus(job.job().id(), JobStatus.FAILED);
        store.addEvent(
            workflowId,
            job.job().id(),
            EVENT_SKIPPED,
            "job '" + job.job().name() + "' not retried, failed: " + why.get());
        failed++;
      }
    }
    return failed;
  }

  /**
   * Why the durable history forbids running this job again, if it would otherwise: its failure
   * handler stopped it, or its cause's retries are used up.
   */
  private Optional<String> refusal(FailedJob failed, RetryBudgets history) {
    Optional<String> handler = history.stoppedByHandler(failed);
    if (handler.isPresent()) {
      return handler;
    }
    boolean wouldRun =
        retryCauses.contains(failed.cause())
            || failed.cause() == FailureCause.OOM
            || failed.cause() == FailureCause.TIMEOUT;
    return wouldRun ? history.refusal(failed) : Optional.empty();
  }

  private JobRecovery plan(
      FailedJob failed, RetryBudgets history, List<ResourceHeuristic> heuristics) {
    ResourceRequirements current = failed.job().requirements();
    Optional<String> refusal = refusal(failed, history);
    if (refusal.isPresent()) {
      return new JobRecovery(failed, JobRecovery.Action.SKIP, List.of(), current, refusal.get());
    }
    List<Adjustment> adjustments = new ArrayList<>();
    for (ResourceHeuristic heuristic : heuristics) {
      Optional<Adjustment> a = heuristic.adjust(failed, current);
      if (a.isPresent()) {
        adjustments.add(a.get());
        current = a.get().requirements();
      }
    }
    if (!adjustments.isEmpty()) {
      String over = overLimit(current);
      return over == null
          ? new JobRecovery(failed, JobRecovery.Action.RESIZE, adjustments, current, null)
          : new JobRecovery(failed, JobRecovery.Action.OVER_LIMIT, adjustments, current, over);
    }
    if (retryCauses.contains(failed.cause())) {
      return new JobRecovery(failed, JobRecovery.Action.RETRY, List.of(), current, null);
    }
    String why =
        failed.cause() == FailureCause.UNKNOWN
            ? "unknown failure cause (" + failed.evidence() + ")"
            : failed.cause().label() + " failure (" + failed.evidence() + ")";
    return new JobRecovery(failed, JobRecovery.Action.SKIP, List.of(), current, why);
  }

  /** Why these requirements pass the limits, or {@code null} when they do not. */
  private String overLimit(ResourceRequirements rr) {
    String why = limit.apply(rr);
    if (why != null) {
      return why + "; not retrying";
    }
    if (maxMemoryBytes != null && rr.memory().bytes() > maxMemoryBytes) {
      return "memory "
          + rr.memory()
          + " exceeds the "
          + Memory.ofBytes(maxMemoryBytes)
          + " available; not retrying";
    }
    if (maxRuntime != null && rr.runtime().compareTo(maxRuntime) > 0) {
      return "runtime " + rr.runtime() + " exceeds the limit " + maxRuntime + "; not retrying";
    }
    return null;
  }

  private int apply(
      long workflowId, List<JobRecovery> plan, Set<Long> refused, HeadroomRetries headroom) {
    Set<Long> rerun = new TreeSet<>();
    Map<Long, ResourceRequirements> resized = new LinkedHashMap<>();
    for (JobRecovery job : plan) {
      switch (job.action()) {
        case RESIZE -> {
          rerun.add(job.jobId());
          resized.put(job.jobId(), job.requirements());
          String what =
              job.adjustments().stream()
                  .map(Adjustment::describe)
                  .collect(java.util.stream.Collectors.joining("; "));
          if (headroomRetry(job, headroom)) {
            HeadroomRetries.record(
                store,
                workflowId,
                new HeadroomRetries.Retry(
                    job.jobId(),
                    job.failed().job().requirements().memory(),
                    job.requirements().memory(),
                    false));
            what += " (headroom to measure its real need; sized from its peak once it completes)";
          }
          retryEvent(workflowId, job, what);
        }
        case RETRY -> {
          rerun.add(job.jobId());
          retryEvent(workflowId, job, "retrying without changes");
        }
        case OVER_LIMIT -> {
          if (job.failed().job().status() == JobStatus.PENDING_FAILED) {
            store.updateJobStatus(job.jobId(), JobStatus.FAILED);
          }
          store.addEvent(
              workflowId,
              job.jobId(),
              EVENT_OVER_LIMIT,
              "job '" + job.jobName() + "': " + job.note());
        }
        case SKIP -> {
          boolean stop =
              (refused.contains(job.jobId()) || job.failed().cause() == FailureCause.PERMANENT)
                  && job.failed().job().status() == JobStatus.PENDING_FAILED;
          if (stop) {
            store.updateJobStatus(job.jobId(), JobStatus.FAILED);
          }
          store.addEvent(
              workflowId,
              job.jobId(),
              EVENT_SKIPPED,
              "job '"
                  + job.jobName()
                  + "' not retried"
                  + (stop ? ", failed" : "")
                  + ": "
                  + job.note());
        }
      }
    }
    if (rerun.isEmpty()) {
      return 0;
    }
    String reason =
        "recovery: "
            + plan.stream().filter(j -> j.action() == JobRecovery.Action.RESIZE).count()
            + " resized, "
            + plan.stream().filter(j -> j.action() == JobRecovery.Action.RETRY).count()
            + " retried unchanged";
    int reset = store.resetJobs(workflowId, rerun, resized, reason);
    LOG.info("workflow {}: {}; reset {} jobs", workflowId, reason, reset);
    return reset;
  }

  private void retryEvent(long workflowId, JobRecovery job, String what) {
    store.addEvent(
        workflowId,
        job.jobId(),
        EVENT_RETRY,
        "job '"
            + job.jobName()
            + "': "
            + job.failed().cause().label()
            + " failure ("
            + job.failed().evidence()
            + "); "
            + what);
  }

  /** Configures a {@link WorkflowRecovery}. Not thread-safe. */
  public static final class Builder {
    private final WorkflowStore store;
    private double memoryMultiplier = ResourceScaling.Config.DEFAULT.memoryMultiplier();
    private double runtimeMultiplier = ResourceScaling.Config.DEFAULT.runtimeMultiplier();
    private OomSizing oomSizing = OomSizing.DEFAULT;
    private List<ResourceHeuristic> heuristics;
    private Set<FailureCause> retryCauses =
        EnumSet.of(FailureCause.TRANSIENT, FailureCause.PREEMPTED, FailureCause.NODE_FAIL);
    private boolean retryUnknown;
    private RecoveryHook hook;
    private Long maxMemoryBytes;
    private Duration maxRuntime;
    private java.util.function.Function<ResourceRequirements, String> limit = rr -> null;
    private CauseBudgets.Config budgets = RetryBudgets.DEFAULT;
    private Path outputDir;

    private Builder(WorkflowStore store) {
      this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * The memory multiplier of the built-in OOM heuristic, above 1 (default 1.5).
     *
     * @param multiplier the growth factor, at least 1
     * @return this builder
     */
    public Builder memoryMultiplier(double multiplier) {
      this.memoryMultiplier = Resizing.requireMultiplier(multiplier);
      return this;
    }

    /**
     * The runtime multiplier of the built-in timeout heuristic, above 1 (default 1.5).
     *
     * @param multiplier the growth factor, at least 1
     * @return this builder
     */
    public Builder runtimeMultiplier(double multiplier) {
      this.runtimeMultiplier = Resizing.requireMultiplier(multiplier);
      return this;
    }

    /**
     * How jobs killed at their memory limit are sized (default {@link OomSizing#DEFAULT}: the first
     * retry with headroom, then the requirement from its peak); {@link OomSizing#OFF} sizes by the
     * memory multiplier alone. Applies to the built-in heuristics only.
     *
     * @param sizing how memory is sized
     * @return this builder
     */
    public Builder oomSizing(OomSizing sizing) {
      this.oomSizing = Objects.requireNonNull(sizing, "sizing");
      return this;
    }

    /**
     * Replaces the built-in heuristics (OOM, then timeout, with the multipliers) by these, asked in
     * order.
     *
     * @param heuristics the heuristics, in order
     * @return this builder
     */
    public Builder heuristics(List<ResourceHeuristic> heuristics) {
      this.heuristics = List.copyOf(heuristics);
      return this;
    }

    /**
     * The causes whose jobs run again unchanged when no heuristic adjusts them (default transient,
     * preempted, node failure).
     *
     * @param causes the causes
     * @return this builder
     */
    public Builder retryCauses(Set<FailureCause> causes) {
      this.retryCauses =
          causes.isEmpty() ? EnumSet.noneOf(FailureCause.class) : EnumSet.copyOf(causes);
      return this;
    }

    /**
     * Whether jobs whose failure is unknown run again unchanged (default false).
     *
     * @param retry the retry
     * @return this builder
     */
    public Builder retryUnknown(boolean retry) {
      this.retryUnknown = retry;
      return this;
    }

    /**
     * A hook run before each pass changes anything; it implies {@link #retryUnknown}.
     *
     * @param hook the hook
     * @return this builder
     */
    public Builder recoveryHook(RecoveryHook hook) {
      this.hook = hook;
      return this;
    }

    /**
     * The most memory a job may request, such as the machine's; none by default.
     *
     * @param memory the memory
     * @return this builder
     */
    public Builder maxMemory(Memory memory) {
      this.maxMemoryBytes = memory == null ? null : memory.bytes();
      return this;
    }

    /**
     * A further limit, such as the largest partition of a cluster that fits: what it answers for
     * requirements it refuses names the limit (e.g. {@code memory 300g > 240000m per node of
     * partition standard}), {@code null} when they pass. None by default.
     *
     * @param limit the limit
     * @return this builder
     */
    public Builder limit(java.util.function.Function<ResourceRequirements, String> limit) {
      this.limit = Objects.requireNonNull(limit, "limit");
      return this;
    }

    /**
     * The longest runtime a job may request, such as a partition's; none by default.
     *
     * @param runtime the runtime
     * @return this builder
     */
    public Builder maxRuntime(Duration runtime) {
      this.maxRuntime = runtime;
      return this;
    }

    /**
     * Retries per job and cause, counted from the failure records of the job's earlier attempts in
     * every run (default {@link RetryBudgets#DEFAULT}: three per cause).
     *
     * @param budgets retries per cause
     * @return this builder
     */
    public Builder budgets(CauseBudgets.Config budgets) {
      this.budgets = Objects.requireNonNull(budgets, "budgets");
      return this;
    }

    /**
     * Where the runner wrote the attempts' logs, read for attempts that have no failure record
     * (default: none; such attempts are judged without their logs).
     *
     * @param outputDir the runner's output directory, where the attempts' logs are
     * @return this builder
     */
    public Builder outputDir(Path outputDir) {
      this.outputDir = outputDir;
      return this;
    }

    /**
     * The recovery.
     *
     * @return the recovery
     */
    public WorkflowRecovery build() {
      return new WorkflowRecovery(this);
    }
  }
}
