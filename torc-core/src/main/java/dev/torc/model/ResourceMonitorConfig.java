package dev.torc.model;

import java.util.Objects;

/**
 * How the runner samples each job's process tree.
 *
 * @param enabled whether to sample at all
 * @param granularity whether to keep only a summary or a time series too
 * @param sampleIntervalSeconds seconds between samples
 * @param generatePlots whether a run writes the workflow's resource-plot page when it ends (the
 *     original torc's {@code generate_plots})
 */
public record ResourceMonitorConfig(
    boolean enabled, Granularity granularity, double sampleIntervalSeconds, boolean generatePlots) {

  /** Sampling on, summaries only, every five seconds. */
  public static final ResourceMonitorConfig DEFAULT =
      new ResourceMonitorConfig(true, Granularity.SUMMARY, 5, false);

  /** What the monitor keeps per job. */
  public enum Granularity {
    /** Peak and average use per job. */
    SUMMARY,
    /** The summary and every sample. */
    TIME_SERIES
  }

  /**
   * Checks that the interval is positive.
   *
   * @param enabled whether to sample at all
   * @param granularity whether to keep only a summary or a time series too
   * @param sampleIntervalSeconds seconds between samples
   * @param generatePlots whether a run writes the workflow's resource-plot page when it ends (the
   *     original torc's {@code generate_plots})
   */
  public ResourceMonitorConfig {
    Objects.requireNonNull(granularity, "granularity");
    if (!(sampleIntervalSeconds > 0)) {
      throw new IllegalArgumentException(
          "sample_interval_seconds must be positive, was " + sampleIntervalSeconds);
    }
  }

  /**
   * A configuration that writes no plots.
   *
   * @param enabled whether to sample at all
   * @param granularity whether to keep only a summary or a time series too
   * @param sampleIntervalSeconds seconds between samples
   */
  public ResourceMonitorConfig(
      boolean enabled, Granularity granularity, double sampleIntervalSeconds) {
    this(enabled, granularity, sampleIntervalSeconds, false);
  }
}
