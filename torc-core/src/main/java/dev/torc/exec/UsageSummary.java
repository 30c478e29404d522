package dev.torc.exec;

import java.util.List;

/**
 * What a job used while it was tracked by a {@link ResourceMonitor}.
 *
 * @param peakMemoryBytes the largest sampled memory of the job's process tree
 * @param avgMemoryBytes the mean of the sampled memory
 * @param peakCpuPercent the largest sampled CPU use, 100 per busy core
 * @param avgCpuPercent CPU time used over wall time between the job's start and its last sample,
 *     100 per busy core
 * @param samples how many samples were taken, at least 1
 * @param timeSeries every sample in order when the monitor keeps time series, otherwise empty
 */
public record UsageSummary(
    long peakMemoryBytes,
    long avgMemoryBytes,
    double peakCpuPercent,
    double avgCpuPercent,
    int samples,
    List<UsageSample> timeSeries) {

  /**
   * Copies the time series.
   *
   * @param peakMemoryBytes the largest sampled memory of the job's process tree
   * @param avgMemoryBytes the mean of the sampled memory
   * @param peakCpuPercent the largest sampled CPU use, 100 per busy core
   * @param avgCpuPercent CPU time used over wall time between the job's start and its last sample,
   *     100 per busy core
   * @param samples how many samples were taken, at least 1
   * @param timeSeries every sample in order when the monitor keeps time series, otherwise empty
   */
  public UsageSummary {
    timeSeries = List.copyOf(timeSeries);
  }
}
