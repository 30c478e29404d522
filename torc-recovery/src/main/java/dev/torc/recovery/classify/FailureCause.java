package dev.torc.recovery.classify;

import java.util.Locale;

/** Why an attempt of a job failed, as far as torc can tell. */
public enum FailureCause {
  /** The attempt ran out of memory. */
  OOM,
  /** The attempt ran out of time. */
  TIMEOUT,
  /** The scheduler took the attempt's allocation away for other work. */
  PREEMPTED,
  /** A node the attempt ran on failed. */
  NODE_FAIL,
  /** A passing condition such as a network or service outage; a retry will likely succeed. */
  TRANSIENT,
  /** A fault in the code, the data or the configuration; a retry will fail the same way. */
  PERMANENT,
  /** Nothing recognized the failure; it awaits classification by a person, a rule or an agent. */
  UNKNOWN;

  /**
   * The cause as written in JSON and the CLI, such as {@code node_fail}.
   *
   * @return the cause as written in JSON and the CLI, such as {@code node_fail}
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Whether a classifier may decide this cause (only {@link #TRANSIENT} and {@link #PERMANENT}).
   *
   * @return whether a classifier may decide this cause (only {@link #TRANSIENT} and {@link
   *     #PERMANENT})
   */
  public boolean isClassification() {
    return this == TRANSIENT || this == PERMANENT;
  }
}
