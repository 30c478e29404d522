package dev.torc.benchmarks;

import dev.torc.exec.JobProcess;
import dev.torc.exec.LaunchRequest;
import dev.torc.exec.LocalProcessLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures how many trivial jobs per second this JVM starts and waits for with two worker threads:
 * a bare {@code /bin/true} through {@link ProcessBuilder}, then {@code true} through {@link
 * LocalProcessLauncher} ({@code setsid bash -c true}) without and with per-job stdout/stderr files.
 * Run it twice to compare launch mechanisms, once plain and once with {@code
 * -Djdk.lang.Process.launchMechanism=VFORK}.
 *
 * <p>On the 2-core development machine: bare {@code /bin/true} about 950/s (VFORK about 1,500/s);
 * the launcher about 400/s without log files and 320-350/s with them (VFORK about 450/s and
 * 420-450/s): {@code setsid} (an extra exec that also loads locale files) and bash's start-up
 * dominate, so VFORK, which saves only the {@code jspawnhelper} exec, helps less than it does for a
 * bare process.
 *
 * <p>Usage: {@code java [-Djdk.lang.Process.launchMechanism=VFORK] -cp benchmarks.jar
 * dev.torc.benchmarks.SpawnRateBenchmark [jobs] [workers]}; defaults 2000 jobs, 2 workers, after a
 * warm-up of a tenth as many.
 */
public final class SpawnRateBenchmark {
  private SpawnRateBenchmark() {}

  private interface Job {
    void run(int index) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int workers = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    String mechanism = System.getProperty("jdk.lang.Process.launchMechanism", "default");
    Path logs = Files.createTempDirectory("torc-spawn-bench");
    LocalProcessLauncher launcher = LocalProcessLauncher.create();
    System.out.printf(
        Locale.ROOT,
        "Spawn rate: %d jobs, %d workers, launch mechanism %s, logs in %s%n",
        jobs,
        workers,
        mechanism,
        logs);

    rate("ProcessBuilder /bin/true", jobs, workers, i -> bare("/bin/true"));
    rate("ProcessBuilder setsid true", jobs, workers, i -> bare("setsid", "/bin/true"));
    rate("ProcessBuilder bash -c true", jobs, workers, i -> bare("/bin/bash", "-c", "true"));
    rate(
        "launcher, no log files",
        jobs,
        workers,
        i -> finish(launcher.start(LaunchRequest.builder("true").build())));
    rate(
        "launcher, .o/.e files",
        jobs,
        workers,
        i ->
            finish(
                launcher.start(
                    LaunchRequest.builder("true")
                        .stdoutFile(logs.resolve("job_" + i + ".o"))
                        .stderrFile(logs.resolve("job_" + i + ".e"))
                        .build())));
  }

  private static void bare(String... command) throws Exception {
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    p.waitFor();
  }

  private static void finish(JobProcess job) throws Exception {
    job.waitFor(Duration.ofMinutes(1));
    if (job.exitCode() != 0) {
      throw new IllegalStateException("job " + job.pid() + " exited " + job.exitCode());
    }
  }

  private static void rate(String name, int jobs, int workers, Job job) throws Exception {
    run(Math.max(10, jobs / 10), workers, job);
    long start = System.nanoTime();
    run(jobs, workers, job);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "  %-26s %7.0f jobs/s%n", name, jobs / seconds);
  }

  private static void run(int jobs, int workers, Job job) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    AtomicInteger next = new AtomicInteger();
    List<Future<?>> futures = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      futures.add(
          pool.submit(
              () -> {
                for (int i = next.getAndIncrement(); i < jobs; i = next.getAndIncrement()) {
                  job.run(i);
                }
                return null;
              }));
    }
    for (Future<?> future : futures) {
      future.get();
    }
    pool.shutdown();
    pool.awaitTermination(1, TimeUnit.MINUTES);
  }
}
