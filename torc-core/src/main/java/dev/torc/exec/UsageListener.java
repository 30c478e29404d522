package dev.torc.exec;

/**
 * Hears about the samples the {@link ResourceMonitor} takes of one job. Called on the monitor's
 * thread (or on the thread that untracks the job): keep it quick, do not block.
 */
public interface UsageListener {

  /** A listener that ignores everything. */
  UsageListener NONE = new UsageListener() {};

  /**
   * A sample of the job was taken.
   *
   * @param jobKey the key the job is tracked under
   * @param sample the sample
   */
  default void onSample(String jobKey, UsageSample sample) {}

  /**
   * The job's memory went above its limit; called once per job, after {@link #onSample} for the
   * sample that crossed it.
   *
   * @param jobKey the key the job is tracked under
   * @param sample the sample that crossed the limit
   * @param limitBytes the job's memory limit
   */
  default void onMemoryLimitExceeded(String jobKey, UsageSample sample, long limitBytes) {}
}
