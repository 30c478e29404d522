package dev.torc.recovery.policy;

import dev.torc.model.Memory;
import dev.torc.model.ResourceRequirements;
import dev.torc.recovery.classify.FailureRecord;
import dev.torc.run.Decision;
import java.time.Duration;

/**
 * Retries resource failures with more of the resource, as {@code torc watch --recover} does: an
 * out-of-memory attempt with memory {@code max(peak, requested) × memoryMultiplier}, a timed-out
 * attempt with runtime {@code requested × runtimeMultiplier}, rounded as {@link Resizing} says.
 * Other causes are left to the rest of the chain. It sets no limit; put {@link CauseBudgets}
 * outside it.
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

    /**
     * Checks the values against the ranges above.
     *
     * @param memoryMultiplier applied to memory after an OOM, above 1
     * @param runtimeMultiplier applied to the runtime after a timeout, above 1
     */
    public Config {
      Resizing.requireMultiplier(memoryMultiplier);
      Resizing.requireMultiplier(runtimeMultiplier);
    }
  }

  private final Config config;

  private ResourceScaling(Config config) {
    this.config = config;
  }

  /**
   * Scaling with this configuration.
   *
   * @param config the configuration
   * @return the policy
   */
  public static ResourceScaling of(Config config) {
    return new ResourceScaling(java.util.Objects.requireNonNull(config, "config"));
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
    ResourceRequirements rr = context.job().requirements();
    return switch (failure.cause()) {
      case OOM -> {
        Memory memory =
            Resizing.memory(rr.memory(), failure.peakMemoryBytes(), config.memoryMultiplier());
        yield Decision.retry("out of memory (" + failure.evidence() + "): memory " + memory)
            .withRequirements(rr.toBuilder().memory(memory).build());
      }
      case TIMEOUT -> {
        Duration runtime = Resizing.runtime(rr.runtime(), config.runtimeMultiplier());
        yield Decision.retry("out of time (" + failure.evidence() + "): runtime " + runtime)
            .withRequirements(rr.toBuilder().runtime(runtime).build());
      }
      default -> next.decide(context);
    };
  }

  @Override
  public String toString() {
    return "ResourceScaling" + config;
  }
}
