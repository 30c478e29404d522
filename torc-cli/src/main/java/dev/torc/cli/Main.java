package dev.torc.cli;

import java.util.List;

/** Runs the {@code torc} command. */
public final class Main {
  private Main() {}

  /**
   * Runs the command line and exits with its status.
   *
   * @param args the command line, without the program name
   */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /**
   * Runs the command line without exiting.
   *
   * @param args the command line, without the program name
   * @return the exit status (see {@code ExitCodes})
   */
  public static int run(String... args) {
    return TorcCommand.commandLine(List.of(args)).execute(args);
  }
}
