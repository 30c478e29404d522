package dev.torc.store;

/**
 * The store was asked to open a file that is not torc's database: not an SQLite database at all, or
 * one of another program. The file was left as it was.
 */
public class NotATorcDatabaseException extends StoreException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with this message and cause.
   *
   * @param message which file, and why it is not torc's database
   * @param cause the error that showed it
   */
  public NotATorcDatabaseException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * An exception with this message.
   *
   * @param message which file, and why it is not torc's database
   */
  public NotATorcDatabaseException(String message) {
    super(message);
  }
}
