package dev.torc.recovery.workflow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Decides, at each poll of {@code torc watch --auto-schedule}, whether to submit more Slurm
 * allocations, as the original torc does: with no live allocation and ready jobs, at once; with
 * live allocations, only when more than {@link #threshold} retried jobs (attempt &gt; 1) wait, at
 * most once per cooldown; retried jobs that have waited longer than the stranded timeout (zero
 * disables it) are scheduled even below the threshold. Remembers when it last said yes and since
 * when retried jobs wait; not thread-safe.
 */
public final class AutoSchedule {
  /** The original's defaults: threshold 5, cooldown 1800 s, stranded timeout 7200 s. */
  public static final int DEFAULT_THRESHOLD = 5;

  /** How long after one automatic allocation another may be asked for: 30 minutes. */
  public static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(1800);

  /**
   * How long jobs may wait with no allocation that could run them before one is asked for: 2 hours.
   */
  public static final Duration DEFAULT_STRANDED_TIMEOUT = Duration.ofSeconds(7200);

  private final int threshold;
  private final Duration cooldown;
  private final Duration strandedTimeout;
  private final Clock clock;
  private Instant lastSubmitted;
  private Instant retriedWaitingSince;

  /**
   * @param threshold retried jobs that must be exceeded to add allocations beside live ones, at
   *     least 0
   * @param cooldown least time between two submissions beside live allocations
   * @param strandedTimeout how long retried jobs may wait below the threshold; zero disables
   * @param clock where time is read
   */
  public AutoSchedule(int threshold, Duration cooldown, Duration strandedTimeout, Clock clock) {
    if (threshold < 0) {
      throw new IllegalArgumentException("threshold cannot be negative: " + threshold);
    }
    if (cooldown.isNegative() || strandedTimeout.isNegative()) {
      throw new IllegalArgumentException("cooldown and stranded timeout cannot be negative");
    }
    this.threshold = threshold;
    this.cooldown = cooldown;
    this.strandedTimeout = strandedTimeout;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Whether to submit allocations now; a yes is remembered as a submission.
   *
   * @param liveAllocations allocations of the workflow not seen to end
   * @param readyJobs jobs ready to run
   * @param retriedJobs of those, jobs on an attempt after the first
   * @return whether to submit allocations now; a yes is remembered as a submission
   */
  public boolean shouldSubmit(int liveAllocations, int readyJobs, int retriedJobs) {
    Instant now = clock.instant();
    if (retriedJobs == 0) {
      retriedWaitingSince = null;
    } else if (retriedWaitingSince == null) {
      retriedWaitingSince = now;
    }
    if (readyJobs == 0) {
      return false;
    }
    boolean submit;
    if (liveAllocations == 0) {
      submit = true;
    } else {
      boolean cooled = lastSubmitted == null || !now.isBefore(lastSubmitted.plus(cooldown));
      boolean stranded =
          !strandedTimeout.isZero()
              && retriedWaitingSince != null
              && !now.isBefore(retriedWaitingSince.plus(strandedTimeout));
      submit = cooled && (retriedJobs > threshold || stranded);
    }
    if (submit) {
      lastSubmitted = now;
      retriedWaitingSince = null;
    }
    return submit;
  }
}
