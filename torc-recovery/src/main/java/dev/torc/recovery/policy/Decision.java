package dev.torc.recovery.policy;

import dev.torc.model.ResourceRequirements;
import java.time.Duration;
import java.util.Objects;

/** What a {@link RecoveryPolicy} decides becomes of a job after a failed attempt. */
public sealed interface Decision {

  /** The kind of a decision, as the runner maps it to a job status. */
  enum Kind {
    /** The job runs again as its next attempt ({@code ready}, attempt + 1). */
    RETRY,
    /** The job ends {@code failed}, with the cancel cascade. */
    FAIL,
    /** The job waits in {@code pending_failed} for a person, a rule or an agent. */
    AWAIT_CLASSIFICATION
  }

  /** The kind of this decision. */
  Kind kind();

  /** Why, in words. */
  String reason();

  /**
   * Run the job again.
   *
   * @param delay how long after the failure the next attempt may start, zero or more
   * @param newRequirements requirements for the next attempt, or {@code null} to keep the job's
   * @param recoveryScript a command to run with {@code bash -c} before the retry, or {@code null};
   *     when it fails the job fails
   * @param fallbackCommand a command that replaces the job's command for the next attempt, or
   *     {@code null} to keep it
   * @param reason why
   */
  record Retry(
      Duration delay,
      ResourceRequirements newRequirements,
      String recoveryScript,
      String fallbackCommand,
      String reason)
      implements Decision {

    public Retry {
      Objects.requireNonNull(delay, "delay");
      Objects.requireNonNull(reason, "reason");
      if (delay.isNegative()) {
        throw new IllegalArgumentException("a retry delay cannot be negative, was " + delay);
      }
    }

    @Override
    public Kind kind() {
      return Kind.RETRY;
    }

    /** This retry with another delay. */
    public Retry withDelay(Duration newDelay) {
      return new Retry(newDelay, newRequirements, recoveryScript, fallbackCommand, reason);
    }

    /** This retry with other requirements. */
    public Retry withRequirements(ResourceRequirements requirements) {
      return new Retry(delay, requirements, recoveryScript, fallbackCommand, reason);
    }

    /** This retry with another reason. */
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
    public AwaitClassification {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public Kind kind() {
      return Kind.AWAIT_CLASSIFICATION;
    }
  }

  /** A retry right away with nothing changed. */
  static Retry retry(String reason) {
    return new Retry(Duration.ZERO, null, null, null, reason);
  }

  /** Fail the job. */
  static Fail fail(String reason) {
    return new Fail(reason);
  }

  /** Await classification. */
  static AwaitClassification await(String reason) {
    return new AwaitClassification(reason);
  }

  /**
   * What becomes of a failure no policy handled: {@code pending_failed} when the workflow uses it,
   * else failed, as the runner does without recovery policies.
   */
  static Decision unhandled(FailureContext context) {
    return context.usePendingFailed()
        ? await("no policy handled the failure: " + context.failure().evidence())
        : fail("no policy handled the failure: " + context.failure().evidence());
  }
}
