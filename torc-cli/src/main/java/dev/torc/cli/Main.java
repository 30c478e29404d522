package dev.torc.cli;

import java.util.List;

/** Runs the {@code torc} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit status, without exiting. */
  public static int run(String... args) {
    return TorcCommand.commandLine(List.of(args)).execute(args);
  }
}
