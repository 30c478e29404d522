package dev.torc.model;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A workflow's recovery configuration, from the spec's {@code classification_rules} and {@code
 * recovery_policy} sections: user classification rules that win over the built-in patterns, and the
 * optional backoff, per-cause budgets and circuit breaker that {@code torc-recovery} chains in
 * front of the failure handlers. Plain data: core knows nothing of the recovery policies; {@code
 * dev.torc.recovery.RecoveryFailurePolicy} turns it into a chain.
 *
 * @param classificationRules user rules, in order; the first match wins
 * @param backoff how retries are spaced, or {@code null} for no backoff
 * @param budgets retries allowed per cause (lowercase cause names such as {@code transient}, {@code
 *     oom}, {@code timeout}); empty for no budgets
 * @param circuitBreaker the per-signature circuit breaker, or {@code null} for none
 */
public record RecoveryConfig(
    List<ClassificationRuleSpec> classificationRules,
    Backoff backoff,
    Map<String, Integer> budgets,
    CircuitBreaker circuitBreaker) {

  /** Nothing configured: the failure handlers alone, with the built-in patterns. */
  public static final RecoveryConfig NONE = new RecoveryConfig(List.of(), null, Map.of(), null);

  /** The causes a budget may name. */
  public static final List<String> BUDGET_CAUSES =
      List.of("oom", "timeout", "preempted", "node_fail", "transient", "permanent");

  /**
   * Checks the budgets (known causes, none negative, none for permanent failures) and copies the
   * rules and budgets; budget causes become lowercase.
   *
   * @param classificationRules user rules, in order; the first match wins
   * @param backoff how retries are spaced, or {@code null} for no backoff
   * @param budgets retries allowed per cause (lowercase cause names such as {@code transient},
   *     {@code oom}, {@code timeout}); empty for no budgets
   * @param circuitBreaker the per-signature circuit breaker, or {@code null} for none
   */
  public RecoveryConfig {
    classificationRules =
        List.copyOf(classificationRules == null ? List.of() : classificationRules);
    Map<String, Integer> copy = new LinkedHashMap<>();
    if (budgets != null) {
      budgets.forEach(
          (cause, budget) -> {
            String key = Objects.requireNonNull(cause, "cause").toLowerCase(Locale.ROOT);
            if (!BUDGET_CAUSES.contains(key)) {
              throw new IllegalArgumentException(
                  "unknown cause '" + cause + "' in budgets; one of " + BUDGET_CAUSES);
            }
            if (budget == null || budget < 0) {
              throw new IllegalArgumentException(
                  "the retry budget for " + key + " must be zero or more, was " + budget);
            }
            if (key.equals("permanent") && budget != 0) {
              throw new IllegalArgumentException("permanent failures are never retried");
            }
            copy.put(key, budget);
          });
    }
    budgets = Collections.unmodifiableMap(copy);
  }

  /** {@return whether nothing is configured} */
  public boolean isEmpty() {
    return classificationRules.isEmpty()
        && backoff == null
        && budgets.isEmpty()
        && circuitBreaker == null;
  }

  /**
   * This configuration with other classification rules.
   *
   * @param rules user rules, in order; the first match wins
   * @return the changed configuration
   */
  public RecoveryConfig withClassificationRules(List<ClassificationRuleSpec> rules) {
    return new RecoveryConfig(rules, backoff, budgets, circuitBreaker);
  }

  /**
   * A user classification rule.
   *
   * @param pattern a Java regular expression searched for in the failed attempt's standard error
   * @param classification {@code transient} or {@code permanent}
   * @param confidence how sure a match makes the verdict, 0 to 1
   */
  public record ClassificationRuleSpec(String pattern, String classification, double confidence) {
    /** The confidence when none is given. */
    public static final double DEFAULT_CONFIDENCE = 0.9;

    /**
     * Checks the pattern, the classification and the confidence; the classification becomes
     * lowercase.
     *
     * @param pattern a Java regular expression searched for in the failed attempt's standard error
     * @param classification {@code transient} or {@code permanent}
     * @param confidence how sure a match makes the verdict, 0 to 1
     */
    public ClassificationRuleSpec {
      Objects.requireNonNull(pattern, "pattern");
      Objects.requireNonNull(classification, "classification");
      classification = classification.strip().toLowerCase(Locale.ROOT);
      if (!classification.equals("transient") && !classification.equals("permanent")) {
        throw new IllegalArgumentException(
            "classification must be transient or permanent, not '" + classification + "'");
      }
      if (!(confidence >= 0.0 && confidence <= 1.0)) {
        throw new IllegalArgumentException("confidence must be within 0..1, was " + confidence);
      }
      try {
        Pattern.compile(pattern);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "invalid pattern '" + pattern + "': " + e.getDescription(), e);
      }
    }
  }

  /**
   * Exponential backoff between retries.
   *
   * @param base the delay before the first retry, positive
   * @param multiplier the growth per retry, at least 1
   * @param jitter the randomization factor, within [0, 1)
   * @param max the longest delay, at least {@code base}
   */
  public record Backoff(Duration base, double multiplier, double jitter, Duration max) {
    /**
     * Checks that each value is within its range.
     *
     * @param base the delay before the first retry, positive
     * @param multiplier the growth per retry, at least 1
     * @param jitter the randomization factor, within [0, 1)
     * @param max the longest delay, at least {@code base}
     */
    public Backoff {
      Objects.requireNonNull(base, "base");
      Objects.requireNonNull(max, "max");
      if (base.isNegative() || base.isZero()) {
        throw new IllegalArgumentException("backoff base must be positive, was " + base);
      }
      if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
        throw new IllegalArgumentException(
            "backoff multiplier must be at least 1, was " + multiplier);
      }
      if (!(jitter >= 0.0 && jitter < 1.0)) {
        throw new IllegalArgumentException("backoff jitter must be within [0, 1), was " + jitter);
      }
      if (max.compareTo(base) < 0) {
        throw new IllegalArgumentException(
            "backoff max " + max + " must be at least the base " + base);
      }
    }
  }

  /**
   * A circuit breaker per failure signature.
   *
   * @param failureRateThreshold the percentage of failures in the window that opens it, 1 to 100
   * @param slidingWindowSize how many recent attempts count, at least 1
   * @param minimumCalls how many attempts the window needs, 1 to the window size
   * @param waitInOpen how long an open breaker holds retries
   * @param probes how many attempts a half-open breaker lets through, at least 1
   * @param whenOpen {@code await_classification} or {@code fail}
   */
  public record CircuitBreaker(
      double failureRateThreshold,
      int slidingWindowSize,
      int minimumCalls,
      Duration waitInOpen,
      int probes,
      String whenOpen) {
    /**
     * Checks that each value is within its range; no {@code whenOpen} is {@code
     * await_classification}.
     *
     * @param failureRateThreshold the percentage of failures in the window that opens it, 1 to 100
     * @param slidingWindowSize how many recent attempts count, at least 1
     * @param minimumCalls how many attempts the window needs, 1 to the window size
     * @param waitInOpen how long an open breaker holds retries
     * @param probes how many attempts a half-open breaker lets through, at least 1
     * @param whenOpen {@code await_classification} or {@code fail}
     */
    public CircuitBreaker {
      Objects.requireNonNull(waitInOpen, "waitInOpen");
      whenOpen =
          whenOpen == null ? "await_classification" : whenOpen.strip().toLowerCase(Locale.ROOT);
      if (!whenOpen.equals("await_classification") && !whenOpen.equals("fail")) {
        throw new IllegalArgumentException(
            "when_open must be await_classification or fail, not '" + whenOpen + "'");
      }
      if (!(failureRateThreshold > 0.0 && failureRateThreshold <= 100.0)) {
        throw new IllegalArgumentException(
            "failure rate threshold must be a percentage within (0, 100], was "
                + failureRateThreshold);
      }
      if (slidingWindowSize < 1) {
        throw new IllegalArgumentException("sliding window size must be at least 1");
      }
      if (minimumCalls < 1 || minimumCalls > slidingWindowSize) {
        throw new IllegalArgumentException(
            "minimum calls must be within 1.." + slidingWindowSize + ", was " + minimumCalls);
      }
      if (waitInOpen.isNegative()) {
        throw new IllegalArgumentException("wait in open cannot be negative");
      }
      if (probes < 1) {
        throw new IllegalArgumentException("probes must be at least 1, was " + probes);
      }
    }
  }

  // ------------------------------------------------------------------ plain form, for storage

  /**
   * {@return this configuration as plain maps, lists and scalars (durations as ISO-8601 text), for
   * storage}
   */
  public Map<String, Object> toPlain() {
    Map<String, Object> out = new LinkedHashMap<>();
    List<Object> rules = new ArrayList<>();
    for (ClassificationRuleSpec r : classificationRules) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("pattern", r.pattern());
      m.put("classification", r.classification());
      m.put("confidence", r.confidence());
      rules.add(m);
    }
    out.put("classification_rules", rules);
    if (backoff != null) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("base", backoff.base().toString());
      m.put("multiplier", backoff.multiplier());
      m.put("jitter", backoff.jitter());
      m.put("max", backoff.max().toString());
      out.put("backoff", m);
    }
    out.put("budgets", new LinkedHashMap<>(budgets));
    if (circuitBreaker != null) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("failure_rate_threshold", circuitBreaker.failureRateThreshold());
      m.put("sliding_window_size", circuitBreaker.slidingWindowSize());
      m.put("minimum_calls", circuitBreaker.minimumCalls());
      m.put("wait_in_open", circuitBreaker.waitInOpen().toString());
      m.put("probes", circuitBreaker.probes());
      m.put("when_open", circuitBreaker.whenOpen());
      out.put("circuit_breaker", m);
    }
    return out;
  }

  /**
   * The configuration {@link #toPlain()} wrote.
   *
   * @param plain the plain form, or {@code null}
   * @return the configuration; {@link #NONE} for a {@code null} or empty form
   * @throws IllegalArgumentException when the form is not one {@link #toPlain()} writes
   */
  @SuppressWarnings("unchecked")
  public static RecoveryConfig fromPlain(Map<String, ?> plain) {
    if (plain == null || plain.isEmpty()) {
      return NONE;
    }
    try {
      List<ClassificationRuleSpec> rules = new ArrayList<>();
      Object ruleList = plain.get("classification_rules");
      if (ruleList instanceof List<?> list) {
        for (Object o : list) {
          Map<String, Object> m = (Map<String, Object>) o;
          rules.add(
              new ClassificationRuleSpec(
                  (String) m.get("pattern"),
                  (String) m.get("classification"),
                  ((Number) m.get("confidence")).doubleValue()));
        }
      }
      Backoff backoff = null;
      if (plain.get("backoff") instanceof Map<?, ?> b) {
        backoff =
            new Backoff(
                Duration.parse((String) b.get("base")),
                ((Number) b.get("multiplier")).doubleValue(),
                ((Number) b.get("jitter")).doubleValue(),
                Duration.parse((String) b.get("max")));
      }
      Map<String, Integer> budgets = new LinkedHashMap<>();
      if (plain.get("budgets") instanceof Map<?, ?> b) {
        b.forEach((k, v) -> budgets.put((String) k, ((Number) v).intValue()));
      }
      CircuitBreaker breaker = null;
      if (plain.get("circuit_breaker") instanceof Map<?, ?> c) {
        breaker =
            new CircuitBreaker(
                ((Number) c.get("failure_rate_threshold")).doubleValue(),
                ((Number) c.get("sliding_window_size")).intValue(),
                ((Number) c.get("minimum_calls")).intValue(),
                Duration.parse((String) c.get("wait_in_open")),
                ((Number) c.get("probes")).intValue(),
                (String) c.get("when_open"));
      }
      return new RecoveryConfig(rules, backoff, budgets, breaker);
    } catch (ClassCastException | NullPointerException | DateTimeParseException e) {
      throw new IllegalArgumentException("not a stored recovery configuration: " + plain, e);
    }
  }
}
