package dev.torc.recovery.breaker;

import dev.torc.model.RecoveryConfig;
import dev.torc.recovery.policy.PolicyState;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link SignatureCircuitBreaker} opens and closes; one breaker per failure signature.
 *
 * @param name names this family of breakers, so that several can share a {@link PolicyState}
 * @param failureRateThreshold the fraction of failed attempts in the window at or above which the
 *     breaker opens, within (0, 1]
 * @param slidingWindowSize how many of the most recent attempts with the signature count, at least
 *     1
 * @param minimumCalls how many attempts the window needs before the rate counts, within 1 to the
 *     window size
 * @param waitInOpen how long an open breaker holds launches before it lets probes through
 * @param probes how many attempts a half-open breaker lets through, at least 1
 * @param whenOpen what becomes of a failure with the signature while the breaker is open
 */
public record BreakerConfig(
    String name,
    double failureRateThreshold,
    int slidingWindowSize,
    int minimumCalls,
    Duration waitInOpen,
    int probes,
    OpenAction whenOpen) {

  /** What a failure with an open breaker's signature leads to. */
  public enum OpenAction {
    /**
     * The job waits in {@code pending_failed}; the failure can be retried once it is classified.
     */
    AWAIT_CLASSIFICATION,
    /** The job fails. */
    FAIL
  }

  /** Opens at 50 % failures of the last 10 (at least 5), waits 10 minutes, one probe. */
  public static final BreakerConfig DEFAULT =
      new BreakerConfig(
          "signature", 0.5, 10, 5, Duration.ofMinutes(10), 1, OpenAction.AWAIT_CLASSIFICATION);

  /**
   * Checks the values against the ranges above.
   *
   * @param name names this family of breakers, so that several can share a {@link PolicyState}
   * @param failureRateThreshold the fraction of failed attempts in the window at or above which the
   *     breaker opens, within (0, 1]
   * @param slidingWindowSize how many of the most recent attempts with the signature count, at
   *     least 1
   * @param minimumCalls how many attempts the window needs before the rate counts, within 1 to the
   *     window size
   * @param waitInOpen how long an open breaker holds launches before it lets probes through
   * @param probes how many attempts a half-open breaker lets through, at least 1
   * @param whenOpen what becomes of a failure with the signature while the breaker is open
   */
  public BreakerConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(whenOpen, "whenOpen");
    if (name.isBlank() || name.contains("/")) {
      throw new IllegalArgumentException("a breaker name must be non-blank without '/': " + name);
    }
    if (!(failureRateThreshold > 0.0 && failureRateThreshold <= 1.0)) {
      throw new IllegalArgumentException(
          "failure rate threshold must be within (0, 1], was " + failureRateThreshold);
    }
    // The spec's breaker (a percentage there) holds the one set of rules for the other values.
    new RecoveryConfig.CircuitBreaker(
        failureRateThreshold * 100,
        slidingWindowSize,
        minimumCalls,
        waitInOpen,
        probes,
        whenOpen.name());
  }

  /**
   * A builder that starts from {@link #DEFAULT}; not thread-safe.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a breaker configuration, starting from {@link #DEFAULT}; not thread-safe. */
  public static final class Builder {
    private String name = DEFAULT.name();
    private double failureRate = DEFAULT.failureRateThreshold();
    private int window = DEFAULT.slidingWindowSize();
    private int minimumCalls = DEFAULT.minimumCalls();
    private Duration waitInOpen = DEFAULT.waitInOpen();
    private int probes = DEFAULT.probes();
    private OpenAction whenOpen = DEFAULT.whenOpen();

    private Builder() {}

    /**
     * Names this family of breakers.
     *
     * @param value non-blank, without {@code /}
     * @return this builder
     */
    public Builder name(String value) {
      this.name = value;
      return this;
    }

    /**
     * The fraction of failed attempts in the window at or above which a breaker opens.
     *
     * @param fraction within (0, 1]; 0.5 opens at half the attempts failed
     * @return this builder
     */
    public Builder failureRate(double fraction) {
      this.failureRate = fraction;
      return this;
    }

    /**
     * How many of the most recent attempts count, and how many the window needs before the rate
     * counts.
     *
     * @param size at least 1
     * @param minimum within 1 to {@code size}
     * @return this builder
     */
    public Builder window(int size, int minimum) {
      this.window = size;
      this.minimumCalls = minimum;
      return this;
    }

    /**
     * How long an open breaker holds launches before it lets probes through.
     *
     * @param wait zero or more
     * @return this builder
     */
    public Builder waitInOpen(Duration wait) {
      this.waitInOpen = wait;
      return this;
    }

    /**
     * How many attempts a half-open breaker lets through.
     *
     * @param count at least 1
     * @return this builder
     */
    public Builder probes(int count) {
      this.probes = count;
      return this;
    }

    /**
     * What becomes of a failure with an open breaker's signature.
     *
     * @param action await classification or fail
     * @return this builder
     */
    public Builder whenOpen(OpenAction action) {
      this.whenOpen = action;
      return this;
    }

    /**
     * The configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException when a value is out of range
     */
    public BreakerConfig build() {
      return new BreakerConfig(
          name, failureRate, window, minimumCalls, waitInOpen, probes, whenOpen);
    }
  }
}
