package dev.torc;

/** The root of every exception torc throws on purpose; the CLI turns each into one clear line. */
public class TorcException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with this message.
   *
   * @param message what went wrong, in one line a user acts on
   */
  public TorcException(String message) {
    super(message);
  }

  /**
   * An exception with this message and cause.
   *
   * @param message what went wrong, in one line a user acts on
   * @param cause the error behind it
   */
  public TorcException(String message, Throwable cause) {
    super(message, cause);
  }
}
