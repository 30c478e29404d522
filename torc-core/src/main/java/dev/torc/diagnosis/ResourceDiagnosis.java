package dev.torc.diagnosis;

import dev.torc.model.JobStatus;
import dev.torc.model.ResourceRequirements;
import dev.torc.store.JobResult;
import java.util.Locale;
import java.util.Objects;

/**
 * How one attempt of a job used the resources the job requested, and why it likely failed.
 *
 * <p>Over-use compares peaks with the request: memory is over when the peak exceeds the requested
 * memory, CPU when the peak exceeds 100 % per requested CPU, runtime when the attempt ran longer
 * than the runtime limit. Under-use flags requests that could shrink: memory when the peak stayed
 * below {@value #UNDER_USE_FRACTION} of the request, CPU when more than one CPU was requested and
 * the peak stayed below that fraction of them. Memory and CPU flags are false when the attempt was
 * not sampled.
 *
 * <p>The failure causes describe attempts that did not complete (any status but {@code completed})
 * and are never set for a completed one. A failed attempt likely ran out of memory when its peak
 * memory exceeded the request, or when it exited with {@value #EXIT_SIGKILL} (killed) before
 * {@value #OOM_RUNTIME_FRACTION} of its runtime limit. It likely ran out of time when it exited
 * with {@value #EXIT_SIGXCPU} (the code Slurm gives a job killed at its walltime) or ran longer
 * than {@value #TIMEOUT_RUNTIME_FRACTION} of its limit. Both may hold at once.
 *
 * <p>Requests are per node, as in {@link ResourceRequirements}; the requirements compared are those
 * the caller passes, normally the job's current ones.
 *
 * @param result the attempt's result
 * @param requested what the job requested
 * @param memoryOver peak memory exceeded the requested memory
 * @param memoryUnder peak memory stayed well below the requested memory
 * @param cpuOver peak CPU exceeded 100 % per requested CPU
 * @param cpuUnder peak CPU stayed well below the requested CPUs (more than one requested)
 * @param runtimeOver the attempt ran longer than the runtime limit
 * @param oomReason why the attempt likely ran out of memory, or {@code null} when it likely did not
 * @param timeoutReason why the attempt likely ran out of time, or {@code null} when it likely did
 *     not
 */
