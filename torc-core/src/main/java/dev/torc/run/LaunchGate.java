package dev.torc.run;

import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import java.time.Instant;
import java.util.Objects;

/**
 * Decides, right before the runner launches a job it claimed, whether the job may launch now, and
 * hears of every attempt that completed. The recovery layer's circuit breakers plug in here ({@link
 * FailurePolicy#launchGate}): while a breaker is open, jobs whose last failure it covers are held.
 *
 * <p>A held job goes back to {@code ready} and is not claimed before the admission's {@link
 * Admission#notBefore()}; the store keeps that time, so the hold survives a restart and holds for
 * every runner. A gate may release held jobs earlier ({@link dev.torc.store.WorkflowStore#holdJob}
 * with {@code null}).
 *
 * <p>Called on the runner's thread; implementations keep their state in the store and must not
 * block for long.
 */
public interface LaunchGate {

  /**
   * Whether a job may launch.
   *
   * @param granted whether it may launch now
   * @param notBefore when it is held, the earliest time it may be tried again; {@code null} when
   *     granted
   * @param reason why, in words; recorded in the event log for a hold
   */
  record Admission(boolean granted, Instant notBefore, String reason) {
    /** Launch now. */
    public static final Admission GRANTED = new Admission(true, null, "");

    /**
     * Checks that a hold, and only a hold, has a time.
     *
     * @param granted whether it may launch now
     * @param notBefore when it is held, the earliest time it may be tried again; {@code null} when
     *     granted
     * @param reason why, in words; recorded in the event log for a hold
     */
    public Admission {
      Objects.requireNonNull(reason, "reason");
      if (granted != (notBefore == null)) {
        throw new IllegalArgumentException("a hold, and only a hold, has a time");
      }
    }

    /**
     * Hold the job until a time.
     *
     * @param notBefore the earliest time it may be tried again
     * @param reason why, in words; recorded in the event log
     * @return the admission
     */
    public static Admission hold(Instant notBefore, String reason) {
      return new Admission(false, Objects.requireNonNull(notBefore, "notBefore"), reason);
    }
  }

  /**
   * Whether this claimed job may launch now. A granted admission counts as a launch (for a
   * half-open breaker, as a probe).
   *
   * @param job the claimed job
   * @param now the runner's current time
   * @return {@link Admission#GRANTED}, or a hold with its time and reason
   */
  Admission admit(JobRecord job, Instant now);

  /**
   * Hears that an attempt completed successfully; its result is stored already.
   *
   * @param job the job
   * @param result the attempt's result
   * @param now the runner's current time
   */
  void completed(JobRecord job, JobResult result, Instant now);

  /** A gate that lets every job launch. */
  LaunchGate NONE =
      new LaunchGate() {
        @Override
        public Admission admit(JobRecord job, Instant now) {
          return Admission.GRANTED;
        }

        @Override
        public void completed(JobRecord job, JobResult result, Instant now) {}

        @Override
        public String toString() {
          return "LaunchGate.NONE";
        }
      };
}
