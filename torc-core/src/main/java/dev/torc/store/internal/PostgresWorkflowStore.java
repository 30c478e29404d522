package dev.torc.store.internal;

import java.time.Clock;
import java.util.Map;

/** Opens the {@link SqlWorkflowStore} in a PostgreSQL schema (see {@link PostgresDialect}). */
public final class PostgresWorkflowStore {
  private PostgresWorkflowStore() {}

  /**
   * Opens the store at this location ({@code postgresql://USER@HOST[:PORT]/DB[?schema=S]} or {@code
   * jdbc:postgresql://...}), creating the schema when missing and migrating it.
   *
   * @throws dev.torc.store.StoreException when the location is malformed, the database cannot be
   *     reached, or its schema is newer than this code
   */
  public static SqlWorkflowStore open(String location, Clock clock) {
    return SqlWorkflowStore.postgres(PostgresLocation.parse(location, System.getenv()), clock);
  }

  /** As {@link #open(String, Clock)} with an environment of the caller's choosing. */
  public static SqlWorkflowStore open(String location, Map<String, String> env, Clock clock) {
    return SqlWorkflowStore.postgres(PostgresLocation.parse(location, env), clock);
  }
}
