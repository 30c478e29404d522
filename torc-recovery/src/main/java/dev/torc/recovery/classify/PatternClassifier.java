package dev.torc.recovery.classify;

import dev.torc.recovery.internal.BuiltInPatterns;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Classifies failures by patterns searched in the lines of the attempt's standard error, then of
 * its standard output.
 *
 * <p>User rules take precedence over the built-in ones: when any user rule matches any line, the
 * built-in rules are not consulted. Within the user rules, and again within the built-in ones, the
 * decisive line is the <em>last</em> line that some rule matches (the final error usually names the
 * cause, after warnings about earlier trouble); when several rules match that line, the one with
 * the highest confidence wins, and among equals the first in the list. The verdict's evidence is
 * that line. A failure no rule matches yields empty and stays awaiting classification.
 *
 * <p>The built-in rules ({@link #BUILT_IN_RULES}) cover the error classification guide of the
 * AI-assisted recovery tutorial and the common failures of Python, Java, MPI, Slurm, CUDA/NCCL,
 * networks, file systems and resource limits. Transient are, for example, refused, reset and timed
 * out connections ({@code Connection refused}, {@code TimeoutError}, {@code
 * SocketTimeoutException}), name-resolution failures, {@code EIO}, stale file handles, Slurm node
 * failures and preemptions, NCCL timeouts, busy CUDA devices, {@code 503}, {@code 429}; permanent
 * are Python and Java bug exceptions ({@code SyntaxError}, {@code KeyError}, {@code
 * ModuleNotFoundError}, {@code NullPointerException}, ...), crashes the shell reports ({@code
 * Segmentation fault}), failed assertions, {@code MPI_ABORT}, CUDA out of memory, missing files and
 * commands, permission denied, a full disk or quota, too many open files. An uncaught Python
 * traceback or Java exception that no other rule explains is permanent with low confidence.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class PatternClassifier implements FailureClassifier {

  /** The built-in rules, in order. */
  public static final List<ClassificationRule> BUILT_IN_RULES = BuiltInPatterns.RULES;

  /** The classifier name recorded when a user rule decided. */
  public static final String USER_RULES = "user-rules";

  /** The classifier name recorded when a built-in rule decided. */
  public static final String BUILT_IN = "built-in-patterns";

  private static final int MAX_EVIDENCE = 500;

  private final List<ClassificationRule> userRules;
  private final boolean builtIns;
  private final List<List<Compiled>> tiers;

  private record Compiled(ClassificationRule rule, Pattern pattern) {}

  private PatternClassifier(List<ClassificationRule> userRules, boolean builtIns) {
    this.userRules = List.copyOf(userRules);
    this.builtIns = builtIns;
    List<List<Compiled>> t = new ArrayList<>();
    t.add(compile(this.userRules));
    t.add(builtIns ? compile(BUILT_IN_RULES) : List.of());
    this.tiers = List.copyOf(t);
  }

  private static List<Compiled> compile(List<ClassificationRule> rules) {
    return rules.stream().map(r -> new Compiled(r, Pattern.compile(r.pattern()))).toList();
  }

  /**
   * The built-in rules only.
   *
   * @return the built-in rules only
   */
  public static PatternClassifier builtIn() {
    return new PatternClassifier(List.of(), true);
  }

  /**
   * The user's rules, consulted before the built-in ones.
   *
   * @param userRules the user's classification rules, first match wins
   * @return the user's rules, consulted before the built-in ones
   */
  public static PatternClassifier withRules(List<ClassificationRule> userRules) {
    return new PatternClassifier(Objects.requireNonNull(userRules, "userRules"), true);
  }

  /**
   * The user's rules only, without the built-in ones.
   *
   * @param userRules the user's classification rules, first match wins
   * @return the user's rules only, without the built-in ones
   */
  public static PatternClassifier onlyRules(List<ClassificationRule> userRules) {
    return new PatternClassifier(Objects.requireNonNull(userRules, "userRules"), false);
  }

  /**
   * The user's rules of this classifier, in order.
   *
   * @return the user's rules of this classifier, in order
   */
  public List<ClassificationRule> userRules() {
    return userRules;
  }

  /**
   * Whether the built-in rules are consulted after the user's.
   *
   * @return whether the built-in rules are consulted after the user's
   */
  public boolean usesBuiltIns() {
    return builtIns;
  }

  @Override
  public String name() {
    return "patterns";
  }

  /**
   * The verdict on the attempt's standard error or, when no rule matches any of its lines, on its
   * standard output.
   */
  @Override
  public Optional<Classification> classify(FailedAttempt attempt) {
    Optional<Classification> verdict = classifyText(attempt.stderrTail());
    return verdict.isPresent() ? verdict : classifyText(attempt.stdoutTail());
  }

  /**
   * The verdict on a standard error text, or empty when no rule matches any of its lines.
   *
   * @param stderr the standard error text
   * @return the verdict on a standard error text, or empty when no rule matches any of its lines
   */
  public Optional<Classification> classifyText(String stderr) {
    String[] lines = Objects.requireNonNullElse(stderr, "").split("\\R");
    for (int tier = 0; tier < tiers.size(); tier++) {
      List<Compiled> rules = tiers.get(tier);
      if (rules.isEmpty()) {
        continue;
      }
      for (int i = lines.length - 1; i >= 0; i--) {
        Compiled best = null;
        for (Compiled c : rules) {
          if ((best == null || c.rule().confidence() > best.rule().confidence())
              && c.pattern().matcher(lines[i]).find()) {
            best = c;
          }
        }
        if (best != null) {
          String evidence = lines[i].strip();
          if (evidence.length() > MAX_EVIDENCE) {
            evidence = evidence.substring(0, MAX_EVIDENCE);
          }
          return Optional.of(
              new Classification(
                  best.rule().cause(),
                  evidence,
                  best.rule().confidence(),
                  tier == 0 ? USER_RULES : BUILT_IN));
        }
      }
    }
    return Optional.empty();
  }
}
