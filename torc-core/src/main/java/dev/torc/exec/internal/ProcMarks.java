package dev.torc.exec.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Finds the processes of this machine that carry a mark, the value of {@link #VARIABLE} in their
 * environment, by reading {@code /proc/PID/environ}. Every process a job starts inherits the mark,
 * however it forks, detaches or renames itself, unless it replaces its whole environment when it
 * executes a program. Processes whose environment cannot be read (another user's, when not root)
 * and zombies count as unmarked.
 */
public final class ProcMarks {
  /** The environment variable that holds a process's mark. */
  public static final String VARIABLE = "TORC_ATTEMPT_KEY";

  private static final byte[] PREFIX = (VARIABLE + "=").getBytes(StandardCharsets.US_ASCII);

  private ProcMarks() {}

  /** Whether this machine has a {@code /proc} in which marks can be read. */
  public static boolean isAvailable() {
    return Files.isReadable(ProcStat.PROC.resolve("self").resolve("environ"));
  }

  /** The live processes whose mark {@code which} accepts, by mark. */
  public static Map<String, List<Long>> find(Predicate<String> which) {
    Map<String, List<Long>> found = new HashMap<>();
    for (long pid : pids()) {
      String mark = markOf(pid);
      if (mark != null && which.test(mark)) {
        found.computeIfAbsent(mark, m -> new ArrayList<>()).add(pid);
      }
    }
    return found;
  }

  /** The live processes that carry exactly this mark. */
  public static List<Long> find(String mark) {
    return find(mark::equals).getOrDefault(mark, List.of());
  }

  /**
   * The pid the kernel gave last in this pid namespace, the fifth field of {@code /proc/loadavg},
   * or -1 when it cannot be read.
   */
  static long lastPid() {
    return LoadAvg.lastPid();
  }

  /** {@code /proc/loadavg}, kept open: read again from its start, it tells the present. */
  private static final class LoadAvg {
    private static final RandomAccessFile FILE = open();
    private static final byte[] BUFFER = new byte[256];

    private static RandomAccessFile open() {
      try {
        return new RandomAccessFile(ProcStat.PROC.resolve("loadavg").toFile(), "r");
      } catch (IOException e) {
        return null;
      }
    }

    static synchronized long lastPid() {
      if (FILE == null) {
        return -1;
      }
      int length;
      try {
        FILE.seek(0);
        length = FILE.read(BUFFER);
      } catch (IOException e) {
        return -1;
      }
      int end = length;
      while (end > 0 && !isDigit(BUFFER[end - 1])) {
        end--;
      }
      int start = end;
      while (start > 0 && isDigit(BUFFER[start - 1])) {
        start--;
      }
      if (start == end || start == 0 || BUFFER[start - 1] != ' ') {
        return -1;
      }
      return Long.parseLong(new String(BUFFER, start, end - start, StandardCharsets.US_ASCII));
    }

    private static boolean isDigit(byte b) {
      return b >= '0' && b <= '9';
    }
  }

  /** The ids of the processes in {@code /proc} now. */
  static List<Long> pids() {
    // A third cheaper than a DirectoryStream, which makes a Path of every entry.
    String[] names = ProcStat.PROC.toFile().list();
    if (names == null) {
      return List.of();
    }
    List<Long> pids = new ArrayList<>(names.length);
    for (String name : names) {
      if (!name.isEmpty() && Character.isDigit(name.charAt(0))) {
        try {
          pids.add(Long.parseLong(name));
        } catch (NumberFormatException notAProcess) {
          // Not a process directory.
        }
      }
    }
    return pids;
  }

  /**
   * The mark of a process, or {@code null} when it has none, is gone, is a zombie or cannot be
   * read.
   */
  public static String markOf(long pid) {
    byte[] environ = environOf(pid);
    return environ == null ? null : valueIn(environ);
  }

  /**
   * The environment block of a process, or {@code null} when it cannot be read; empty for a zombie,
   * a kernel thread, or a process in the middle of executing a program.
   */
  static byte[] environOf(long pid) {
    // Half the cost of Files.readAllBytes, which asks the size (always 0 here) and opens a channel.
    try (RandomAccessFile in = new RandomAccessFile("/proc/" + pid + "/environ", "r")) {
      byte[] environ = new byte[4096];
      int length = 0;
      int read;
      while ((read = in.read(environ, length, environ.length - length)) > 0) {
        length += read;
        if (length == environ.length) {
          environ = Arrays.copyOf(environ, 2 * length);
        }
      }
      return Arrays.copyOf(environ, length);
    } catch (IOException | SecurityException e) {
      return null;
    }
  }

  /** The mark in the NUL-separated {@code NAME=value} entries of an environment block. */
  static String valueIn(byte[] environ) {
    int start = 0;
    while (start < environ.length) {
      int end = start;
      while (end < environ.length && environ[end] != 0) {
        end++;
      }
      if (startsWithPrefix(environ, start, end)) {
        return new String(
            environ, start + PREFIX.length, end - start - PREFIX.length, StandardCharsets.UTF_8);
      }
      start = end + 1;
    }
    return null;
  }

  private static boolean startsWithPrefix(byte[] environ, int start, int end) {
    if (end - start < PREFIX.length) {
      return false;
    }
    for (int i = 0; i < PREFIX.length; i++) {
      if (environ[start + i] != PREFIX[i]) {
        return false;
      }
    }
    return true;
  }
}
