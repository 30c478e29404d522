package dev.torc.testkit;

import dev.torc.model.JobStatus;
import dev.torc.model.Memory;
import dev.torc.model.ResourceRequirements;
import dev.torc.recovery.workflow.WorkflowDriver;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import dev.torc.store.ResourceBudget;
import dev.torc.store.WorkflowStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link WorkflowDriver} for tests of workflow-level recovery ({@link
 * dev.torc.recovery.workflow.WorkflowWatch}): it runs a stored workflow's jobs without starting a
 * process, each attempt ending at once on a {@link VirtualClock} as a machine that enforces limits
 * would end it. A job that needs more memory than it requests is killed (failed, exit 137, its peak
 * the request as a sampler saw it at its limit, after a tenth of its runtime); one that needs more
 * time than its runtime limit is terminated (exit 152, at the limit); one scripted to fail exits
 * with its code; the rest complete with their needs as peaks. Jobs it was not told about need
 * nothing and complete.
 *
 * <p>The same machine runs under the real {@link dev.torc.run.JobRunner} as the {@code simulated}
 * executor ({@link SimulatedExecutorProvider}) while the workload is {@linkplain #install()
 * installed}: the runner claims, records and decides as it always does, and only the attempts are
 * played, on this workload's clock.
 *
 * <p>Not thread-safe: drive one workflow at a time.
 */
public final class SimulatedWorkload implements WorkflowDriver {
  private static final ResourceBudget PLENTY = new ResourceBudget(1 << 20, Long.MAX_VALUE, 1 << 20);

  private record Need(long memoryBytes, Duration runtime, Integer exitCode) {}

  /** How the machine ends an attempt: its code and status, how long it ran, its peak memory. */
  record Ending(int code, JobStatus status, Duration ran, long peakBytes) {}

  private final WorkflowStore store;
  private final VirtualClock clock;
  private final Map<String, Need> needs;
  private final Map<String, Integer> lostAttempts;
  private final Map<String, List<ResourceRequirements>> attempts = new HashMap<>();

  private SimulatedWorkload(Builder b) {
    this.store = b.store;
    this.clock = b.clock;
    this.needs = Map.copyOf(b.needs);
    this.lostAttempts = Map.copyOf(b.lostAttempts);
  }

  /**
   * A builder for a workload of workflows in this store.
   *
   * @param store the store
   * @return a builder for a workload of workflows in this store
   */
  public static Builder builder(WorkflowStore store) {
    return new Builder(store);
  }

  /** The store of the workflows it runs. */
  WorkflowStore store() {
    return store;
  }

  /**
   * The clock attempts advance.
   *
   * @return the clock attempts advance
   */
  public VirtualClock clock() {
    return clock;
  }

  /**
   * Makes this workload the machine of the {@code simulated} executor until the returned handle is
   * closed; one workload at a time per JVM.
   *
   * @throws IllegalStateException when another workload is installed
   * @return the handle that ends it
   */
  public SimulatedExecutorProvider.Installation install() {
    return SimulatedExecutorProvider.install(this);
  }

  /**
   * The requirements each attempt of the job ran with, oldest first.
   *
   * @param jobName the job's name
   * @return the requirements each attempt of the job ran with, oldest first
   */
  public List<ResourceRequirements> attemptsOf(String jobName) {
    return List.copyOf(attempts.getOrDefault(jobName, List.of()));
  }

  @Override
  public void drive(long workflowId) {
    while (true) {
      List<JobRecord> claimed = store.claimReadyJobs(workflowId, PLENTY, 1000);
      if (claimed.isEmpty()) {
        return;
      }
      int runId = store.getWorkflow(workflowId).runId();
      for (JobRecord job : claimed) {
        store.updateJobStatus(job.id(), JobStatus.RUNNING);
        JobResult result = attempt(workflowId, runId, job);
        if (result.returnCode() == JobResult.LOST_RETURN_CODE) {
          store.recordLostAttempt(result, 0, "its simulated node failed");
        } else {
          store.completeJob(result);
        }
      }
    }
  }

  private JobResult attempt(long workflowId, int runId, JobRecord job) {
    Ending end = start(job);
    clock.advance(end.ran());
    return new JobResult(
        job.id(),
        workflowId,
        runId,
        job.attemptId(),
        end.code(),
        end.status(),
        end.ran().toMillis() / 60_000.0,
        clock.instant(),
        end.peakBytes(),
        end.peakBytes(),
        50.0,
        50.0);
  }

  /** Starts an attempt of the job: records its requirements and says how it will end. */
  Ending start(JobRecord job) {
    List<ResourceRequirements> started =
        attempts.computeIfAbsent(job.name(), k -> new ArrayList<>());
    started.add(job.requirements());
    ResourceRequirements rr = job.requirements();
    Need need = needs.getOrDefault(job.name(), new Need(0, Duration.ZERO, null));
    int code;
    JobStatus status;
    Duration ran;
    long peak;
    if (started.size() <= lostAttempts.getOrDefault(job.name(), 0)) {
      code = JobResult.LOST_RETURN_CODE;
      status = JobStatus.FAILED;
      ran = Duration.ofMinutes(1);
      peak = 0;
    } else if (need.memoryBytes() > rr.memory().bytes()) {
      code = 137;
      status = JobStatus.FAILED;
      ran = rr.runtime().dividedBy(10);
      peak = rr.memory().bytes();
    } else if (need.runtime().compareTo(rr.runtime()) > 0) {
      code = 152;
      status = JobStatus.TERMINATED;
      ran = rr.runtime();
      peak = need.memoryBytes();
    } else {
      code = need.exitCode() == null ? 0 : need.exitCode();
      status = code == 0 ? JobStatus.COMPLETED : JobStatus.FAILED;
      ran = need.runtime();
      peak = need.memoryBytes();
    }
    return new Ending(code, status, ran, peak);
  }

  /** Configures a {@link SimulatedWorkload}. */
  public static final class Builder {
    private final WorkflowStore store;
    private VirtualClock clock = VirtualClock.create();
    private final Map<String, Need> needs = new HashMap<>();
    private final Map<String, Integer> lostAttempts = new HashMap<>();

    private Builder(WorkflowStore store) {
      this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * The clock the workload runs on.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(VirtualClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The job needs this much memory and time to complete.
     *
     * @param name the name
     * @param memory the memory
     * @param runtime the runtime
     * @return this builder
     */
    public Builder job(String name, String memory, Duration runtime) {
      needs.put(name, new Need(Memory.parse(memory).bytes(), runtime, null));
      return this;
    }

    /**
     * The job always exits with this non-zero code after a minute.
     *
     * @param name the name
     * @param exitCode the exit code
     * @return this builder
     */
    public Builder failing(String name, int exitCode) {
      needs.put(name, new Need(0, Duration.ofMinutes(1), exitCode));
      return this;
    }

    /**
     * The job's first {@code attempts} attempts are lost a minute after they start, as on a node
     * that fails: they end {@linkplain dev.torc.executor.AttemptEnd#lost lost}, not failed.
     *
     * @param name the job's name
     * @param attempts how many of its first attempts are lost
     * @return this builder
     */
    public Builder losing(String name, int attempts) {
      lostAttempts.put(name, attempts);
      return this;
    }

    /**
     * The workload.
     *
     * @return the workload
     */
    public SimulatedWorkload build() {
      return new SimulatedWorkload(this);
    }
  }
}
