package dev.torc.benchmarks;

import dev.torc.model.JobStatus;
import dev.torc.store.JobResult;
import dev.torc.store.ResourceBudget;
import dev.torc.store.Stores;
import dev.torc.store.WorkflowStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * How many jobs a store completes per second for many runners at once, without processes: the
 * store's side of many runners on one workflow, which is what the original torc's server figure of
 * about 2,000 claims per second measures. Each runner is a thread with a store (a connection) of
 * its own, registered as a runner; all start together on one workflow of independent jobs and pass
 * as {@link RunnerPasses} does, claiming {@code PER_PASS} jobs a pass, until no job is ready. The
 * rate is the jobs over the time from the start to the last runner's last pass.
 *
 * <p>After every run it checks that the runners' claims never overlapped (no job claimed twice),
 * that every job was claimed and completed, and that every job has exactly one result. The
 * baseline, in the same process and rounds, is one runner on a SQLite file.
 *
 * <p>Usage (see {@code benchmarks/run-store-claim-rate.sh}): {@code java -cp benchmarks.jar
 * dev.torc.benchmarks.StoreClaimRateBenchmark POSTGRES_URL SCHEMA_PREFIX JOBS ROUNDS RUNNERS
 * PER_PASS}, {@code RUNNERS} as a comma-separated list of runner counts; each run gets the schema
 * {@code SCHEMA_PREFIX_<round>_<runners>}, which the caller drops.
 */
public final class StoreClaimRateBenchmark {
  private StoreClaimRateBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 6) {
      System.err.println(
          "usage: StoreClaimRateBenchmark POSTGRES_URL SCHEMA_PREFIX JOBS ROUNDS RUNNERS PER_PASS");
      System.exit(2);
    }
    String url = args[0];
    String prefix = args[1];
    int jobs = Integer.parseInt(args[2]);
    int rounds = Integer.parseInt(args[3]);
    List<Integer> counts = new ArrayList<>();
    for (String count : args[4].split(",")) {
      counts.add(Integer.parseInt(count.strip()));
    }
    int perPass = Integer.parseInt(args[5]);
    Path dir = Files.createTempDirectory("torc-claim-rate");
    Map<String, List<Double>> rates = new LinkedHashMap<>();
    run("sqlite", dir.resolve("warm-up.db").toString(), Math.min(jobs, 2000), 1, perPass);
    for (int round = 1; round <= rounds; round++) {
      String sqlite = dir.resolve("round-" + round + ".db").toString();
      record(rates, round, "sqlite, 1 runner", run("sqlite", sqlite, jobs, 1, perPass));
      // Alternate the order of the runner counts, so that none always runs first.
      List<Integer> order = new ArrayList<>(counts);
      if (round % 2 == 0) {
        Collections.reverse(order);
      }
      for (int runners : order) {
        String schema = prefix + "_" + round + "_" + runners;
        String location = url + (url.contains("?") ? "&" : "?") + "schema=" + schema;
        String label = "postgresql, " + runners + (runners == 1 ? " runner" : " runners");
        record(rates, round, label, run("postgresql", location, jobs, runners, perPass));
      }
    }
    double baseline = Medians.of(rates.get("sqlite, 1 runner"));
    System.out.printf(
        Locale.ROOT,
        "%n%d jobs a workflow, %d claimed a pass, %d rounds; medians (jobs completed per second):%n",
        jobs,
        perPass,
        rounds);
    rates.forEach(
        (label, values) -> {
          double median = Medians.of(values);
          System.out.printf(
              Locale.ROOT,
              "  %-24s %8.0f /s   %3.0f %% of SQLite with one runner%n",
              label,
              median,
              100 * median / baseline);
        });
  }

  private static void record(Map<String, List<Double>> rates, int round, String label, double r) {
    rates.computeIfAbsent(label, k -> new ArrayList<>()).add(r);
    System.out.printf(
        Locale.ROOT,
        "round %d %-24s %8.0f jobs/s (load %.2f)%n",
        round,
        label,
        r,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  /**
   * Runs one workflow with this many runners at once and checks it.
   *
   * @return jobs completed per second
   */
  private static double run(String engine, String location, int jobs, int runners, int perPass)
      throws Exception {
    long workflowId;
    try (WorkflowStore setup = open(engine, location)) {
      workflowId = RunnerPasses.createIndependentJobs(setup, "claim_rate", jobs);
    }
    ResourceBudget budget = new ResourceBudget(perPass, 1L << 40, 0);
    ConcurrentLinkedQueue<Long> claimed = new ConcurrentLinkedQueue<>();
    CyclicBarrier start = new CyclicBarrier(runners + 1);
    ExecutorService pool = Executors.newFixedThreadPool(runners);
    List<Future<Integer>> done = new ArrayList<>();
    try {
      for (int r = 0; r < runners; r++) {
        done.add(
            pool.submit(
                () -> {
                  try (WorkflowStore store = open(engine, location)) {
                    long runnerId = RunnerPasses.register(store, workflowId);
                    start.await();
                    return RunnerPasses.runUntilNoneIsReady(
                        store, workflowId, runnerId, budget, perPass, job -> claimed.add(job.id()));
                  }
                }));
      }
      start.await();
      long t0 = System.nanoTime();
      int completed = 0;
      for (Future<Integer> runner : done) {
        completed += runner.get();
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      check(engine, location, workflowId, jobs, completed, claimed);
      return jobs / seconds;
    } finally {
      pool.shutdownNow();
    }
  }

  private static WorkflowStore open(String engine, String location) {
    return engine.equals("sqlite") ? Stores.sqlite(Path.of(location)) : Stores.open(location);
  }

  /** No job claimed twice, every job claimed, completed and with exactly one result. */
  private static void check(
      String engine,
      String location,
      long workflowId,
      int jobs,
      int completed,
      ConcurrentLinkedQueue<Long> claimed) {
    Set<Long> distinct = new HashSet<>(claimed);
    if (distinct.size() != claimed.size()) {
      throw new IllegalStateException(
          (claimed.size() - distinct.size()) + " claims overlapped another runner's");
    }
    if (distinct.size() != jobs || completed != jobs) {
      throw new IllegalStateException(
          "claimed " + distinct.size() + " and completed " + completed + " of " + jobs + " jobs");
    }
    try (WorkflowStore store = open(engine, location)) {
      int done = store.countJobsByStatus(workflowId).getOrDefault(JobStatus.COMPLETED, 0);
      List<JobResult> results = store.listResults(workflowId);
      Set<Long> withResult = new HashSet<>();
      results.forEach(result -> withResult.add(result.jobId()));
      if (done != jobs || results.size() != jobs || withResult.size() != jobs) {
        throw new IllegalStateException(
            done
                + " jobs completed, "
                + results.size()
                + " results for "
                + withResult.size()
                + " jobs, of "
                + jobs);
      }
    }
  }
}
