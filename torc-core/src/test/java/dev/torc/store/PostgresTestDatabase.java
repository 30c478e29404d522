package dev.torc.store;

import static org.junit.jupiter.api.Assertions.fail;

import dev.torc.store.internal.PostgresLocation;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server the tests use: {@code TORC_TEST_POSTGRES_URL} ({@code
 * postgresql://USER@HOST:PORT/DB}, as {@code .ci/postgres.sh} exports it). Without it a test is
 * skipped with the reason shown, except in CI ({@code CI=true}), where it fails. Each caller gets a
 * schema of its own.
 */
final class PostgresTestDatabase {
  static final String URL_ENV = "TORC_TEST_POSTGRES_URL";

  private static final AtomicInteger SCHEMAS = new AtomicInteger();
  private static final String RUN = Long.toString(ProcessHandle.current().pid(), 36);

  private PostgresTestDatabase() {}

  /** The server's URL; skips (or in CI fails) the calling test when there is none. */
  static String url() {
    String url = System.getenv(URL_ENV);
    if (url == null || url.isBlank()) {
      String why =
          URL_ENV
              + " is not set: source .ci/postgres.sh (it starts a throwaway PostgreSQL) to run the"
              + " PostgreSQL store tests";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("in CI the PostgreSQL tests must run, but " + why);
      }
      Assumptions.abort(why);
    }
    return url;
  }

  /** A new schema name, unique on the server for this test run. */
  static String newSchema(String prefix) {
    return (prefix + "_" + RUN + "_" + SCHEMAS.incrementAndGet()).toLowerCase(Locale.ROOT);
  }

  /** The location of the store in this schema (created by the store when it opens). */
  static String location(String schema) {
    return url() + (url().contains("?") ? "&" : "?") + "schema=" + schema;
  }

  /** Drops the schema with everything in it. */
  static void drop(String schema) {
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
    } catch (SQLException e) {
      throw new AssertionError("cannot drop schema " + schema, e);
    }
  }

  /** A plain JDBC connection to the server, for checks behind the store's back. */
  static Connection connect() throws SQLException {
    PostgresLocation location = PostgresLocation.parse(url(), System.getenv());
    return DriverManager.getConnection(location.jdbcUrl(), location.connectionProperties());
  }
}
