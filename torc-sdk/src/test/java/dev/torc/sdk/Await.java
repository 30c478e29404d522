package dev.torc.sdk;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Waits in tests for what other processes do, failing after a bound. */
final class Await {
  private Await() {}

  /**
   * Polls the condition until it holds; an {@link AssertionError} naming it after {@code bound}.
   */
  static void until(String what, Duration bound, BooleanSupplier condition)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(bound);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }
}
