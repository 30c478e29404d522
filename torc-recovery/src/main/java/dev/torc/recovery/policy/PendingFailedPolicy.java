package dev.torc.recovery.policy;

import dev.torc.recovery.classify.FailureCause;
import dev.torc.recovery.classify.FailureRecord;
import dev.torc.run.Decision;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Acts on the classification of a failure, the way {@code pending_failed} jobs are resolved: a
 * transient failure is retried, a permanent one fails, an unknown one awaits classification when
 * the workflow uses {@code pending_failed} and fails otherwise. By default preemptions and node
 * failures are retried like transient failures; resource failures (OOM, timeout) are left to the
 * rest of the chain. It sets no limit on retries; put {@link CauseBudgets} outside it.
 *
 * <p>Immutable and thread-safe.
 */
public final class PendingFailedPolicy implements RecoveryPolicy {

  /**
   * Which causes retry and which fail.
   *
   * @param retry causes that retry; never {@link FailureCause#PERMANENT}; with {@link
   *     FailureCause#UNKNOWN} unknown failures retry as the original's {@code --retry-unknown}
   * @param fail causes that fail
   */
  public record Config(Set<FailureCause> retry, Set<FailureCause> fail) {

    /** Retry TRANSIENT, PREEMPTED and NODE_FAIL; fail PERMANENT. */
    public static final Config DEFAULT =
        new Config(
            Set.of(FailureCause.TRANSIENT, FailureCause.PREEMPTED, FailureCause.NODE_FAIL),
            Set.of(FailureCause.PERMANENT));

    /**
     * Checks the values against the ranges above.
     *
     * @param retry causes that retry; never {@link FailureCause#PERMANENT}; with {@link
     *     FailureCause#UNKNOWN} unknown failures retry as the original's {@code --retry-unknown}
     * @param fail causes that fail
     */
    public Config {
      retry = Collections.unmodifiableSet(copy(retry));
      fail = Collections.unmodifiableSet(copy(fail));
      if (retry.contains(FailureCause.PERMANENT)) {
        throw new IllegalArgumentException("permanent failures are never retried");
      }
      for (FailureCause c : retry) {
        if (fail.contains(c)) {
          throw new IllegalArgumentException(c.label() + " cannot both retry and fail");
        }
      }
    }

    private static EnumSet<FailureCause> copy(Set<FailureCause> causes) {
      EnumSet<FailureCause> set = EnumSet.noneOf(FailureCause.class);
      set.addAll(Objects.requireNonNull(causes, "causes"));
      return set;
    }
  }

  private final Config config;

  private PendingFailedPolicy(Config config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * The policy with the default configuration.
   *
   * @return the policy with the default configuration
   */
  public static PendingFailedPolicy standard() {
    return new PendingFailedPolicy(Config.DEFAULT);
  }

  /**
   * The policy with this configuration.
   *
   * @param config the configuration
   * @return the policy with this configuration
   */
  public static PendingFailedPolicy of(Config config) {
    return new PendingFailedPolicy(config);
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
    FailureRecord failure = context.failure();
    FailureCause cause = failure.cause();
    String because = cause.label() + " failure: " + failure.evidence();
    if (config.retry().contains(cause)) {
      return Decision.retry(because);
    }
    if (config.fail().contains(cause)) {
      return Decision.fail(because);
    }
    if (cause == FailureCause.UNKNOWN) {
      return context.usePendingFailed()
          ? Decision.awaitClassification(because)
          : Decision.fail(because);
    }
    return next.decide(context);
  }

  @Override
  public String toString() {
    return "PendingFailedPolicy" + config;
  }
}
