package dev.torc.slurm.hpc;

import dev.torc.model.ResourceRequirements;
import java.time.Duration;
import java.util.Objects;

/**
 * A partition of an HPC system: what one node offers and how long and how large an allocation may
 * be.
 *
 * @param name the name {@code sbatch --partition} takes
 * @param description what it is for, or empty
 * @param cpusPerNode CPU cores per node
 * @param memoryMb usable memory per node, in MiB
 * @param maxWalltime the longest allocation
 * @param gpusPerNode GPUs per node (0 for none)
 * @param gpuType the GPU model, or {@code null}
 * @param minNodes the fewest nodes an allocation must ask for (1 for most)
 * @param maxNodes the most nodes an allocation may ask for, or {@code null} for no known limit
 * @param shared whether several jobs share a node (otherwise nodes are exclusive)
 * @param requiresExplicitRequest whether the partition is used only when named (never picked)
 */
public record HpcPartition(
    String name,
    String description,
    int cpusPerNode,
    long memoryMb,
    Duration maxWalltime,
    int gpusPerNode,
    String gpuType,
    int minNodes,
    Integer maxNodes,
    boolean shared,
    boolean requiresExplicitRequest) {

  /**
   * Checks the values.
   *
   * @param name the name {@code sbatch --partition} takes
   * @param description what it is for, or empty
   * @param cpusPerNode CPU cores per node
   * @param memoryMb usable memory per node, in MiB
   * @param maxWalltime the longest allocation
   * @param gpusPerNode GPUs per node (0 for none)
   * @param gpuType the GPU model, or {@code null}
   * @param minNodes the fewest nodes an allocation must ask for (1 for most)
   * @param maxNodes the most nodes an allocation may ask for, or {@code null} for no known limit
   * @param shared whether several jobs share a node (otherwise nodes are exclusive)
   * @param requiresExplicitRequest whether the partition is used only when named (never picked)
   */
  public HpcPartition {
    Objects.requireNonNull(name, "name");
    description = Objects.requireNonNullElse(description, "");
    Objects.requireNonNull(maxWalltime, "maxWalltime");
    if (cpusPerNode < 1 || memoryMb < 1 || maxWalltime.isNegative() || maxWalltime.isZero()) {
      throw new IllegalArgumentException(
          "partition '" + name + "' needs positive CPUs, memory and walltime");
    }
    if (gpusPerNode < 0 || minNodes < 1) {
      throw new IllegalArgumentException("partition '" + name + "': invalid GPUs or min nodes");
    }
  }

  /**
   * Memory per node in bytes.
   *
   * @return {@code memoryMb} in bytes
   */
  public long memoryBytes() {
    return memoryMb * 1024 * 1024;
  }

  /**
   * Why a job with these requirements cannot run on this partition within {@code walltime} (its
   * runtime, or more), naming the limit; {@code null} when it can.
   *
   * @param rr the job's requirements
   * @param walltime how long the allocation must last
   * @return the reason, or {@code null}
   */
  public String cannotFit(ResourceRequirements rr, Duration walltime) {
    if (rr.numCpus() > cpusPerNode) {
      return rr.numCpus() + " CPUs > " + cpusPerNode + " CPUs per node of partition " + name;
    }
    if (rr.memory().bytes() > memoryBytes()) {
      return "memory " + rr.memory().text() + " > " + memoryMb + "m per node of partition " + name;
    }
    if (rr.numGpus() > gpusPerNode) {
      return rr.numGpus() + " GPUs > " + gpusPerNode + " GPUs per node of partition " + name;
    }
    if (walltime.compareTo(maxWalltime) > 0) {
      return "runtime "
          + SlurmTimes.format(walltime)
          + " > max walltime "
          + SlurmTimes.format(maxWalltime)
          + " of partition "
          + name;
    }
    if (maxNodes != null && rr.numNodes() > maxNodes) {
      return rr.numNodes() + " nodes > " + maxNodes + " nodes of partition " + name;
    }
    if (rr.numNodes() < minNodes) {
      return rr.numNodes() + " nodes < the " + minNodes + " nodes partition " + name + " requires";
    }
    return null;
  }
}
