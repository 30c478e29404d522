package dev.torc.exec.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

  /** The ids of the processes in {@code /proc} now. */
  static List<Long> pids() {
    List<Long> pids = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(ProcStat.PROC)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (!name.isEmpty() && Character.isDigit(name.charAt(0))) {
          try {
            pids.add(Long.parseLong(name));
          } catch (NumberFormatException notAProcess) {
            // Not a process directory.
          }
        }
      }
    } catch (IOException e) {
      return List.of();
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
    try {
      return Files.readAllBytes(ProcStat.PROC.resolve(Long.toString(pid)).resolve("environ"));
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
