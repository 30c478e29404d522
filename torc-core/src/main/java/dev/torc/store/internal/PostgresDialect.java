package dev.torc.store.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * PostgreSQL, in one schema of one database, shared by runners on many hosts. Transactions run at
 * {@code READ COMMITTED}; writers of one workflow hold a transaction-scoped advisory lock on it,
 * shared by claims and per-job changes (which lock the rows they change, and claims skip rows
 * others hold), exclusive for whole-workflow changes. Lost connections, deadlocks and serialization
 * failures, a full disk and I/O errors are faults that pass: the store runs the transaction again.
 */
final class PostgresDialect implements SqlDialect {
  /** The first key of the two-key advisory lock that serializes creating workflows. */
  private static final int CREATION_LOCK_CLASS = 0x746f7263;

  private final PostgresLocation location;

  PostgresDialect(PostgresLocation location) {
    this.location = location;
  }

  @Override
  public String describe() {
    return location.describe();
  }

  @Override
  public Connection connect() throws SQLException {
    Properties properties = location.connectionProperties();
    Connection connection = DriverManager.getConnection(location.jdbcUrl(), properties);
    try {
      createSchemaIfMissing(connection);
      try (Statement st = connection.createStatement()) {
        st.execute("SET search_path TO " + location.quotedSchema());
      }
      connection.setAutoCommit(false);
      connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      connection.commit();
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    return connection;
  }

  /**
   * Creates the schema unless it exists (so that a role without the right to create schemas can use
   * one made for it); another process creating it at the same moment is no error.
   */
  private void createSchemaIfMissing(Connection connection) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
      ps.setString(1, location.schema());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return;
        }
      }
    }
    try (Statement st = connection.createStatement()) {
      st.execute("CREATE SCHEMA IF NOT EXISTS " + location.quotedSchema());
    } catch (SQLException e) {
      if (!"23505".equals(e.getSQLState()) && !"42P06".equals(e.getSQLState())) {
        throw e;
      }
    }
  }

  @Override
  public String migrationDir() {
    return "/dev/torc/store/postgresql/";
  }

  @Override
  public void begin(Connection connection, boolean write) {
    // Without auto-commit, the first statement begins the transaction.
  }

  @Override
  public void commit(Connection connection) throws SQLException {
    connection.commit();
  }

  @Override
  public Long transactionId(Connection connection) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("SELECT txid_current_if_assigned()");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      long id = rs.getLong(1);
      return rs.wasNull() ? null : id;
    }
  }

  @Override
  public Boolean committed(Connection connection, long transactionId) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("SELECT txid_status(?)")) {
      ps.setLong(1, transactionId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        String status = rs.getString(1);
        if ("committed".equals(status)) {
          return true;
        }
        return "aborted".equals(status) ? Boolean.FALSE : null;
      }
    }
  }

  @Override
  public void rollback(Connection connection) throws SQLException {
    connection.rollback();
  }

  @Override
  public String lockWorkflowSql(boolean exclusive) {
    return exclusive ? "SELECT pg_advisory_xact_lock(?)" : "SELECT pg_advisory_xact_lock_shared(?)";
  }

  @Override
  public String lockWorkflowOfRowCondition() {
    // A filter of the scan, so it runs before the LockRows step above the scan locks the row.
    return " AND pg_advisory_xact_lock_shared(workflow_id) IS NOT NULL";
  }

  @Override
  public void lockCreation(Connection connection) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_xact_lock(?, 0)")) {
      ps.setInt(1, CREATION_LOCK_CLASS);
      ps.executeQuery().close();
    }
  }

  @Override
  public String forUpdate() {
    return " FOR UPDATE";
  }

  @Override
  public String claimLimit() {
    return " LIMIT ? FOR UPDATE SKIP LOCKED";
  }

  @Override
  public long reserveIds(Connection connection, String table, int count) throws SQLException {
    String sequence = sequence(table);
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT setval('" + sequence + "', nextval('" + sequence + "') + ? - 1)")) {
      ps.setLong(1, count);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1) - count + 1;
      }
    }
  }

  @Override
  public long insertedId(Connection connection, String table) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT currval('" + sequence(table) + "')")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String sequence(String table) {
    return table + "_id_seq";
  }

  @Override
  public StoreFault fault(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        StoreFault fault = faultOfState(sql.getSQLState());
        if (fault != null) {
          return fault;
        }
      }
    }
    return null;
  }

  /**
   * Connection failures (class 08) and a server that shuts down or is starting (57P01 to 57P03);
   * serialization failures and deadlocks (40001, 40P01); a full disk (53100) and I/O errors
   * (58030).
   */
  static StoreFault faultOfState(String state) {
    if (state == null) {
      return null;
    }
    if (state.startsWith("08")
        || state.equals("57P01")
        || state.equals("57P02")
        || state.equals("57P03")) {
      return StoreFault.CONNECTION;
    }
    if (state.equals("40001") || state.equals("40P01")) {
      return StoreFault.CONTENTION;
    }
    if (state.equals("53100") || state.equals("58030")) {
      return StoreFault.STORAGE;
    }
    return null;
  }

  @Override
  public String tableCountSql() {
    return "SELECT COUNT(*) FROM information_schema.tables"
        + " WHERE table_schema = current_schema() AND table_name = ?";
  }

  @Override
  public String toString() {
    return "PostgreSQL " + describe();
  }
}
