package dev.torc.store;

/**
 * The store was asked to open a file that is not torc's database: not an SQLite database at all, or
 * one of another program. The file was left as it was.
 */
public class NotATorcDatabaseException extends StoreException {
  private static final long serialVersionUID = 1L;

  public NotATorcDatabaseException(String message, Throwable cause) {
    super(message, cause);
  }

  public NotATorcDatabaseException(String message) {
    super(message);
  }
}
