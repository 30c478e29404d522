package dev.torc.recovery.classify;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

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
  public static final double DEFAULT_CONFIDENCE = 0.9;

  /**
   * Checks the pattern and the confidence.
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
    if (!(confidence >= 0.0 && confidence <= 1.0)) {
      throw new IllegalArgumentException("confidence must be within 0..1, was " + confidence);
    }
    try {
      Pattern.compile(pattern);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "invalid classification pattern '" + pattern + "': " + e.getDescription(), e);
    }
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
