package dev.torc.exec;

import java.util.Optional;

/** The POSIX signals torc sends or reports, with their Linux numbers. */
public enum Signal {
  HUP(1),
  INT(2),
  QUIT(3),
  ABRT(6),
  KILL(9),
  USR1(10),
  SEGV(11),
  USR2(12),
  PIPE(13),
  ALRM(14),
  TERM(15),
  CONT(18),
  STOP(19),
  XCPU(24);

  private final int number;

  Signal(int number) {
    this.number = number;
  }

  /** The signal's number on Linux. */
  public int number() {
    return number;
  }

  /** The exit code a shell reports for a process this signal killed: 128 + the number. */
  public int exitCode() {
    return 128 + number;
  }

  /** The signal with the given number, if torc knows it. */
  public static Optional<Signal> ofNumber(int number) {
    for (Signal signal : values()) {
      if (signal.number == number) {
        return Optional.of(signal);
      }
    }
    return Optional.empty();
  }
}
