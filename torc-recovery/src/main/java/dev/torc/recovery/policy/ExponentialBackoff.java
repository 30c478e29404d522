package dev.torc.recovery.policy;

import dev.torc.model.RecoveryConfig;
import dev.torc.recovery.internal.Jitter;
import dev.torc.run.Decision;
import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.util.Objects;

/**
 * Spaces retries out exponentially, with jitter so that jobs that failed together do not retry
 * together. It asks the rest of the chain and, when that says retry, sets the retry's delay; other
 * decisions pass unchanged. The runner does not wait: it stores the earliest start time ({@code now
 * + delay}) with the job, so the delay survives a restart.
 *
 * <p>The delay before retry {@code n} (after failed attempt {@code n}) is {@code base ·
 * multiplier^(n-1) · (1 - r + 2r·u)}, capped at {@code max}, where {@code r} is the randomization
 * factor and {@code u} a fraction in [0, 1) drawn from a generator seeded with the seed, the job,
 * the run and the attempt. So the delay lies within {@code [base·m^(n-1)·(1-r),
 * base·m^(n-1)·(1+r)]} and never exceeds {@code max}; it is the formula of Resilience4j's {@link
 * IntervalFunction#ofExponentialRandomBackoff}, but the same attempt always gets the same delay,
 * after a restart too. When the inner retry already asks for a longer delay, the longer one wins.
 *
 * <p>Immutable and thread-safe.
 */
public final class ExponentialBackoff implements RecoveryPolicy {

  /**
   * How retries are spaced.
   *
   * @param base the delay before the first retry (before jitter), positive
   * @param multiplier the growth per retry, at least 1
   * @param randomizationFactor the jitter r, within [0, 1)
   * @param max the longest delay, at least {@code base}
   * @param seed seeds the jitter
   */
  public record Config(
      Duration base, double multiplier, double randomizationFactor, Duration max, long seed) {

    /** 30 seconds, doubling, ±50 %, at most 30 minutes, seed 0. */
    public static final Config DEFAULT =
        new Config(Duration.ofSeconds(30), 2.0, 0.5, Duration.ofMinutes(30), 0L);

    /**
     * Checks the values against the ranges above.
     *
     * @param base the delay before the first retry (before jitter), positive
     * @param multiplier the growth per retry, at least 1
     * @param randomizationFactor the jitter r, within [0, 1)
     * @param max the longest delay, at least {@code base}
     * @param seed seeds the jitter
     */
    public Config {
      // The spec's backoff holds the one set of rules for these values.
      new RecoveryConfig.Backoff(base, multiplier, randomizationFactor, max);
    }
  }

  private final Config config;

  private ExponentialBackoff(Config config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * A backoff with this configuration.
   *
   * @param config the configuration
   * @return a backoff with this configuration
   */
  public static ExponentialBackoff of(Config config) {
    return new ExponentialBackoff(config);
  }

  /**
   * A backoff with the given base, multiplier, randomization factor, cap and seed.
   *
   * @param base the first delay
   * @param multiplier the growth factor, at least 1
   * @param randomizationFactor the jitter, within [0, 1)
   * @param max the largest value
   * @param seed seeds the jitter
   * @return a backoff with the given base, multiplier, randomization factor, cap and seed
   */
  public static ExponentialBackoff of(
      Duration base, double multiplier, double randomizationFactor, Duration max, long seed) {
    return new ExponentialBackoff(new Config(base, multiplier, randomizationFactor, max, seed));
  }

  /**
   * A builder that starts from {@link Config#DEFAULT}; not thread-safe.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a backoff, starting from {@link Config#DEFAULT}; not thread-safe. */
  public static final class Builder {
    private Duration initial = Config.DEFAULT.base();
    private double multiplier = Config.DEFAULT.multiplier();
    private double jitter = Config.DEFAULT.randomizationFactor();
    private Duration max = Config.DEFAULT.max();
    private long seed = Config.DEFAULT.seed();

    private Builder() {}

    /**
     * The delay before the first retry, before jitter.
     *
     * @param delay positive
     * @return this builder
     */
    public Builder initial(Duration delay) {
      this.initial = delay;
      return this;
    }

    /**
     * The growth per retry.
     *
     * @param factor at least 1
     * @return this builder
     */
    public Builder multiplier(double factor) {
      this.multiplier = factor;
      return this;
    }

    /**
     * The jitter, as a fraction of the delay either way.
     *
     * @param fraction within [0, 1); 0.5 spreads a delay over ±50 %
     * @return this builder
     */
    public Builder jitter(double fraction) {
      this.jitter = fraction;
      return this;
    }

    /**
     * The longest delay.
     *
     * @param delay at least the initial delay
     * @return this builder
     */
    public Builder max(Duration delay) {
      this.max = delay;
      return this;
    }

    /**
     * Seeds the jitter.
     *
     * @param value the seed
     * @return this builder
     */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /**
     * The configuration as built so far.
     *
     * @return the configuration
     * @throws IllegalArgumentException when a value is out of range
     */
    public Config config() {
      return new Config(initial, multiplier, jitter, max, seed);
    }

    /**
     * The backoff.
     *
     * @return the backoff
     * @throws IllegalArgumentException when a value is out of range
     */
    public ExponentialBackoff build() {
      return of(config());
    }
  }

  /**
   * This backoff's configuration.
   *
   * @return the configuration
   */
  public Config config() {
    return config;
  }

  /**
   * The delay before the next attempt after failed attempt {@code attemptId} of a job.
   *
   * @param jobId the job
   * @param runId the run
   * @param attemptId the attempt number
   * @return the delay before the next attempt after failed attempt {@code attemptId} of a job
   */
  public Duration delay(long jobId, int runId, int attemptId) {
    return delay(attemptId, Jitter.fraction(config.seed(), jobId, runId, attemptId));
  }

  private Duration delay(int retry, double u) {
    double baseMillis = config.base().toMillis();
    double centre = baseMillis * Math.pow(config.multiplier(), Math.max(0, retry - 1));
    double r = config.randomizationFactor();
    double millis = centre * (1.0 - r + 2.0 * r * u);
    double maxMillis = config.max().toMillis();
    return Duration.ofMillis((long) Math.min(maxMillis, Math.floor(millis)));
  }

  /**
   * The same spacing as a Resilience4j interval function for in-process retries (see {@link
   * ResilientTasks}), with jitter keyed by the seed and the attempt number only.
   *
   * @return the same spacing as a Resilience4j interval function for in-process retries (see {@link
   *     ResilientTasks}), with jitter keyed by the seed and the attempt number only
   */
  public IntervalFunction asIntervalFunction() {
    return attempt -> delay(attempt, Jitter.fraction(config.seed(), 0, 0, attempt)).toMillis();
  }

  @Override
  public Decision decide(FailureContext context, Next next) {
    Decision inner = next.decide(context);
    if (inner instanceof Decision.Retry retry) {
      Duration backoff = delay(context.job().id(), context.attempt().runId(), context.attemptId());
      return backoff.compareTo(retry.delay()) > 0 ? retry.withDelay(backoff) : retry;
    }
    return inner;
  }

  @Override
  public String toString() {
    return "ExponentialBackoff" + config;
  }
}
