package dev.torc.model.internal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Steps that regex matching may take, so that a catastrophic pattern such as {@code (a+)+$} fails
 * fast instead of backtracking for hours. A step is one character the matcher reads, and each match
 * costs {@value #STEPS_TO_START} steps to start, so that many cheap matches count too. One match
 * may take {@value #BASE_STEPS_PER_MATCH} steps plus {@value #STEPS_PER_CHARACTER} per character of
 * the text; all matches together may take the total given. Not thread-safe.
 */
public final class RegexBudget {
  static final long BASE_STEPS_PER_MATCH = 1_000_000;
  static final long STEPS_PER_CHARACTER = 1_000;
  static final long STEPS_TO_START = 64;

  private final long total;
  private final Counted counted = new Counted();
  private long used;

  /** A budget of this many steps in all. */
  public RegexBudget(long totalSteps) {
    this.total = totalSteps;
  }

  /**
   * Compiles a regex.
   *
   * @throws java.util.regex.PatternSyntaxException when the regex is invalid
   * @throws BudgetExceeded when the regex nests too deeply to compile
   */
  public static Pattern compile(String regex) {
    try {
      return Pattern.compile(regex);
    } catch (StackOverflowError e) {
      throw new BudgetExceeded("it nests too deeply to compile");
    }
  }

  /**
   * Whether the matcher's pattern matches all of the text.
   *
   * @throws BudgetExceeded when the match takes more steps than it may, or the workflow's regexes
   *     have used up the total
   */
  public boolean matches(Matcher matcher, String text) {
    used += STEPS_TO_START;
    long allowed =
        Math.min(BASE_STEPS_PER_MATCH + STEPS_PER_CHARACTER * text.length(), total - used);
    counted.start(text, allowed);
    try {
      return matcher.reset(counted).matches();
    } catch (StackOverflowError e) {
      throw new BudgetExceeded("it recurses too deeply on '" + Printable.shorten(text, 60) + "'");
    } finally {
      used += counted.steps();
      matcher.reset("");
    }
  }

  /** Whether the total is used up, so that no further match can run. */
  public boolean exhausted() {
    return used >= total;
  }

  private final class Counted implements CharSequence {
    private String text = "";
    private long allowed;
    private long steps;

    void start(String text, long allowed) {
      this.text = text;
      this.allowed = allowed;
      this.steps = 0;
    }

    long steps() {
      return steps;
    }

    @Override
    public char charAt(int index) {
      if (++steps > allowed) {
        throw new BudgetExceeded(
            allowed < BASE_STEPS_PER_MATCH + STEPS_PER_CHARACTER * text.length()
                ? String.format(
                    Locale.ROOT,
                    "matching the workflow's regexes took more than %,d steps in all; match"
                        + " fewer names with regexes, or list the jobs in depends_on",
                    total)
                : String.format(
                    Locale.ROOT,
                    "it takes more than %,d steps to match '%s'; simplify it",
                    allowed,
                    Printable.shorten(text, 60)));
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return text.subSequence(start, end);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
