package dev.torc.benchmarks;

import dev.torc.model.JobSpec;
import dev.torc.model.JobStatus;
import dev.torc.model.Workflow;
import dev.torc.store.AttemptRef;
import dev.torc.store.AttemptStart;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import dev.torc.store.ResourceBudget;
import dev.torc.store.RunnerInfo;
import dev.torc.store.Stores;
import dev.torc.store.WorkflowStore;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
  private static final RunnerInfo RUNNER = new RunnerInfo("bench", 1, null);

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
      long workflowId = create(store, jobs);
      long before = threads.getCurrentThreadCpuTime();
      runPasses(store, workflowId, jobs);
      return (threads.getCurrentThreadCpuTime() - before) / 1_000.0 / jobs;
    }
  }

  /** Creates a workflow of {@code jobs} independent jobs. */
  private static long create(WorkflowStore store, int jobs) {
    List<JobSpec> specs = new ArrayList<>(jobs);
    for (int i = 0; i < jobs; i++) {
      specs.add(JobSpec.builder("job_" + i).command("true").build());
    }
    return store.createWorkflow(Workflow.builder("pass_cost").jobs(specs).build());
  }

  /** Runs the workflow to the end with passes alone, as one runner. */
  private static void runPasses(WorkflowStore store, long workflowId, int jobs) {
    long runnerId = store.registerRunner(workflowId, RUNNER);
    List<JobRecord> claimed = List.of();
    int done = 0;
    while (true) {
      List<AttemptStart> starts = new ArrayList<>(claimed.size());
      List<JobResult> results = new ArrayList<>(claimed.size());
      Instant now = Instant.now();
      for (JobRecord job : claimed) {
        starts.add(new AttemptStart(job.id(), attempt(job), now));
        results.add(
            new JobResult(
                job.id(),
                workflowId,
                1,
                job.attemptId(),
                0,
                JobStatus.COMPLETED,
                0.0,
                now,
                null,
                null,
                null,
                null));
      }
      done += claimed.size();
      claimed =
          store
              .runnerPass(
                  workflowId,
                  runnerId,
                  starts,
                  results,
                  TWO_CPUS,
                  BATCH,
                  (job, run) -> attempt(job))
              .claimed();
      if (claimed.isEmpty()) {
        break;
      }
    }
    if (done != jobs) {
      throw new IllegalStateException("ran " + done + " of " + jobs + " jobs");
    }
  }

  private static AttemptRef attempt(JobRecord job) {
    return new AttemptRef("local", "bench", "job-" + job.id(), null);
  }
}
