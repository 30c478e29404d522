package dev.torc.cli;

/** The exit statuses of the {@code torc} command. */
final class ExitCodes {
  /** Everything asked for was done (for runs: every job completed). */
  static final int OK = 0;

  /** A run ended with jobs failed, canceled or terminated, or an operation failed. */
  static final int FAILURE = 1;

  /** The command line or its input was invalid: bad options, an invalid spec, an unknown id. */
  static final int INVALID_INPUT = 2;

  /** A run stopped with jobs in {@code pending_failed}, awaiting classification. */
  static final int AWAITING_CLASSIFICATION = 3;

  private ExitCodes() {}
}
