package dev.torc.exec.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The fields torc reads from one {@code /proc/PID/stat} line.
 *
 * @param pid the process
 * @param state the state letter ({@code R}, {@code S}, {@code Z}, ...)
 * @param ppid the parent
 * @param pgrp the process group
 * @param session the session
 * @param cpuTicks user + system time of the process and of its reaped children, in clock ticks
 * @param numThreads threads in the process
 * @param startTicks when the process started, in clock ticks after boot
 * @param rssPages resident pages
 */
public record ProcStat(
    long pid,
    char state,
    long ppid,
    long pgrp,
    long session,
    long cpuTicks,
    int numThreads,
    long startTicks,
    long rssPages) {

  /** The root of the proc file system. */
  public static final Path PROC = Path.of("/proc");

  // Flags of the flags field of stat: a process that is exiting, a kernel thread.
  private static final long PF_EXITING = 0x4;
  private static final long PF_KTHREAD = 0x00200000;

  /** Reads {@code /proc/PID/stat}, or returns {@code null} if the process is gone. */
  public static ProcStat read(long pid) {
    Path stat = PROC.resolve(Long.toString(pid)).resolve("stat");
    // Most reads after a job ends find its process gone; asking first is far cheaper than the
    // NoSuchFileException the read would throw.
    if (!stat.toFile().exists()) {
      return null;
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(stat);
    } catch (IOException e) {
      return null;
    }
    return parse(pid, new String(bytes, StandardCharsets.ISO_8859_1));
  }

  /** Parses the text of a {@code stat} file; {@code null} if it is malformed. */
  public static ProcStat parse(long pid, String line) {
    String[] f = fieldsAfterName(line);
    // f[0] is field 3 (state) of proc(5).
    if (f.length < 22) {
      return null;
    }
    try {
      long cpu =
          Long.parseLong(f[11])
              + Long.parseLong(f[12])
              + Long.parseLong(f[13])
              + Long.parseLong(f[14]);
      return new ProcStat(
          pid,
          f[0].charAt(0),
          Long.parseLong(f[1]),
          Long.parseLong(f[2]),
          Long.parseLong(f[3]),
          cpu,
          Integer.parseInt(f[17]),
          Long.parseLong(f[19]),
          Long.parseLong(f[21]));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The fields from the third (the state) on; none if the line is malformed. */
  private static String[] fieldsAfterName(String line) {
    // The command name sits in parentheses and may itself hold spaces and parentheses.
    int close = line.lastIndexOf(')');
    if (close < 0 || close + 2 >= line.length()) {
      return new String[0];
    }
    return line.substring(close + 2).trim().split(" ");
  }

  /**
   * Whether the process is a kernel thread, exiting or a zombie: one without a user environment,
   * that never forks again while it keeps its pid. {@code false} when it is gone or cannot be read.
   */
  public static boolean isKernelThreadOrExiting(long pid) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("stat"));
    } catch (IOException e) {
      return false;
    }
    String[] f = fieldsAfterName(new String(bytes, StandardCharsets.ISO_8859_1));
    // f[0] is field 3 (state) of proc(5), f[6] field 9 (flags).
    if (f.length < 7) {
      return false;
    }
    try {
      return f[0].charAt(0) == 'Z' || (Long.parseLong(f[6]) & (PF_KTHREAD | PF_EXITING)) != 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Whether the process exists and is not a zombie. */
  public static boolean isRunning(long pid) {
    ProcStat stat = read(pid);
    return stat != null && stat.state != 'Z' && stat.state != 'X';
  }
}
