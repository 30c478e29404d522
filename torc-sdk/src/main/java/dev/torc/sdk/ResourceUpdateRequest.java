package dev.torc.sdk;

import dev.torc.model.Memory;
import java.time.Duration;

/**
 * A change of one job's requirements for {@link Torc#updateJobResources}; {@code null} keeps a
 * value.
 *
 * @param jobId the job
 * @param numCpus new CPUs, or {@code null}
 * @param memory new memory, or {@code null}
 * @param runtime new runtime limit, or {@code null}
 * @param actor who asks, for the event log
 * @param reason why, for the event log
 */
public record ResourceUpdateRequest(
    long jobId, Integer numCpus, Memory memory, Duration runtime, String actor, String reason) {

  /**
   * Checks that something changes and that the new values are positive; a blank actor becomes
   * {@code unknown}.
   *
   * @param jobId the job
   * @param numCpus new CPUs, or {@code null}
   * @param memory new memory, or {@code null}
   * @param runtime new runtime limit, or {@code null}
   * @param actor who asks, for the event log
   * @param reason why, for the event log
   */
  public ResourceUpdateRequest {
    if (numCpus == null && memory == null && runtime == null) {
      throw new InvalidRequestException("give at least one of CPUs, memory or runtime to change");
    }
    if (numCpus != null && numCpus < 1) {
      throw new InvalidRequestException("CPUs must be at least 1, was " + numCpus);
    }
    if (memory != null && memory.bytes() < 1) {
      throw new InvalidRequestException("memory must be positive, was " + memory);
    }
    if (runtime != null && (runtime.isZero() || runtime.isNegative())) {
      throw new InvalidRequestException("runtime must be positive, was " + runtime);
    }
    actor = actor == null || actor.isBlank() ? "unknown" : actor;
  }

  /**
   * A builder for a change of this job's requirements.
   *
   * @param jobId the job
   * @return a new builder
   */
  public static Builder job(long jobId) {
    return new Builder(jobId);
  }

  /** Builds a {@link ResourceUpdateRequest}. */
  public static final class Builder {
    private final long jobId;
    private Integer numCpus;
    private Memory memory;
    private Duration runtime;
    private String actor;
    private String reason;

    private Builder(long jobId) {
      this.jobId = jobId;
    }

    /**
     * New CPUs.
     *
     * @param numCpus the CPU count, at least 1, or {@code null} to keep it
     * @return this builder
     */
    public Builder numCpus(Integer numCpus) {
      this.numCpus = numCpus;
      return this;
    }

    /**
     * New memory.
     *
     * @param memory the memory, or {@code null} to keep it
     * @return this builder
     */
    public Builder memory(Memory memory) {
      this.memory = memory;
      return this;
    }

    /**
     * A new runtime limit.
     *
     * @param runtime the limit, or {@code null} to keep it
     * @return this builder
     */
    public Builder runtime(Duration runtime) {
      this.runtime = runtime;
      return this;
    }

    /**
     * Who asks, for the event log (default: {@code unknown}).
     *
     * @param actor such as {@code user alice} or {@code mcp:claude}
     * @return this builder
     */
    public Builder actor(String actor) {
      this.actor = actor;
      return this;
    }

    /**
     * Why, for the event log.
     *
     * @param reason the reason, or {@code null}
     * @return this builder
     */
    public Builder reason(String reason) {
      this.reason = reason;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     */
    public ResourceUpdateRequest build() {
      return new ResourceUpdateRequest(jobId, numCpus, memory, runtime, actor, reason);
    }
  }
}
