package dev.torc.slurm.hpc;

import dev.torc.model.ResourceRequirements;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * What torc knows about an HPC system: its partitions, and how to recognise that torc runs on it.
 *
 * @param name the name commands take ({@code kestrel})
 * @param displayName a human-readable name
 * @param description what the system is, or empty
 * @param detectEnvVar {@code NAME=value}: the system is detected when the variable has the value;
 *     or {@code null}
 * @param detectHostname a regex the host name must match (anywhere) for the system to be detected;
 *     or {@code null}
 * @param defaultAccount the account to charge when none is given, or {@code null}
 * @param partitions the partitions, in the order they were listed
 */
public record HpcProfile(
    String name,
    String displayName,
    String description,
    String detectEnvVar,
    String detectHostname,
    String defaultAccount,
    List<HpcPartition> partitions) {

  /**
   * Checks the values and the detection regex.
   *
   * @param name the name commands take ({@code kestrel})
   * @param displayName a human-readable name
   * @param description what the system is, or empty
   * @param detectEnvVar {@code NAME=value}: the system is detected when the variable has the value;
   *     or {@code null}
   * @param detectHostname a regex the host name must match (anywhere) for the system to be
   *     detected; or {@code null}
   * @param defaultAccount the account to charge when none is given, or {@code null}
   * @param partitions the partitions, in the order they were listed
   */
  public HpcProfile {
    Objects.requireNonNull(name, "name");
    displayName = Objects.requireNonNullElse(displayName, name);
    description = Objects.requireNonNullElse(description, "");
    partitions = List.copyOf(partitions);
    if (detectEnvVar != null && !detectEnvVar.matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
      throw new IllegalArgumentException(
          "profile '" + name + "': detect_env_var must be NAME=value, not '" + detectEnvVar + "'");
    }
    if (detectHostname != null) {
      Pattern.compile(detectHostname);
    }
  }

  /**
   * Whether the environment (a variable lookup) and host name show that torc runs here.
   *
   * @param env looks up an environment variable, {@code null} when unset
   * @param hostname this host's name, or {@code null}
   * @return true when either detection rule matches
   */
  public boolean detect(UnaryOperator<String> env, String hostname) {
    if (detectEnvVar != null) {
      int eq = detectEnvVar.indexOf('=');
      if (detectEnvVar.substring(eq + 1).equals(env.apply(detectEnvVar.substring(0, eq)))) {
        return true;
      }
    }
    return detectHostname != null
        && hostname != null
        && Pattern.compile(detectHostname).matcher(hostname).find();
  }

  /**
   * The partition with this name.
   *
   * @param partitionName the name {@code sbatch --partition} takes
   * @return the partition, or empty
   */
  public Optional<HpcPartition> partition(String partitionName) {
    return partitions.stream().filter(p -> p.name().equals(partitionName)).findFirst();
  }

  /**
   * The smallest partition that fits a job with these requirements for {@code walltime}: among the
   * partitions that fit and are not used only when named (nor debug partitions, unless nothing else
   * fits), without GPUs when the job asks for none, the one with the fewest GPUs, then the least
   * memory, the fewest CPUs and the shortest walltime.
   *
   * @param rr the job's requirements
   * @param walltime how long the allocation must last
   * @return the partition, or empty when none fits
   */
  public Optional<HpcPartition> smallestFit(ResourceRequirements rr, Duration walltime) {
    List<HpcPartition> fitting = new ArrayList<>();
    for (HpcPartition p : partitions) {
      if (!p.requiresExplicitRequest() && p.cannotFit(rr, walltime) == null) {
        fitting.add(p);
      }
    }
    List<HpcPartition> preferred =
        fitting.stream()
            .filter(p -> !p.name().toLowerCase(java.util.Locale.ROOT).contains("debug"))
            .filter(p -> rr.numGpus() > 0 || p.gpusPerNode() == 0)
            .toList();
    List<HpcPartition> candidates = preferred.isEmpty() ? fitting : preferred;
    return candidates.stream()
        .min(
            Comparator.comparingInt(HpcPartition::gpusPerNode)
                .thenComparingLong(HpcPartition::memoryMb)
                .thenComparingInt(HpcPartition::cpusPerNode)
                .thenComparing(HpcPartition::maxWalltime));
  }

  /**
   * Why no partition fits: for the partition that comes closest (the one with the most resources),
   * the limit the job exceeds.
   *
   * @param rr the job's requirements
   * @param walltime how long the allocation must last
   * @return the limit the job exceeds, in words
   */
  public String whyNothingFits(ResourceRequirements rr, Duration walltime) {
    if (partitions.isEmpty()) {
      return "profile " + name + " has no partitions";
    }
    List<String> reasons = new ArrayList<>();
    for (HpcPartition p : partitions) {
      if (p.requiresExplicitRequest()) {
        continue;
      }
      String why = p.cannotFit(rr, walltime);
      if (why != null) {
        reasons.add(why);
      }
    }
    HpcPartition largest =
        partitions.stream()
            .max(
                Comparator.comparingLong(HpcPartition::memoryMb)
                    .thenComparingInt(HpcPartition::cpusPerNode)
                    .thenComparing(HpcPartition::maxWalltime))
            .orElseThrow();
    String why = largest.cannotFit(rr, walltime);
    return why != null ? why : String.join("; ", reasons);
  }
}
