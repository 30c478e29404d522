package dev.torc.recovery.internal;

import dev.torc.model.JobStatus;
import dev.torc.store.JobResult;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the exit of an attempt says without reading its messages: whether the runner ended it at one
 * of its limits (it writes {@code torc: killed at its memory limit} or {@code torc: stopped at its
 * runtime limit} at the end of the attempt's standard error and records 137 or 152), and whether a
 * signal that means a crash in the program's own code ended it.
 */
public final class RunnerVerdicts {
  private RunnerVerdicts() {}

  private static final Pattern MEMORY_KILL =
      Pattern.compile("(?m)^torc: killed at its memory limit\\s*$");
  private static final Pattern WALLTIME_KILL =
      Pattern.compile("(?m)^torc: stopped at its runtime limit\\s*$");

  /** Slurm's and the kernel's words for a job its cgroup's out-of-memory handler killed. */
  private static final Pattern CLUSTER_MEMORY_KILL =
      Pattern.compile(
          "(?i)oom[-_]kill events?\\b|have been OOM Killed|task \\d+: Out Of Memory"
              + "|killed by the cgroup out-of-memory handler");

  /** Exit codes of signals a program raises on itself when its own code is wrong, with names. */
  private static final Map<Integer, String> CRASH_SIGNALS =
      Map.of(
          132, "SIGILL (illegal instruction)",
          134, "SIGABRT (abort, such as a failed assertion)",
          135, "SIGBUS (bus error)",
          136, "SIGFPE (arithmetic error)",
          139, "SIGSEGV (segmentation fault)");

  /** Whether the runner killed the attempt at its memory limit. */
  public static boolean memoryKill(JobResult result, String stderrTail) {
    return result.returnCode() == 137 && MEMORY_KILL.matcher(stderrTail).find();
  }

  /**
   * The line in which the cluster (Slurm's step daemon, the kernel) says it killed the attempt for
   * memory, or {@code null}.
   */
  public static String clusterMemoryKill(String stderrTail) {
    for (String line : stderrTail.split("\\R")) {
      if (CLUSTER_MEMORY_KILL.matcher(line).find()) {
        return line.strip();
      }
    }
    return null;
  }

  /** Whether the runner stopped the attempt at its runtime limit. */
  public static boolean walltimeKill(JobResult result, String stderrTail) {
    return result.returnCode() == 152
        && (result.status() == JobStatus.TERMINATED || WALLTIME_KILL.matcher(stderrTail).find());
  }

  /**
   * The name of the crash signal the exit code reports, such as {@code SIGSEGV (segmentation
   * fault)}, or {@code null} when it reports none.
   */
  public static String crashSignal(JobResult result) {
    return result.status() == JobStatus.TERMINATED ? null : CRASH_SIGNALS.get(result.returnCode());
  }
}
