package dev.torc.sdk;

/**
 * What {@link Torc#suggestRules} proposes.
 *
 * @param minSupport the fewest agreeing classifications a proposed rule needs, at least 1
 */
public record RuleSuggestRequest(int minSupport) {
  /** Every rule at least one classification supports. */
  public static final RuleSuggestRequest ALL = new RuleSuggestRequest(1);

  /**
   * Checks the support.
   *
   * @param minSupport the fewest agreeing classifications a proposed rule needs, at least 1
   */
  public RuleSuggestRequest {
    if (minSupport < 1) {
      throw new InvalidRequestException("min support must be at least 1, was " + minSupport);
    }
  }
}