public record ResourceDiagnosis(
    JobResult result,
    ResourceRequirements requested,
    boolean memoryOver,
    boolean memoryUnder,
    boolean cpuOver,
    boolean cpuUnder,
    boolean runtimeOver,
    OomReason oomReason,
    TimeoutReason timeoutReason) {

  /** The exit code of a job killed by SIGKILL, as the kernel's OOM killer and Slurm do. */
  public static final int EXIT_SIGKILL = 137;

  /** The exit code Slurm gives a job killed at its walltime (128 + SIGXCPU). */
  public static final int EXIT_SIGXCPU = 152;

  /**
   * A killed attempt that ran less than this fraction of its runtime limit likely ran out of
   * memory.
   */
  public static final double OOM_RUNTIME_FRACTION = 0.8;

  /**
   * A failed attempt that ran more than this fraction of its runtime limit likely ran out of time.
   */
  public static final double TIMEOUT_RUNTIME_FRACTION = 0.9;

  /** A peak below this fraction of the request counts as under-use. */
  public static final double UNDER_USE_FRACTION = 0.5;

  /** Why an attempt likely ran out of memory. */
  public enum OomReason {
    /** Its peak memory exceeded the requested memory. */
    MEMORY_EXCEEDED,
    /** It was killed (exit 137) well before its runtime limit. */
    SIGKILL_137;

    /** {@return the reason as written in JSON, such as {@code memory_exceeded}} */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Why an attempt likely ran out of time. */
  public enum TimeoutReason {
    /** It exited with 152, the code of a Slurm walltime kill. */
    SIGXCPU_152,
    /** It ran longer than 90 % of its runtime limit. */
    NEAR_RUNTIME_LIMIT;

    /** {@return the reason as written in JSON, such as {@code sigxcpu_152}} */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Checks that the result and the requirements are given.
   *
   * @param result the attempt's result
   * @param requested what the job requested
   * @param memoryOver peak memory exceeded the requested memory
   * @param memoryUnder peak memory stayed well below the requested memory
   * @param cpuOver peak CPU exceeded 100 % per requested CPU
   * @param cpuUnder peak CPU stayed well below the requested CPUs (more than one requested)
   * @param runtimeOver the attempt ran longer than the runtime limit
   * @param oomReason why the attempt likely ran out of memory, or {@code null} when it likely did
   *     not
   * @param timeoutReason why the attempt likely ran out of time, or {@code null} when it likely did
   *     not
   */
  public ResourceDiagnosis {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(requested, "requested");
  }

  /**
   * Diagnoses one attempt against the requirements it ran with.
   *
   * @param requested what the job requested
   * @param result the attempt's result; peaks may be {@code null} when it was not sampled
   * @return the diagnosis
   */
  public static ResourceDiagnosis of(ResourceRequirements requested, JobResult result) {
    Objects.requireNonNull(requested, "requested");
    Objects.requireNonNull(result, "result");
    long memoryBytes = requested.memory().bytes();
    Long peakMemory = result.peakMemoryBytes();
    boolean memoryOver = peakMemory != null && peakMemory > memoryBytes;
    boolean memoryUnder = peakMemory != null && peakMemory < UNDER_USE_FRACTION * memoryBytes;

    double cpuCapacity = 100.0 * requested.numCpus();
    Double peakCpu = result.peakCpuPercent();
    boolean cpuOver = peakCpu != null && peakCpu > cpuCapacity;
    boolean cpuUnder =
        peakCpu != null && requested.numCpus() > 1 && peakCpu < UNDER_USE_FRACTION * cpuCapacity;

    double runtimeFraction = runtimeFraction(requested, result);
    boolean runtimeOver = runtimeFraction > 1.0;

    OomReason oomReason = null;
    TimeoutReason timeoutReason = null;
    if (result.status() != JobStatus.COMPLETED) {
      if (memoryOver) {
        oomReason = OomReason.MEMORY_EXCEEDED;
      } else if (result.returnCode() == EXIT_SIGKILL && runtimeFraction < OOM_RUNTIME_FRACTION) {
        oomReason = OomReason.SIGKILL_137;
      }
      if (result.returnCode() == EXIT_SIGXCPU) {
        timeoutReason = TimeoutReason.SIGXCPU_152;
      } else if (runtimeFraction > TIMEOUT_RUNTIME_FRACTION) {
        timeoutReason = TimeoutReason.NEAR_RUNTIME_LIMIT;
      }
    }
    return new ResourceDiagnosis(
        result,
        requested,
        memoryOver,
        memoryUnder,
        cpuOver,
        cpuUnder,
        runtimeOver,
        oomReason,
        timeoutReason);
  }

  private static double runtimeFraction(ResourceRequirements requested, JobResult result) {
    double limitSeconds = requested.runtime().toNanos() / 1e9;
    return result.execTimeMinutes() * 60.0 / limitSeconds;
  }

  /** {@return whether the attempt likely failed because it ran out of memory} */
  public boolean likelyOom() {
    return oomReason != null;
  }

  /** {@return whether the attempt likely failed because it ran out of time} */
  public boolean likelyTimeout() {
    return timeoutReason != null;
  }

  /** {@return whether the attempt used more memory, CPU or time than requested} */
  public boolean anyOver() {
    return memoryOver || cpuOver || runtimeOver;
  }

  /** {@return whether the attempt used much less memory or CPU than requested} */
  public boolean anyUnder() {
    return memoryUnder || cpuUnder;
  }

  /**
   * {@return how many of memory, CPU and runtime the attempt used more of than requested (0 to 3)}
   */
  public int overCount() {
    return (memoryOver ? 1 : 0) + (cpuOver ? 1 : 0) + (runtimeOver ? 1 : 0);
  }

  /**
   * {@return peak memory as a percentage of the requested memory, or {@code null} when not sampled}
   */
  public Double memoryUtilizationPercent() {
    Long peak = result.peakMemoryBytes();
    long requestedBytes = requested.memory().bytes();
    if (peak == null) {
      return null;
    }
    return requestedBytes == 0 ? null : 100.0 * peak / requestedBytes;
  }

  /**
   * {@return peak CPU as a percentage of 100 % per requested CPU, or {@code null} when not sampled}
   */
  public Double cpuUtilizationPercent() {
    Double peak = result.peakCpuPercent();
    return peak == null ? null : peak / requested.numCpus();
  }

  /** {@return execution time as a percentage of the runtime limit} */
  public double runtimeUtilizationPercent() {
    return 100.0 * runtimeFraction(requested, result);
  }
}
