package dev.torc.model;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The status of a job, with the numeric codes of the original torc and an explicit table of the
 * transitions a job may make. {@link #checkTransition} throws on any other.
 */
public enum JobStatus {
  /** Not yet initialized: the status of a new or reset job, before its dependencies are checked. */
  UNINITIALIZED(0),
  /** Waiting for jobs it depends on to end. */
  BLOCKED(1),
  /** Free to run: waiting for a runner to claim it. */
  READY(2),
  /** Claimed by a runner that has not started it yet. */
  PENDING(3),
  /** Running. */
  RUNNING(4),
  /** Ended with exit code 0 and every declared output file present. */
  COMPLETED(5),
  /**
   * Ended with a non-zero exit code or missing outputs (or could never run), and will not be
   * retried.
   */
  FAILED(6),
  /** Canceled: by a person, or because a job it depends on did not complete. */
  CANCELED(7),
  /** Stopped at its runtime limit. */
  TERMINATED(8),
  /** Left out of the workflow's runs. */
  DISABLED(9),
  /** Failed, awaiting classification (by a person, a rule or an agent) as worth a retry or not. */
  PENDING_FAILED(10);

  private static final Map<JobStatus, Set<JobStatus>> TRANSITIONS = new EnumMap<>(JobStatus.class);

  static {
    allow(UNINITIALIZED, BLOCKED, READY, DISABLED, CANCELED);
    allow(BLOCKED, READY, CANCELED, UNINITIALIZED, DISABLED);
    // READY -> FAILED: a runner fails a retry whose new requirements can never fit it.
    allow(READY, PENDING, BLOCKED, CANCELED, UNINITIALIZED, DISABLED, FAILED);
    // PENDING -> READY: a runner gives back a job it claimed but did not start.
    allow(PENDING, RUNNING, READY, CANCELED, UNINITIALIZED);
    // RUNNING -> READY: a retry (failure handler, policy, or a lost attempt after a crash).
    allow(RUNNING, COMPLETED, FAILED, TERMINATED, CANCELED, PENDING_FAILED, READY, UNINITIALIZED);
    allow(COMPLETED, UNINITIALIZED);
    allow(FAILED, UNINITIALIZED, READY);
    allow(CANCELED, UNINITIALIZED);
    allow(TERMINATED, UNINITIALIZED, READY);
    allow(DISABLED, UNINITIALIZED);
    // PENDING_FAILED -> READY / FAILED: a person, a rule or an agent classified the failure.
    // PENDING_FAILED -> CANCELED: the whole workflow was canceled before anyone classified it.
    allow(PENDING_FAILED, READY, FAILED, CANCELED, UNINITIALIZED);
    // Re-initialization (a reset, a reinitialize, or a retry of a canceled job) passes through
    // UNINITIALIZED, which every status may move to, and goes on to READY or BLOCKED.
  }

  private final int code;

  JobStatus(int code) {
    this.code = code;
  }

  private static void allow(JobStatus from, JobStatus... to) {
    TRANSITIONS.put(from, Collections.unmodifiableSet(EnumSet.copyOf(Arrays.asList(to))));
  }

  /** {@return the numeric code the original torc uses for this status} */
  public int code() {
    return code;
  }

  /** {@return the status as written in the CLI and JSON, such as {@code pending_failed}} */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@return whether a job in this status will not run again unless reset} */
  public boolean isTerminal() {
    return this == COMPLETED
        || this == FAILED
        || this == CANCELED
        || this == TERMINATED
        || this == DISABLED;
  }

  /** {@return whether a dependent of a job that ended in this status should be canceled} */
  public boolean isUnsuccessfulEnd() {
    return this == FAILED || this == CANCELED || this == TERMINATED;
  }

  /** {@return the statuses a job in this status may move to} */
  public Set<JobStatus> allowedNext() {
    return TRANSITIONS.get(this);
  }

  /**
   * Whether a job in this status may move to another.
   *
   * @param next the status it would move to
   * @return true when the table allows the move
   */
  public boolean canTransitionTo(JobStatus next) {
    return TRANSITIONS.get(this).contains(next);
  }

  /**
   * Checks a transition.
   *
   * @param next the status a job in this status would move to
   * @throws IllegalTransitionException when the table does not allow it
   */
  public void checkTransition(JobStatus next) {
    if (!canTransitionTo(next)) {
      throw new IllegalTransitionException(this, next);
    }
  }

  /**
   * The status with this label or name, case-insensitive, such as {@code pending_failed}.
   *
   * @param label a label or name; {@code -} may stand for {@code _}
   * @return the status
   * @throws IllegalArgumentException when no status has that label
   */
  public static JobStatus fromLabel(String label) {
    String wanted = label.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (JobStatus status : values()) {
      if (status.name().equals(wanted)) {
        return status;
      }
    }
    throw new IllegalArgumentException(
        "unknown job status '"
            + label
            + "'; expected one of "
            + Arrays.stream(values()).map(JobStatus::label).toList());
  }

  /**
   * The status with this numeric code.
   *
   * @param code a code of the original torc, 0 to 10
   * @return the status
   * @throws IllegalArgumentException when no status has that code
   */
  public static JobStatus fromCode(int code) {
    for (JobStatus status : values()) {
      if (status.code == code) {
        return status;
      }
    }
    throw new IllegalArgumentException("unknown job status code " + code);
  }
}
