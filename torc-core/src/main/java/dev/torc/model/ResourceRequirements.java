package dev.torc.model;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * What one job needs to run: CPUs, memory, GPUs, nodes and a runtime limit. Jobs refer to a set of
 * requirements by its name.
 *
 * @param name the name jobs use to refer to these requirements
 * @param numCpus CPUs per node, at least 1
 * @param memory memory per node
 * @param numGpus GPUs per node
 * @param numNodes nodes, at least 1
 * @param runtime the wall-clock limit
 */
public record ResourceRequirements(
    String name, int numCpus, Memory memory, int numGpus, int numNodes, Duration runtime) {

  /** The name of the requirements a job gets when it names none. */
  public static final String DEFAULT_NAME = "default";

  /**
   * What a job gets when it names no requirements: 1 CPU, 1g, no GPU, 1 node, one hour. The local
   * runner holds such a job to its runtime but not to this memory, which only packs jobs.
   */
  public static final ResourceRequirements DEFAULT = builder(DEFAULT_NAME).build();

  /**
   * The most memory a workflow's requirements may ask for (building a workflow checks it): 1024t (1
   * PiB).
   */
  public static final Memory MAX_MEMORY = Memory.parse("1024t");

  /**
   * The most CPUs a workflow's requirements may ask for (building a workflow checks it), per node.
   */
  public static final int MAX_CPUS = 100_000;

  /**
   * The most GPUs a workflow's requirements may ask for (building a workflow checks it), per node.
   */
  public static final int MAX_GPUS = 10_000;

  /** The most nodes a workflow's requirements may ask for (building a workflow checks it). */
  public static final int MAX_NODES = 100_000;

  /**
   * The longest runtime a workflow's requirements may ask for (building a workflow checks it): 365
   * days.
   */
  public static final Duration MAX_RUNTIME = Duration.ofDays(365);

  /**
   * Checks that there is at least one CPU and one node, no negative GPUs, and a positive runtime.
   *
   * @param name the name jobs use to refer to these requirements
   * @param numCpus CPUs per node, at least 1
   * @param memory memory per node
   * @param numGpus GPUs per node
   * @param numNodes nodes, at least 1
   * @param runtime the wall-clock limit
   */
  public ResourceRequirements {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(memory, "memory");
    Objects.requireNonNull(runtime, "runtime");
    if (numCpus < 1) {
      throw new IllegalArgumentException("num_cpus must be at least 1, was " + numCpus);
    }
    if (numGpus < 0) {
      throw new IllegalArgumentException("num_gpus cannot be negative, was " + numGpus);
    }
    if (numNodes < 1) {
      throw new IllegalArgumentException("num_nodes must be at least 1, was " + numNodes);
    }
    if (runtime.isNegative() || runtime.isZero()) {
      throw new IllegalArgumentException("runtime must be positive, was " + runtime);
    }
  }

  /**
   * Starts requirements with the defaults: 1 CPU, 1g, no GPU, 1 node, PT1H. Memory left out of a
   * spec is 1g, as Slurm's default memory per CPU would give; the runner enforces it.
   *
   * @param name the name jobs use to refer to these requirements
   * @return a builder for the requirements
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** {@return a builder that starts from these requirements} */
  public Builder toBuilder() {
    return new Builder(name)
        .numCpus(numCpus)
        .memory(memory)
        .numGpus(numGpus)
        .numNodes(numNodes)
        .runtime(runtime);
  }

  /**
   * Parses an ISO-8601 duration such as {@code PT30M} or {@code P1DT2H}.
   *
   * @param text the duration as written in specs
   * @return the duration
   * @throws IllegalArgumentException when the text is not an ISO-8601 duration
   */
  public static Duration parseRuntime(String text) {
    try {
      return Duration.parse(text.trim());
    } catch (DateTimeParseException | NullPointerException e) {
      throw new IllegalArgumentException(
          "invalid runtime '" + text + "': expected an ISO-8601 duration such as PT30M or P1DT2H");
    }
  }

  /** Builds {@link ResourceRequirements}; not thread-safe. */
  public static final class Builder {
    private final String name;
    private int numCpus = 1;
    private Memory memory = Memory.parse("1g");
    private int numGpus = 0;
    private int numNodes = 1;
    private Duration runtime = Duration.ofHours(1);

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Sets the CPUs per node.
     *
     * @param numCpus CPUs per node, at least 1
     * @return this builder
     */
    public Builder numCpus(int numCpus) {
      this.numCpus = numCpus;
      return this;
    }

    /**
     * Sets the memory per node.
     *
     * @param memory memory per node
     * @return this builder
     */
    public Builder memory(Memory memory) {
      this.memory = memory;
      return this;
    }

    /**
     * Sets the memory per node as written in specs.
     *
     * @param memory an amount such as {@code 2g}
     * @return this builder
     * @throws IllegalArgumentException when the text is not a memory amount
     */
    public Builder memory(String memory) {
      return memory(Memory.parse(memory));
    }

    /**
     * Sets the GPUs per node.
     *
     * @param numGpus GPUs per node, 0 or more
     * @return this builder
     */
    public Builder numGpus(int numGpus) {
      this.numGpus = numGpus;
      return this;
    }

    /**
     * Sets the number of nodes.
     *
     * @param numNodes nodes, at least 1
     * @return this builder
     */
    public Builder numNodes(int numNodes) {
      this.numNodes = numNodes;
      return this;
    }

    /**
     * Sets the wall-clock limit.
     *
     * @param runtime the limit, positive
     * @return this builder
     */
    public Builder runtime(Duration runtime) {
      this.runtime = runtime;
      return this;
    }

    /**
     * Sets the wall-clock limit as an ISO-8601 duration.
     *
     * @param runtime a duration such as {@code PT30M}
     * @return this builder
     * @throws IllegalArgumentException when the text is not an ISO-8601 duration
     */
    public Builder runtime(String runtime) {
      return runtime(parseRuntime(runtime));
    }

    /**
     * Builds the requirements.
     *
     * @return the requirements
     * @throws IllegalArgumentException when a value is out of range
     */
    public ResourceRequirements build() {
      return new ResourceRequirements(name, numCpus, memory, numGpus, numNodes, runtime);
    }
  }
}
