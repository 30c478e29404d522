package dev.torc.run;

import dev.torc.exec.MachineResources;
import dev.torc.model.JavaTask;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link JobRunner} runs a workflow.
 *
 * @param outputDir where job logs go ({@code <outputDir>/job_stdio/})
 * @param resources what the runner may hand out to jobs
 * @param maxParallelJobs the most jobs at once, or 0 for as many as the resources allow
 * @param pollInterval how long the runner waits for news before looking at the store again
 * @param enforceLimits whether jobs are stopped at their runtime and memory limits
 * @param terminationGrace time between SIGTERM and SIGKILL for jobs that support termination
 * @param sampleIntervalSeconds overrides the workflow's monitor interval, or {@code null}
 * @param tasks Java tasks by job name, for jobs defined with {@code task(...)}
 * @param listeners told about each attempt's start and end
 * @param failurePolicy decides what a failed attempt leads to
 * @param apiUrl what jobs see as {@code TORC_API_URL}: where their workflow's store is
 * @param deadline when the runner must be done, or {@code null} for none: a runner bounded by a
 *     Slurm allocation's walltime claims only jobs whose runtime ends before it, leaves jobs that
 *     cannot fit to other runners instead of refusing or failing them, and stops once nothing it
 *     could run is ready and no other runner has work that could make some ready
 * @param recoveryScriptTimeout how long a failure handler's recovery script may run before it is
 *     killed (and the job fails)
 * @param executor the id of the executor that runs the attempts ({@link
 *     dev.torc.executor.Executors#find}); {@code local} by default
 * @param clock the time of the run's records: results' completion times, retry delays and what
 *     launch gates are told; the system clock by default. A store given another clock should get
 *     the same one ({@link dev.torc.store.Stores#sqlite(Path, Clock)}). The runner's pacing (poll
 *     interval, heartbeats) is always real time.
 */
public record RunOptions(
    Path outputDir,
    MachineResources resources,
    int maxParallelJobs,
    Duration pollInterval,
    boolean enforceLimits,
    Duration terminationGrace,
    Double sampleIntervalSeconds,
    Map<String, JavaTask> tasks,
    List<JobListener> listeners,
    FailurePolicy failurePolicy,
    String apiUrl,
    Duration recoveryScriptTimeout,
    String executor,
    Clock clock,
    java.time.Instant deadline) {

  /**
   * Checks that nothing is missing and the durations and counts are in range; copies the tasks and
   * listeners.
   *
   * @param outputDir where job logs go ({@code <outputDir>/job_stdio/})
   * @param resources what the runner may hand out to jobs
   * @param maxParallelJobs the most jobs at once, or 0 for as many as the resources allow
   * @param pollInterval how long the runner waits for news before looking at the store again
   * @param enforceLimits whether jobs are stopped at their runtime and memory limits
   * @param terminationGrace time between SIGTERM and SIGKILL for jobs that support termination
   * @param sampleIntervalSeconds overrides the workflow's monitor interval, or {@code null}
   * @param tasks Java tasks by job name, for jobs defined with {@code task(...)}
   * @param listeners told about each attempt's start and end
   * @param failurePolicy decides what a failed attempt leads to
   * @param apiUrl what jobs see as {@code TORC_API_URL}: where their workflow's store is
   * @param deadline when the runner must be done, or {@code null} for none: a runner bounded by a
   *     Slurm allocation's walltime claims only jobs whose runtime ends before it, leaves jobs that
   *     cannot fit to other runners instead of refusing or failing them, and stops once nothing it
   *     could run is ready and no other runner has work that could make some ready
   * @param recoveryScriptTimeout how long a failure handler's recovery script may run before it is
   *     killed (and the job fails)
   * @param executor the id of the executor that runs the attempts ({@link
   *     dev.torc.executor.Executors#find}); {@code local} by default
   * @param clock the time of the run's records: results' completion times, retry delays and what
   *     launch gates are told; the system clock by default. A store given another clock should get
   *     the same one ({@link dev.torc.store.Stores#sqlite(Path, Clock)}). The runner's pacing (poll
   *     interval, heartbeats) is always real time.
   */
  public RunOptions {
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(apiUrl, "apiUrl");
    Objects.requireNonNull(outputDir, "outputDir");
    Objects.requireNonNull(resources, "resources");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(terminationGrace, "terminationGrace");
    Objects.requireNonNull(failurePolicy, "failurePolicy");
    Objects.requireNonNull(recoveryScriptTimeout, "recoveryScriptTimeout");
    if (recoveryScriptTimeout.isNegative() || recoveryScriptTimeout.isZero()) {
      throw new IllegalArgumentException("recovery script timeout must be positive");
    }
    if (maxParallelJobs < 0) {
      throw new IllegalArgumentException("max parallel jobs cannot be negative");
    }
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("poll interval must be positive");
    }
    tasks = Map.copyOf(tasks);
    listeners = List.copyOf(listeners);
  }

  /**
   * Checks that the output directory can take the jobs' logs, creating it when missing: what a run
   * checks first, for callers that check it before they create anything.
   *
   * @throws RunException when the directory cannot be created or written to
   */
  public void checkOutputDirWritable() {
    dev.torc.run.internal.OutputDirectory.checkWritable(outputDir);
  }

  /**
   * These options with more Java tasks and, when these name none, an API URL.
   *
   * @param moreTasks Java tasks by job name; the ones these options name win
   * @param defaultApiUrl the API URL to use when these options have none
   * @return the completed options
   */
  public RunOptions withDefaults(Map<String, JavaTask> moreTasks, String defaultApiUrl) {
    Map<String, JavaTask> known = new HashMap<>(moreTasks);
    known.putAll(tasks);
    return copy(known, apiUrl.isEmpty() ? defaultApiUrl : apiUrl);
  }

  /**
   * These options with other Java tasks.
   *
   * @param tasksByJobName the Java tasks by job name, in place of these options' tasks
   * @return the options with those tasks
   */
  public RunOptions withTasks(Map<String, JavaTask> tasksByJobName) {
    return copy(tasksByJobName, apiUrl);
  }

  private RunOptions copy(Map<String, JavaTask> tasks, String apiUrl) {
    return new RunOptions(
        outputDir,
        resources,
        maxParallelJobs,
        pollInterval,
        enforceLimits,
        terminationGrace,
        sampleIntervalSeconds,
        tasks,
        listeners,
        failurePolicy,
        apiUrl,
        recoveryScriptTimeout,
        executor,
        clock,
        deadline);
  }

  /**
   * Options with this machine's resources, output in {@code output} (or {@code torc_output} where
   * only its store exists, see {@link dev.torc.store.DefaultLocations}), limits on, and the failure
   * policy {@code torc run} uses ({@link FailurePolicy#configured()}): with {@code torc-recovery}
   * on the class path, everything the workflow declares (failure handlers, the jobs' fallback
   * commands, backoff, budgets and circuit breaker) is honoured.
   *
   * @return a builder for the options
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link RunOptions}; not thread-safe. */
  public static final class Builder {
    private Path outputDir = dev.torc.store.DefaultLocations.outputDir();
    private MachineResources resources;
    private int maxParallelJobs;
    private Duration pollInterval = Duration.ofSeconds(1);
    private boolean enforceLimits = true;
    private Duration terminationGrace = Duration.ofSeconds(30);
    private Double sampleIntervalSeconds;
    private String executor = "local";
    private Clock clock = Clock.systemUTC();
    private final Map<String, JavaTask> tasks = new HashMap<>();
    private final List<JobListener> listeners = new ArrayList<>();
    private FailurePolicy failurePolicy;
    private String apiUrl = "";
    private Duration recoveryScriptTimeout = Duration.ofMinutes(10);
    private java.time.Instant deadline;

    private Builder() {}

    /**
     * Where job logs go.
     *
     * @param outputDir the output directory
     * @return this builder
     */
    public Builder outputDir(Path outputDir) {
      this.outputDir = outputDir;
      return this;
    }

    /**
     * What the runner may hand out to jobs; by default everything this machine has.
     *
     * @param resources the resources
     * @return this builder
     */
    public Builder resources(MachineResources resources) {
      this.resources = resources;
      return this;
    }

    /**
     * The most jobs at once.
     *
     * @param maxParallelJobs the limit, or 0 (the default) for as many as the resources allow
     * @return this builder
     */
    public Builder maxParallelJobs(int maxParallelJobs) {
      this.maxParallelJobs = maxParallelJobs;
      return this;
    }

    /**
     * How long the runner waits for news before looking at the store again; 1 second by default.
     *
     * @param pollInterval the interval, positive
     * @return this builder
     */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
      return this;
    }

    /**
     * Whether jobs are stopped at their runtime and memory limits; on by default.
     *
     * @param enforceLimits true to enforce the limits
     * @return this builder
     */
    public Builder enforceLimits(boolean enforceLimits) {
      this.enforceLimits = enforceLimits;
      return this;
    }

    /**
     * Time between SIGTERM and SIGKILL for jobs that support termination; 30 seconds by default.
     *
     * @param terminationGrace the grace period
     * @return this builder
     */
    public Builder terminationGrace(Duration terminationGrace) {
      this.terminationGrace = terminationGrace;
      return this;
    }

    /**
     * Overrides the workflow's resource monitor interval.
     *
     * @param seconds seconds between samples, or {@code null} for the workflow's own
     * @return this builder
     */
    public Builder sampleIntervalSeconds(Double seconds) {
      this.sampleIntervalSeconds = seconds;
      return this;
    }

    /**
     * The Java task of a job defined with {@code task(...)}.
     *
     * @param jobName the job's name
     * @param task the task
     * @return this builder
     */
    public Builder task(String jobName, JavaTask task) {
      tasks.put(jobName, task);
      return this;
    }

    /**
     * Java tasks of jobs defined with {@code task(...)}.
     *
     * @param tasksByJobName the tasks by job name
     * @return this builder
     */
    public Builder tasks(Map<String, JavaTask> tasksByJobName) {
      tasks.putAll(tasksByJobName);
      return this;
    }

    /**
     * Adds a listener told about each attempt's start and end.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(JobListener listener) {
      listeners.add(listener);
      return this;
    }

    /**
     * Decides what failed attempts lead to (default: {@link FailurePolicy#configured()}).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder failurePolicy(FailurePolicy policy) {
      this.failurePolicy = policy;
      return this;
    }

    /**
     * What jobs see as {@code TORC_API_URL}, such as {@code sqlite:/path/to/torc.db}.
     *
     * @param apiUrl where the workflow's store is
     * @return this builder
     */
    public Builder apiUrl(String apiUrl) {
      this.apiUrl = apiUrl;
      return this;
    }

    /**
     * When the runner must be done (see {@link RunOptions#deadline}).
     *
     * @param deadline the deadline, or {@code null} for none
     * @return this builder
     */
    public Builder deadline(java.time.Instant deadline) {
      this.deadline = deadline;
      return this;
    }

    /**
     * How long a recovery script may run; 10 minutes by default.
     *
     * @param timeout the timeout, positive
     * @return this builder
     */
    public Builder recoveryScriptTimeout(Duration timeout) {
      this.recoveryScriptTimeout = timeout;
      return this;
    }

    /**
     * The executor that runs the attempts; {@code local} by default.
     *
     * @param id the executor provider's id
     * @return this builder
     */
    public Builder executor(String id) {
      this.executor = Objects.requireNonNull(id, "executor");
      return this;
    }

    /**
     * The time of the run's records; the system clock by default.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     * @throws IllegalArgumentException when a duration or count is out of range
     */
    public RunOptions build() {
      return new RunOptions(
          outputDir,
          resources != null ? resources : MachineResources.detect(),
          maxParallelJobs,
          pollInterval,
          enforceLimits,
          terminationGrace,
          sampleIntervalSeconds,
          tasks,
          listeners,
          failurePolicy != null ? failurePolicy : FailurePolicy.configured(),
          apiUrl,
          recoveryScriptTimeout,
          executor,
          clock,
          deadline);
    }
  }
}
