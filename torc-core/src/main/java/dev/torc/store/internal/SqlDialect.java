package dev.torc.store.internal;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What differs between the SQL engines {@link SqlWorkflowStore} runs on: how a connection is
 * opened, where the migrations live, how transactions begin and lock, and how ids are handed out.
 * The graph rules and the queries themselves are the same on every engine.
 */
interface SqlDialect {

  /** Where the store lives, for messages; never contains a password. */
  String describe();

  /** Opens and configures a new connection. */
  Connection connect() throws SQLException;

  /** The resource folder of this engine's migration scripts, ending with a slash. */
  String migrationDir();

  /** Begins a transaction; {@code write} transactions will change the store. */
  void begin(Connection connection, boolean write) throws SQLException;

  void commit(Connection connection) throws SQLException;

  /**
   * The id of the transaction under way, taken just before it commits, for {@link #committed}; null
   * when it has written nothing, or when this engine's commits cannot be lost in transit.
   */
  Long transactionId(Connection connection) throws SQLException;

  /**
   * Whether the transaction with this id (from {@link #transactionId}) committed: true, false when
   * it did not, null while that is not known (it is still open).
   */
  Boolean committed(Connection connection, long transactionId) throws SQLException;

  void rollback(Connection connection) throws SQLException;

  /**
   * The statement, with the workflow id as its one argument, that keeps other writers of the
   * workflow out for the rest of the transaction: all of them when {@code exclusive}, else only the
   * exclusive ones (whole-workflow changes); null for engines whose write transactions exclude each
   * other already.
   */
  String lockWorkflowSql(boolean exclusive);

  /**
   * A condition, appended to the {@code WHERE} clause of a query that reads one row with a {@code
   * workflow_id} column {@link #forUpdate()}, that takes the lock of {@link #lockWorkflowSql} with
   * {@code exclusive} false on that workflow before the row itself is locked, in the same round
   * trip; empty when not needed.
   */
  String lockWorkflowOfRowCondition();

  /** Keeps other creators of workflows out for the rest of the transaction. */
  void lockCreation(Connection connection) throws SQLException;

  /** Appended to a query that reads rows the transaction will change: locks them. */
  String forUpdate();

  /**
   * Appended to the query of ready jobs a claim picks from, which takes one argument: how many rows
   * to read at most. Rows that concurrent claims hold are skipped.
   */
  String claimLimit();

  /**
   * Reserves {@code count > 0} consecutive new ids of this table, above every id it ever handed
   * out; the caller holds {@link #lockCreation}.
   *
   * @return the first of them
   */
  long reserveIds(Connection connection, String table, int count) throws SQLException;

  /** The id the last insert of this connection into this table got. */
  long insertedId(Connection connection, String table) throws SQLException;

  /**
   * The passing fault the transaction failed with, so that it may succeed when run again from the
   * start (a lock held by another writer, a lost connection, a full disk); null for an error that
   * running again would repeat.
   */
  StoreFault fault(SQLException e);

  /** The query, with a table name as its one argument, that counts tables of that name: 0 or 1. */
  String tableCountSql();
}
