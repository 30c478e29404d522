package dev.torc.benchmarks;

import dev.torc.exec.JobProcess;
import dev.torc.exec.LaunchRequest;
import dev.torc.exec.LocalProcessLauncher;
import dev.torc.exec.internal.OshiTreeSampler;
import dev.torc.exec.internal.ProcFsTreeSampler;
import dev.torc.exec.internal.ProcStat;
import dev.torc.exec.internal.ProcessTreeSampler;
import dev.torc.exec.internal.TreeUsage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures what the resource monitor costs: the CPU time (user + system, of the sampling thread) to
 * sample one tracked job's process tree, with several ways of walking the tree.
 *
 * <ul>
 *   <li>{@code procfs}: what torc uses on Linux: {@code /proc/PID/stat} and {@code
 *       /proc/PID/task/TID/children} of the tree's own processes only.
 *   <li>{@code oshi}: OSHI's {@code getProcess} and {@code getDescendantProcesses}.
 *   <li>{@code jdk}: {@code ProcessHandle.descendants()} (which reads every process's stat) plus
 *       one {@code /proc/PID/stat} per tree member.
 *   <li>{@code scan}: one scan of every {@code /proc/PID/stat} per sampling round, shared by all
 *       tracked jobs, then the trees from the parent links.
 * </ul>
 *
 * <p>On the 2-core development machine (about 150 processes), per job of two processes and per
 * sample: procfs about 44 us of CPU, scan about 100 us (growing with the machine's process count),
 * jdk about 2.8 ms, OSHI about 4.2 ms. At the default 5 s interval procfs costs under 0.001 % of a
 * core per job.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.torc.benchmarks.MonitorCostBenchmark [jobs]
 * [rounds]}; defaults 20 jobs (each {@code bash} with one {@code sleep} child), 500 rounds after
 * 100 warm-up rounds (OSHI gets a tenth of the rounds).
 */
public final class MonitorCostBenchmark {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private MonitorCostBenchmark() {}

  public static void main(String[] args) throws Exception {
    int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    LocalProcessLauncher launcher = LocalProcessLauncher.create();
    List<JobProcess> started = new ArrayList<>();
    try {
      for (int i = 0; i < jobs; i++) {
        started.add(launcher.start(LaunchRequest.builder("sleep 600 & wait").build()));
      }
      long[] pids = started.stream().mapToLong(JobProcess::pid).toArray();
      ProcessTreeSampler procfs = new ProcFsTreeSampler();
      awaitTrees(procfs, pids);
      System.out.printf(
          Locale.ROOT,
          "Monitor cost: %d tracked jobs of 2 processes each, %d processes on the machine,"
              + " %d rounds%n",
          jobs,
          countProcesses(),
          rounds);
      report("procfs", rounds, pids, procfs);
      report("oshi", Math.max(10, rounds / 10), pids, new OshiTreeSampler());
      report("jdk", rounds, pids, MonitorCostBenchmark::sampleWithJdk);
      reportScan(rounds, pids);
    } finally {
      started.forEach(JobProcess::kill);
    }
  }

  private interface Sampler {
    TreeUsage sample(long pid);
  }

  private static void report(String name, int rounds, long[] pids, ProcessTreeSampler sampler) {
    report(name, rounds, pids, (Sampler) sampler::sample);
  }

  private static void report(String name, int rounds, long[] pids, Sampler sampler) {
    long sink = 0;
    for (int round = 0; round < Math.max(10, rounds / 5); round++) {
      for (long pid : pids) {
        sink += sampler.sample(pid).rssBytes();
      }
    }
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    long wall0 = System.nanoTime();
    for (int round = 0; round < rounds; round++) {
      for (long pid : pids) {
        TreeUsage usage = sampler.sample(pid);
        if (usage.processes() != 2) {
          throw new IllegalStateException(name + " saw " + usage.processes() + " processes");
        }
        sink += usage.rssBytes();
      }
    }
    print(name, rounds, pids.length, cpu0, wall0, sink);
  }

  private static void reportScan(int rounds, long[] pids) {
    long sink = 0;
    for (int round = 0; round < Math.max(10, rounds / 5); round++) {
      sink += scanRound(pids);
    }
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    long wall0 = System.nanoTime();
    for (int round = 0; round < rounds; round++) {
      sink += scanRound(pids);
    }
    print("scan", rounds, pids.length, cpu0, wall0, sink);
  }

  private static void print(String name, int rounds, int jobs, long cpu0, long wall0, long sink) {
    double cpuMicros = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e3 / rounds / jobs;
    double wallMicros = (System.nanoTime() - wall0) / 1e3 / rounds / jobs;
    System.out.printf(
        Locale.ROOT,
        "  %-7s %8.1f us CPU per job per sample (%8.1f us wall)%s%n",
        name,
        cpuMicros,
        wallMicros,
        sink == 42 ? " " : "");
  }

  private static TreeUsage sampleWithJdk(long pid) {
    List<Long> members = new ArrayList<>();
    members.add(pid);
    ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> members.add(d.pid())));
    long rss = 0;
    long ticks = 0;
    int n = 0;
    for (long member : members) {
      ProcStat stat = ProcStat.read(member);
      if (stat != null) {
        rss += stat.rssPages() * 4096;
        ticks += stat.cpuTicks();
        n++;
      }
    }
    return new TreeUsage(rss, ticks, n);
  }

  /** One full scan of /proc, then each job's tree from the parent links. */
  private static long scanRound(long[] pids) {
    Map<Long, ProcStat> all = new HashMap<>();
    Map<Long, List<Long>> children = new HashMap<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(ProcStat.PROC)) {
      for (Path dir : dirs) {
        String name = dir.getFileName().toString();
        if (!Character.isDigit(name.charAt(0))) {
          continue;
        }
        ProcStat stat = ProcStat.read(Long.parseLong(name));
        if (stat != null) {
          all.put(stat.pid(), stat);
          children.computeIfAbsent(stat.ppid(), k -> new ArrayList<>()).add(stat.pid());
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    long sink = 0;
    for (long pid : pids) {
      List<Long> pending = new ArrayList<>(List.of(pid));
      int n = 0;
      while (!pending.isEmpty()) {
        long p = pending.remove(pending.size() - 1);
        ProcStat stat = all.get(p);
        if (stat != null) {
          sink += stat.rssPages();
          n++;
        }
        pending.addAll(children.getOrDefault(p, List.of()));
      }
      if (n != 2) {
        throw new IllegalStateException("scan saw " + n + " processes");
      }
    }
    return sink;
  }

  private static void awaitTrees(ProcessTreeSampler sampler, long[] pids) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    for (long pid : pids) {
      while (true) {
        TreeUsage usage = sampler.sample(pid);
        if (usage != null && usage.processes() == 2) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("job " + pid + " did not start its child");
        }
        LockSupport.parkNanos(1_000_000);
      }
    }
  }

  private static long countProcesses() throws IOException {
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(ProcStat.PROC, "[0-9]*")) {
      long n = 0;
      for (Path ignored : dirs) {
        n++;
      }
      return n;
    }
  }
}
