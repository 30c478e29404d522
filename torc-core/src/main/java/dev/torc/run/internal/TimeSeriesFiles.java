package dev.torc.run.internal;

import dev.torc.exec.UsageSample;
import dev.torc.exec.UsageSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an attempt's resource time series (monitor granularity {@code time_series}) as CSV: {@code
 * <output>/resource_utilization/job_wf{W}_j{J}_r{R}_a{A}.csv} with the columns {@code
 * time,memory_bytes,cpu_percent,processes}.
 */
public final class TimeSeriesFiles {
  /** The directory under the output directory that holds the series. */
  public static final String DIRECTORY = "resource_utilization";

  private static final Logger LOG = LoggerFactory.getLogger(TimeSeriesFiles.class);

  private TimeSeriesFiles() {}

  /** Where an attempt's series is written. */
  public static Path path(Path outputDir, long workflowId, long jobId, int runId, int attempt) {
    return outputDir
        .resolve(DIRECTORY)
        .resolve("job_wf" + workflowId + "_j" + jobId + "_r" + runId + "_a" + attempt + ".csv");
  }

  /**
   * Writes an attempt's series to its {@link #path} when the summary has one; does nothing
   * otherwise (most attempts: the path is not even made then). A failed write is logged as a
   * warning.
   */
  public static void write(
      Path outputDir, long workflowId, long jobId, int runId, int attempt, UsageSummary usage) {
    if (hasSeries(usage)) {
      write(path(outputDir, workflowId, jobId, runId, attempt), usage);
    }
  }

  private static boolean hasSeries(UsageSummary usage) {
    return usage != null && usage.timeSeries() != null && !usage.timeSeries().isEmpty();
  }

  /** Writes the summary's series, which it has. A failed write is logged as a warning. */
  private static void write(Path file, UsageSummary usage) {
    List<String> lines = new ArrayList<>();
    lines.add("time,memory_bytes,cpu_percent,processes");
    for (UsageSample sample : usage.timeSeries()) {
      lines.add(
          String.format(
              Locale.ROOT,
              "%s,%d,%.1f,%d",
              sample.time(),
              sample.memoryBytes(),
              sample.cpuPercent(),
              sample.processes()));
    }
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, lines);
    } catch (IOException e) {
      // A full disk loses this series, not the run; the launches pause for it (LaunchPause).
      LOG.warn("cannot write the resource time series {}: {}", file, e.toString());
    }
  }
}
