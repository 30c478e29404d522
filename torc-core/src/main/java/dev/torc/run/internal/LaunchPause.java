package dev.torc.run.internal;

import dev.torc.run.RunException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds back new launches while the disk of the output directory is full or cannot be written, so
 * that jobs are not started only to fail for want of room for their logs. Jobs that run keep being
 * watched and recorded. It says once when it pauses and once when it resumes, and looks at the disk
 * at most once per {@link #PROBE_INTERVAL}.
 */
public final class LaunchPause {
  private static final Logger LOG = LoggerFactory.getLogger(LaunchPause.class);

  /** Less free space than this on the output directory's disk counts as full. */
  static final long MIN_FREE_BYTES = 4L << 20;

  static final Duration PROBE_INTERVAL = Duration.ofMillis(500);

  private final Path outputDir;
  private long nextProbe = System.nanoTime();
  private String pausedFor;

  public LaunchPause(Path outputDir) {
    this.outputDir = outputDir;
  }

  /** Whether new jobs may be launched now. */
  public boolean allowsLaunches() {
    long now = System.nanoTime();
    if (now - nextProbe >= 0) {
      nextProbe = now + PROBE_INTERVAL.toNanos();
      String problem = problem();
      if (problem != null && pausedFor == null) {
        LOG.warn(
            "{}; launching no new jobs until it is fixed (jobs that run keep running)", problem);
      } else if (problem == null && pausedFor != null) {
        LOG.warn("the output directory {} can be written again; launching jobs again", outputDir);
      }
      pausedFor = problem;
    }
    return pausedFor == null;
  }

  /**
   * Whether a launch failed for want of space or for an I/O error: then launches pause until the
   * disk is fine again, and the job should be given back rather than failed.
   */
  public boolean launchFailed(Throwable error) {
    if (!isDiskFault(error)) {
      return false;
    }
    if (pausedFor == null) {
      pausedFor = "cannot start a job: " + error.getMessage();
      LOG.warn("{}; launching no new jobs until the disk is fine again", pausedFor);
    }
    nextProbe = System.nanoTime() + PROBE_INTERVAL.toNanos();
    return true;
  }

  /** What keeps jobs from starting, or null when the output directory's disk is fine. */
  private String problem() {
    try {
      long free = Files.getFileStore(Files.createDirectories(outputDir)).getUsableSpace();
      if (free < MIN_FREE_BYTES) {
        return "the disk of the output directory "
            + outputDir
            + " is full ("
            + free / 1024
            + " KiB free)";
      }
      if (pausedFor != null) {
        OutputDirectory.checkWritable(outputDir);
      }
      return null;
    } catch (IOException | RunException e) {
      return "the output directory " + outputDir + " cannot be written (" + e.getMessage() + ")";
    }
  }

  /** Whether the error, or one it was caused by, says the disk is full or failed. */
  static boolean isDiskFault(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
      if (message.contains("no space left")
          || message.contains("disk quota exceeded")
          || message.contains("input/output error")) {
        return true;
      }
    }
    return false;
  }
}
