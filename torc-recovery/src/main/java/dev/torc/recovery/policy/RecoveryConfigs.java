package dev.torc.recovery.policy;

import dev.torc.model.RecoveryConfig;
import dev.torc.recovery.breaker.BreakerConfig;
import dev.torc.recovery.breaker.SignatureCircuitBreaker;
import dev.torc.recovery.classify.ClassificationRule;
import dev.torc.recovery.classify.FailureAnalyzer;
import dev.torc.recovery.classify.FailureCause;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a workflow's stored {@link RecoveryConfig} (the spec's {@code classification_rules} and
 * {@code recovery_policy}) into recovery policies and an analyzer, through the same config builders
 * that Java code uses: the spec's sections map onto {@link ExponentialBackoff.Config}, {@link
 * BreakerConfig} and {@link CauseBudgets.Config}. The spec's {@code failure_rate_threshold} is a
 * percentage (as in the original torc); it is a fraction everywhere in Java.
 *
 * <p>The chain, outermost first: the {@link SignatureCircuitBreaker} when {@code circuit_breaker}
 * is configured, the {@link ExponentialBackoff} when {@code backoff} is, the {@link CauseBudgets}
 * when {@code budgets} are, and always the {@link JobFallbackPolicy} (a job's own {@code
 * fallback_commands}, which decide for a job that has them) and the {@link FailureHandlerPolicy}.
 * The analyzer consults the user's classification rules before the built-in patterns.
 */
public final class RecoveryConfigs {
  private RecoveryConfigs() {}

  /**
   * The chain this configuration describes; the failure handlers alone for {@link
   * RecoveryConfig#NONE}.
   *
   * @param config the configuration
   * @return the chain this configuration describes; the failure handlers alone for {@link
   *     RecoveryConfig#NONE}
   */
  public static RecoveryPolicy chain(RecoveryConfig config) {
    RecoveryPolicies.Builder builder = RecoveryPolicies.builder();
    if (config.circuitBreaker() != null) {
      builder.circuitBreaker(breaker(config.circuitBreaker()));
    }
    if (config.backoff() != null) {
      builder.backoff(backoff(config.backoff()));
    }
    if (!config.budgets().isEmpty()) {
      builder.causeBudgets(budgets(config.budgets()));
    }
    return builder.policy(JobFallbackPolicy.create()).failureHandlers().build();
  }

  /**
   * The analyzer: the user's rules first, then the built-in patterns.
   *
   * @param config the configuration
   * @return the analyzer: the user's rules first, then the built-in patterns
   */
  public static FailureAnalyzer analyzer(RecoveryConfig config) {
    if (config.classificationRules().isEmpty()) {
      return FailureAnalyzer.standard();
    }
    return FailureAnalyzer.withRules(rules(config));
  }

  /**
   * The user's classification rules as {@link ClassificationRule}s, in order.
   *
   * @param config the configuration
   * @return the user's classification rules as {@link ClassificationRule}s, in order
   */
  public static List<ClassificationRule> rules(RecoveryConfig config) {
    List<ClassificationRule> rules = new ArrayList<>();
    for (RecoveryConfig.ClassificationRuleSpec r : config.classificationRules()) {
      rules.add(
          new ClassificationRule(
              r.pattern(),
              r.classification().equals("permanent")
                  ? FailureCause.PERMANENT
                  : FailureCause.TRANSIENT,
              r.confidence()));
    }
    return rules;
  }

  /**
   * The breaker configuration; the percentage threshold becomes a fraction.
   *
   * @param c the spec's circuit breaker
   * @return the breaker configuration; the percentage threshold becomes a fraction
   */
  public static BreakerConfig breaker(RecoveryConfig.CircuitBreaker c) {
    return BreakerConfig.builder()
        .failureRate(c.failureRateThreshold() / 100.0)
        .window(c.slidingWindowSize(), c.minimumCalls())
        .waitInOpen(c.waitInOpen())
        .probes(c.probes())
        .whenOpen(
            c.whenOpen().equals("fail")
                ? BreakerConfig.OpenAction.FAIL
                : BreakerConfig.OpenAction.AWAIT_CLASSIFICATION)
        .build();
  }

  /**
   * The backoff configuration, with jitter seed 0.
   *
   * @param b the spec's backoff
   * @return the backoff configuration, with jitter seed 0
   */
  public static ExponentialBackoff.Config backoff(RecoveryConfig.Backoff b) {
    return ExponentialBackoff.builder()
        .initial(b.base())
        .multiplier(b.multiplier())
        .jitter(b.jitter())
        .max(b.max())
        .seed(0L)
        .config();
  }

  /**
   * The budgets by cause.
   *
   * @param budgets retries per cause
   * @return the budgets by cause
   */
  public static CauseBudgets.Config budgets(Map<String, Integer> budgets) {
    CauseBudgets.Builder builder = CauseBudgets.builder();
    budgets.forEach(
        (cause, budget) ->
            builder.retries(FailureCause.valueOf(cause.toUpperCase(Locale.ROOT)), budget));
    return builder.config();
  }
}
