package dev.torc.run.internal;

import java.time.Duration;

/**
 * When a runner writes the starts and completions it took in, and whether it claims ahead, by how
 * long its attempts run (a moving average of those that ended). Jobs that take longer than {@link
 * #CLAIM_AHEAD_BELOW} on average have everything written at once and nothing claimed ahead. Shorter
 * ones are claimed ahead and their starts wait up to {@link #START_DELAY}; completions of jobs
 * shorter than {@link #BATCH_COMPLETIONS_BELOW} also wait, up to that long, for a batch: a runner
 * killed meanwhile has those jobs run again.
 */
public final class PassTiming {
  /** Jobs shorter than this on average are claimed ahead. */
  public static final Duration CLAIM_AHEAD_BELOW = Duration.ofSeconds(1);

  /** While jobs are claimed ahead, how long a start may wait to be written. */
  public static final Duration START_DELAY = Duration.ofMillis(200);

  /**
   * Completions of jobs shorter than this on average wait, up to this long, to be written together.
   */
  public static final Duration BATCH_COMPLETIONS_BELOW = Duration.ofMillis(10);

  private static final double WEIGHT_OF_NEWEST = 0.1;

  private double averageNanos = -1;
  private long firstStart = -1;
  private long firstCompletion = -1;

  /** Takes in the run time of an attempt that ended. */
  public void ended(Duration runTime) {
    double nanos = Math.max(0, runTime.toNanos());
    averageNanos =
        averageNanos < 0 ? nanos : averageNanos + WEIGHT_OF_NEWEST * (nanos - averageNanos);
  }

  /** Whether claims go ahead: the attempts that ended so far were short on average. */
  public boolean claimsAhead() {
    return shorterThan(CLAIM_AHEAD_BELOW);
  }

  private boolean batchesCompletions() {
    return shorterThan(BATCH_COMPLETIONS_BELOW);
  }

  private boolean shorterThan(Duration bound) {
    return averageNanos >= 0 && averageNanos < bound.toNanos();
  }

  /** Notes a start taken in, at {@code nanos} ({@link System#nanoTime()}). */
  public void startTakenIn(long nanos) {
    if (firstStart < 0) {
      firstStart = nanos;
    }
  }

  /** Notes a completion taken in, at {@code nanos}. */
  public void completionTakenIn(long nanos) {
    if (firstCompletion < 0) {
      firstCompletion = nanos;
    }
  }

  /** Notes that everything taken in was written. */
  public void written() {
    firstStart = -1;
    firstCompletion = -1;
  }

  /**
   * Whether what was taken in must be written now.
   *
   * @param completions how many completions wait
   * @param batch how many completions make a batch
   * @param claimsRunLow whether fewer claimed jobs wait to be launched than make a batch
   * @param nanos now
   */
  public boolean due(int completions, int batch, boolean claimsRunLow, long nanos) {
    if (completions > 0
        && (!batchesCompletions()
            || claimsRunLow
            || completions >= batch
            || nanos - firstCompletion >= BATCH_COMPLETIONS_BELOW.toNanos())) {
      return true;
    }
    return firstStart >= 0 && (!claimsAhead() || nanos - firstStart >= START_DELAY.toNanos());
  }

  /** {@code wait}, or less when what was taken in falls due sooner. */
  public Duration until(Duration wait, long nanos) {
    long left = wait.toNanos();
    if (firstCompletion >= 0) {
      left = Math.min(left, firstCompletion + BATCH_COMPLETIONS_BELOW.toNanos() - nanos);
    }
    if (firstStart >= 0) {
      left = Math.min(left, firstStart + START_DELAY.toNanos() - nanos);
    }
    return Duration.ofNanos(Math.max(0, left));
  }
}
