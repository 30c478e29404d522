package dev.torc.exec;

import dev.torc.model.ResourceMonitorConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches running jobs for a runner: samples their usage with one {@link ResourceMonitor}, holds
 * them to their {@link JobLimits} the way a Slurm node does, and reports each job's {@link
 * ProcessOutcome}.
 *
 * <ul>
 *   <li>Runtime: at the limit, a job that supports termination gets SIGTERM on its process group
 *       and SIGKILL after the grace period if its process is still there; any other job gets
 *       SIGKILL at once. The outcome is {@link ProcessOutcome.Cause#TIMEOUT} whatever the exit
 *       code.
 *   <li>Memory: when a sample of the job's process tree, with the processes carrying its mark,
 *       holds more resident memory than the limit, all of them get SIGKILL; the outcome is {@link
 *       ProcessOutcome.Cause#OOM_KILLED}. A job is looked at every quarter of a second (or each
 *       sample, when samples come more often), and can go above the limit between two looks without
 *       being seen.
 * </ul>
 *
 * <p>Both limits are enforced unless {@link Settings#enforceLimits()} is off. When a job's own
 * process exits, what is left of its process group and every process carrying its mark get SIGKILL,
 * as Slurm cleans up after a job, unless {@link Settings#killLeftovers()} is off. Thread-safe;
 * close it to stop its threads (that does not stop the jobs).
 */
public final class JobSupervisor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobSupervisor.class);

  private final Settings settings;
  private final ResourceMonitor monitor;
  private final ScheduledExecutorService timers;

  /**
   * How a supervisor works.
   *
   * @param enforceLimits whether to enforce runtime and memory limits at all
   * @param terminationGrace how long a job that supports termination gets between SIGTERM and
   *     SIGKILL at its runtime limit
   * @param killLeftovers whether to SIGKILL the job's process group once the job's own process has
   *     exited
   * @param monitor how to sample usage; when it is disabled, usage is still sampled for jobs with a
   *     memory limit but not reported
   */
  public record Settings(
      boolean enforceLimits,
      Duration terminationGrace,
      boolean killLeftovers,
      ResourceMonitorConfig monitor) {

    /** Limits on, 30 s grace, leftovers killed, the default monitor (every 5 s, summaries). */
    public static final Settings DEFAULT =
        new Settings(true, Duration.ofSeconds(30), true, ResourceMonitorConfig.DEFAULT);

    /**
     * Checks that the grace period is not negative and nothing is missing.
     *
     * @param enforceLimits whether to enforce runtime and memory limits at all
     * @param terminationGrace how long a job that supports termination gets between SIGTERM and
     *     SIGKILL at its runtime limit
     * @param killLeftovers whether to SIGKILL the job's process group once the job's own process
     *     has exited
     * @param monitor how to sample usage; when it is disabled, usage is still sampled for jobs with
     *     a memory limit but not reported
     */
    public Settings {
      Objects.requireNonNull(terminationGrace, "terminationGrace");
      Objects.requireNonNull(monitor, "monitor");
      if (terminationGrace.isNegative()) {
        throw new IllegalArgumentException("grace period cannot be negative: " + terminationGrace);
      }
    }

    /**
     * These settings with limits enforced or not.
     *
     * @param enforceLimits whether to enforce runtime and memory limits
     * @return the changed settings
     */
    public Settings withEnforceLimits(boolean enforceLimits) {
      return new Settings(enforceLimits, terminationGrace, killLeftovers, monitor);
    }

    /**
     * These settings with another grace period between SIGTERM and SIGKILL.
     *
     * @param terminationGrace the grace period, zero or more
     * @return the changed settings
     */
    public Settings withTerminationGrace(Duration terminationGrace) {
      return new Settings(enforceLimits, terminationGrace, killLeftovers, monitor);
    }

    /**
     * These settings with leftovers killed or not.
     *
     * @param killLeftovers whether to SIGKILL what is left of a job once its own process has exited
     * @return the changed settings
     */
    public Settings withKillLeftovers(boolean killLeftovers) {
      return new Settings(enforceLimits, terminationGrace, killLeftovers, monitor);
    }

    /**
     * These settings with another monitor configuration.
     *
     * @param monitor how to sample usage
     * @return the changed settings
     */
    public Settings withMonitor(ResourceMonitorConfig monitor) {
      return new Settings(enforceLimits, terminationGrace, killLeftovers, monitor);
    }
  }

  private JobSupervisor(Settings settings) {
    this.settings = settings;
    this.monitor = ResourceMonitor.start(settings.monitor());
    this.timers =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "torc-job-limits");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts a supervisor with its monitor and timer threads.
   *
   * @param settings how the supervisor works
   * @return the supervisor; close it to stop its threads
   */
  public static JobSupervisor start(Settings settings) {
    return new JobSupervisor(Objects.requireNonNull(settings, "settings"));
  }

  /** {@return the settings this supervisor works with} */
  public Settings settings() {
    return settings;
  }

  /**
   * Starts watching a job that has just been started.
   *
   * @param jobKey unique among the jobs supervised now, such as {@code "wf1/j2/r1/a1"}
   * @param process the job's process
   * @param limits the limits to hold it to; ignored when limits are not enforced
   * @return the supervised job, whose outcome completes when it has ended
   */
  public SupervisedJob supervise(String jobKey, JobProcess process, JobLimits limits) {
    Objects.requireNonNull(jobKey, "jobKey");
    Objects.requireNonNull(process, "process");
    JobLimits effective = settings.enforceLimits() ? limits : JobLimits.NONE;
    Watched job = new Watched(jobKey, process, effective);
    boolean sample = settings.monitor().enabled() || effective.memoryBytes() != null;
    if (sample) {
      monitor.track(
          jobKey,
          process.pid(),
          process.startTime(),
          process.mark(),
          effective.memoryBytes() == null
              ? OptionalLong.empty()
              : OptionalLong.of(effective.memoryBytes()),
          new UsageListener() {
            @Override
            public void onMemoryLimitExceeded(String key, UsageSample s, long limitBytes) {
              job.stopAtLimit(ProcessOutcome.Cause.OOM_KILLED, Signal.KILL);
            }
          });
    }
    if (effective.runtime() != null) {
      job.deadline =
          timers.schedule(
              job::runtimeExceeded, effective.runtime().toNanos(), TimeUnit.NANOSECONDS);
    }
    process.onExit().whenComplete((p, error) -> job.finish(sample));
    return job;
  }

  /** Stops the monitor and timer threads; supervised jobs keep running, unwatched. */
  @Override
  public void close() {
    timers.shutdownNow();
    monitor.close();
  }

  private final class Watched implements SupervisedJob {
    private final String key;
    private final JobProcess process;
    private final JobLimits limits;
    private final CompletableFuture<ProcessOutcome> outcome = new CompletableFuture<>();
    private volatile ScheduledFuture<?> deadline;
    private volatile ScheduledFuture<?> graceKill;
    private ProcessOutcome.Cause limitCause;

    Watched(String key, JobProcess process, JobLimits limits) {
      this.key = key;
      this.process = process;
      this.limits = limits;
    }

    @Override
    public String key() {
      return key;
    }

    @Override
    public JobProcess process() {
      return process;
    }

    @Override
    public JobLimits limits() {
      return limits;
    }

    @Override
    public CompletableFuture<ProcessOutcome> outcome() {
      return outcome.copy();
    }

    @Override
    public Optional<UsageSummary> currentUsage() {
      return settings.monitor().enabled() ? monitor.current(key) : Optional.empty();
    }

    void runtimeExceeded() {
      if (limits.supportsTermination()) {
        if (stopAtLimit(ProcessOutcome.Cause.TIMEOUT, Signal.TERM)) {
          graceKill =
              timers.schedule(
                  () -> {
                    if (process.isAlive()) {
                      LOG.info("job {} outlived its grace period; SIGKILL", key);
                      safely(Signal.KILL);
                    }
                  },
                  settings.terminationGrace().toNanos(),
                  TimeUnit.NANOSECONDS);
        }
      } else {
        stopAtLimit(ProcessOutcome.Cause.TIMEOUT, Signal.KILL);
      }
    }

    /** Records why the job is stopped and signals it, unless it is gone or already stopped. */
    boolean stopAtLimit(ProcessOutcome.Cause cause, Signal signal) {
      synchronized (this) {
        if (limitCause != null || !process.isAlive()) {
          return false;
        }
        limitCause = cause;
      }
      LOG.info("job {} (pid {}) hit its {} limit; SIG{}", key, process.pid(), cause, signal);
      safely(signal);
      return true;
    }

    private void safely(Signal signal) {
      try {
        process.signal(signal);
      } catch (RuntimeException e) {
        LOG.warn("cannot send SIG{} to job {}", signal, key, e);
      }
    }

    void finish(boolean sampled) {
      try {
        cancel(deadline);
        cancel(graceKill);
        if (settings.killLeftovers()) {
          try {
            process.killLeftovers();
          } catch (RuntimeException e) {
            LOG.warn("cannot kill what job {} left behind", key, e);
          }
        }
        UsageSummary usage = null;
        if (sampled) {
          Optional<UsageSummary> summary = monitor.untrack(key);
          if (settings.monitor().enabled()) {
            usage = summary.orElse(null);
          }
        }
        int exitCode = process.exitCode();
        Signal signal = exitCode > 128 ? Signal.ofNumber(exitCode - 128).orElse(null) : null;
        ProcessOutcome.Cause cause;
        synchronized (this) {
          cause = limitCause;
        }
        if (cause == null) {
          cause = signal == null ? ProcessOutcome.Cause.EXITED : ProcessOutcome.Cause.SIGNALED;
        }
        ProcessOutcome result =
            new ProcessOutcome(exitCode, cause, signal, process.wallTime(), usage);
        LOG.debug("job {} ended: {}", key, result);
        outcome.complete(result);
      } catch (RuntimeException e) {
        LOG.error("cannot settle the outcome of job {}", key, e);
        int exitCode = process.isAlive() ? -1 : process.exitCode();
        outcome.complete(
            new ProcessOutcome(
                exitCode, ProcessOutcome.Cause.EXITED, null, process.wallTime(), null));
      }
    }

    private void cancel(ScheduledFuture<?> future) {
      if (future != null) {
        future.cancel(false);
      }
    }
  }
}
