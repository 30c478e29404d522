package dev.torc.exec;

import dev.torc.exec.internal.ProcessTreeSampler;
import dev.torc.exec.internal.TreeUsage;
import dev.torc.model.ResourceMonitorConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the memory and CPU use of each tracked job's whole process tree (the job's process and
 * all its descendants) on one background thread, every {@code sample_interval_seconds}, and keeps
 * per-job peaks and averages, and a time series when the configuration asks for one. A job tracked
 * with a mark also counts the processes carrying that mark that left its tree (double forks,
 * daemons), as {@link JobContainment} finds them. A tree's memory is the sum of its processes'
 * resident set sizes; its CPU use is the growth of their CPU time (including children they have
 * reaped) between samples over the wall time between them, 100 per busy core. It also tells a
 * listener when a job's memory goes above its limit; it does not act on that itself.
 *
 * <p>The {@code enabled} flag of the configuration is for the caller to honour; a monitor always
 * samples what it tracks. On Linux the monitor reads {@code /proc} directly (each job's own files
 * only); elsewhere it falls back to OSHI. Thread-safe; close it to stop its thread.
 */
public final class ResourceMonitor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ResourceMonitor.class);

  private final ProcessTreeSampler sampler;
  private final JobContainment containment = JobContainment.detect();
  private final boolean keepTimeSeries;
  private final ConcurrentMap<String, Tracked> tracked = new ConcurrentHashMap<>();
  private final ScheduledExecutorService thread;

  /**
   * How often jobs with a memory limit are looked at when samples come less often (5 s by default):
   * a Slurm node stops a job the moment it passes its memory, and a job that allocates too much and
   * ends within one sample interval would otherwise pass unseen.
   */
  static final long LIMIT_CHECK_NANOS = 250_000_000L;

  private ResourceMonitor(ResourceMonitorConfig config, ProcessTreeSampler sampler) {
    this.sampler = sampler;
    this.keepTimeSeries = config.granularity() == ResourceMonitorConfig.Granularity.TIME_SERIES;
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "torc-resource-monitor");
              t.setDaemon(true);
              return t;
            });
    long intervalNanos = Math.max(1_000_000L, (long) (config.sampleIntervalSeconds() * 1e9));
    thread.scheduleWithFixedDelay(
        this::sampleAll, intervalNanos, intervalNanos, TimeUnit.NANOSECONDS);
    if (intervalNanos > LIMIT_CHECK_NANOS) {
      thread.scheduleWithFixedDelay(
          this::checkLimits, LIMIT_CHECK_NANOS, LIMIT_CHECK_NANOS, TimeUnit.NANOSECONDS);
    }
  }

  /**
   * Starts a monitor that samples every {@code config.sampleIntervalSeconds()}.
   *
   * @param config how often to sample and whether to keep time series
   * @return the monitor; close it to stop its thread
   */
  public static ResourceMonitor start(ResourceMonitorConfig config) {
    return start(config, ProcessTreeSampler.best());
  }

  static ResourceMonitor start(ResourceMonitorConfig config, ProcessTreeSampler sampler) {
    return new ResourceMonitor(Objects.requireNonNull(config), Objects.requireNonNull(sampler));
  }

  /**
   * Starts sampling the process tree rooted at {@code pid} under {@code jobKey}.
   *
   * @param jobKey unique among the jobs tracked now, such as {@code "wf1/j2/r1/a1"}
   * @param pid the job's process
   * @param memoryLimitBytes the memory above which the listener hears of it, or empty for none
   * @param listener hears of samples and of the limit; {@link UsageListener#NONE} for nothing
   * @throws IllegalStateException when {@code jobKey} is already tracked
   */
  public void track(
      String jobKey, long pid, OptionalLong memoryLimitBytes, UsageListener listener) {
    track(jobKey, pid, null, memoryLimitBytes, listener);
  }

  /**
   * Like {@link #track(String, long, OptionalLong, UsageListener)}, for a process whose start time
   * the caller knows, which spares reading it from the system.
   *
   * @param jobKey unique among the jobs tracked now, such as {@code "wf1/j2/r1/a1"}
   * @param pid the job's process
   * @param startTime when the process started, or {@code null} to read it from the system
   * @param memoryLimitBytes the memory above which the listener hears of it, or empty for none
   * @param listener hears of samples and of the limit; {@link UsageListener#NONE} for nothing
   * @throws IllegalStateException when {@code jobKey} is already tracked
   */
  public void track(
      String jobKey,
      long pid,
      Instant startTime,
      OptionalLong memoryLimitBytes,
      UsageListener listener) {
    track(jobKey, pid, startTime, null, memoryLimitBytes, listener);
  }

  /**
   * Like {@link #track(String, long, Instant, OptionalLong, UsageListener)}, counting also the
   * processes that carry the job's mark (see {@link LaunchRequest#mark()}) wherever they are.
   *
   * @param jobKey unique among the jobs tracked now, such as {@code "wf1/j2/r1/a1"}
   * @param pid the job's process
   * @param startTime when the process started, or {@code null} to read it from the system
   * @param mark the job's mark, or {@code null} to sample its process tree alone
   * @param memoryLimitBytes the memory above which the listener hears of it, or empty for none
   * @param listener hears of samples and of the limit; {@link UsageListener#NONE} for nothing
   * @throws IllegalStateException when {@code jobKey} is already tracked
   */
  public void track(
      String jobKey,
      long pid,
      Instant startTime,
      String mark,
      OptionalLong memoryLimitBytes,
      UsageListener listener) {
    Objects.requireNonNull(jobKey, "jobKey");
    Objects.requireNonNull(listener, "listener");
    long startNanos = startNanos(startTime != null ? startTime : startOf(pid));
    Tracked job =
        new Tracked(
            jobKey, pid, mark, memoryLimitBytes.orElse(-1), listener, startNanos, keepTimeSeries);
    if (tracked.putIfAbsent(jobKey, job) != null) {
      throw new IllegalStateException("job " + jobKey + " is already tracked");
    }
  }

  /**
   * Stops tracking a job and returns what it used. A job that was never sampled (it ran for less
   * than one interval) is sampled once now if its process is still there.
   *
   * @param jobKey the key the job is tracked under
   * @return the summary, or empty if the job is not tracked or no sample could be taken (it ended
   *     before the first sample)
   */
  public Optional<UsageSummary> untrack(String jobKey) {
    Tracked job = tracked.remove(jobKey);
    if (job == null) {
      return Optional.empty();
    }
    UsageSample last = null;
    Optional<UsageSummary> summary;
    synchronized (job) {
      if (job.samples == 0) {
        TreeUsage usage = sampler.sample(job.pid);
        if (usage != null) {
          last = job.record(usage, System.nanoTime());
        }
      }
      job.closed = true;
      summary = job.summary();
    }
    if (last != null) {
      notify(job, last);
    }
    return summary;
  }

  /**
   * What a tracked job has used so far.
   *
   * @param jobKey the key the job is tracked under
   * @return the summary so far, or empty if the job is not tracked or not sampled yet
   */
  public Optional<UsageSummary> current(String jobKey) {
    Tracked job = tracked.get(jobKey);
    if (job == null) {
      return Optional.empty();
    }
    synchronized (job) {
      return job.summary();
    }
  }

  /** {@return how many jobs are tracked} */
  public int trackedCount() {
    return tracked.size();
  }

  /** Stops the sampling thread; tracked jobs are forgotten. */
  @Override
  public void close() {
    thread.shutdownNow();
    tracked.clear();
  }

  private void sampleAll() {
    Map<String, List<Long>> members = members(false);
    for (Tracked job : tracked.values()) {
      try {
        TreeUsage usage = sampler.sample(job.pid, membersOf(job, members));
        if (usage == null) {
          continue;
        }
        UsageSample sample;
        synchronized (job) {
          if (job.closed) {
            continue;
          }
          sample = job.record(usage, System.nanoTime());
        }
        notify(job, sample);
      } catch (RuntimeException e) {
        LOG.warn("sampling job {} (pid {}) failed", job.key, job.pid, e);
      }
    }
  }

  /**
   * Looks at the jobs that have a memory limit between samples: a look above the limit counts as a
   * sample (the job's last), one below only raises the job's peak.
   */
  private void checkLimits() {
    Map<String, List<Long>> members = members(true);
    for (Tracked job : tracked.values()) {
      if (job.limitBytes < 0) {
        continue;
      }
      try {
        TreeUsage usage = sampler.sample(job.pid, membersOf(job, members));
        if (usage == null) {
          continue;
        }
        UsageSample sample = null;
        synchronized (job) {
          if (job.closed || job.limitTold) {
            continue;
          }
          if (usage.rssBytes() > job.limitBytes) {
            sample = job.record(usage, System.nanoTime());
          } else {
            job.peakMemory = Math.max(job.peakMemory, usage.rssBytes());
          }
        }
        if (sample != null) {
          notify(job, sample);
        }
      } catch (RuntimeException e) {
        LOG.warn("checking the memory of job {} (pid {}) failed", job.key, job.pid, e);
      }
    }
  }

  /**
   * The marked processes of the tracked jobs (those with a memory limit only, if asked), by mark.
   */
  private Map<String, List<Long>> members(boolean limitedOnly) {
    Set<String> marks = new HashSet<>();
    for (Tracked job : tracked.values()) {
      if (job.mark != null && (!limitedOnly || job.limitBytes >= 0)) {
        marks.add(job.mark);
      }
    }
    if (marks.isEmpty()) {
      return Map.of();
    }
    try {
      return containment.members(marks::contains);
    } catch (RuntimeException e) {
      LOG.warn("cannot look for the marked processes of jobs", e);
      return Map.of();
    }
  }

  private static List<Long> membersOf(Tracked job, Map<String, List<Long>> members) {
    return job.mark == null ? List.of() : members.getOrDefault(job.mark, List.of());
  }

  private static void notify(Tracked job, UsageSample sample) {
    try {
      job.listener.onSample(job.key, sample);
      boolean crossed;
      synchronized (job) {
        crossed = job.limitBytes >= 0 && sample.memoryBytes() > job.limitBytes && !job.limitTold;
        job.limitTold |= crossed;
      }
      if (crossed) {
        LOG.info(
            "job {} uses {} bytes of memory, above its limit of {}",
            job.key,
            sample.memoryBytes(),
            job.limitBytes);
        job.listener.onMemoryLimitExceeded(job.key, sample, job.limitBytes);
      }
    } catch (RuntimeException e) {
      LOG.warn("usage listener of job {} failed", job.key, e);
    }
  }

  /** When the process started, as the system tells, or {@code null} if it cannot be known. */
  private static Instant startOf(long pid) {
    return ProcessHandle.of(pid).flatMap(h -> h.info().startInstant()).orElse(null);
  }

  /** The {@link System#nanoTime()} at this instant, or now when it is unknown or in the future. */
  private static long startNanos(Instant start) {
    long now = System.nanoTime();
    if (start == null) {
      return now;
    }
    Duration age = Duration.between(start, Instant.now());
    return age.isNegative() ? now : now - age.toNanos();
  }

  /** One tracked job; guarded by its own monitor. */
  private static final class Tracked {
    final String key;
    final long pid;
    final String mark;
    final long limitBytes;
    final UsageListener listener;
    final long startNanos;
    final List<UsageSample> series;
    long lastCpuNanos;
    long lastWallNanos;
    int samples;
    long peakMemory;
    double memorySum;
    double peakCpu;
    boolean closed;
    boolean limitTold;

    Tracked(
        String key,
        long pid,
        String mark,
        long limitBytes,
        UsageListener listener,
        long startNanos,
        boolean keepTimeSeries) {
      this.key = key;
      this.pid = pid;
      this.mark = mark;
      this.limitBytes = limitBytes;
      this.listener = listener;
      this.startNanos = startNanos;
      this.lastWallNanos = startNanos;
      this.series = keepTimeSeries ? new ArrayList<>() : null;
    }

    UsageSample record(TreeUsage usage, long nowNanos) {
      long wall = nowNanos - lastWallNanos;
      long cpu = Math.max(0, usage.cpuNanos() - lastCpuNanos);
      double cpuPercent = wall > 0 ? 100.0 * cpu / wall : 0;
      lastWallNanos = nowNanos;
      lastCpuNanos = Math.max(lastCpuNanos, usage.cpuNanos());
      samples++;
      peakMemory = Math.max(peakMemory, usage.rssBytes());
      memorySum += usage.rssBytes();
      peakCpu = Math.max(peakCpu, cpuPercent);
      UsageSample sample =
          new UsageSample(Instant.now(), usage.rssBytes(), cpuPercent, usage.processes());
      if (series != null) {
        series.add(sample);
      }
      return sample;
    }

    Optional<UsageSummary> summary() {
      if (samples == 0) {
        return Optional.empty();
      }
      long wall = lastWallNanos - startNanos;
      double avgCpu = wall > 0 ? 100.0 * lastCpuNanos / wall : 0;
      return Optional.of(
          new UsageSummary(
              peakMemory,
              Math.round(memorySum / samples),
              peakCpu,
              avgCpu,
              samples,
              series == null ? List.of() : series));
    }
  }
}
