package dev.torc.recovery.policy;

import dev.torc.recovery.RecoveryFailurePolicy;
import dev.torc.recovery.breaker.BreakerConfig;
import dev.torc.recovery.breaker.SignatureCircuitBreaker;
import dev.torc.recovery.classify.FailureAnalyzer;
import dev.torc.recovery.classify.FailureCause;
import dev.torc.run.FailurePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Ready-made recovery chains and a builder for others. The builder chains policies in the order
 * they are added, outermost first, and refuses an order in which a backoff could never act.
 *
 * <pre>{@code
 * RecoveryPolicy policy = RecoveryPolicies.builder()
 *     .circuitBreaker(BreakerConfig.DEFAULT)   // outermost: stops a failure that keeps recurring
 *     .backoff(ExponentialBackoff.Config.DEFAULT)
 *     .causeBudgets(CauseBudgets.Config.DEFAULT)
 *     .failureHandlers()                      // the spec's failure_handlers
 *     .resourceScaling(ResourceScaling.Config.DEFAULT)
 *     .pendingFailed(PendingFailedPolicy.Config.DEFAULT)
 *     .build();
 * }</pre>
 */
public final class RecoveryPolicies {
  private RecoveryPolicies() {}

  /**
   * A builder of a chain; not thread-safe.
   *
   * @return a builder of a chain; not thread-safe
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The failure handlers alone: what the original torc does.
   *
   * @return the failure handlers alone: what the original torc does
   */
  public static RecoveryPolicy failureHandlersOnly() {
    return FailureHandlerPolicy.create();
  }

  /**
   * The recommended chain, outermost first: a signature circuit breaker, exponential backoff, the
   * default per-cause budgets, the failure handlers, resource scaling for OOM and timeouts, and the
   * classification policy.
   *
   * @return the recommended chain, outermost first: a signature circuit breaker, exponential
   *     backoff, the default per-cause budgets, the failure handlers, resource scaling for OOM and
   *     timeouts, and the classification policy
   */
  public static RecoveryPolicy recommended() {
    return builder()
        .circuitBreaker(BreakerConfig.DEFAULT)
        .backoff(ExponentialBackoff.Config.DEFAULT)
        .causeBudgets(CauseBudgets.Config.DEFAULT)
        .failureHandlers()
        .resourceScaling(ResourceScaling.Config.DEFAULT)
        .pendingFailed(PendingFailedPolicy.Config.DEFAULT)
        .build();
  }

  /**
   * The runner hook for a chain: each failed attempt is analyzed with {@code analyzer} and decided
   * by {@code policy}; see {@link RecoveryFailurePolicy}.
   *
   * @param policy the policy
   * @param analyzer classifies failed attempts
   * @return the runner hook for a chain: each failed attempt is analyzed with {@code analyzer} and
   *     decided by {@code policy}; see {@link RecoveryFailurePolicy}
   */
  public static FailurePolicy forRunner(RecoveryPolicy policy, FailureAnalyzer analyzer) {
    return RecoveryFailurePolicy.of(policy, analyzer);
  }

  /** Builds a chain of policies, outermost first; not thread-safe. */
  public static final class Builder {
    private final List<RecoveryPolicy> policies = new ArrayList<>();

    private Builder() {}

    /**
     * Adds any policy.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder policy(RecoveryPolicy policy) {
      policies.add(Objects.requireNonNull(policy, "policy"));
      return this;
    }

    /**
     * Adds a {@link SignatureCircuitBreaker}.
     *
     * @param config the configuration
     * @return this builder
     */
    public Builder circuitBreaker(BreakerConfig config) {
      return policy(SignatureCircuitBreaker.of(config));
    }

    /**
     * Adds an {@link ExponentialBackoff}.
     *
     * @param config the configuration
     * @return this builder
     */
    public Builder backoff(ExponentialBackoff.Config config) {
      return policy(ExponentialBackoff.of(config));
    }

    /**
     * Adds an {@link ExponentialBackoff} with jitter factor 0.5 and seed 0.
     *
     * @param base the first delay
     * @param multiplier the growth factor, at least 1
     * @param max the largest value
     * @return this builder
     */
    public Builder backoff(Duration base, double multiplier, Duration max) {
      return backoff(new ExponentialBackoff.Config(base, multiplier, 0.5, max, 0L));
    }

    /**
     * Adds {@link CauseBudgets}.
     *
     * @param config the configuration
     * @return this builder
     */
    public Builder causeBudgets(CauseBudgets.Config config) {
      return policy(CauseBudgets.of(config));
    }

    /**
     * Adds {@link CauseBudgets} from a map of cause to retries.
     *
     * @param budgets retries per cause
     * @return this builder
     */
    public Builder causeBudgets(Map<FailureCause, Integer> budgets) {
      return causeBudgets(new CauseBudgets.Config(budgets));
    }

    /**
     * Adds the {@link FailureHandlerPolicy}.
     *
     * @return this builder
     */
    public Builder failureHandlers() {
      return policy(FailureHandlerPolicy.create());
    }

    /**
     * Adds {@link ResourceScaling}.
     *
     * @param config the configuration
     * @return this builder
     */
    public Builder resourceScaling(ResourceScaling.Config config) {
      return policy(ResourceScaling.of(config));
    }

    /**
     * Adds a {@link FallbackChain} of these commands.
     *
     * @param commands the commands, in order
     * @return this builder
     */
    public Builder fallbacks(String... commands) {
      return policy(FallbackChain.of(commands));
    }

    /**
     * Adds a {@link PendingFailedPolicy}.
     *
     * @param config the configuration
     * @return this builder
     */
    public Builder pendingFailed(PendingFailedPolicy.Config config) {
      return policy(PendingFailedPolicy.of(config));
    }

    /**
     * The chain, outermost first.
     *
     * @throws IllegalStateException when a backoff has nothing inside it that retries (only other
     *     backoffs, budgets or breakers, which never retry by themselves): it could never act
     * @return the chain, outermost first
     */
    public RecoveryPolicy build() {
      for (int i = 0; i < policies.size(); i++) {
        if (policies.get(i) instanceof ExponentialBackoff
            && policies.subList(i + 1, policies.size()).stream()
                .allMatch(Builder::neverRetriesByItself)) {
          throw new IllegalStateException(
              "the backoff at position "
                  + (i + 1)
                  + " of the chain "
                  + policies
                  + " can never act: it only spaces the retries that policies after it decide,"
                  + " and none after it retries; add it before failureHandlers(), fallbacks(...),"
                  + " resourceScaling(...) or another policy that retries");
        }
      }
      return RecoveryPolicy.chain(List.copyOf(policies));
    }

    private static boolean neverRetriesByItself(RecoveryPolicy policy) {
      return policy instanceof ExponentialBackoff
          || policy instanceof CauseBudgets
          || policy instanceof SignatureCircuitBreaker;
    }
  }
}
