package dev.torc.recovery.internal;

import dev.torc.recovery.breaker.BreakerRegistry;
import dev.torc.recovery.breaker.BreakerState;
import dev.torc.run.BreakerTransition;
import dev.torc.run.JobListener;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Tells a {@link JobListener} how the breakers of some signatures changed across a step (a
 * decision, an admission, a success): take {@link #before} the step and call {@link #after} once it
 * is done.
 */
public final class BreakerNotices {
  private final BreakerRegistry registry;
  private final JobListener listener;

  /** Notices about the breakers of this registry, told to this listener. */
  public BreakerNotices(BreakerRegistry registry, JobListener listener) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** The stored states of these signatures' breakers ({@code null} signatures are skipped). */
  public Map<String, BreakerState.State> before(Collection<String> signatures) {
    Map<String, BreakerState.State> states = new LinkedHashMap<>();
    if (listener == JobListener.NONE) {
      return states;
    }
    for (String signature : signatures) {
      if (signature != null) {
        states.putIfAbsent(signature, registry.storedState(signature).state());
      }
    }
    return states;
  }

  /** Tells the listener of each breaker whose state at {@code now} differs from {@code before}. */
  public void after(Map<String, BreakerState.State> before, Instant now) {
    before.forEach(
        (signature, was) -> {
          BreakerState.State is = registry.state(signature, now).state();
          if (is == was) {
            return;
          }
          BreakerTransition t = new BreakerTransition(registry.config().name(), signature, now);
          switch (is) {
            case OPEN -> listener.breakerOpened(t);
            case HALF_OPEN -> listener.breakerHalfOpen(t);
            case CLOSED -> listener.breakerClosed(t);
          }
        });
  }
}
