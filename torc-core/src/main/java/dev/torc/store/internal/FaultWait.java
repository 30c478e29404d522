package dev.torc.store.internal;

import dev.torc.store.StoreException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits out one transaction's faults: pauses that double up to a limit between attempts, a warning
 * once the trouble has lasted a while (and again every few minutes it goes on), and a note when the
 * store works again after a warning.
 */
final class FaultWait {
  private static final Logger LOG = LoggerFactory.getLogger(FaultWait.class);

  static final long FIRST_PAUSE_MILLIS = 50;
  static final long LONGEST_PAUSE_MILLIS = 2_000;

  /** Contention this short is ordinary between runners and not worth a warning. */
  static final Duration QUIET_CONTENTION = Duration.ofSeconds(5);

  private static final Duration WARN_AGAIN = Duration.ofMinutes(2);

  private final String store;
  private final long began = System.nanoTime();
  private long pause = FIRST_PAUSE_MILLIS;
  private long lastWarning;
  private boolean warned;

  FaultWait(String store) {
    this.store = store;
  }

  /**
   * Pauses before the next attempt, warning when the fault has lasted long enough to be worth it.
   *
   * @throws StoreException when the thread is interrupted while it pauses
   */
  void pause(StoreFault fault, String detail) {
    long now = System.nanoTime();
    Duration lasted = Duration.ofNanos(now - began);
    boolean due =
        warned
            ? now - lastWarning >= WARN_AGAIN.toNanos()
            : fault != StoreFault.CONTENTION || lasted.compareTo(QUIET_CONTENTION) >= 0;
    if (due) {
      LOG.warn(
          "the store {} {} ({}); waiting and trying again for {} s now; running jobs go on",
          store,
          fault.condition(),
          detail,
          lasted.toSeconds());
      warned = true;
      lastWarning = now;
    } else {
      LOG.debug("the store {} {}, trying again in {} ms: {}", store, fault, pause, detail);
    }
    try {
      Thread.sleep(pause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for the store " + store, e);
    }
    pause = Math.min(LONGEST_PAUSE_MILLIS, pause * 2);
  }

  /** Says that the store works again, when a warning said it did not. */
  void succeeded() {
    if (warned) {
      LOG.warn(
          "the store {} works again after {} s",
          store,
          Duration.ofNanos(System.nanoTime() - began).toSeconds());
    }
  }
}
