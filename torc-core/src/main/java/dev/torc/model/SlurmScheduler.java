package dev.torc.model;

import java.util.Objects;

/**
 * How to ask Slurm for an allocation that runs jobs. Only the model exists so far: workflows that
 * name schedulers load and store them, and the Slurm executor will use them.
 *
 * @param name the name jobs use to refer to this scheduler
 * @param account the Slurm account to charge (required)
 * @param partition the partition, or {@code null} for the cluster's default
 * @param nodes nodes per allocation
 * @param walltime the allocation's time limit as {@code HH:MM:SS} or {@code D-HH:MM:SS}
 * @param mem memory per node as Slurm writes it, or {@code null}
 * @param gres generic resources such as {@code gpu:2}, or {@code null}
 * @param qos quality of service, or {@code null}
 * @param ntasksPerNode tasks per node, or {@code null}
 * @param tmp local scratch space, or {@code null}
 * @param extra further {@code sbatch} arguments, or {@code null}
 */
public record SlurmScheduler(
    String name,
    String account,
    String partition,
    int nodes,
    String walltime,
    String mem,
    String gres,
    String qos,
    Integer ntasksPerNode,
    String tmp,
    String extra) {

  /**
   * Checks the account, node count and walltime; no walltime is one hour.
   *
   * @param name the name jobs use to refer to this scheduler
   * @param account the Slurm account to charge (required)
   * @param partition the partition, or {@code null} for the cluster's default
   * @param nodes nodes per allocation
   * @param walltime the allocation's time limit as {@code HH:MM:SS} or {@code D-HH:MM:SS}
   * @param mem memory per node as Slurm writes it, or {@code null}
   * @param gres generic resources such as {@code gpu:2}, or {@code null}
   * @param qos quality of service, or {@code null}
   * @param ntasksPerNode tasks per node, or {@code null}
   * @param tmp local scratch space, or {@code null}
   * @param extra further {@code sbatch} arguments, or {@code null}
   */
  public SlurmScheduler {
    Objects.requireNonNull(name, "name");
    if (account == null || account.isBlank()) {
      throw new IllegalArgumentException("slurm scheduler '" + name + "' needs an account");
    }
    if (nodes < 1) {
      throw new IllegalArgumentException("nodes must be at least 1, was " + nodes);
    }
    walltime = Objects.requireNonNullElse(walltime, "01:00:00");
    if (!walltime.matches("(\\d+-)?\\d{1,3}:\\d{2}:\\d{2}")) {
      throw new IllegalArgumentException(
          "invalid walltime '" + walltime + "': expected HH:MM:SS or D-HH:MM:SS");
    }
  }

  /**
   * A scheduler for the account with one node and a one-hour walltime.
   *
   * @param name the name jobs use to refer to this scheduler
   * @param account the Slurm account to charge
   * @return the scheduler
   */
  public static SlurmScheduler of(String name, String account) {
    return new SlurmScheduler(
        name, account, null, 1, "01:00:00", null, null, null, null, null, null);
  }
}
