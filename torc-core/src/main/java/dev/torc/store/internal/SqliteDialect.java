package dev.torc.store.internal;

import dev.torc.store.NotATorcDatabaseException;
import dev.torc.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.sqlite.SQLiteErrorCode;

/**
 * SQLite in one file (WAL, {@code synchronous=NORMAL}, foreign keys on). Write transactions begin
 * with {@code BEGIN IMMEDIATE}, taking SQLite's write lock before they read, so writers in other
 * processes never interleave. Readers never wait for writers (WAL). A busy file is waited for up to
 * {@value #BUSY_TIMEOUT_MILLIS} ms at a time; the store then pauses and tries again.
 */
final class SqliteDialect implements SqlDialect {
  private static final int BUSY_TIMEOUT_MILLIS = 5_000;

  private final Path file;

  /** BEGIN, COMMIT and ROLLBACK prepared on {@link #statementsOf}; used under the store's lock. */
  private final Map<String, PreparedStatement> transactionStatements = new HashMap<>();

  private Connection statementsOf;

  SqliteDialect(Path file) {
    this.file = file.toAbsolutePath();
  }

  @Override
  public String describe() {
    return file.toString();
  }

  @Override
  public Connection connect() throws SQLException {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
    } catch (IOException e) {
      throw new StoreException("cannot create the directory of " + file + ": " + e, e);
    }
    // The driver would otherwise match every statement against a pattern, and run a query after
    // every INSERT, for keys the store never asks for (it asks SQLite for last_insert_rowid()).
    Properties properties = new Properties();
    properties.setProperty("jdbc.get_generated_keys", "false");
    Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file, properties);
    try (Statement st = connection.createStatement()) {
      st.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MILLIS);
      refuseForeign(st, file);
      st.execute("PRAGMA journal_mode = WAL");
      st.execute("PRAGMA synchronous = NORMAL");
      st.execute("PRAGMA foreign_keys = ON");
      st.execute("PRAGMA cache_size = -65536");
      st.execute("PRAGMA temp_store = MEMORY");
      // Checkpoint (and fsync) every ~40 MB of WAL rather than every 4 MB: a runner commits a
      // few transactions per job, and the default made checkpoints most of a commit's cost.
      st.execute("PRAGMA wal_autocheckpoint = 10000");
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
    return connection;
  }

  /**
   * Refuses a file that is not an SQLite database, or one that holds tables but not torc's, before
   * anything is written to it.
   */
  private static void refuseForeign(Statement st, Path file) {
    List<String> tables = new ArrayList<>();
    try (ResultSet rs =
        st.executeQuery(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                + " ORDER BY name")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    } catch (SQLException e) {
      if (e.getErrorCode() == SQLiteErrorCode.SQLITE_NOTADB.code) {
        throw new NotATorcDatabaseException(
            "the file " + file + " is not a torc database (not an SQLite database at all)", e);
      }
      throw new StoreException("cannot read the database " + file + ": " + e.getMessage(), e);
    }
    if (!tables.isEmpty() && !tables.contains("schema_version")) {
      throw new NotATorcDatabaseException(
          "the file "
              + file
              + " is an SQLite database of another program (tables "
              + String.join(", ", tables.subList(0, Math.min(5, tables.size())))
              + (tables.size() > 5 ? ", ..." : "")
              + "), not a torc database; torc will not add its tables to it");
    }
  }

  @Override
  public String migrationDir() {
    return "/dev/torc/store/sqlite/";
  }

  @Override
  public void begin(Connection connection, boolean write) throws SQLException {
    execute(connection, write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
  }

  @Override
  public void commit(Connection connection) throws SQLException {
    execute(connection, "COMMIT");
  }

  @Override
  public void rollback(Connection connection) throws SQLException {
    execute(connection, "ROLLBACK");
  }

  /** Runs one of the transaction statements, each prepared once per connection. */
  private void execute(Connection connection, String sql) throws SQLException {
    if (connection != statementsOf) {
      transactionStatements.clear();
      statementsOf = connection;
    }
    PreparedStatement ps = transactionStatements.get(sql);
    if (ps == null) {
      ps = connection.prepareStatement(sql);
      transactionStatements.put(sql, ps);
    }
    ps.execute();
  }

  @Override
  public String lockWorkflowSql(boolean exclusive) {
    return null; // BEGIN IMMEDIATE holds the file's write lock already.
  }

  @Override
  public Long transactionId(Connection connection) {
    // A local file: a commit's outcome is known when commit() returns or throws.
    return null;
  }

  @Override
  public Boolean committed(Connection connection, long transactionId) {
    throw new UnsupportedOperationException("SQLite transactions have no ids to ask about");
  }

  @Override
  public String lockWorkflowOfRowCondition() {
    return "";
  }

  @Override
  public void lockCreation(Connection connection) {
    // BEGIN IMMEDIATE holds the file's write lock already.
  }

  @Override
  public String forUpdate() {
    return "";
  }

  @Override
  public String claimLimit() {
    return " LIMIT ?";
  }

  @Override
  public long reserveIds(Connection connection, String table, int count) throws SQLException {
    long sequence = 0;
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT seq FROM sqlite_sequence WHERE name = ?")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          sequence = rs.getLong(1);
        }
      }
    }
    long first;
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(id), 0) FROM " + table)) {
      rs.next();
      first = Math.max(sequence, rs.getLong(1)) + 1;
    }
    // Recorded at once, so that a create in chunks keeps its ids after it commits a chunk.
    try (PreparedStatement ps =
        connection.prepareStatement("UPDATE sqlite_sequence SET seq = ? WHERE name = ?")) {
      ps.setLong(1, first + count - 1);
      ps.setString(2, table);
      if (ps.executeUpdate() == 0) {
        try (PreparedStatement insert =
            connection.prepareStatement("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)")) {
          insert.setString(1, table);
          insert.setLong(2, first + count - 1);
          insert.executeUpdate();
        }
      }
    }
    return first;
  }

  @Override
  public long insertedId(Connection connection, String table) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT last_insert_rowid()")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  public StoreFault fault(SQLException e) {
    // The driver reports the primary result code; extended codes (SQLITE_BUSY_SNAPSHOT,
    // SQLITE_IOERR_WRITE, ...) share it in their low byte.
    int code = e.getErrorCode() & 0xff;
    if (code == SQLiteErrorCode.SQLITE_BUSY.code || code == SQLiteErrorCode.SQLITE_LOCKED.code) {
      return StoreFault.CONTENTION;
    }
    if (code == SQLiteErrorCode.SQLITE_FULL.code || code == SQLiteErrorCode.SQLITE_IOERR.code) {
      return StoreFault.STORAGE;
    }
    return null;
  }

  @Override
  public String tableCountSql() {
    return "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?";
  }

  @Override
  public String toString() {
    return "SQLite " + file;
  }
}
