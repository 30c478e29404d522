package dev.torc.cli;

import dev.torc.model.JobStatus;
import dev.torc.sdk.Torc;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Shows a run's progress on stderr: on a terminal a live line redrawn every second, otherwise a
 * plain line every ten seconds. Each line costs the store two small queries.
 */
final class Progress implements AutoCloseable {
  private final Torc torc;
  private final long workflowId;
  private final PrintWriter err;
  private final boolean live;
  private final Instant start = Instant.now();
  private final ScheduledExecutorService timer;
  private final int doneAtStart;

  Progress(Torc torc, long workflowId, PrintWriter err, boolean live) {
    this.torc = torc;
    this.workflowId = workflowId;
    this.err = err;
    this.live = live;
    this.doneAtStart = done(torc.status(workflowId).counts());
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "torc-progress");
              thread.setDaemon(true);
              return thread;
            });
    long period = live ? 1 : 10;
    timer.scheduleAtFixedRate(this::print, period, period, TimeUnit.SECONDS);
  }

  private static int done(Map<JobStatus, Integer> counts) {
    return counts.entrySet().stream()
        .filter(e -> e.getKey().isTerminal())
        .mapToInt(Map.Entry::getValue)
        .sum();
  }

  private void print() {
    try {
      Map<JobStatus, Integer> counts = torc.status(workflowId).counts();
      int total = counts.values().stream().mapToInt(Integer::intValue).sum();
      int done = done(counts);
      Duration elapsed = Duration.between(start, Instant.now());
      double seconds = Math.max(0.001, elapsed.toMillis() / 1000.0);
      String line =
          String.format(
              Locale.ROOT,
              "%d/%d done | completed %d, failed %d, running %d, ready %d, blocked %d%s"
                  + " | %.1f jobs/s | %s",
              done,
              total,
              counts.getOrDefault(JobStatus.COMPLETED, 0),
              counts.getOrDefault(JobStatus.FAILED, 0)
                  + counts.getOrDefault(JobStatus.TERMINATED, 0),
              counts.getOrDefault(JobStatus.RUNNING, 0) + counts.getOrDefault(JobStatus.PENDING, 0),
              counts.getOrDefault(JobStatus.READY, 0),
              counts.getOrDefault(JobStatus.BLOCKED, 0),
              counts.getOrDefault(JobStatus.PENDING_FAILED, 0) > 0
                  ? ", awaiting classification " + counts.get(JobStatus.PENDING_FAILED)
                  : "",
              (done - doneAtStart) / seconds,
              clock(elapsed));
      if (live) {
        err.print("\r" + line + "\033[K");
      } else {
        err.println(line);
      }
      err.flush();
    } catch (RuntimeException e) {
      // Progress is best effort; the run itself reports errors.
    }
  }

  private static String clock(Duration elapsed) {
    long s = elapsed.toSeconds();
    return String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    if (live) {
      err.print("\r\033[K");
      err.flush();
    }
  }
}
