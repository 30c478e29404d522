package dev.torc.slurm.internal;

import dev.torc.slurm.SlurmException;
import dev.torc.slurm.hpc.SlurmTimes;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A partition's size as {@code sinfo} reports it: per node, and how many nodes.
 *
 * @param name the partition's name
 * @param cpusPerNode CPUs of one node
 * @param memoryBytesPerNode memory of one node
 * @param gpusPerNode GPUs of one node
 * @param nodes how many nodes it has
 * @param maxRuntimeSeconds its time limit, {@link Long#MAX_VALUE} when infinite
 */
record SlurmPartitionLimits(
    String name,
    int cpusPerNode,
    long memoryBytesPerNode,
    int gpusPerNode,
    int nodes,
    long maxRuntimeSeconds) {

  /**
   * The partitions of this cluster, one line of sinfo each.
   *
   * @throws SlurmException when sinfo is missing or fails
   */
  static List<SlurmPartitionLimits> read(SlurmCommands commands) {
    SlurmCommands.Output out;
    try {
      out = commands.run(List.of("sinfo", "-h", "-o", "%P|%c|%m|%G|%D|%l"), null);
    } catch (IOException e) {
      throw new SlurmException(
          "Slurm is not installed here or does not answer: sinfo: " + e.getMessage());
    }
    if (out.exitCode() != 0) {
      throw new SlurmException("sinfo failed: " + out.message());
    }
    return out.stdout().lines().filter(l -> !l.isBlank()).map(SlurmPartitionLimits::parse).toList();
  }

  /** The partition with the most CPUs per node, then memory; empty when there is none. */
  static Optional<SlurmPartitionLimits> largest(List<SlurmPartitionLimits> partitions) {
    return partitions.stream()
        .max(
            Comparator.comparingInt(SlurmPartitionLimits::cpusPerNode)
                .thenComparingLong(SlurmPartitionLimits::memoryBytesPerNode));
  }

  static SlurmPartitionLimits parse(String line) {
    String[] f = line.strip().split("\\|", -1);
    String name = f[0].endsWith("*") ? f[0].substring(0, f[0].length() - 1) : f[0];
    return new SlurmPartitionLimits(
        name,
        leadingInt(f[1]),
        leadingInt(f[2]) * (1L << 20),
        gpus(f[3]),
        Math.max(1, leadingInt(f[4])),
        runtime(f[5]));
  }

  private static int gpus(String gres) {
    int total = 0;
    for (String part : gres.split(",")) {
      String[] f = part.strip().split(":");
      if (f[0].equals("gpu") && f.length >= 2) {
        total += leadingInt(f[f.length - 1]);
      }
    }
    return total;
  }

  private static long runtime(String limit) {
    String text = limit.strip();
    if (text.isEmpty() || text.equals("infinite") || text.equals("UNLIMITED")) {
      return Long.MAX_VALUE;
    }
    try {
      return SlurmTimes.parse(text).toSeconds();
    } catch (RuntimeException e) {
      return Long.MAX_VALUE;
    }
  }

  private static int leadingInt(String text) {
    String digits = text.strip().replaceAll("^(\\d+).*$", "$1");
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
