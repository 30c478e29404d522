package dev.torc;

/** The root of every exception torc throws on purpose; the CLI turns each into one clear line. */
public class TorcException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TorcException(String message) {
    super(message);
  }

  public TorcException(String message, Throwable cause) {
    super(message, cause);
  }
}
