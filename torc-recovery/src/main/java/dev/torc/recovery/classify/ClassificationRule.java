package dev.torc.recovery.classify;

import dev.torc.model.RecoveryConfig;
import java.util.Objects;

/**
 * A user's rule: a stderr line matching {@code pattern} makes the failure {@code cause}. Patterns
 * are Java regular expressions searched within each line and are case-sensitive unless they say
 * otherwise, for example with {@code (?i)}.
 *
 * @param pattern a Java regular expression
 * @param cause {@link FailureCause#TRANSIENT} or {@link FailureCause#PERMANENT}
 * @param confidence how sure a match makes the verdict, 0 to 1
 */
public record ClassificationRule(String pattern, FailureCause cause, double confidence) {

  /** The confidence of a user rule when none is given. */
  public static final double DEFAULT_CONFIDENCE =
      RecoveryConfig.ClassificationRuleSpec.DEFAULT_CONFIDENCE;

  /**
   * Checks the pattern and the confidence, by the rules of a spec's {@code classification_rules}.
   *
   * @param pattern a Java regular expression
   * @param cause {@link FailureCause#TRANSIENT} or {@link FailureCause#PERMANENT}
   * @param confidence how sure a match makes the verdict, 0 to 1
   */
  public ClassificationRule {
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(cause, "cause");
    if (!cause.isClassification()) {
      throw new IllegalArgumentException(
          "a classification rule decides transient or permanent, not " + cause.label());
    }
    new RecoveryConfig.ClassificationRuleSpec(pattern, cause.label(), confidence);
  }

  /**
   * A rule that makes matching failures transient, with the default confidence.
   *
   * @param pattern a Java regular expression
   * @return a rule that makes matching failures transient, with the default confidence
   */
  public static ClassificationRule transientIf(String pattern) {
    return new ClassificationRule(pattern, FailureCause.TRANSIENT, DEFAULT_CONFIDENCE);
  }

  /**
   * A rule that makes matching failures permanent, with the default confidence.
   *
   * @param pattern a Java regular expression
   * @return a rule that makes matching failures permanent, with the default confidence
   */
  public static ClassificationRule permanentIf(String pattern) {
    return new ClassificationRule(pattern, FailureCause.PERMANENT, DEFAULT_CONFIDENCE);
  }
}
