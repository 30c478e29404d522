package dev.torc.cli;

import com.sun.jna.Library;
import com.sun.jna.Native;

/** Whether the CLI's standard error goes to a terminal, where a live progress line belongs. */
final class Terminal {
  private static final int STDERR = 2;

  private Terminal() {}

  private interface C extends Library {
    int isatty(int fd);
  }

  /** True only when standard error is a terminal; false when it is redirected or unknown. */
  static boolean stderrIsTerminal() {
    try {
      return Native.load("c", C.class).isatty(STDERR) == 1;
    } catch (LinkageError | RuntimeException e) {
      return false;
    }
  }
}
