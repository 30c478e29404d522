package dev.torc.executor;

/**
 * Why an attempt can never start, as {@link AttemptHandle#started()} reports it: the runner records
 * the attempt as ended at once with {@link #returnCode()} and this message as its note.
 */
public final class AttemptStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int returnCode;

  public AttemptStartException(int returnCode, String message) {
    super(message);
    this.returnCode = returnCode;
  }

  /** The return code to record for the attempt. */
  public int returnCode() {
    return returnCode;
  }
}
