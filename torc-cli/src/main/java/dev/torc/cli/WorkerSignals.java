package dev.torc.cli;

/**
 * How a worker inside a Slurm allocation ends on SIGTERM (scancel, walltime): it kills its job
 * processes and halts at once, recording nothing, so that its jobs are settled as lost (and run
 * again without spending a retry) rather than recorded failed by the signal Slurm sent them too.
 * Processes are killed here because Slurm without cgroups loses track of orphans.
 */
final class WorkerSignals {
  private WorkerSignals() {}

  static void exitAtOnceOnTerm() {
    sun.misc.Signal.handle(
        new sun.misc.Signal("TERM"),
        signal -> {
          ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
          Runtime.getRuntime().halt(143);
        });
  }
}
