package dev.torc.run;

import dev.torc.model.FailureHandler;
import dev.torc.model.ResourceRequirements;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What becomes of a job after a failed or terminated attempt: the one decision type that a {@link
 * FailurePolicy} hands the runner and that every recovery policy of {@code torc-recovery} returns.
 */
public sealed interface Decision {

  /** The kind of a decision, as the runner maps it to a job status. */
  enum Kind {
    /** The job runs again as its next attempt ({@code ready}, attempt + 1). */
    RETRY,
    /** The job ends {@code failed} (or terminated), with the cancel cascade. */
    FAIL,
    /** The job waits in {@code pending_failed} for a person, a rule or an agent. */
    AWAIT_CLASSIFICATION
  }

  /**
   * The kind of this decision.
   *
   * @return retry, fail or await classification
   */
  Kind kind();

  /**
   * Why, in words; recorded in the event log.
   *
   * @return the reason
   */
  String reason();

  /**
   * How long after the failure the next attempt may start.
   *
   * @return the retry's delay; zero for a decision that does not retry
   */
  default Duration delay() {
    return Duration.ZERO;
  }

  /**
   * The requirements of the next attempt.
   *
   * @return the retry's new requirements, or {@code null} to keep the job's (and for a decision
   *     that does not retry)
   */
  default ResourceRequirements newRequirements() {
    return null;
  }

  /**
   * The command run before the next attempt.
   *
   * @return the retry's recovery script, or {@code null} for none
   */
  default String recoveryScript() {
    return null;
  }

  /**
   * The command the next attempt runs instead of the job's.
   *
   * @return the retry's fallback command, or {@code null} for the job's own
   */
  default String fallbackCommand() {
    return null;
  }

  /**
   * Run the job again.
   *
   * @param delay how long after the failure (and after the recovery script) the next attempt may
   *     start, zero or more ({@code null} for zero). The store keeps it, so it holds across
   *     restarts and for every runner of the workflow
   * @param newRequirements requirements for the next attempt, or {@code null} to keep the job's
   * @param recoveryScript a command to run with {@code bash -c} before the retry, or {@code null};
   *     when it fails or times out the job fails instead
   * @param fallbackCommand a command that replaces the job's command for the next attempt, or
   *     {@code null} to keep it; the store keeps it with the job until a later retry or a reset
   * @param reason why
   */
  record Retry(
      Duration delay,
      ResourceRequirements newRequirements,
      String recoveryScript,
      String fallbackCommand,
      String reason)
      implements Decision {

    /**
     * Checks the delay and the reason; a blank recovery script is none.
     *
     * @param delay how long after the failure (and after the recovery script) the next attempt may
     *     start, zero or more ({@code null} for zero). The store keeps it, so it holds across
     *     restarts and for every runner of the workflow
     * @param newRequirements requirements for the next attempt, or {@code null} to keep the job's
     * @param recoveryScript a command to run with {@code bash -c} before the retry, or {@code
     *     null}; when it fails or times out the job fails instead
     * @param fallbackCommand a command that replaces the job's command for the next attempt, or
     *     {@code null} to keep it; the store keeps it with the job until a later retry or a reset
     * @param reason why
     */
    public Retry {
      delay = Objects.requireNonNullElse(delay, Duration.ZERO);
      Objects.requireNonNull(reason, "reason");
      if (delay.isNegative()) {
        throw new IllegalArgumentException("a retry delay cannot be negative, was " + delay);
      }
      if (recoveryScript != null && recoveryScript.isBlank()) {
        recoveryScript = null;
      }
    }

    @Override
    public Kind kind() {
      return Kind.RETRY;
    }

    /**
     * This retry with another delay.
     *
     * @param newDelay the delay, zero or more
     * @return the changed retry
     */
    public Retry withDelay(Duration newDelay) {
      return new Retry(newDelay, newRequirements, recoveryScript, fallbackCommand, reason);
    }

    /**
     * This retry with other requirements.
     *
     * @param requirements the requirements of the next attempt, or {@code null} for the job's
     * @return the changed retry
     */
    public Retry withRequirements(ResourceRequirements requirements) {
      return new Retry(delay, requirements, recoveryScript, fallbackCommand, reason);
    }

    /**
     * This retry with another reason.
     *
     * @param newReason why
     * @return the changed retry
     */
    public Retry withReason(String newReason) {
      return new Retry(delay, newRequirements, recoveryScript, fallbackCommand, newReason);
    }
  }

  /**
   * End the job {@code failed}.
   *
   * @param reason why
   */
  record Fail(String reason) implements Decision {
    /**
     * Checks the reason.
     *
     * @param reason why
     */
    public Fail {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public Kind kind() {
      return Kind.FAIL;
    }
  }

  /**
   * Put the job in {@code pending_failed} until someone classifies the failure.
   *
   * @param reason why
   */
  record AwaitClassification(String reason) implements Decision {
    /**
     * Checks the reason.
     *
     * @param reason why
     */
    public AwaitClassification {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public Kind kind() {
      return Kind.AWAIT_CLASSIFICATION;
    }
  }

  /**
   * A retry right away with nothing changed.
   *
   * @param reason why
   * @return the retry
   */
  static Retry retry(String reason) {
    return new Retry(Duration.ZERO, null, null, null, reason);
  }

  /**
   * A retry right away after a recovery script.
   *
   * @param recoveryScript the script, or {@code null} for none
   * @param reason why
   * @return the retry
   */
  static Retry retryAfter(String recoveryScript, String reason) {
    return new Retry(Duration.ZERO, null, recoveryScript, null, reason);
  }

  /**
   * End the job failed.
   *
   * @param reason why
   * @return the decision
   */
  static Fail fail(String reason) {
    return new Fail(reason);
  }

  /**
   * Put the job in {@code pending_failed}.
   *
   * @param reason why
   * @return the decision
   */
  static AwaitClassification awaitClassification(String reason) {
    return new AwaitClassification(reason);
  }

  /**
   * What a failure handler decides for a failed attempt: the rule for the exit code retries the job
   * after its recovery script while its {@code max_retries} allows, else the job fails.
   *
   * @param handler the job's failure handler
   * @param exitCode the failed attempt's exit code
   * @param countedAttempt the failed attempt's number, not counting lost attempts (see {@link
   *     FailurePolicy.Failure#countedAttempt()})
   * @return the decision, or empty when no rule of the handler matches the exit code
   */
  static Optional<Decision> byHandler(FailureHandler handler, int exitCode, int countedAttempt) {
    return handler
        .ruleFor(exitCode)
        .map(
            rule -> {
              String which =
                  "failure handler "
                      + handler.name()
                      + (rule.namesExitCode(exitCode)
                          ? " rule for exit code " + exitCode
                          : " catch-all rule (exit code " + exitCode + ")");
              return rule.allowsRetryAfter(countedAttempt)
                  ? retryAfter(
                      rule.recoveryScript(),
                      which + ": retry " + countedAttempt + " of max_retries " + rule.maxRetries())
                  : fail(
                      which
                          + ": max_retries "
                          + rule.maxRetries()
                          + " used up after attempt "
                          + countedAttempt);
            });
  }
}
