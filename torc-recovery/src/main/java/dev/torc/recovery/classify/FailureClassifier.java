package dev.torc.recovery.classify;

import java.util.Optional;

/**
 * Decides whether a failure that is neither a resource nor a scheduler failure is transient or
 * permanent. Implementations may read patterns, ask a person or an agent; {@link PatternClassifier}
 * is the built-in one. A classifier that does not recognize the failure returns empty, and the
 * failure stays {@link FailureCause#UNKNOWN} (awaiting classification).
 *
 * <p>Implementations must be thread-safe and should be deterministic: the same attempt gives the
 * same answer.
 */
public interface FailureClassifier {

  /**
   * The verdict on this failed attempt, or empty when the classifier does not recognize it.
   *
   * @param attempt the attempt
   * @return the verdict on this failed attempt, or empty when the classifier does not recognize it
   */
  Optional<Classification> classify(FailedAttempt attempt);

  /**
   * The name recorded in {@link Classification#classifier()}.
   *
   * @return the name recorded in {@link Classification#classifier()}
   */
  default String name() {
    return getClass().getSimpleName();
  }
}
