package dev.torc.exec;

import java.util.Optional;

/** The POSIX signals torc sends or reports, with their Linux numbers. */
public enum Signal {
  /** Hangup. */
  HUP(1),
  /** Interrupt, as from Ctrl-C. */
  INT(2),
  /** Quit, with a core dump. */
  QUIT(3),
  /** Abort, as from {@code abort()}. */
  ABRT(6),
  /** Kill; cannot be caught. */
  KILL(9),
  /** User-defined signal 1. */
  USR1(10),
  /** Invalid memory reference. */
  SEGV(11),
  /** User-defined signal 2. */
  USR2(12),
  /** Write to a pipe with no reader. */
  PIPE(13),
  /** Timer alarm. */
  ALRM(14),
  /** Polite request to terminate. */
  TERM(15),
  /** Continue a stopped process. */
  CONT(18),
  /** Stop the process; cannot be caught. */
  STOP(19),
  /** CPU time limit exceeded. */
  XCPU(24);

  private final int number;

  Signal(int number) {
    this.number = number;
  }

  /** {@return the signal's number on Linux} */
  public int number() {
    return number;
  }

  /** {@return the exit code a shell reports for a process this signal killed: 128 + the number} */
  public int exitCode() {
    return 128 + number;
  }

  /**
   * The signal with the given number, if torc knows it.
   *
   * @param number a signal number on Linux
   * @return the signal, or empty
   */
  public static Optional<Signal> ofNumber(int number) {
    for (Signal signal : values()) {
      if (signal.number == number) {
        return Optional.of(signal);
      }
    }
    return Optional.empty();
  }
}
