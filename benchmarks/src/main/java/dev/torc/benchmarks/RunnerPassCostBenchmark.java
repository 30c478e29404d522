package dev.torc.benchmarks;

import dev.torc.store.ResourceBudget;
import dev.torc.store.Stores;
import dev.torc.store.WorkflowStore;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The store's CPU cost per job of a runner's passes on SQLite, without processes: a workflow of
 * independent jobs is run the way a runner on two CPUs runs short jobs, each pass recording the
 * starts and results of the jobs the pass before claimed and claiming the next two. What is
 * measured is the calling thread's CPU time per job (no other thread works).
 *
 * <p>Two builds are compared in one process, each torc jar in a class loader of its own, one
 * workflow of each in turn, so that both see the same machine: this machine's speed drifts by a
 * quarter within minutes, more than the differences measured. Each build runs one workflow to warm
 * up first. Reports every workflow's figure, each build's median, and the candidate's median as a
 * share of the baseline's.
 *
 * <p>Usage (see {@code benchmarks/run-pass-cost.sh}): {@code java -cp benchmarks.jar
 * dev.torc.benchmarks.RunnerPassCostBenchmark JOBS ROUNDS THIN_BENCHMARKS_JAR BASELINE_TORC_JAR
 * CANDIDATE_TORC_JAR}.
 */
public final class RunnerPassCostBenchmark {
  private static final int BATCH = 2;
  private static final ResourceBudget TWO_CPUS = new ResourceBudget(BATCH, 1L << 40, 0);

  private RunnerPassCostBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println(
          "usage: RunnerPassCostBenchmark JOBS ROUNDS THIN_BENCHMARKS_JAR BASELINE_JAR"
              + " CANDIDATE_JAR");
      System.exit(2);
    }
    int jobs = Integer.parseInt(args[0]);
    int rounds = Integer.parseInt(args[1]);
    Path dir = Files.createTempDirectory("torc-pass-bench");
    String[] names = {"baseline", "candidate"};
    Method[] runs = new Method[2];
    for (int b = 0; b < 2; b++) {
      URLClassLoader loader =
          new URLClassLoader(
              new URL[] {Path.of(args[2]).toUri().toURL(), Path.of(args[3 + b]).toUri().toURL()},
              ClassLoader.getPlatformClassLoader());
      // DriverManager hands a caller only the drivers its own class loader sees: register this
      // build's SQLite driver from its loader.
      Class.forName("org.sqlite.JDBC", true, loader);
      runs[b] =
          loader
              .loadClass(RunnerPassCostBenchmark.class.getName())
              .getMethod("cpuMicrosPerJob", String.class, int.class);
    }
    for (int b = 0; b < 2; b++) {
      runs[b].invoke(null, dir.resolve(names[b] + ".db").toString(), jobs); // warm-up
    }
    double[][] micros = new double[2][rounds];
    for (int round = 0; round < rounds; round++) {
      for (int b = 0; b < 2; b++) {
        micros[b][round] =
            (double) runs[b].invoke(null, dir.resolve(names[b] + ".db").toString(), jobs);
        System.out.printf(
            Locale.ROOT,
            "round %d %-9s %.1f us of CPU per job%n",
            round + 1,
            names[b],
            micros[b][round]);
      }
    }
    double baseline = Medians.of(micros[0]);
    double candidate = Medians.of(micros[1]);
    System.out.printf(
        Locale.ROOT,
        "runner passes on SQLite, %d jobs x %d rounds: baseline median %.1f us, candidate median"
            + " %.1f us of CPU per job; candidate/baseline %.0f %%%n",
        jobs,
        rounds,
        baseline,
        candidate,
        100 * candidate / baseline);
  }

  /**
   * Runs one workflow of {@code jobs} jobs in the SQLite store at {@code file}.
   *
   * @return this thread's CPU time per job in microseconds, the store's opening not counted
   */
  public static double cpuMicrosPerJob(String file, int jobs) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    try (WorkflowStore store = Stores.sqlite(Path.of(file))) {
      long workflowId = RunnerPasses.createIndependentJobs(store, "pass_cost", jobs);
      long runnerId = RunnerPasses.register(store, workflowId);
      long before = threads.getCurrentThreadCpuTime();
      int done =
          RunnerPasses.runUntilNoneIsReady(store, workflowId, runnerId, TWO_CPUS, BATCH, job -> {});
      if (done != jobs) {
        throw new IllegalStateException("ran " + done + " of " + jobs + " jobs");
      }
      return (threads.getCurrentThreadCpuTime() - before) / 1_000.0 / jobs;
    }
  }
}
