package dev.torc.store;

import dev.torc.store.internal.InMemoryWorkflowStore;
import dev.torc.store.internal.PostgresLocation;
import dev.torc.store.internal.PostgresWorkflowStore;
import dev.torc.store.internal.SqliteWorkflowStore;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.regex.Pattern;

/** Opens the stores torc ships with. */
public final class Stores {
  /** The environment variable that overrides the default database. */
  public static final String DATABASE_ENV = "TORC_DATABASE";

  /**
   * A location that starts with a URL scheme such as {@code mysql:} or {@code jdbc:}; a Windows
   * drive letter has one letter only. A file whose name has a colon in it is named {@code ./a:b}.
   */
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:");

  private Stores() {}

  /**
   * Opens the store at this location: a file path (SQLite), {@code
   * postgresql://USER@HOST[:PORT]/DB[?schema=SCHEMA]} or {@code jdbc:postgresql://...}
   * (PostgreSQL). A PostgreSQL location never carries a password: it comes from {@code PGPASSWORD},
   * or the PostgreSQL driver reads it from {@code ~/.pgpass}. The store and its tables are created
   * when missing and migrated to the current schema.
   *
   * @param location a file path or a PostgreSQL URL
   * @return the open store; the caller closes it
   * @throws StoreException when the location has an unknown scheme or is malformed, or the store
   *     cannot be opened
   */
  public static WorkflowStore open(String location) {
    Objects.requireNonNull(location, "location");
    if (location.isBlank()) {
      throw new StoreException("the database location is empty");
    }
    if (PostgresLocation.isPostgres(location)) {
      return PostgresWorkflowStore.open(location, Clock.systemUTC());
    }
    if (SCHEME.matcher(location).find()) {
      throw new StoreException(
          "unknown database location '"
              + location
              + "': give a file path (SQLite), postgresql://USER@HOST[:PORT]/DB[?schema=NAME]"
              + " or jdbc:postgresql://... (a file whose name has a colon: ./NAME)");
    }
    try {
      return sqlite(Path.of(location));
    } catch (InvalidPathException e) {
      throw new StoreException("invalid database path '" + location + "': " + e.getMessage(), e);
    }
  }

  /**
   * Whether this location names a PostgreSQL database rather than a SQLite file.
   *
   * @param location a store's location, as {@link #open} takes it
   * @return true for a PostgreSQL URL
   */
  public static boolean isPostgres(String location) {
    return PostgresLocation.isPostgres(location);
  }

  /**
   * Where a store is, as jobs see it in {@code TORC_API_URL}.
   *
   * @param location a store's location, as {@link #open} takes it
   * @return a PostgreSQL location as given, a SQLite file as {@code sqlite:} and its absolute path
   */
  public static String apiUrl(String location) {
    return isPostgres(location) ? location : "sqlite:" + Path.of(location).toAbsolutePath();
  }

  /**
   * Opens (creating it and its directory when missing) the SQLite store in this file, migrating its
   * schema to the current version.
   *
   * @param file the database file
   * @return the open store; the caller closes it
   * @throws StoreException when the file cannot be opened or was written by a newer torc
   */
  public static WorkflowStore sqlite(Path file) {
    return SqliteWorkflowStore.open(file);
  }

  /**
   * The SQLite store in this file, with this clock for the times it records and compares (event
   * times, heartbeats, when a delayed retry may be claimed): for simulations on a virtual clock.
   *
   * @param file the database file
   * @param clock the store's clock
   * @return the open store; the caller closes it
   * @throws StoreException when the file cannot be opened or was written by a newer torc
   */
  public static WorkflowStore sqlite(Path file, Clock clock) {
    return SqliteWorkflowStore.open(file, clock);
  }

  /** {@return a new, empty store that lives only in this process's memory} */
  public static WorkflowStore inMemory() {
    return new InMemoryWorkflowStore();
  }

  /**
   * The store to use when none is named.
   *
   * @return {@code $TORC_DATABASE} when set, else {@link DefaultLocations#database()} ({@code
   *     output/torc.db}, or {@code torc_output/torc.db} where only that one exists): a path or a
   *     URL
   */
  public static String defaultLocation() {
    String fromEnv = System.getenv(DATABASE_ENV);
    return fromEnv != null && !fromEnv.isBlank() ? fromEnv : DefaultLocations.database().toString();
  }

  /**
   * The store file to use when none is named.
   *
   * @return {@code $TORC_DATABASE} when set, else {@link DefaultLocations#database()}
   */
  public static Path defaultDatabasePath() {
    String fromEnv = System.getenv(DATABASE_ENV);
    return fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv) : DefaultLocations.database();
  }
}
