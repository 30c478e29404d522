package dev.torc.recovery.classify;

import java.util.Objects;

/**
 * A classifier's verdict on a failure: transient (retry) or permanent (fail).
 *
 * @param cause {@link FailureCause#TRANSIENT} or {@link FailureCause#PERMANENT}
 * @param evidence what the verdict rests on, normally the stderr line that matched
 * @param confidence how sure the classifier is, 0 to 1
 * @param classifier the name of the classifier that decided
 */
public record Classification(
    FailureCause cause, String evidence, double confidence, String classifier) {

  /**
   * Checks the values.
   *
   * @param cause {@link FailureCause#TRANSIENT} or {@link FailureCause#PERMANENT}
   * @param evidence what the verdict rests on, normally the stderr line that matched
   * @param confidence how sure the classifier is, 0 to 1
   * @param classifier the name of the classifier that decided
   */
  public Classification {
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(evidence, "evidence");
    Objects.requireNonNull(classifier, "classifier");
    if (!cause.isClassification()) {
      throw new IllegalArgumentException(
          "a classification is transient or permanent, not " + cause.label());
    }
    if (!(confidence >= 0.0 && confidence <= 1.0)) {
      throw new IllegalArgumentException("confidence must be within 0..1, was " + confidence);
    }
  }
}
