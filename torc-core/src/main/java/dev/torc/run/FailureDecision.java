package dev.torc.run;

import dev.torc.model.ResourceRequirements;
import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link FailurePolicy} decides becomes of a job after a failed or terminated attempt.
 *
 * @param kind fail, await classification or retry
 * @param delay for a retry, how long after the failure (and after the recovery script) the next
 *     attempt may start; zero otherwise. The store keeps it, so it holds across restarts and for
 *     every runner of the workflow
 * @param newRequirements for a retry, the requirements of the next attempt, or {@code null} to keep
 *     the job's
 * @param recoveryScript for a retry, a command run with {@code bash -c} before the next attempt, or
 *     {@code null}; when it fails or times out the job fails instead
 * @param fallbackCommand for a retry, a command the next attempt runs instead of the job's, or
 *     {@code null} for the job's own; the store keeps it with the job until a later retry or a
 *     reset
 * @param reason why, in words; recorded in the event log
 */
public record FailureDecision(
    Kind kind,
    Duration delay,
    ResourceRequirements newRequirements,
    String recoveryScript,
    String fallbackCommand,
    String reason) {

  /** What becomes of the job. */
  public enum Kind {
    /** The job ends failed (or terminated), with the cancel cascade. */
    FAIL,
    /** The job waits in {@code pending_failed} for a person, a rule or an agent. */
    AWAIT_CLASSIFICATION,
    /** The job runs again as its next attempt. */
    RETRY
  }

  public FailureDecision {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reason, "reason");
    delay = Objects.requireNonNullElse(delay, Duration.ZERO);
    if (delay.isNegative()) {
      throw new IllegalArgumentException("a retry delay cannot be negative, was " + delay);
    }
    if (kind != Kind.RETRY
        && (!delay.isZero()
            || newRequirements != null
            || recoveryScript != null
            || fallbackCommand != null)) {
      throw new IllegalArgumentException(
          "a delay, new requirements, a recovery script or a fallback only go with a retry");
    }
    if (recoveryScript != null && recoveryScript.isBlank()) {
      recoveryScript = null;
    }
  }

  /** End the job failed. */
  public static FailureDecision fail(String reason) {
    return new FailureDecision(Kind.FAIL, Duration.ZERO, null, null, null, reason);
  }

  /** Put the job in {@code pending_failed}. */
  public static FailureDecision awaitClassification(String reason) {
    return new FailureDecision(Kind.AWAIT_CLASSIFICATION, Duration.ZERO, null, null, null, reason);
  }

  /** Run the job again at once, with nothing changed. */
  public static FailureDecision retry(String reason) {
    return new FailureDecision(Kind.RETRY, Duration.ZERO, null, null, null, reason);
  }

  /** Run the job again after running a recovery script ({@code null} for none). */
  public static FailureDecision retryAfter(String recoveryScript, String reason) {
    return new FailureDecision(Kind.RETRY, Duration.ZERO, null, recoveryScript, null, reason);
  }
}
