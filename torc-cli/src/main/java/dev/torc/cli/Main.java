package dev.torc.cli;

/** Runs the {@code torc} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit status, without exiting. */
  public static int run(String... args) {
    return TorcCommand.commandLine().execute(args);
  }
}
