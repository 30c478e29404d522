package dev.torc.recovery.policy;

import dev.torc.recovery.classify.FailureCause;
import dev.torc.run.Decision;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Limits retries per failure cause, so that for example an out-of-memory job is retried at most
 * twice whatever else would retry it. A {@link FailureCause#PERMANENT} failure is never retried.
 *
 * <p>For a failure of cause {@code c} with budget {@code b}: when the history already holds {@code
 * b} or more failures of cause {@code c} (each of which led to a retry), the job fails; otherwise
 * the rest of the chain decides. Causes without a budget are not limited here. Since the history
 * comes from the store, the count survives a restart.
 *
 * <p>Immutable and thread-safe.
 */
public final class CauseBudgets implements RecoveryPolicy {

  /**
   * Retries allowed per cause.
   *
   * @param budgets retries per cause, each zero or more; causes absent are unlimited; {@link
   *     FailureCause#PERMANENT}, if present, must be 0
   */
  public record Config(Map<FailureCause, Integer> budgets) {

    /** TRANSIENT 3, OOM 2, TIMEOUT 1, PREEMPTED 3, NODE_FAIL 3, PERMANENT 0. */
    public static final Config DEFAULT =
        new Config(
            Map.of(
                FailureCause.TRANSIENT, 3,
                FailureCause.OOM, 2,
                FailureCause.TIMEOUT, 1,
                FailureCause.PREEMPTED, 3,
                FailureCause.NODE_FAIL, 3,
                FailureCause.PERMANENT, 0));

    /**
     * Checks the values against the ranges above.
     *
     * @param budgets retries per cause, each zero or more; causes absent are unlimited; {@link
     *     FailureCause#PERMANENT}, if present, must be 0
     */
    public Config {
      Objects.requireNonNull(budgets, "budgets");
      EnumMap<FailureCause, Integer> copy = new EnumMap<>(FailureCause.class);
      budgets.forEach(
          (cause, budget) -> {
            Objects.requireNonNull(cause, "cause");
            if (budget == null || budget < 0) {
              throw new IllegalArgumentException(
                  "the retry budget for " + cause.label() + " must be zero or more, was " + budget);
            }
            if (cause == FailureCause.PERMANENT && budget != 0) {
              throw new IllegalArgumentException("permanent failures are never retried");
            }
            copy.put(cause, budget);
          });
      budgets = Collections.unmodifiableMap(copy);
    }
  }

  private final Config config;

  private CauseBudgets(Config config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * Budgets with this configuration.
   *
   * @param config the configuration
   * @return budgets with this configuration
   */
  public static CauseBudgets of(Config config) {
    return new CauseBudgets(config);
  }

  /**
   * Budgets from a map of cause to retries.
   *
   * @param budgets retries per cause
   * @return budgets from a map of cause to retries
   */
  public static CauseBudgets of(Map<FailureCause, Integer> budgets) {
    return new CauseBudgets(new Config(budgets));
  }

  /**
   * A builder of budgets, with none set (every cause unlimited); not thread-safe.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds budgets cause by cause; not thread-safe. */
  public static final class Builder {
    private final Map<FailureCause, Integer> budgets = new EnumMap<>(FailureCause.class);

    private Builder() {}

    /**
     * Allows at most {@code retries} retries of failures with this cause.
     *
     * @param cause the cause
     * @param retries zero or more; zero for a permanent failure
     * @return this builder
     */
    public Builder retries(FailureCause cause, int retries) {
      budgets.put(Objects.requireNonNull(cause, "cause"), retries);
      return this;
    }

    /**
     * The configuration as built so far.
     *
     * @return the configuration
     * @throws IllegalArgumentException when a budget is out of range
     */
    public Config config() {
      return new Config(budgets);
    }

    /**
     * The budgets.
     *
     * @return the policy
     * @throws IllegalArgumentException when a budget is out of range
     */
    public CauseBudgets build() {
      return of(config());
    }
  }

  /**
   * This policy's configuration.
   *
   * @return the configuration
   */
  public Config config() {
    return config;
  }

  @Override
  public Decision decide(FailureContext context, Next next) {
    FailureCause cause = context.failure().cause();
    if (cause == FailureCause.PERMANENT) {
      return Decision.fail("permanent failure, never retried: " + context.failure().evidence());
    }
    Integer budget = config.budgets().get(cause);
    if (budget != null) {
      long used = context.earlierFailures(cause);
      if (used >= budget) {
        return Decision.fail(
            "retry budget for "
                + cause.label()
                + " failures ("
                + budget
                + ") used up: "
                + context.failure().evidence());
      }
    }
    return next.decide(context);
  }

  @Override
  public String toString() {
    return "CauseBudgets" + config.budgets();
  }
}
