package dev.torc.benchmarks;

import dev.torc.exec.MachineResources;
import dev.torc.model.JavaTask;
import dev.torc.model.JobSpec;
import dev.torc.model.JobStatus;
import dev.torc.model.Workflow;
import dev.torc.run.RunOptions;
import dev.torc.run.RunResult;
import dev.torc.sdk.Torc;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The scheduler alone: a fan-out/fan-in workflow of no-op Java tasks (one {@code start} job, N-2
 * {@code work} jobs after it, one {@code end} job after all of them) in the in-memory store, run
 * through the real {@link dev.torc.run.JobRunner}. Reports the time to build and store the
 * workflow, jobs per second through the runner, and the heap each job takes once stored and once
 * run (after garbage collection, against the heap before the workflow was built).
 *
 * <p>Usage: {@code java -Xmx4g -cp benchmarks.jar dev.torc.benchmarks.SchedulerBenchmark [sizes]
 * [cpus] [rounds]}; defaults {@code 100000,1000000}, 2 CPUs (so 2 tasks at a time), 1 round per
 * size. A warm-up run of 20,000 jobs comes first.
 */
public final class SchedulerBenchmark {
  private static final long GIB = 1L << 30;
  private static final JavaTask NO_OP = context -> {};

  private SchedulerBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = new ArrayList<>();
    for (String size : (args.length > 0 ? args[0] : "100000,1000000").split(",")) {
      sizes.add(Integer.parseInt(size.strip().replace("_", "")));
    }
    int cpus = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    Path out = Files.createTempDirectory("torc-scheduler-bench");
    System.out.printf(
        Locale.ROOT,
        "Scheduler: fan-out/fan-in of no-op Java tasks, in-memory store, %d CPUs (%d tasks at a"
            + " time), max heap %d MiB, %d CPUs seen by the JVM, output %s%n",
        cpus,
        cpus,
        Runtime.getRuntime().maxMemory() >> 20,
        Runtime.getRuntime().availableProcessors(),
        out);
    measure(20_000, cpus, out, false);
    for (int size : sizes) {
      for (int round = 1; round <= rounds; round++) {
        measure(size, cpus, out, true);
      }
    }
    deleteTree(out);
  }

  private static void measure(int jobs, int cpus, Path out, boolean print) throws Exception {
    Path dir = Files.createTempDirectory(out, "run");
    long heapBefore = usedHeapAfterGc();
    long t0 = System.nanoTime();
    Torc torc = Torc.inMemory();
    long workflowId = torc.submit(fanWorkflow(jobs));
    long t1 = System.nanoTime();
    long heapStored = usedHeapAfterGc();
    RunOptions options =
        RunOptions.builder()
            .outputDir(dir)
            .resources(new MachineResources(cpus, 1024 * GIB, 0))
            .build();
    long t2 = System.nanoTime();
    RunResult result = torc.run(workflowId, options);
    long t3 = System.nanoTime();
    if (result.outcome() != RunResult.Outcome.COMPLETED
        || result.count(JobStatus.COMPLETED) != jobs) {
      throw new IllegalStateException(
          "the run did not complete every job: " + result.outcome() + " " + result.counts());
    }
    result = null;
    long heapRun = usedHeapAfterGc();
    torc.close();
    torc = null;
    deleteTree(dir);
    if (print) {
      double run = (t3 - t2) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "  %,9d jobs: build+submit %6.2f s; run %7.2f s = %,8.0f jobs/s; heap per job %4d B"
              + " stored, %4d B after the run (results and events included)%n",
          jobs,
          (t1 - t0) / 1e9,
          run,
          jobs / run,
          (heapStored - heapBefore) / jobs,
          (heapRun - heapBefore) / jobs);
    }
  }

  /** One start job, {@code jobs - 2} work jobs after it, one end job after all of them. */
  static Workflow fanWorkflow(int jobs) {
    Workflow.Builder builder = Workflow.builder("scheduler_benchmark");
    builder.job(JobSpec.builder("start").task(NO_OP).build());
    String[] work = new String[jobs - 2];
    for (int i = 0; i < work.length; i++) {
      work[i] = "work_" + i;
      builder.job(JobSpec.builder(work[i]).task(NO_OP).dependsOn("start").build());
    }
    builder.job(JobSpec.builder("end").task(NO_OP).dependsOn(work).build());
    return builder.build();
  }

  /** The used heap after a few full collections, once it stops shrinking. */
  static long usedHeapAfterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(50);
      long now = memory.getHeapMemoryUsage().getUsed();
      if (now >= used) {
        return now;
      }
      used = now;
    }
    return used;
  }

  private static void deleteTree(Path dir) throws Exception {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
