package dev.torc.recovery.policy;

import dev.torc.model.Memory;
import java.time.Duration;
import java.util.Objects;

/**
 * How much more memory or time a job that ran out of it asks for next, shared by {@link
 * ResourceScaling} (per-attempt retries) and workflow-level recovery ({@code torc recover}, {@code
 * torc watch --recover}).
 *
 * <ul>
 *   <li>Memory: the larger of the request and the failed attempt's measured peak, times the
 *       multiplier, rounded up to a whole unit as specs write it: whole gibibytes ({@code g}) from
 *       1 GiB on, else whole mebibytes ({@code m}). So {@code 8g} × 1.5 is {@code 12g}, a 7.3 GiB
 *       peak × 1.5 is {@code 11g}, {@code 100m} × 1.5 is {@code 150m}.
 *   <li>Runtime: the runtime limit times the multiplier, rounded up to whole seconds: {@code PT1H}
 *       × 1.5 is {@code PT1H30M}.
 * </ul>
 */
public final class Resizing {
  private static final long GIB = 1L << 30;

  private Resizing() {}

  /**
   * The memory to request after an out-of-memory failure.
   *
   * @param requested what the failed attempt requested
   * @param peakBytes the failed attempt's measured peak, or {@code null} when it was not sampled
   * @param multiplier above 1
   * @return the memory to request after an out-of-memory failure
   */
  public static Memory memory(Memory requested, Long peakBytes, double multiplier) {
    Objects.requireNonNull(requested, "requested");
    requireMultiplier(multiplier);
    long base = Math.max(requested.bytes(), peakBytes == null ? 0L : peakBytes);
    long scaled = (long) Math.ceil(base * multiplier);
    return Memory.ceilingIn(scaled, scaled >= GIB ? 'g' : 'm');
  }

  /**
   * The runtime to request after a timeout.
   *
   * @param runtime the failed attempt's runtime limit
   * @param multiplier above 1
   * @return the runtime to request after a timeout
   */
  public static Duration runtime(Duration runtime, double multiplier) {
    Objects.requireNonNull(runtime, "runtime");
    requireMultiplier(multiplier);
    return Duration.ofSeconds((long) Math.ceil(runtime.toMillis() * multiplier / 1000.0));
  }

  /**
   * The multiplier, checked: finite and above 1.
   *
   * @throws IllegalArgumentException when it is not
   * @param multiplier the growth factor, at least 1
   * @return the multiplier, checked: finite and above 1
   */
  public static double requireMultiplier(double multiplier) {
    if (!(multiplier > 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("multiplier must be above 1, was " + multiplier);
    }
    return multiplier;
  }
}
