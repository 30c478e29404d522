package dev.torc.recovery;

import dev.torc.model.Memory;
import dev.torc.model.ResourceRequirements;
import java.time.Duration;

/**
 * Retries resource failures with more of the resource, as {@code torc watch --recover} does: an
 * out-of-memory attempt with memory {@code max(peak, requested) × memoryMultiplier} (rounded up to
 * whole mebibytes), a timed-out attempt with runtime {@code requested × runtimeMultiplier} (rounded
 * up to whole seconds). Other causes are left to the rest of the chain. It sets no limit; put
 * {@link CauseBudgets} outside it.
 *
 * <p>Immutable and thread-safe.
 */
public final class ResourceScaling implements RecoveryPolicy {

  /**
   * How much more to ask for.
   *
   * @param memoryMultiplier applied to memory after an OOM, above 1
   * @param runtimeMultiplier applied to the runtime after a timeout, above 1
   */
  public record Config(double memoryMultiplier, double runtimeMultiplier) {

    /** 1.5 for both, as the original's {@code watch}. */
    public static final Config DEFAULT = new Config(1.5, 1.5);

    public Config {
      if (!(memoryMultiplier > 1.0) || Double.isInfinite(memoryMultiplier)) {
        throw new IllegalArgumentException("memory multiplier must be above 1");
      }
      if (!(runtimeMultiplier > 1.0) || Double.isInfinite(runtimeMultiplier)) {
        throw new IllegalArgumentException("runtime multiplier must be above 1");
      }
    }
  }

  private final Config config;

  private ResourceScaling(Config config) {
    this.config = config;
  }

  /** Scaling with this configuration. */
  public static ResourceScaling of(Config config) {
    return new ResourceScaling(java.util.Objects.requireNonNull(config, "config"));
  }

  public Config config() {
    return config;
  }

  @Override
  public Decision decide(FailureContext context, Next next) {
    FailureRecord failure = context.failure();
    ResourceRequirements rr = context.job().requirements();
    return switch (failure.cause()) {
      case OOM -> {
        long base = Math.max(rr.memory().bytes(), nullToZero(failure.peakMemoryBytes()));
        Memory memory = Memory.ceilingIn((long) Math.ceil(base * config.memoryMultiplier()), 'm');
        yield Decision.retry("out of memory (" + failure.evidence() + "): memory " + memory)
            .withRequirements(rr.toBuilder().memory(memory).build());
      }
      case TIMEOUT -> {
        long seconds =
            (long) Math.ceil(rr.runtime().toMillis() * config.runtimeMultiplier() / 1000.0);
        Duration runtime = Duration.ofSeconds(seconds);
        yield Decision.retry("out of time (" + failure.evidence() + "): runtime " + runtime)
            .withRequirements(rr.toBuilder().runtime(runtime).build());
      }
      default -> next.decide(context);
    };
  }

  private static long nullToZero(Long value) {
    return value == null ? 0L : value;
  }

  @Override
  public String toString() {
    return "ResourceScaling" + config;
  }
}
