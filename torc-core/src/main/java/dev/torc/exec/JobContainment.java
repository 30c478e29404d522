package dev.torc.exec;

import dev.torc.exec.internal.Cgroup2;
import dev.torc.exec.internal.ProcSweepContainment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every process a job starts inside the job, however it forks or detaches: the job's
 * processes are found by the mark they carry (see {@link LaunchRequest#mark()}), counted in its
 * usage and stopped with it. Thread-safe.
 */
public interface JobContainment {

  /** {@return a short name for logs: how the processes are found} */
  String name();

  /**
   * The processes of the jobs whose mark {@code marks} accepts. Meant to be called often (every
   * usage sample); it may remember what it learned of a process until that process is gone.
   *
   * @param marks accepts the marks of the jobs to look for
   * @return the process ids of each job, by mark
   */
  Map<String, List<Long>> members(Predicate<String> marks);

  /**
   * Whether any process of a job may exist, asked after its own process exited. Called at the end
   * of every job, so it may spare itself a look at every process when the job was short.
   *
   * @param mark the job's mark
   * @param rootPid the job's own process, which has exited
   * @param lifetime how long after its start that process exited
   * @return {@code true} whenever it cannot tell
   */
  default boolean mayHaveMembers(String mark, long rootPid, Duration lifetime) {
    return !members(mark::equals).isEmpty();
  }

  /**
   * Sends a signal once to every process of the jobs whose mark {@code marks} accepts.
   *
   * @param marks accepts the marks of the jobs to signal
   * @param signal the signal to send
   * @return how many processes it reached
   */
  int signal(Predicate<String> marks, Signal signal);

  /**
   * Kills every process of the jobs whose mark {@code marks} accepts, again and again while any is
   * left (processes may fork meanwhile), and waits a little for them to exit.
   *
   * @param marks accepts the marks of the jobs to kill
   * @return the marks of the processes it killed
   */
  Set<String> killAll(Predicate<String> marks);

  /**
   * The containment this machine allows, chosen once per JVM and logged: a {@code /proc} sweep by
   * the mark in each process's environment. A machine that delegates a cgroup v2 memory controller
   * is told apart in the log, but torc does not use cgroups yet.
   *
   * @return the containment
   */
  static JobContainment detect() {
    return Detected.INSTANCE;
  }

  /** Holds the containment chosen on first use. */
  final class Detected {
    private static final Logger LOG = LoggerFactory.getLogger(JobContainment.class);
    private static final JobContainment INSTANCE = choose();

    private Detected() {}

    private static JobContainment choose() {
      JobContainment sweep = new ProcSweepContainment();
      if (Cgroup2.memoryControllerDelegated()) {
        LOG.info(
            "a cgroup v2 memory controller is delegated here, but torc does not use cgroups yet:"
                + " jobs are contained by a {}",
            sweep.name());
      } else {
        LOG.info(
            "no writable cgroup v2 memory controller: jobs are contained by a {}", sweep.name());
      }
      return sweep;
    }
  }
}
