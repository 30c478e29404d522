package dev.torc.run;

import java.time.Instant;
import java.util.Objects;

/**
 * A circuit breaker of a recovery policy changed state: the breaker family's name, the failure
 * signature whose breaker it is, and when.
 *
 * @param breaker the name of the breaker family (its configuration's name)
 * @param signature the failure signature the breaker watches
 * @param at when the change was seen, by the runner's clock
 */
public record BreakerTransition(String breaker, String signature, Instant at) {
  /**
   * Checks that nothing is missing.
   *
   * @param breaker the name of the breaker family (its configuration's name)
   * @param signature the failure signature the breaker watches
   * @param at when the change was seen, by the runner's clock
   */
  public BreakerTransition {
    Objects.requireNonNull(breaker, "breaker");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(at, "at");
  }
}
