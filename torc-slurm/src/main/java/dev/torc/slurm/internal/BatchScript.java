package dev.torc.slurm.internal;

import dev.torc.model.SlurmScheduler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The sbatch options and batch script of an allocation that runs torc workers: the script starts
 * the same Java, class path and store as the process that submits it, so that the worker finds torc
 * and the workflow on the node.
 */
public final class BatchScript {
  /** The main class of the {@code torc} command, which every torc jar and class path holds. */
  static final String CLI_MAIN = "dev.torc.cli.Main";

  private BatchScript() {}

  /** sbatch's options for an allocation of this scheduler for the workflow. */
  public static List<String> options(SlurmScheduler s, long workflowId, Path outputDir) {
    List<String> args = new ArrayList<>();
    args.add("--job-name=torc_wf" + workflowId + "_" + s.name());
    args.add("--account=" + s.account());
    if (s.partition() != null) {
      args.add("--partition=" + s.partition());
    }
    args.add("--nodes=" + s.nodes());
    args.add("--time=" + s.walltime());
    if (s.mem() != null) {
      args.add("--mem=" + s.mem());
    }
    if (s.gres() != null) {
      args.add("--gres=" + s.gres());
    }
    if (s.qos() != null) {
      args.add("--qos=" + s.qos());
    }
    if (s.ntasksPerNode() != null) {
      args.add("--ntasks-per-node=" + s.ntasksPerNode());
    }
    if (s.tmp() != null) {
      args.add("--tmp=" + s.tmp());
    }
    Path out = outputDir.toAbsolutePath();
    args.add("--output=" + out.resolve(logName(workflowId, "%j", "o")));
    args.add("--error=" + out.resolve(logName(workflowId, "%j", "e")));
    args.add("--chdir=" + Path.of("").toAbsolutePath());
    if (s.extra() != null && !s.extra().isBlank()) {
      args.addAll(List.of(s.extra().strip().split("\\s+")));
    }
    return args;
  }

  /** The name of an allocation's sbatch log: {@code slurm_output_wf{W}_sl{JOB}.o} or {@code .e}. */
  public static String logName(long workflowId, String slurmJobId, String suffix) {
    return "slurm_output_wf" + workflowId + "_sl" + slurmJobId + "." + suffix;
  }

  /**
   * The script: runs {@code torc slurm worker} for the workflow, once per node with {@code
   * oneWorkerPerNode} (through srun), else once on the first node.
   */
  public static String script(
      String databaseLocation,
      long workflowId,
      Path outputDir,
      Integer maxParallelJobs,
      boolean oneWorkerPerNode) {
    List<String> worker = new ArrayList<>();
    worker.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    worker.add("-cp");
    worker.add(System.getProperty("java.class.path"));
    worker.add(CLI_MAIN);
    worker.add("--database");
    worker.add(databaseLocation);
    worker.add("slurm");
    worker.add("worker");
    worker.add(Long.toString(workflowId));
    worker.add("--output-dir");
    worker.add(outputDir.toAbsolutePath().toString());
    if (maxParallelJobs != null) {
      worker.add("--max-parallel-jobs");
      worker.add(maxParallelJobs.toString());
    }
    StringBuilder script = new StringBuilder("#!/bin/bash\n");
    script.append("# torc worker for workflow ").append(workflowId).append('\n');
    if (oneWorkerPerNode) {
      script.append(
          "exec srun --ntasks-per-node=1 --nodes=\"$SLURM_JOB_NUM_NODES\""
              + " --cpus-per-task=\"$SLURM_CPUS_ON_NODE\" --mem=0 ");
    } else {
      script.append("exec ");
    }
    script.append(String.join(" ", worker.stream().map(BatchScript::quote).toList()));
    script.append('\n');
    return script.toString();
  }

  static String quote(String word) {
    if (word.matches("[A-Za-z0-9_./:=@%+,-]+")) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
