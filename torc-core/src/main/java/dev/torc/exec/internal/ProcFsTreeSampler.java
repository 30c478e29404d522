package dev.torc.exec.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Walks a process tree through {@code /proc}: {@code /proc/PID/stat} for each process and {@code
 * /proc/PID/task/TID/children} to find its children, so a walk reads only the tree's own files (two
 * per single-threaded process) rather than every process on the machine. CPU time includes the
 * children each process has already reaped ({@code cutime}, {@code cstime}), so short-lived
 * commands in a loop still count. Needs a kernel with {@code CONFIG_PROC_CHILDREN}; without it only
 * the root is seen. Processes of the job that left the tree can be added by pid.
 */
public final class ProcFsTreeSampler implements ProcessTreeSampler {
  private static final ProcessAuxv AUXV = ProcessAuxv.current();

  private final long pageSize = AUXV.pageSize();
  private final long nanosPerTick = 1_000_000_000L / AUXV.clockTicks();

  @Override
  public String name() {
    return "procfs";
  }

  @Override
  public TreeUsage sample(long rootPid) {
    return sample(rootPid, List.of());
  }

  @Override
  public TreeUsage sample(long rootPid, Collection<Long> members) {
    ProcStat root = ProcStat.read(rootPid);
    if (root == null || root.state() == 'Z' || root.state() == 'X') {
      return null;
    }
    long rssPages = 0;
    long ticks = 0;
    int processes = 0;
    ArrayDeque<ProcStat> pending = new ArrayDeque<>();
    Set<Long> seen = new HashSet<>();
    pending.add(root);
    seen.add(rootPid);
    while (!pending.isEmpty()) {
      ProcStat stat = pending.poll();
      processes++;
      rssPages += stat.rssPages();
      ticks += stat.cpuTicks();
      Path proc = ProcStat.PROC.resolve(Long.toString(stat.pid()));
      if (stat.numThreads() <= 1) {
        addChildren(proc.resolve("task").resolve(Long.toString(stat.pid())), pending, seen);
      } else {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
          for (Path task : tasks) {
            addChildren(task, pending, seen);
          }
        } catch (IOException | RuntimeException e) {
          // The process exited while we walked it.
        }
      }
    }
    for (long member : members) {
      if (seen.add(member)) {
        ProcStat stat = ProcStat.read(member);
        if (stat != null && stat.state() != 'Z' && stat.state() != 'X') {
          processes++;
          rssPages += stat.rssPages();
          ticks += stat.cpuTicks();
        }
      }
    }
    return new TreeUsage(rssPages * pageSize, ticks * nanosPerTick, processes);
  }

  private static void addChildren(Path task, ArrayDeque<ProcStat> pending, Set<Long> seen) {
    String children;
    try {
      children =
          new String(Files.readAllBytes(task.resolve("children")), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      return;
    }
    int start = 0;
    int length = children.length();
    while (start < length) {
      int end = children.indexOf(' ', start);
      if (end < 0) {
        end = length;
      }
      if (end > start) {
        long child = Long.parseLong(children, start, end, 10);
        if (seen.add(child)) {
          ProcStat stat = ProcStat.read(child);
          if (stat != null) {
            pending.add(stat);
          }
        }
      }
      start = end + 1;
    }
  }
}
