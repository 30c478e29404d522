package dev.torc.store.internal;

import java.nio.file.Path;
import java.time.Clock;

/** Opens the {@link SqlWorkflowStore} in one SQLite file (see {@link SqliteDialect}). */
public final class SqliteWorkflowStore {
  private SqliteWorkflowStore() {}

  /**
   * Opens the store in this file, creating the file and its missing parent directories, and
   * migrating its schema to {@link #schemaVersion()}.
   *
   * @throws dev.torc.store.StoreException when the file cannot be opened or its schema is newer
   *     than this code
   */
  public static SqlWorkflowStore open(Path file) {
    return open(file, Clock.systemUTC());
  }

  /** Like {@link #open(Path)}, taking creation and event times from this clock. */
  public static SqlWorkflowStore open(Path file, Clock clock) {
    return SqlWorkflowStore.sqlite(file, clock);
  }

  /** The schema version this code creates and understands. */
  public static int schemaVersion() {
    return SqlWorkflowStore.schemaVersion();
  }
}
