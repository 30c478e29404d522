package dev.torc.exec.internal;

import dev.torc.exec.JobContainment;
import dev.torc.exec.Signal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Contains jobs by sweeping {@code /proc} for the mark in each process's environment ({@link
 * ProcMarks}). Usage lookups remember each process's mark (or its lack) while its pid stays in
 * {@code /proc}, once its environment could be read, so that frequent samples read only new
 * processes' environments; signals always read them afresh.
 */
public final class ProcSweepContainment implements JobContainment {
  private static final Logger LOG = LoggerFactory.getLogger(ProcSweepContainment.class);
  private static final int KILL_ROUNDS = 50;
  private static final long ROUND_PAUSE_MILLIS = 5;
  private static final long EXIT_WAIT_MILLIS = 2_000;
  private static final String UNMARKED = "";
  private static final long MAX_WINDOW_PIDS = 64;
  private static final long MAX_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final Map<Long, String> known = new HashMap<>();

  /**
   * The marks of the jobs' own processes this JVM started and has not reaped, by pid: the pids
   * after a job's own are mostly other jobs started since, whose marks need no reading.
   */
  private static final Map<Long, String> LIVE_ROOTS = new ConcurrentHashMap<>();

  /** Notes a job's own process, started with {@code mark}, until {@link #rootReaped}. */
  static void rootStarted(long pid, String mark) {
    LIVE_ROOTS.put(pid, mark);
  }

  /**
   * Forgets a job's own process once it is reaped (the kernel gives its pid again only after going
   * round them all).
   */
  static void rootReaped(long pid) {
    LIVE_ROOTS.remove(pid);
  }

  @Override
  public String name() {
    return "/proc sweep by " + ProcMarks.VARIABLE;
  }

  @Override
  public synchronized Map<String, List<Long>> members(Predicate<String> marks) {
    Map<String, List<Long>> found = new HashMap<>();
    Set<Long> present = new HashSet<>();
    for (long pid : ProcMarks.pids()) {
      present.add(pid);
      String mark = known.get(pid);
      if (mark == null) {
        byte[] environ = ProcMarks.environOf(pid);
        String read = environ == null ? null : ProcMarks.valueIn(environ);
        mark = read == null ? UNMARKED : read;
        // An empty or unreadable environment may be a process between two programs: ask again,
        // unless it is a kernel thread, exiting or a zombie, which never gets a mark. There are
        // dozens of kernel threads, whose environment cannot be opened: reading them again at
        // every sweep, one exception each, was most of the cost of a sweep.
        if ((environ != null && environ.length > 0) || ProcStat.isKernelThreadOrExiting(pid)) {
          known.put(pid, mark);
        }
      }
      if (!mark.isEmpty() && marks.test(mark)) {
        found.computeIfAbsent(mark, m -> new ArrayList<>()).add(pid);
      }
    }
    known.keySet().retainAll(present);
    return found;
  }

  /**
   * After a short job, looks only at the pids the kernel gave since the job's own: it gives them in
   * increasing order, wrapping around at {@code pid_max} (at least 32,768), so every process the
   * job started has one in between, unless the numbers went all the way round in that time. A full
   * sweep, which lists the whole of {@code /proc} (some 100 us with a hundred processes), follows
   * longer jobs, wider windows, a wrap, and a process in the window whose environment cannot be
   * read yet (one between two programs).
   */
  @Override
  public boolean mayHaveMembers(String mark, long rootPid, Duration lifetime) {
    if (lifetime.toNanos() < MAX_WINDOW_NANOS) {
      long last = ProcMarks.lastPid();
      if (last >= rootPid && last - rootPid <= MAX_WINDOW_PIDS) {
        boolean unsure = false;
        for (long pid = rootPid; pid <= last; pid++) {
          String root = LIVE_ROOTS.get(pid);
          String found = root != null ? root : markIn(pid);
          if (mark.equals(found)) {
            return true;
          }
          unsure |= found == null;
        }
        if (!unsure) {
          return false;
        }
      }
    }
    return !members(mark::equals).isEmpty();
  }

  /**
   * The mark of a process, {@link #UNMARKED} when it has none or never will again (gone, a kernel
   * thread, exiting), {@code null} when its environment cannot be read yet.
   */
  private static String markIn(long pid) {
    // Most pids of the window are gone already: asking is cheaper than the exception of a read.
    if (!ProcStat.PROC.resolve(Long.toString(pid)).toFile().exists()) {
      return UNMARKED;
    }
    byte[] environ = ProcMarks.environOf(pid);
    if (environ == null || environ.length == 0) {
      return ProcStat.isKernelThreadOrExiting(pid)
              || !ProcStat.PROC.resolve(Long.toString(pid)).toFile().exists()
          ? UNMARKED
          : null;
    }
    String mark = ProcMarks.valueIn(environ);
    return mark == null ? UNMARKED : mark;
  }

  @Override
  public int signal(Predicate<String> marks, Signal signal) {
    int reached = 0;
    for (List<Long> pids : ProcMarks.find(marks).values()) {
      for (long pid : pids) {
        if (send(pid, signal)) {
          reached++;
        }
      }
    }
    return reached;
  }

  @Override
  public Set<String> killAll(Predicate<String> marks) {
    Set<Long> killed = new HashSet<>();
    Set<String> killedMarks = new HashSet<>();
    for (int round = 0; round < KILL_ROUNDS; round++) {
      int sent = 0;
      for (Map.Entry<String, List<Long>> found : ProcMarks.find(marks).entrySet()) {
        for (long pid : found.getValue()) {
          if (send(pid, Signal.KILL)) {
            killed.add(pid);
            killedMarks.add(found.getKey());
            sent++;
          }
        }
      }
      if (sent == 0) {
        break;
      }
      pause(ROUND_PAUSE_MILLIS);
    }
    awaitExit(killed);
    if (!killed.isEmpty()) {
      LOG.debug("killed {} processes marked {}", killed.size(), killedMarks);
    }
    return killedMarks;
  }

  /** Waits until each process is gone or a zombie: its files, locks included, are closed then. */
  private static void awaitExit(Set<Long> pids) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(EXIT_WAIT_MILLIS);
    for (long pid : pids) {
      while (ProcStat.isRunning(pid) && System.nanoTime() < deadline) {
        pause(1);
      }
    }
  }

  private static boolean send(long pid, Signal signal) {
    try {
      return Signals.send(pid, signal);
    } catch (RuntimeException e) {
      LOG.warn("cannot send SIG{} to marked process {}: {}", signal, pid, e.getMessage());
      return false;
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
