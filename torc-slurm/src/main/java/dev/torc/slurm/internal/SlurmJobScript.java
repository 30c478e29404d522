package dev.torc.slurm.internal;

import dev.torc.executor.AttemptSpec;
import dev.torc.model.ResourceRequirements;
import dev.torc.model.SlurmScheduler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The sbatch options and batch script of one attempt run as its own Slurm job. */
final class SlurmJobScript {
  private SlurmJobScript() {}

  /** sbatch's options: name, the attempt's log files, its resources and walltime, the account. */
  static List<String> options(AttemptSpec spec, String jobName, SlurmScheduler scheduler) {
    ResourceRequirements rr = spec.job().requirements();
    List<String> args = new ArrayList<>();
    args.add("--job-name=" + jobName);
    args.add("--output=" + spec.stdout().toAbsolutePath());
    args.add("--error=" + spec.stderr().toAbsolutePath());
    args.add("--chdir=" + Path.of("").toAbsolutePath());
    args.add("--nodes=1");
    args.add("--ntasks=1");
    // torc retries a lost attempt itself, as a new attempt with its own logs.
    args.add("--no-requeue");
    args.add("--cpus-per-task=" + Math.max(1, rr.numCpus()));
    args.add("--mem=" + Math.max(1, (rr.memory().bytes() + (1L << 20) - 1) >> 20) + "M");
    if (rr.numGpus() > 0) {
      args.add("--gres=gpu:" + rr.numGpus());
    }
    if (rr.runtime() != null && rr.runtime().compareTo(ResourceRequirements.MAX_RUNTIME) < 0) {
      args.add("--time=" + Math.max(1, (rr.runtime().toSeconds() + 59) / 60));
    }
    String account = scheduler == null ? null : scheduler.account();
    String partition = scheduler == null ? null : scheduler.partition();
    String qos = scheduler == null ? null : scheduler.qos();
    if (account != null && !account.isBlank()) {
      args.add("--account=" + account);
    }
    if (partition != null && !partition.isBlank()) {
      args.add("--partition=" + partition);
    }
    if (qos != null && !qos.isBlank()) {
      args.add("--qos=" + qos);
    }
    return args;
  }

  /** The script: exports the attempt's {@code TORC_*} variables and runs its command in bash. */
  static String script(AttemptSpec spec) {
    StringBuilder s = new StringBuilder("#!/bin/bash\n");
    for (Map.Entry<String, String> e : spec.environment().entrySet()) {
      s.append("export ").append(e.getKey()).append('=').append(quote(e.getValue())).append('\n');
    }
    s.append("exec bash -c ").append(quote(spec.job().command())).append('\n');
    return s.toString();
  }

  private static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }
}
