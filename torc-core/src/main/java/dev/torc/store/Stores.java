package dev.torc.store;

import dev.torc.store.internal.InMemoryWorkflowStore;
import dev.torc.store.internal.SqliteWorkflowStore;
import java.nio.file.Path;

/** Opens the stores torc ships with. */
public final class Stores {
  /** The environment variable that overrides the default database path. */
  public static final String DATABASE_ENV = "TORC_DATABASE";

  private Stores() {}

  /**
   * Opens (creating it and its directory when missing) the SQLite store in this file, migrating its
   * schema to the current version.
   *
   * @throws StoreException when the file cannot be opened or was written by a newer torc
   */
  public static WorkflowStore sqlite(Path file) {
    return SqliteWorkflowStore.open(file);
  }

  /** A new, empty store that lives only in this process's memory. */
  public static WorkflowStore inMemory() {
    return new InMemoryWorkflowStore();
  }

  /** {@code $TORC_DATABASE} when set, else {@code ./torc_output/torc.db}. */
  public static Path defaultDatabasePath() {
    String fromEnv = System.getenv(DATABASE_ENV);
    return fromEnv != null && !fromEnv.isBlank()
        ? Path.of(fromEnv)
        : Path.of("torc_output", "torc.db");
  }
}
