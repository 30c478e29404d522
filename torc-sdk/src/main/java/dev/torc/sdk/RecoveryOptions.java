package dev.torc.sdk;

import dev.torc.recovery.policy.OomSizing;
import dev.torc.recovery.policy.Resizing;
import java.time.Duration;

/**
 * How a recovery pass of {@link Torc#recover} or {@link Torc#watch} fixes failed jobs.
 *
 * @param memoryMultiplier after an out-of-memory failure a job asks for max(request, peak) times
 *     this (default 1.5)
 * @param runtimeMultiplier after a timeout a job asks for its runtime times this (default 1.5)
 * @param retryUnknown also retry jobs whose failure cause is unknown
 * @param recoveryHook a shell command run before the pass changes anything, or {@code null}
 * @param maxRuntime the longest runtime a job may ask for, or {@code null} for no limit
 * @param oomHeadroom the first retry after a memory kill asks for this many times the request,
 *     within the machine, and the job then keeps its measured peak times 1.2 (default 6; 1 sizes by
 *     the memory multiplier alone; see {@link OomSizing})
 * @param hpcProfile for a workflow that uses Slurm, the HPC profile that caps resizes and on which
 *     schedulers are regenerated, or {@code null} for the detected one
 */
public record RecoveryOptions(
    double memoryMultiplier,
    double runtimeMultiplier,
    boolean retryUnknown,
    String recoveryHook,
    Duration maxRuntime,
    double oomHeadroom,
    String hpcProfile) {

  /**
   * Checks the multipliers, the headroom and the maximum runtime.
   *
   * @param memoryMultiplier after an out-of-memory failure a job asks for max(request, peak) times
   *     this (default 1.5)
   * @param runtimeMultiplier after a timeout a job asks for its runtime times this (default 1.5)
   * @param retryUnknown also retry jobs whose failure cause is unknown
   * @param recoveryHook a shell command run before the pass changes anything, or {@code null}
   * @param maxRuntime the longest runtime a job may ask for, or {@code null} for no limit
   * @param oomHeadroom the first retry after a memory kill asks for this many times the request,
   *     within the machine, and the job then keeps its measured peak times 1.2 (default 6; 1 sizes
   *     by the memory multiplier alone; see {@link OomSizing})
   * @param hpcProfile for a workflow that uses Slurm, the HPC profile that caps resizes and on
   *     which schedulers are regenerated, or {@code null} for the detected one
   */
  public RecoveryOptions {
    multiplier("memory", memoryMultiplier);
    multiplier("runtime", runtimeMultiplier);
    if (!(oomHeadroom >= 1.0) || Double.isInfinite(oomHeadroom)) {
      throw new InvalidRequestException("the OOM headroom must be at least 1, was " + oomHeadroom);
    }
    if (maxRuntime != null && (maxRuntime.isZero() || maxRuntime.isNegative())) {
      throw new InvalidRequestException("the maximum runtime must be positive, was " + maxRuntime);
    }
  }

  private static void multiplier(String what, double value) {
    try {
      Resizing.requireMultiplier(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(what + " " + e.getMessage());
    }
  }

  /**
   * How jobs killed at their memory limit are sized.
   *
   * @return this headroom, with the default margin
   */
  public OomSizing oomSizing() {
    return new OomSizing(oomHeadroom, OomSizing.DEFAULT.margin());
  }

  /**
   * The defaults: both multipliers 1.5, 6× headroom after a memory kill, unknown causes not
   * retried, no hook, no runtime limit.
   *
   * @return the default options
   */
  public static RecoveryOptions defaults() {
    return builder().build();
  }

  /**
   * A builder, starting from the {@link #defaults()}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link RecoveryOptions}. */
  public static final class Builder {
    private double memoryMultiplier = 1.5;
    private double runtimeMultiplier = 1.5;
    private boolean retryUnknown;
    private String recoveryHook;
    private Duration maxRuntime;
    private double oomHeadroom = OomSizing.DEFAULT.headroomFactor();
    private String hpcProfile;

    private Builder() {}

    /**
     * The first retry after a memory kill asks for this many times the request; 1 for none.
     *
     * @param factor the factor, at least 1 (default 6)
     * @return this builder
     */
    public Builder oomHeadroom(double factor) {
      this.oomHeadroom = factor;
      return this;
    }

    /**
     * After an out-of-memory failure a job asks for max(request, peak) times this (default 1.5).
     *
     * @param multiplier the factor
     * @return this builder
     */
    public Builder memoryMultiplier(double multiplier) {
      this.memoryMultiplier = multiplier;
      return this;
    }

    /**
     * After a timeout a job asks for its runtime times this (default 1.5).
     *
     * @param multiplier the factor
     * @return this builder
     */
    public Builder runtimeMultiplier(double multiplier) {
      this.runtimeMultiplier = multiplier;
      return this;
    }

    /**
     * Also retry jobs whose failure cause is unknown (default: false).
     *
     * @param retryUnknown whether to retry them
     * @return this builder
     */
    public Builder retryUnknown(boolean retryUnknown) {
      this.retryUnknown = retryUnknown;
      return this;
    }

    /**
     * A command run as {@code bash -c "CMD WORKFLOW_ID"}; implies retrying unknown causes.
     *
     * @param command the command, or {@code null} for none
     * @return this builder
     */
    public Builder recoveryHook(String command) {
      this.recoveryHook = command;
      return this;
    }

    /**
     * For a workflow that uses Slurm: the HPC profile whose largest fitting partition caps resizes
     * and on which schedulers are regenerated for resized jobs (default: the detected one).
     *
     * @param hpcProfile the profile's name, or {@code null}
     * @return this builder
     */
    public Builder hpcProfile(String hpcProfile) {
      this.hpcProfile = hpcProfile;
      return this;
    }

    /**
     * The longest runtime a job may ask for (default: no limit).
     *
     * @param maxRuntime the limit, or {@code null}
     * @return this builder
     */
    public Builder maxRuntime(Duration maxRuntime) {
      this.maxRuntime = maxRuntime;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public RecoveryOptions build() {
      return new RecoveryOptions(
          memoryMultiplier,
          runtimeMultiplier,
          retryUnknown,
          recoveryHook,
          maxRuntime,
          oomHeadroom,
          hpcProfile);
    }
  }
}
