package dev.torc.executor;

/**
 * Why an attempt can never start, as {@link AttemptHandle#started()} reports it: the runner records
 * the attempt as ended at once with {@link #returnCode()} and this message as its note.
 */
public final class AttemptStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The return code to record for the attempt. */
  private final int returnCode;

  /**
   * An attempt that can never start.
   *
   * @param returnCode the return code to record for the attempt
   * @param message why it cannot start; recorded as the attempt's note
   */
  public AttemptStartException(int returnCode, String message) {
    super(message);
    this.returnCode = returnCode;
  }

  /** {@return the return code to record for the attempt} */
  public int returnCode() {
    return returnCode;
  }
}
