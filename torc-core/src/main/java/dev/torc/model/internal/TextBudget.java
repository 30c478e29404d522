package dev.torc.model.internal;

import java.util.Locale;

/**
 * Characters that expanding templates may produce in all, so that a small spec (a long command with
 * one placeholder, expanded a million times) cannot render gigabytes. Not thread-safe.
 */
public final class TextBudget {
  private final long total;
  private long used;

  /** A budget of this many characters. */
  public TextBudget(long totalCharacters) {
    this.total = totalCharacters;
  }

  /**
   * Renders a template, counting the text against the budget unless the template is constant (its
   * text is then shared, not copied).
   *
   * @throws BudgetExceeded when the budget is used up
   * @throws IllegalArgumentException when the template cannot render these values
   */
  public String render(
      Template template, ParameterValue[] values, String[] plain, boolean regexEscape) {
    String rendered = template.render(values, plain, regexEscape);
    return template.isConstant() ? rendered : charge(rendered);
  }

  /**
   * Counts a rendered text against the budget.
   *
   * @return the text
   * @throws BudgetExceeded when the budget is used up
   */
  public String charge(String rendered) {
    used += rendered.length();
    if (used > total) {
      throw new BudgetExceeded(
          String.format(
              Locale.ROOT,
              "the workflow's templates expand to more than %,d characters of names, commands,"
                  + " paths and data, the most a workflow may have",
              total));
    }
    return rendered;
  }
}
