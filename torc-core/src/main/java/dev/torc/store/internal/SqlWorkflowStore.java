package dev.torc.store.internal;

import dev.torc.model.FailureHandler;
import dev.torc.model.FileSpec;
import dev.torc.model.JobSpec;
import dev.torc.model.JobStatus;
import dev.torc.model.JobsSortMethod;
import dev.torc.model.Memory;
import dev.torc.model.RecoveryConfig;
import dev.torc.model.ResourceMonitorConfig;
import dev.torc.model.ResourceRequirements;
import dev.torc.model.SlurmScheduler;
import dev.torc.model.UserDataSpec;
import dev.torc.model.Workflow;
import dev.torc.store.ActionFiring;
import dev.torc.store.ActiveJob;
import dev.torc.store.AllocationRecord;
import dev.torc.store.AttemptRef;
import dev.torc.store.AttemptStart;
import dev.torc.store.FailureInfo;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import dev.torc.store.RecoveryLedger;
import dev.torc.store.ResourceBudget;
import dev.torc.store.RunnerInfo;
import dev.torc.store.RunnerPass;
import dev.torc.store.RunnerRecord;
import dev.torc.store.SlurmLedger;
import dev.torc.store.SlurmSchedulerRecord;
import dev.torc.store.StoreException;
import dev.torc.store.StoredAction;
import dev.torc.store.WorkflowEvent;
import dev.torc.store.WorkflowRecord;
import dev.torc.store.WorkflowStore;
import dev.torc.store.internal.GraphRows.Candidate;
import dev.torc.store.internal.GraphRows.Dependent;
import dev.torc.store.internal.GraphRows.JobRow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link WorkflowStore} in a SQL database: the graph rules and queries, the same on every
 * engine; a {@link SqlDialect} says how to connect, lock and hand out ids. Every change is one
 * transaction that first takes the locks its engine needs ({@link SqlDialect#lockWorkflow}), so
 * runners in other processes (and, on PostgreSQL, on other hosts) never claim the same job. Reads
 * run in one transaction each, so their queries see one state. One connection serves all threads of
 * this instance, one at a time. A transaction that fails for a reason that passes (a lock another
 * writer holds, a lost connection, a full disk) runs again from the start after a pause that grows,
 * for as long as the fault lasts, with a warning when it lasts ({@link FaultWait}); the connection
 * is opened anew when it was lost.
 *
 * <p>The schema is versioned: opening a database reads its version, and only when migrations are
 * missing applies them, in one write transaction; a current schema opens without writing, so it
 * opens while another process writes. A schema newer than this code knows is refused.
 */
public final class SqlWorkflowStore implements WorkflowStore, SlurmLedger {
  private static final Logger LOG = LoggerFactory.getLogger(SqlWorkflowStore.class);

  /**
   * Migration scripts in order; each one's version is the number in its name, and the schema
   * version is that of the last one applied. A number may be left out (kept for a migration another
   * line of work adds).
   */
  private static final List<String> MIGRATIONS =
      List.of(
          "V1__init.sql",
          "V2__runners.sql",
          "V3__retry_delay.sql",
          "V4__recovery_config.sql",
          "V5__attempt_refs.sql",
          "V6__actions.sql",
          "V7__slurm.sql",
          "V8__generate_plots.sql");

  private static final int SCHEMA_VERSION = versionOf(MIGRATIONS.get(MIGRATIONS.size() - 1));

  private static int versionOf(String script) {
    return Integer.parseInt(script.substring(1, script.indexOf("__")));
  }

  private static final int BATCH_SIZE = 4096;

  /** Workflows with this many jobs or more are created in several transactions. */
  static final int CHUNKED_CREATE_JOBS = 20_000;

  /** About how many rows one transaction of a create in chunks inserts. */
  private static final int CREATE_CHUNK_ROWS = 40_000;

  private static final long CHUNK_GAP_MILLIS = 120;

  /** The first word of the status of a workflow that is being created in chunks. */
  private static final String CREATING = "creating";

  private static final int IN_LIST_CHUNK = 500;
  private static final String SET_STATUS =
      "UPDATE job SET status = ?, not_before = NULL WHERE id = ?";

  /** Sets a status that is neither pending nor running, forgetting the runner and process. */
  private static final String SET_STATUS_IDLE =
      "UPDATE job SET status = ?, runner_id = NULL, attempt_executor = NULL, attempt_host = NULL,"
          + " attempt_external_id = NULL, attempt_started_at = NULL, started_at = NULL,"
          + " not_before = NULL WHERE id = ?";

  private static final String SET_REQUIREMENTS =
      "UPDATE job SET rr_name = ?, num_cpus = ?, memory_bytes = ?, memory_text = ?, num_gpus = ?,"
          + " num_nodes = ?, runtime_seconds = ?, runtime_iso = ? WHERE id = ?";

  /** Codes of the statuses that are not terminal, for SQL. */
  private static final String NOT_TERMINAL_CODES = codes(s -> !s.isTerminal());

  private static final String TERMINAL_CODES = codes(JobStatus::isTerminal);

  private static final String JOB_COLUMNS =
      "j.id, j.workflow_id, j.name, j.command, j.invocation_script, j.status, j.attempt_id,"
          + " j.priority, j.rr_name, j.num_cpus, j.memory_bytes, j.memory_text, j.num_gpus,"
          + " j.num_nodes, j.runtime_iso, j.failure_handler, j.scheduler,"
          + " j.cancel_on_blocking_job_failure, j.supports_termination, j.command_override,"
          + " j.fallback_commands";

  private static final String WORKFLOW_COLUMNS =
      "id, name, \"user\", description, project, run_id, created_at, use_pending_failed,"
          + " rm_enabled, rm_granularity, rm_sample_interval_seconds, jobs_sort_method, status,"
          + " rm_generate_plots";

  /** Leaves out workflows that are being created in chunks. */
  private static final String VISIBLE =
      " AND (status IS NULL OR status NOT LIKE '" + CREATING + " %')";

  private static final String RESULT_COLUMNS =
      "job_id, workflow_id, run_id, attempt_id, return_code, status, exec_time_minutes,"
          + " completion_time, peak_memory_bytes, avg_memory_bytes, peak_cpu_percent,"
          + " avg_cpu_percent";

  private final SqlDialect dialect;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();

  /** The open connection, or null after one was lost; guarded by {@link #lock}. */
  private Connection connection;

  /** Queries with at most this many arguments run on kept statements. */
  private static final int MAX_ARGS_OF_KEPT_QUERIES = 8;

  /** Statements kept open for reuse on the hot paths; guarded by {@link #lock}. */
  private final Map<String, PreparedStatement> statements = new HashMap<>();

  /** The most events one statement writes: a few kept statements cover any pass. */
  private static final int EVENTS_PER_STATEMENT = 32;

  /**
   * Events the transaction under way added, written before it commits; guarded by {@link #lock}.
   */
  private final List<EventRow> unwrittenEvents = new ArrayList<>();

  private boolean closed;

  /** The create in chunks under way, or null; guarded by {@link #lock}. */
  private CreateChunks chunks;

  private final JobGraph graph = new JobGraph(new SqlRows());

  private SqlWorkflowStore(SqlDialect dialect, Clock clock) {
    this.dialect = dialect;
    this.clock = clock;
    try {
      this.connection = dialect.connect();
      LOG.debug("opened the store {}", dialect);
    } catch (SQLException e) {
      throw new StoreException(
          "cannot open the database " + dialect.describe() + ": " + e.getMessage(), e);
    }
    try {
      migrate();
    } catch (RuntimeException e) {
      closeQuietly();
      throw e;
    }
  }

  /**
   * Opens the SQLite store in this file, creating the file and its missing parent directories, and
   * migrating its schema to {@link #schemaVersion()}.
   *
   * @throws StoreException when the file cannot be opened or its schema is newer than this code
   */
  public static SqlWorkflowStore sqlite(Path file, Clock clock) {
    return new SqlWorkflowStore(
        new SqliteDialect(Objects.requireNonNull(file, "file")),
        Objects.requireNonNull(clock, "clock"));
  }

  /**
   * Opens the PostgreSQL store at this location, creating its schema when missing and migrating it
   * to {@link #schemaVersion()}.
   *
   * @throws StoreException when the database cannot be reached or its schema is newer than this
   *     code
   */
  public static SqlWorkflowStore postgres(PostgresLocation location, Clock clock) {
    return new SqlWorkflowStore(
        new PostgresDialect(Objects.requireNonNull(location, "location")),
        Objects.requireNonNull(clock, "clock"));
  }

  /** The schema version this code creates and understands. */
  public static int schemaVersion() {
    return SCHEMA_VERSION;
  }

  // ---------------------------------------------------------------------------------------------
  // Migrating

  private void migrate() {
    if (read(this::schemaVersionFound) == SCHEMA_VERSION) {
      return;
    }
    write(
        () -> {
          dialect.lockCreation(connection);
          try (Statement st = connection.createStatement()) {
            st.execute(
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
                    + " script TEXT NOT NULL, applied_at BIGINT NOT NULL)");
          }
          int current = schemaVersionFound();
          for (String script : MIGRATIONS) {
            int version = versionOf(script);
            if (version <= current) {
              continue;
            }
            try (Statement st = connection.createStatement()) {
              for (String sql : statements(readScript(dialect.migrationDir() + script))) {
                st.execute(sql);
              }
            }
            try (PreparedStatement ps =
                connection.prepareStatement(
                    "INSERT INTO schema_version (version, script, applied_at) VALUES (?, ?, ?)")) {
              ps.setInt(1, version);
              ps.setString(2, script);
              ps.setLong(3, now().toEpochMilli());
              ps.executeUpdate();
            }
            LOG.info("migrated {} to schema version {} ({})", dialect, version, script);
          }
          return null;
        });
  }

  /**
   * The schema version of the database, 0 when it has none yet.
   *
   * @throws StoreException when it is newer than this code knows
   */
  private int schemaVersionFound() throws SQLException {
    if (queryInt(dialect.tableCountSql(), "schema_version") == 0) {
      return 0;
    }
    int version = queryInt("SELECT COALESCE(MAX(version), 0) FROM schema_version");
    if (version > SCHEMA_VERSION) {
      throw new StoreException(
          "the database "
              + dialect.describe()
              + " has schema version "
              + version
              + ", newer than version "
              + SCHEMA_VERSION
              + " that this torc knows; open it with a newer torc");
    }
    return version;
  }

  private static String readScript(String resource) {
    try (InputStream in = SqlWorkflowStore.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new StoreException("migration script " + resource + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StoreException("cannot read migration script " + resource, e);
    }
  }

  /** Splits a script into statements: drops {@code --} comments and splits at semicolons. */
  static List<String> statements(String script) {
    StringBuilder withoutComments = new StringBuilder();
    for (String line : script.split("\n", -1)) {
      int comment = line.indexOf("--");
      withoutComments.append(comment < 0 ? line : line.substring(0, comment)).append('\n');
    }
    List<String> statements = new ArrayList<>();
    for (String sql : withoutComments.toString().split(";")) {
      if (!sql.isBlank()) {
        statements.add(sql.strip());
      }
    }
    return statements;
  }

  // ---------------------------------------------------------------------------------------------
  // Transactions

  @FunctionalInterface
  private interface SqlWork<T> {
    T run() throws SQLException;
  }

  /** Runs work in a write transaction. */
  private <T> T write(SqlWork<T> work) {
    return inTransaction(true, work);
  }

  /** Runs work in a read transaction, so that its queries see one state. */
  private <T> T read(SqlWork<T> work) {
    return inTransaction(false, work);
  }

  private <T> T inTransaction(boolean write, SqlWork<T> work) {
    lock.lock();
    try {
      FaultWait wait = null;
      LostAcknowledgement lost = null;
      while (true) {
        if (closed) {
          throw new StoreException("the store " + dialect.describe() + " is closed");
        }
        try {
          T result;
          if (lost != null && committedAfterAll(lost)) {
            @SuppressWarnings("unchecked")
            T before = (T) lost.result;
            result = before;
          } else {
            lost = null;
            result = once(write, work);
          }
          if (wait != null) {
            wait.succeeded();
          }
          return result;
        } catch (SQLException e) {
          if (e instanceof LostAcknowledgement unacknowledged) {
            lost = unacknowledged;
          }
          StoreFault fault = dialect.fault(e);
          if (fault == null) {
            throw new StoreException(
                "database error in " + dialect.describe() + ": " + e.getMessage(), e);
          }
          if (wait == null) {
            wait = new FaultWait(dialect.describe());
          }
          wait.pause(fault, e.getMessage());
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private <T> T once(boolean write, SqlWork<T> work) throws SQLException {
    if (connection == null) {
      connection = dialect.connect();
      LOG.info("connected to {} again", dialect.describe());
    }
    dialect.begin(connection, write);
    boolean committed = false;
    try {
      T result;
      try {
        result = work.run();
      } catch (RowsException e) {
        throw e.getCause();
      }
      writeEvents();
      Long transactionId = write ? dialect.transactionId(connection) : null;
      try {
        dialect.commit(connection);
      } catch (SQLException e) {
        if (transactionId != null && dialect.fault(e) == StoreFault.CONNECTION) {
          throw new LostAcknowledgement(e, transactionId, result);
        }
        throw e;
      }
      committed = true;
      return result;
    } catch (SQLException e) {
      StoreFault fault = dialect.fault(e);
      if (fault == StoreFault.CONNECTION) {
        dropConnectionIfLost();
      } else if (fault == StoreFault.STORAGE) {
        // After a full disk or an I/O error SQLite may have rolled back on its own, or may not
        // roll back at all; a new connection starts from a state that is known.
        dropConnection();
      }
      throw e;
    } finally {
      unwrittenEvents.clear();
      if (!committed && !rollbackQuietly()) {
        dropConnection();
      }
    }
  }

  /**
   * A write transaction whose COMMIT was sent, but the connection failed before it was
   * acknowledged: it may have committed. Running its work again would then apply it twice (a second
   * result for the same attempt, a job moved twice, a claim nobody knows of), so the store first
   * asks the database how it ended.
   */
  private static final class LostAcknowledgement extends SQLException {
    private static final long serialVersionUID = 1L;

    private final long transactionId;
    private final transient Object result;

    LostAcknowledgement(SQLException cause, long transactionId, Object result) {
      super(cause.getMessage(), cause.getSQLState(), cause);
      this.transactionId = transactionId;
      this.result = result;
    }
  }

  /**
   * Whether the transaction whose acknowledgement was lost committed; false when it did not, so
   * that its work runs again.
   *
   * @throws SQLException a transient one while its outcome is not known yet
   */
  private boolean committedAfterAll(LostAcknowledgement lost) throws SQLException {
    if (connection == null) {
      connection = dialect.connect();
      LOG.info("connected to {} again", dialect.describe());
    }
    Boolean committed;
    try {
      committed = dialect.committed(connection, lost.transactionId);
    } catch (SQLException e) {
      if (dialect.fault(e) == StoreFault.CONNECTION) {
        dropConnectionIfLost();
      }
      throw e;
    } finally {
      rollbackQuietly();
    }
    if (committed == null) {
      throw new SQLException(
          "transaction " + lost.transactionId + " whose commit was not acknowledged is still open",
          "08000");
    }
    LOG.info(
        "the commit of transaction {} in {} was not acknowledged; it {}",
        lost.transactionId,
        dialect.describe(),
        committed ? "committed" : "did not commit and runs again");
    return committed;
  }

  /** Forgets the connection and its statements; the next transaction opens a new one. */
  private void dropConnection() {
    closeQuietly();
    connection = null;
  }

  /** Forgets the connection and its statements when the connection no longer works. */
  private void dropConnectionIfLost() {
    boolean valid;
    try {
      valid = connection != null && connection.isValid(5);
    } catch (SQLException e) {
      valid = false;
    }
    if (!valid) {
      dropConnection();
    }
  }

  /** Takes the engine's lock on the workflow for the rest of the transaction, if it has one. */
  private void lockWorkflow(long workflowId, boolean exclusive) throws SQLException {
    lock(dialect.lockWorkflowSql(exclusive), workflowId);
  }

  private void lock(String sql, long id) throws SQLException {
    if (sql != null) {
      cached(sql, id).executeQuery().close();
    }
  }

  /** A statement kept open for reuse, with these arguments bound; callers must not close it. */
  private PreparedStatement cached(String sql, Object... args) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null) {
      ps = connection.prepareStatement(sql);
      statements.put(sql, ps);
    }
    for (int i = 0; i < args.length; i++) {
      ps.setObject(i + 1, args[i]);
    }
    return ps;
  }

  /** Rolls back the transaction; false when that failed and the connection's state is unknown. */
  private boolean rollbackQuietly() {
    if (connection == null) {
      return true;
    }
    try {
      dialect.rollback(connection);
      return true;
    } catch (SQLException e) {
      LOG.debug("rollback failed in {}: {}", dialect.describe(), e.getMessage());
      return false;
    }
  }

  private Instant now() {
    return StoreSupport.now(clock);
  }

  private int queryInt(String sql, Object... args) throws SQLException {
    try (ResultSet rs = cached(sql, args).executeQuery()) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  private PreparedStatement prepare(String sql, Object... args) throws SQLException {
    PreparedStatement ps = connection.prepareStatement(sql);
    try {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      return ps;
    } catch (SQLException e) {
      ps.close();
      throw e;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Workflows

  @Override
  public long createWorkflow(Workflow workflow) {
    Objects.requireNonNull(workflow, "workflow");
    Map<String, ResourceRequirements> requirements = StoreSupport.requirementsByName(workflow);
    if (workflow.jobs().size() < CHUNKED_CREATE_JOBS) {
      return write(
          () -> {
            dialect.lockCreation(connection);
            return insertWorkflow(workflow, requirements);
          });
    }
    lock.lock();
    try {
      return createInChunks(workflow, requirements);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Creates a large workflow in transactions of about {@link #CREATE_CHUNK_ROWS} rows, so that
   * other writers get the store between them. Until the last one commits, the workflow is marked as
   * being created ({@link CreateChunks#mark}) and readers do not see it; a create that fails is
   * deleted, and one whose process died is deleted by the next large create on its host.
   */
  private long createInChunks(Workflow workflow, Map<String, ResourceRequirements> requirements) {
    CreateChunks attempt = new CreateChunks();
    chunks = attempt;
    try {
      return write(
          () -> {
            dialect.lockCreation(connection);
            attempt.rows = 0;
            if (attempt.workflowId != 0) {
              deleteWorkflowRows(attempt.workflowId); // what a failed try committed
              attempt.workflowId = 0;
            }
            deleteAbandonedCreates();
            long workflowId = insertWorkflow(workflow, requirements);
            cached("UPDATE workflow SET status = NULL WHERE id = ?", workflowId).executeUpdate();
            return workflowId;
          });
    } catch (RuntimeException e) {
      chunks = null;
      if (attempt.workflowId != 0) {
        long partial = attempt.workflowId;
        try {
          write(
              () -> {
                deleteWorkflowRows(partial);
                return null;
              });
        } catch (RuntimeException cleanup) {
          e.addSuppressed(cleanup);
        }
      }
      throw e;
    } finally {
      chunks = null;
    }
  }

  /**
   * The state of a create in chunks: the workflow's id once a chunk of it committed, and the rows
   * added since the last commit.
   */
  private static final class CreateChunks {
    /** The workflow status that hides a workflow being created by this process. */
    final String mark =
        CREATING + " " + StoreSupport.hostName() + " " + ProcessHandle.current().pid();

    long workflowId;
    int rows;
  }

  /** Deletes workflows whose create in chunks on this host died before it finished. */
  private void deleteAbandonedCreates() throws SQLException {
    List<Long> abandoned = new ArrayList<>();
    try (PreparedStatement ps =
            prepare("SELECT id, status FROM workflow WHERE status LIKE ?", CREATING + " %");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String[] mark = rs.getString(2).split(" ");
        if (mark.length == 3
            && mark[1].equals(StoreSupport.hostName())
            && ProcessHandle.of(Long.parseLong(mark[2])).map(p -> !p.isAlive()).orElse(true)) {
          abandoned.add(rs.getLong(1));
        }
      }
    }
    for (long id : abandoned) {
      LOG.info("deleting workflow {}, whose create was interrupted", id);
      deleteWorkflowRows(id);
    }
  }

  /** Counts rows a create in chunks added, and commits when a chunk is full. */
  private void added(int rows) throws SQLException {
    CreateChunks attempt = chunks;
    if (attempt == null) {
      return;
    }
    attempt.rows += rows;
    if (attempt.rows >= CREATE_CHUNK_ROWS) {
      writeEvents();
      dialect.commit(connection);
      attempt.rows = 0;
      // A writer that waits polls for the lock every few milliseconds: give it the chance.
      try {
        Thread.sleep(CHUNK_GAP_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreException("interrupted while creating a workflow", e);
      }
      dialect.begin(connection, true);
      dialect.lockCreation(connection);
    }
  }

  private long insertWorkflow(Workflow wf, Map<String, ResourceRequirements> requirements)
      throws SQLException {
    Instant createdAt = now();
    long workflowId;
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT INTO workflow (name, \"user\", description, project, metadata, parameters,"
                + " slurm_defaults, run_id, created_at, use_pending_failed, rm_enabled,"
                + " rm_granularity, rm_sample_interval_seconds, jobs_sort_method, recovery_config,"
                + " status, rm_generate_plots)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, wf.name());
      ps.setString(2, wf.user());
      ps.setString(3, wf.description());
      ps.setString(4, wf.project());
      ps.setString(5, StoreSupport.toJson(wf.metadata()));
      ps.setString(6, StoreSupport.toJson(wf.parameters()));
      ps.setString(7, StoreSupport.toJson(wf.slurmDefaults()));
      ps.setLong(8, createdAt.toEpochMilli());
      ps.setBoolean(9, wf.usePendingFailed());
      ps.setBoolean(10, wf.resourceMonitor().enabled());
      ps.setString(11, wf.resourceMonitor().granularity().name());
      ps.setDouble(12, wf.resourceMonitor().sampleIntervalSeconds());
      ps.setString(13, wf.jobsSortMethod().name());
      ps.setString(
          14,
          wf.recoveryConfig().isEmpty()
              ? null
              : StoreSupport.toJson(wf.recoveryConfig().toPlain()));
      ps.setString(15, chunks == null ? null : chunks.mark);
      ps.setBoolean(16, wf.resourceMonitor().generatePlots());
      ps.executeUpdate();
    }
    workflowId = dialect.insertedId(connection, "workflow");
    if (chunks != null) {
      chunks.workflowId = workflowId;
    }

    Set<String> handlerNames = new HashSet<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT INTO failure_handler (workflow_id, position, name, rules) VALUES (?, ?, ?, ?)")) {
      int position = 0;
      for (FailureHandler handler : wf.failureHandlers()) {
        if (!handlerNames.add(handler.name())) {
          throw new StoreException("duplicate failure handler name '" + handler.name() + "'");
        }
        ps.setLong(1, workflowId);
        ps.setInt(2, position++);
        ps.setString(3, handler.name());
        ps.setString(4, StoreSupport.rulesToJson(handler.rules()));
        ps.addBatch();
      }
      ps.executeBatch();
    }
    Set<String> schedulerNames = new HashSet<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT INTO slurm_scheduler (workflow_id, position, name, config)"
                + " VALUES (?, ?, ?, ?)")) {
      int position = 0;
      for (SlurmScheduler scheduler : wf.slurmSchedulers()) {
        if (!schedulerNames.add(scheduler.name())) {
          throw new StoreException("duplicate Slurm scheduler name '" + scheduler.name() + "'");
        }
        ps.setLong(1, workflowId);
        ps.setInt(2, position++);
        ps.setString(3, scheduler.name());
        ps.setString(4, StoreSupport.schedulerToJson(scheduler));
        ps.addBatch();
      }
      ps.executeBatch();
    }

    Map<String, Long> fileIds = new HashMap<>(capacity(wf.files().size()));
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT INTO file (id, workflow_id, name, path) VALUES (?, ?, ?, ?)")) {
      long next = reserveIds("file", wf.files().size());
      int pending = 0;
      for (FileSpec f : wf.files()) {
        long id = next++;
        if (fileIds.put(f.name(), id) != null) {
          throw new StoreException("duplicate file name '" + f.name() + "'");
        }
        ps.setLong(1, id);
        ps.setLong(2, workflowId);
        ps.setString(3, f.name());
        ps.setString(4, f.path());
        ps.addBatch();
        pending = flushIfFull(ps, pending);
      }
      ps.executeBatch();
    }
    Map<String, Long> dataIds = new HashMap<>(capacity(wf.userData().size()));
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT INTO user_data (id, workflow_id, name, data) VALUES (?, ?, ?, ?)")) {
      long next = reserveIds("user_data", wf.userData().size());
      int pending = 0;
      for (UserDataSpec d : wf.userData()) {
        long id = next++;
        if (dataIds.put(d.name(), id) != null) {
          throw new StoreException("duplicate user data name '" + d.name() + "'");
        }
        ps.setLong(1, id);
        ps.setLong(2, workflowId);
        ps.setString(3, d.name());
        ps.setString(4, StoreSupport.toJson(d.data()));
        ps.addBatch();
        pending = flushIfFull(ps, pending);
      }
      ps.executeBatch();
    }

    List<JobSpec> jobs = wf.jobs();
    Map<String, Long> jobIds = new HashMap<>(capacity(jobs.size()));
    List<Set<String>> dependencies = new ArrayList<>(jobs.size());
    try (PreparedStatement ps = connection.prepareStatement(INSERT_JOB)) {
      long next = reserveIds("job", jobs.size());
      int pending = 0;
      for (JobSpec job : jobs) {
        long id = next++;
        if (jobIds.put(job.name(), id) != null) {
          throw new StoreException("duplicate job name '" + job.name() + "'");
        }
        ResourceRequirements rr = StoreSupport.requirementsOf(job, requirements);
        Set<String> deps = StoreSupport.checkedDependencies(job, handlerNames, schedulerNames);
        dependencies.add(deps);
        bindJob(ps, id, workflowId, job, rr, deps.size());
        ps.addBatch();
        pending = flushIfFull(ps, pending);
      }
      ps.executeBatch();
    }

    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT INTO job_dependency (job_id, depends_on_job_id) VALUES (?, ?)")) {
      int pending = 0;
      for (int i = 0; i < jobs.size(); i++) {
        JobSpec job = jobs.get(i);
        long jobId = jobIds.get(job.name());
        for (String dep : dependencies.get(i)) {
          Long depId = jobIds.get(dep);
          if (depId == null) {
            throw StoreSupport.unknownReference(job, "job in depends_on", dep);
          }
          ps.setLong(1, jobId);
          ps.setLong(2, depId);
          ps.addBatch();
          pending = flushIfFull(ps, pending);
        }
      }
      ps.executeBatch();
    }
    insertLinks("job_input_file", "file_id", jobs, jobIds, fileIds, JobSpec::inputFiles, "file");
    insertLinks("job_output_file", "file_id", jobs, jobIds, fileIds, JobSpec::outputFiles, "file");
    insertLinks(
        "job_input_user_data",
        "user_data_id",
        jobs,
        jobIds,
        dataIds,
        JobSpec::inputUserData,
        "user data");
    insertLinks(
        "job_output_user_data",
        "user_data_id",
        jobs,
        jobIds,
        dataIds,
        JobSpec::outputUserData,
        "user data");

    insertActions(workflowId, wf, jobIds);
    insertEvent(
        workflowId,
        null,
        StoreSupport.EVENT_WORKFLOW_CREATED,
        "created workflow '" + wf.name() + "' with " + jobs.size() + " jobs",
        createdAt);
    LOG.debug("stored workflow {} '{}' with {} jobs", workflowId, wf.name(), jobs.size());
    return workflowId;
  }

  private static final String INSERT_JOB =
      "INSERT INTO job (id, workflow_id, name, command, invocation_script, status,"
          + " attempt_id, priority, unfinished_deps, rr_name, num_cpus, memory_bytes,"
          + " memory_text, num_gpus, num_nodes, runtime_seconds, runtime_iso,"
          + " failure_handler, scheduler, cancel_on_blocking_job_failure,"
          + " supports_termination, fallback_commands)"
          + " VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /** Binds a new job's row: ready when it waits for nothing, else blocked. */
  private static void bindJob(
      PreparedStatement ps,
      long id,
      long workflowId,
      JobSpec job,
      ResourceRequirements rr,
      int unfinishedDeps)
      throws SQLException {
    JobStatus status = unfinishedDeps == 0 ? JobStatus.READY : JobStatus.BLOCKED;
    ps.setLong(1, id);
    ps.setLong(2, workflowId);
    ps.setString(3, job.name());
    ps.setString(4, job.command());
    ps.setString(5, job.invocationScript());
    ps.setInt(6, status.code());
    ps.setInt(7, job.priority());
    ps.setInt(8, unfinishedDeps);
    ps.setString(9, rr.name());
    ps.setInt(10, rr.numCpus());
    ps.setLong(11, rr.memory().bytes());
    ps.setString(12, rr.memory().text());
    ps.setInt(13, rr.numGpus());
    ps.setInt(14, rr.numNodes());
    ps.setLong(15, rr.runtime().toSeconds());
    ps.setString(16, rr.runtime().toString());
    ps.setString(17, job.failureHandler());
    ps.setString(18, job.scheduler());
    ps.setBoolean(19, job.cancelOnBlockingJobFailure());
    ps.setBoolean(20, job.supportsTermination());
    ps.setString(21, StoreSupport.textsToJson(job.fallbackCommands()));
  }

  @Override
  public long addJob(long workflowId, JobSpec job, ResourceRequirements requirements) {
    Objects.requireNonNull(job, "job");
    ResourceRequirements rr = requirements == null ? ResourceRequirements.DEFAULT : requirements;
    return write(
        () -> {
          lockWorkflow(workflowId, true);
          requireVisibleWorkflow(workflowId);
          if (queryInt(
                  "SELECT COUNT(*) FROM job WHERE workflow_id = ? AND name = ?",
                  workflowId,
                  job.name())
              > 0) {
            throw new StoreException("duplicate job name '" + job.name() + "'");
          }
          Set<String> deps =
              StoreSupport.checkedDependencies(
                  job,
                  names("SELECT name FROM failure_handler WHERE workflow_id = ?", workflowId),
                  names("SELECT name FROM slurm_scheduler WHERE workflow_id = ?", workflowId));
          List<Long> depIds = new ArrayList<>();
          for (String dep : deps) {
            List<Long> found =
                list(
                    "SELECT id FROM job WHERE workflow_id = ? AND name = ?",
                    rs -> rs.getLong(1),
                    workflowId,
                    dep);
            if (found.isEmpty()) {
              throw StoreSupport.unknownReference(job, "job in depends_on", dep);
            }
            depIds.add(found.get(0));
          }
          Set<Long> allDeps = new LinkedHashSet<>(depIds);
          List<NamedLinks> links = new ArrayList<>();
          links.addAll(namedLinks(FILES, workflowId, job, job.inputFiles(), job.outputFiles()));
          links.addAll(
              namedLinks(USER_DATA, workflowId, job, job.inputUserData(), job.outputUserData()));
          for (NamedLinks link : links) {
            if (link.input()) {
              for (long targetId : link.ids()) {
                allDeps.addAll(linkedJobs(link.kind(), false, targetId));
              }
            }
          }
          long id = reserveIds("job", 1);
          try (PreparedStatement ps = connection.prepareStatement(INSERT_JOB)) {
            bindJob(ps, id, workflowId, job, rr, allDeps.size());
            ps.executeUpdate();
          }
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "INSERT INTO job_dependency (job_id, depends_on_job_id) VALUES (?, ?)")) {
            for (long depId : allDeps) {
              ps.setLong(1, id);
              ps.setLong(2, depId);
              ps.executeUpdate();
            }
          }
          for (NamedLinks link : links) {
            for (long targetId : link.ids()) {
              try (PreparedStatement ps =
                  prepare(
                      "INSERT INTO "
                          + link.kind().links(link.input())
                          + " (job_id, "
                          + link.kind().linkColumn()
                          + ") VALUES (?, ?)",
                      id,
                      targetId)) {
                ps.executeUpdate();
              }
            }
          }
          graph.initializeAdded(workflowId, id, now());
          return id;
        });
  }

  /** A table of named things jobs read and write: files or user data. */
  private record Named(String what, String table, String valueColumn, String linkColumn) {
    /** The table of links from jobs that read ({@code input}) or write these. */
    String links(boolean input) {
      return (input ? "job_input_" : "job_output_") + table;
    }

    String jobsUsing() {
      String links = "SELECT job_id FROM job_%1$s_" + table + " WHERE " + linkColumn + " = ?";
      return "SELECT id, name FROM job WHERE id IN ("
          + links.formatted("input")
          + " UNION "
          + links.formatted("output")
          + ") ORDER BY id";
    }
  }

  /** An added job's links to files or user data it reads ({@code input}) or writes. */
  private record NamedLinks(Named kind, boolean input, List<Long> ids) {}

  /**
   * The links of a job being added: what it reads and writes must exist, and no job of the workflow
   * may read what it writes (that job would have to wait for it, and it already runs).
   */
  private List<NamedLinks> namedLinks(
      Named kind, long workflowId, JobSpec job, List<String> inputs, List<String> outputs)
      throws SQLException {
    List<Long> in = new ArrayList<>();
    for (String name : new LinkedHashSet<>(inputs)) {
      in.add(referencedId(kind, workflowId, job, name));
    }
    List<Long> out = new ArrayList<>();
    for (String name : new LinkedHashSet<>(outputs)) {
      long targetId = referencedId(kind, workflowId, job, name);
      List<Long> readers = linkedJobs(kind, true, targetId);
      if (!readers.isEmpty()) {
        throw StoreSupport.readByOthers(job, kind.what(), name, readers);
      }
      out.add(targetId);
    }
    return List.of(new NamedLinks(kind, true, in), new NamedLinks(kind, false, out));
  }

  private long referencedId(Named kind, long workflowId, JobSpec job, String name)
      throws SQLException {
    long targetId = namedId(kind, workflowId, name);
    if (targetId == 0) {
      throw StoreSupport.unknownReference(job, kind.what(), name);
    }
    return targetId;
  }

  /** The jobs that read ({@code input}) or write this file or user data. */
  private List<Long> linkedJobs(Named kind, boolean input, long targetId) throws SQLException {
    return list(
        "SELECT job_id FROM "
            + kind.links(input)
            + " WHERE "
            + kind.linkColumn()
            + " = ? ORDER BY job_id",
        rs -> rs.getLong(1),
        targetId);
  }

  private static final Named FILES = new Named("file", "file", "path", "file_id");
  private static final Named USER_DATA =
      new Named("user data", "user_data", "data", "user_data_id");

  @Override
  public void addFile(long workflowId, FileSpec file) {
    Objects.requireNonNull(file, "file");
    addNamed(FILES, workflowId, file.name(), file.path());
  }

  @Override
  public void updateFilePath(long workflowId, String name, String path) {
    Objects.requireNonNull(path, "path");
    updateNamed(FILES, workflowId, name, path);
  }

  @Override
  public void deleteFile(long workflowId, String name) {
    deleteNamed(FILES, workflowId, name);
  }

  @Override
  public void addUserData(long workflowId, UserDataSpec data) {
    Objects.requireNonNull(data, "data");
    addNamed(USER_DATA, workflowId, data.name(), StoreSupport.toJson(data.data()));
  }

  @Override
  public void updateUserData(long workflowId, String name, Object data) {
    updateNamed(USER_DATA, workflowId, name, StoreSupport.toJson(data));
  }

  @Override
  public void deleteUserData(long workflowId, String name) {
    deleteNamed(USER_DATA, workflowId, name);
  }

  private void addNamed(Named kind, long workflowId, String name, String value) {
    write(
        () -> {
          lockWorkflow(workflowId, true);
          requireVisibleWorkflow(workflowId);
          if (namedId(kind, workflowId, name) != 0) {
            throw new StoreException("duplicate " + kind.what() + " name '" + name + "'");
          }
          long id = reserveIds(kind.table(), 1);
          try (PreparedStatement ps =
              prepare(
                  "INSERT INTO "
                      + kind.table()
                      + " (id, workflow_id, name, "
                      + kind.valueColumn()
                      + ") VALUES (?, ?, ?, ?)",
                  id,
                  workflowId,
                  name,
                  value)) {
            ps.executeUpdate();
          }
          return null;
        });
  }

  private void updateNamed(Named kind, long workflowId, String name, String value) {
    write(
        () -> {
          lockWorkflow(workflowId, true);
          requireVisibleWorkflow(workflowId);
          long id = existingNamedId(kind, workflowId, name);
          try (PreparedStatement ps =
              prepare(
                  "UPDATE " + kind.table() + " SET " + kind.valueColumn() + " = ? WHERE id = ?",
                  value,
                  id)) {
            ps.executeUpdate();
          }
          return null;
        });
  }

  private void deleteNamed(Named kind, long workflowId, String name) {
    write(
        () -> {
          lockWorkflow(workflowId, true);
          requireVisibleWorkflow(workflowId);
          long id = existingNamedId(kind, workflowId, name);
          List<String> users =
              list(
                  kind.jobsUsing(),
                  rs -> StoreSupport.jobRef(rs.getString(2), rs.getLong(1)),
                  id,
                  id);
          if (!users.isEmpty()) {
            throw StoreSupport.inUse(kind.what(), name, users);
          }
          try (PreparedStatement ps =
              prepare("DELETE FROM " + kind.table() + " WHERE id = ?", id)) {
            ps.executeUpdate();
          }
          return null;
        });
  }

  private void requireVisibleWorkflow(long workflowId) throws SQLException {
    if (queryInt("SELECT COUNT(*) FROM workflow WHERE id = ?" + VISIBLE, workflowId) == 0) {
      throw new StoreException("no workflow with id " + workflowId);
    }
  }

  /** The id of the workflow's file or user data of this name, or 0. */
  private long namedId(Named kind, long workflowId, String name) throws SQLException {
    try (PreparedStatement ps =
            prepare(
                "SELECT id FROM " + kind.table() + " WHERE workflow_id = ? AND name = ?",
                workflowId,
                name);
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  private long existingNamedId(Named kind, long workflowId, String name) throws SQLException {
    long id = namedId(kind, workflowId, name);
    if (id == 0) {
      throw StoreSupport.noSuch(kind.what(), name, workflowId);
    }
    return id;
  }

  private Set<String> names(String sql, long workflowId) throws SQLException {
    return new HashSet<>(list(sql, rs -> rs.getString(1), workflowId));
  }

  @Override
  public void updateJob(
      long jobId, String command, ResourceRequirements requirements, Integer priority) {
    write(
        () -> {
          graph.updateJob(jobId, command, requirements, priority, now());
          return null;
        });
  }

  @Override
  public void deleteJob(long jobId) {
    write(
        () -> {
          graph.deleteJob(jobId, now());
          return null;
        });
  }

  private void insertLinks(
      String table,
      String column,
      List<JobSpec> jobs,
      Map<String, Long> jobIds,
      Map<String, Long> targetIds,
      java.util.function.Function<JobSpec, List<String>> names,
      String what)
      throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT INTO " + table + " (job_id, " + column + ") VALUES (?, ?)")) {
      int pending = 0;
      for (JobSpec job : jobs) {
        List<String> targets = names.apply(job);
        if (targets.isEmpty()) {
          continue;
        }
        long jobId = jobIds.get(job.name());
        for (String name : targets.size() == 1 ? targets : new LinkedHashSet<>(targets)) {
          Long targetId = targetIds.get(name);
          if (targetId == null) {
            throw StoreSupport.unknownReference(job, what, name);
          }
          ps.setLong(1, jobId);
          ps.setLong(2, targetId);
          ps.addBatch();
          pending = flushIfFull(ps, pending);
        }
      }
      ps.executeBatch();
    }
  }

  private int flushIfFull(PreparedStatement ps, int pending) throws SQLException {
    if (pending + 1 >= BATCH_SIZE) {
      ps.executeBatch();
      added(BATCH_SIZE);
      return 0;
    }
    return pending + 1;
  }

  /** The first of {@code count} new ids of this table; 0 reserves none. */
  private long reserveIds(String table, int count) throws SQLException {
    return count == 0 ? 0 : dialect.reserveIds(connection, table, count);
  }

  private static int capacity(int entries) {
    return Math.max(16, (int) (entries / 0.75f) + 1);
  }

  @Override
  public Optional<WorkflowRecord> findWorkflow(long workflowId) {
    return read(
        () -> {
          List<WorkflowRecord> found =
              workflows(
                  "SELECT " + WORKFLOW_COLUMNS + " FROM workflow WHERE id = ?" + VISIBLE,
                  workflowId);
          return found.stream().findFirst();
        });
  }

  @Override
  public List<WorkflowRecord> listWorkflows() {
    return read(
        () ->
            workflows(
                "SELECT "
                    + WORKFLOW_COLUMNS
                    + " FROM workflow WHERE TRUE"
                    + VISIBLE
                    + " ORDER BY id"));
  }

  private List<WorkflowRecord> workflows(String sql, Object... args) throws SQLException {
    List<WorkflowRecord> records = new ArrayList<>();
    try (PreparedStatement ps = prepare(sql, args);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        records.add(
            new WorkflowRecord(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getInt(6),
                Instant.ofEpochMilli(rs.getLong(7)),
                rs.getBoolean(8),
                new ResourceMonitorConfig(
                    rs.getBoolean(9),
                    ResourceMonitorConfig.Granularity.valueOf(rs.getString(10)),
                    rs.getDouble(11),
                    rs.getBoolean(14)),
                JobsSortMethod.valueOf(rs.getString(12)),
                StoreSupport.WORKFLOW_CANCELED.equals(rs.getString(13))));
      }
    }
    return records;
  }

  @Override
  public boolean deleteWorkflow(long workflowId) {
    return write(
        () -> {
          lockWorkflow(workflowId, true);
          if (queryInt("SELECT COUNT(*) FROM workflow WHERE id = ?", workflowId) == 0) {
            return false;
          }
          deleteWorkflowRows(workflowId);
          LOG.debug("deleted workflow {}", workflowId);
          return true;
        });
  }

  /** Deletes the workflow's rows, and those of its jobs, in the transaction under way. */
  private void deleteWorkflowRows(long workflowId) throws SQLException {
    writeEvents();
    String jobsOf = " IN (SELECT id FROM job WHERE workflow_id = ?)";
    String[] deletes = {
      "DELETE FROM job_dependency WHERE job_id" + jobsOf,
      "DELETE FROM job_input_file WHERE job_id" + jobsOf,
      "DELETE FROM job_output_file WHERE job_id" + jobsOf,
      "DELETE FROM job_input_user_data WHERE job_id" + jobsOf,
      "DELETE FROM job_output_user_data WHERE job_id" + jobsOf,
      "DELETE FROM result WHERE workflow_id = ?",
      "DELETE FROM event WHERE workflow_id = ?",
      "DELETE FROM job WHERE workflow_id = ?",
      "DELETE FROM runner WHERE workflow_id = ?",
      "DELETE FROM file WHERE workflow_id = ?",
      "DELETE FROM user_data WHERE workflow_id = ?",
      "DELETE FROM failure_handler WHERE workflow_id = ?",
      "DELETE FROM slurm_scheduler WHERE workflow_id = ?",
      "DELETE FROM slurm_worker WHERE allocation_id IN"
          + " (SELECT id FROM slurm_allocation WHERE workflow_id = ?)",
      "DELETE FROM slurm_allocation WHERE workflow_id = ?",
      "DELETE FROM workflow_action WHERE workflow_id = ?",
      "DELETE FROM action_firing WHERE workflow_id = ?",
      "DELETE FROM workflow WHERE id = ?"
    };
    for (String sql : deletes) {
      try (PreparedStatement ps = prepare(sql, workflowId)) {
        ps.executeUpdate();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Jobs

  @Override
  public List<JobRecord> listJobs(long workflowId, JobStatus status) {
    return read(
        () ->
            status == null
                ? loadJobs("j.workflow_id = ?", workflowId)
                : loadJobs("j.workflow_id = ? AND j.status = ?", workflowId, status.code()));
  }

  @Override
  public Optional<JobRecord> findJob(long jobId) {
    return read(() -> loadJobs("j.id = ?", jobId).stream().findFirst());
  }

  /** Jobs matching a condition on {@code job j}, in id order, with names of what they refer to. */
  private List<JobRecord> loadJobs(String where, Object... args) throws SQLException {
    List<Map<Long, List<String>>> names = jobNames(where, args);
    Map<Long, List<String>> deps = names.get(0);
    Map<Long, List<String>> inputs = names.get(1);
    Map<Long, List<String>> outputs = names.get(2);
    return query(
        "SELECT " + JOB_COLUMNS + " FROM job j WHERE " + where + " ORDER BY j.id",
        args,
        rs -> jobRecords(rs, deps, inputs, outputs));
  }

  /**
   * Requirements as read, kept across reads (under the store's lock): jobs share a few sets, and
   * making one parses its runtime; a runner's every claim would parse again.
   */
  private final Map<RequirementsKey, ResourceRequirements> requirementsRead = new HashMap<>();

  private static final int MAX_REQUIREMENTS_KEPT = 1_000;

  private List<JobRecord> jobRecords(
      ResultSet rs,
      Map<Long, List<String>> deps,
      Map<Long, List<String>> inputs,
      Map<Long, List<String>> outputs)
      throws SQLException {
    List<JobRecord> jobs = new ArrayList<>();
    if (requirementsRead.size() > MAX_REQUIREMENTS_KEPT) {
      requirementsRead.clear();
    }
    Map<RequirementsKey, ResourceRequirements> shared = requirementsRead;
    while (rs.next()) {
      long id = rs.getLong(1);
      RequirementsKey key =
          new RequirementsKey(
              rs.getString(9),
              rs.getInt(10),
              rs.getLong(11),
              rs.getString(12),
              rs.getInt(13),
              rs.getInt(14),
              rs.getString(15));
      ResourceRequirements rr = shared.computeIfAbsent(key, RequirementsKey::toRequirements);
      jobs.add(
          new JobRecord(
              id,
              rs.getLong(2),
              rs.getString(3),
              rs.getString(20) != null ? rs.getString(20) : rs.getString(4),
              rs.getString(5),
              JobStatus.fromCode(rs.getInt(6)),
              rs.getInt(7),
              rs.getInt(8),
              rr,
              rs.getString(16),
              rs.getString(17),
              rs.getBoolean(18),
              rs.getBoolean(19),
              sorted(deps.get(id)),
              sorted(inputs.get(id)),
              sorted(outputs.get(id)),
              rs.getString(4),
              StoreSupport.textsFromJson(rs.getString(21))));
    }
    return jobs;
  }

  /** Requirements as stored; jobs that share them share one value. */
  private record RequirementsKey(
      String name,
      int cpus,
      long memoryBytes,
      String memoryText,
      int gpus,
      int nodes,
      String runtime) {
    ResourceRequirements toRequirements() {
      return new ResourceRequirements(
          name, cpus, new Memory(memoryBytes, memoryText), gpus, nodes, Duration.parse(runtime));
    }
  }

  /**
   * The names of the jobs' dependencies, input files and output files (in this order), by job, in
   * one query.
   */
  private List<Map<Long, List<String>>> jobNames(String where, Object... args) throws SQLException {
    Object[] thrice = new Object[args.length * 3];
    for (int i = 0; i < 3; i++) {
      System.arraycopy(args, 0, thrice, i * args.length, args.length);
    }
    return query(
        "SELECT 0, d.job_id, p.name FROM job j JOIN job_dependency d ON d.job_id = j.id"
            + " JOIN job p ON p.id = d.depends_on_job_id WHERE "
            + where
            + " UNION ALL SELECT 1, l.job_id, f.name FROM job j"
            + " JOIN job_input_file l ON l.job_id = j.id JOIN file f ON f.id = l.file_id WHERE "
            + where
            + " UNION ALL SELECT 2, l.job_id, f.name FROM job j"
            + " JOIN job_output_file l ON l.job_id = j.id JOIN file f ON f.id = l.file_id WHERE "
            + where,
        thrice,
        rs -> {
          List<Map<Long, List<String>>> byKind =
              List.of(new HashMap<>(), new HashMap<>(), new HashMap<>());
          while (rs.next()) {
            byKind
                .get(rs.getInt(1))
                .computeIfAbsent(rs.getLong(2), k -> new ArrayList<>(2))
                .add(rs.getString(3));
          }
          return byKind;
        });
  }

  @FunctionalInterface
  /** Reads the current row of a result. */
  private interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** Every row of a query's result, each read by {@code row}, in the result's order. */
  private <T> List<T> list(String sql, RowReader<T> row, Object... args) throws SQLException {
    List<T> out = new ArrayList<>();
    try (PreparedStatement ps = prepare(sql, args);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(row.read(rs));
      }
    }
    return out;
  }

  private interface RowsReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /**
   * Runs a query on a statement kept for reuse when it has few arguments (its text then comes from
   * a small set, such as the claims' {@code id IN (?, ?)}), else on a fresh statement.
   */
  private <T> T query(String sql, Object[] args, RowsReader<T> reader) throws SQLException {
    if (args.length <= MAX_ARGS_OF_KEPT_QUERIES) {
      try (ResultSet rs = cached(sql, args).executeQuery()) {
        return reader.read(rs);
      }
    }
    try (PreparedStatement ps = prepare(sql, args);
        ResultSet rs = ps.executeQuery()) {
      return reader.read(rs);
    }
  }

  private static List<String> sorted(List<String> names) {
    if (names == null) {
      return List.of();
    }
    Collections.sort(names);
    return Collections.unmodifiableList(names);
  }

  @Override
  public Map<JobStatus, Integer> countJobsByStatus(long workflowId) {
    return read(
        () -> {
          Map<JobStatus, Integer> counts = new EnumMap<>(JobStatus.class);
          try (PreparedStatement ps =
                  prepare(
                      "SELECT status, COUNT(*) FROM job WHERE workflow_id = ? GROUP BY status",
                      workflowId);
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              counts.put(JobStatus.fromCode(rs.getInt(1)), rs.getInt(2));
            }
          }
          return Collections.unmodifiableMap(counts);
        });
  }

  @Override
  public List<FileSpec> listFiles(long workflowId) {
    return read(
        () ->
            list(
                "SELECT name, path FROM file WHERE workflow_id = ? ORDER BY id",
                rs -> FileSpec.of(rs.getString(1), rs.getString(2)),
                workflowId));
  }

  @Override
  public void addFailureRecord(FailureInfo f) {
    Objects.requireNonNull(f, "failure");
    write(
        () -> {
          requireWorkflow(f.workflowId());
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "INSERT INTO failure_record (workflow_id, job_id, run_id, attempt_id,"
                      + " cause, signature, evidence, confidence, exit_code, signal,"
                      + " peak_memory_bytes, memory_limit_bytes, runtime_seconds,"
                      + " runtime_limit_seconds, slurm_state)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                      + " ON CONFLICT (job_id, run_id, attempt_id) DO UPDATE SET"
                      + " workflow_id = excluded.workflow_id, cause = excluded.cause,"
                      + " signature = excluded.signature, evidence = excluded.evidence,"
                      + " confidence = excluded.confidence, exit_code = excluded.exit_code,"
                      + " signal = excluded.signal, peak_memory_bytes = excluded.peak_memory_bytes,"
                      + " memory_limit_bytes = excluded.memory_limit_bytes,"
                      + " runtime_seconds = excluded.runtime_seconds,"
                      + " runtime_limit_seconds = excluded.runtime_limit_seconds,"
                      + " slurm_state = excluded.slurm_state")) {
            ps.setLong(1, f.workflowId());
            ps.setLong(2, f.jobId());
            ps.setInt(3, f.runId());
            ps.setInt(4, f.attemptId());
            ps.setString(5, f.cause());
            ps.setString(6, f.signature());
            ps.setString(7, f.evidence());
            ps.setDouble(8, f.confidence());
            ps.setInt(9, f.exitCode());
            ps.setObject(10, f.signal());
            ps.setObject(11, f.peakMemoryBytes());
            ps.setObject(12, f.memoryLimitBytes());
            ps.setObject(13, f.runtimeSeconds());
            ps.setObject(14, f.runtimeLimitSeconds());
            ps.setString(15, f.slurmState());
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public List<FailureInfo> listFailureRecords(long workflowId) {
    return read(() -> failureRecords("workflow_id", workflowId));
  }

  @Override
  public List<FailureInfo> listJobFailureRecords(long jobId) {
    return read(() -> failureRecords("job_id", jobId));
  }

  private List<FailureInfo> failureRecords(String column, long id) throws SQLException {
    List<FailureInfo> out = new ArrayList<>();
    try (PreparedStatement ps =
            prepare(
                "SELECT workflow_id, job_id, run_id, attempt_id, cause, signature, evidence,"
                    + " confidence, exit_code, signal, peak_memory_bytes,"
                    + " memory_limit_bytes, runtime_seconds, runtime_limit_seconds,"
                    + " slurm_state FROM failure_record WHERE "
                    + column
                    + " = ?"
                    + " ORDER BY job_id, run_id, attempt_id",
                id);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(
            new FailureInfo(
                rs.getLong(1),
                rs.getLong(2),
                rs.getInt(3),
                rs.getInt(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getDouble(8),
                rs.getInt(9),
                rs.getObject(10) == null ? null : rs.getInt(10),
                rs.getObject(11) == null ? null : rs.getLong(11),
                rs.getObject(12) == null ? null : rs.getLong(12),
                rs.getObject(13) == null ? null : rs.getDouble(13),
                rs.getObject(14) == null ? null : rs.getDouble(14),
                rs.getString(15)));
      }
    }
    return out;
  }

  @Override
  public String updatePolicyState(
      long workflowId, String key, java.util.function.UnaryOperator<String> change) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(change, "change");
    return write(
        () -> {
          lockWorkflow(workflowId, true);
          requireWorkflow(workflowId);
          String current = null;
          try (PreparedStatement ps =
                  prepare(
                      "SELECT json FROM policy_state WHERE workflow_id = ? AND key = ?",
                      workflowId,
                      key);
              ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
              current = rs.getString(1);
            }
          }
          String next = Objects.requireNonNull(change.apply(current), "new policy state");
          try (PreparedStatement ps =
              prepare(
                  "INSERT INTO policy_state (workflow_id, key, json) VALUES (?, ?, ?)"
                      + " ON CONFLICT (workflow_id, key) DO UPDATE SET json = excluded.json",
                  workflowId,
                  key,
                  next)) {
            ps.executeUpdate();
          }
          return next;
        });
  }

  @Override
  public Optional<String> getPolicyState(long workflowId, String key) {
    Objects.requireNonNull(key, "key");
    return read(
        () -> {
          try (ResultSet rs =
              cached(
                      "SELECT json FROM policy_state WHERE workflow_id = ? AND key = ?",
                      workflowId,
                      key)
                  .executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
          }
        });
  }

  @Override
  public Map<String, String> listPolicyState(long workflowId) {
    return read(
        () -> {
          Map<String, String> out = new java.util.TreeMap<>();
          try (PreparedStatement ps =
                  prepare(
                      "SELECT key, json FROM policy_state WHERE workflow_id = ? ORDER BY key",
                      workflowId);
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.put(rs.getString(1), rs.getString(2));
            }
          }
          return out;
        });
  }

  @Override
  public RecoveryConfig getRecoveryConfig(long workflowId) {
    return read(
        () -> {
          try (PreparedStatement ps =
                  prepare("SELECT recovery_config FROM workflow WHERE id = ?", workflowId);
              ResultSet rs = ps.executeQuery()) {
            return rs.next() ? StoreSupport.recoveryConfigFromJson(rs.getString(1)) : null;
          }
        });
  }

  @Override
  public List<FailureHandler> listFailureHandlers(long workflowId) {
    return read(
        () ->
            list(
                "SELECT name, rules FROM failure_handler WHERE workflow_id = ? ORDER BY position",
                rs ->
                    new FailureHandler(
                        rs.getString(1), StoreSupport.rulesFromJson(rs.getString(2))),
                workflowId));
  }

  @Override
  public List<UserDataSpec> listUserData(long workflowId) {
    return read(
        () ->
            list(
                "SELECT name, data FROM user_data WHERE workflow_id = ? ORDER BY id",
                rs -> UserDataSpec.of(rs.getString(1), StoreSupport.fromJson(rs.getString(2))),
                workflowId));
  }

  @Override
  public List<SlurmScheduler> listSlurmSchedulers(long workflowId) {
    return read(
        () ->
            list(
                "SELECT config FROM slurm_scheduler WHERE workflow_id = ? ORDER BY position",
                rs -> StoreSupport.schedulerFromJson(rs.getString(1)),
                workflowId));
  }

  // ---------------------------------------------------------------------------------------------
  // Slurm schedulers, allocations and their workers

  private static final String SCHEDULER_COLUMNS = "id, workflow_id, config";

  private static final String ALLOCATION_COLUMNS =
      "id, workflow_id, scheduler_id, scheduler_name, slurm_job_id, state, num_nodes,"
          + " submitted_at, started_at, ended_at";

  @Override
  public SlurmSchedulerRecord addSlurmScheduler(long workflowId, SlurmScheduler scheduler) {
    Objects.requireNonNull(scheduler, "scheduler");
    return write(
        () -> {
          requireSlurmWorkflow(workflowId);
          requireFreeSchedulerName(workflowId, scheduler.name(), -1);
          int position =
              queryInt(
                  "SELECT COALESCE(MAX(position), -1) + 1 FROM slurm_scheduler WHERE workflow_id = ?",
                  workflowId);
          try (PreparedStatement ps =
              prepare(
                  "INSERT INTO slurm_scheduler (workflow_id, position, name, config)"
                      + " VALUES (?, ?, ?, ?)",
                  workflowId,
                  position,
                  scheduler.name(),
                  StoreSupport.schedulerToJson(scheduler))) {
            ps.executeUpdate();
          }
          long id = dialect.insertedId(connection, "slurm_scheduler");
          return new SlurmSchedulerRecord(id, workflowId, scheduler);
        });
  }

  @Override
  public Optional<SlurmSchedulerRecord> findSlurmScheduler(long schedulerId) {
    return read(
        () ->
            schedulerRecords(
                    "SELECT " + SCHEDULER_COLUMNS + " FROM slurm_scheduler WHERE id = ?",
                    schedulerId)
                .stream()
                .findFirst());
  }

  @Override
  public List<SlurmSchedulerRecord> listSlurmSchedulerRecords(long workflowId) {
    return read(
        () ->
            schedulerRecords(
                "SELECT "
                    + SCHEDULER_COLUMNS
                    + " FROM slurm_scheduler WHERE workflow_id = ? ORDER BY position",
                workflowId));
  }

  @Override
  public SlurmSchedulerRecord updateSlurmScheduler(long schedulerId, SlurmScheduler scheduler) {
    Objects.requireNonNull(scheduler, "scheduler");
    return write(
        () -> {
          SlurmSchedulerRecord old =
              schedulerRecords(
                      "SELECT " + SCHEDULER_COLUMNS + " FROM slurm_scheduler WHERE id = ?",
                      schedulerId)
                  .stream()
                  .findFirst()
                  .orElseThrow(
                      () -> new StoreException("no Slurm scheduler with id " + schedulerId));
          requireFreeSchedulerName(old.workflowId(), scheduler.name(), schedulerId);
          try (PreparedStatement ps =
              prepare(
                  "UPDATE slurm_scheduler SET name = ?, config = ? WHERE id = ?",
                  scheduler.name(),
                  StoreSupport.schedulerToJson(scheduler),
                  schedulerId)) {
            ps.executeUpdate();
          }
          return new SlurmSchedulerRecord(schedulerId, old.workflowId(), scheduler);
        });
  }

  @Override
  public int assignSlurmScheduler(long workflowId, Collection<Long> jobIds, String schedulerName) {
    Objects.requireNonNull(schedulerName, "schedulerName");
    return write(
        () -> {
          if (queryInt(
                  "SELECT COUNT(*) FROM slurm_scheduler WHERE workflow_id = ? AND name = ?",
                  workflowId,
                  schedulerName)
              == 0) {
            throw new StoreException(
                "workflow " + workflowId + " has no Slurm scheduler named '" + schedulerName + "'");
          }
          int assigned = 0;
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "UPDATE job SET scheduler = ? WHERE id = ? AND workflow_id = ?")) {
            for (long jobId : jobIds) {
              ps.setString(1, schedulerName);
              ps.setLong(2, jobId);
              ps.setLong(3, workflowId);
              assigned += ps.executeUpdate();
            }
          }
          return assigned;
        });
  }

  @Override
  public boolean deleteSlurmScheduler(long schedulerId) {
    return write(
        () -> {
          try (PreparedStatement ps =
              prepare(
                  "UPDATE slurm_allocation SET scheduler_id = NULL WHERE scheduler_id = ?",
                  schedulerId)) {
            ps.executeUpdate();
          }
          try (PreparedStatement ps =
              prepare("DELETE FROM slurm_scheduler WHERE id = ?", schedulerId)) {
            return ps.executeUpdate() > 0;
          }
        });
  }

  private void requireSlurmWorkflow(long workflowId) throws SQLException {
    if (queryInt("SELECT COUNT(*) FROM workflow WHERE id = ?", workflowId) == 0) {
      throw new StoreException("no workflow with id " + workflowId);
    }
  }

  private void requireFreeSchedulerName(long workflowId, String name, long except)
      throws SQLException {
    if (queryInt(
            "SELECT COUNT(*) FROM slurm_scheduler WHERE workflow_id = ? AND name = ? AND id <> ?",
            workflowId,
            name,
            except)
        > 0) {
      throw new StoreException(
          "workflow " + workflowId + " has a Slurm scheduler named '" + name + "' already");
    }
  }

  private List<SlurmSchedulerRecord> schedulerRecords(String sql, Object... args)
      throws SQLException {
    List<SlurmSchedulerRecord> records = new ArrayList<>();
    try (PreparedStatement ps = prepare(sql, args);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        records.add(
            new SlurmSchedulerRecord(
                rs.getLong(1), rs.getLong(2), StoreSupport.schedulerFromJson(rs.getString(3))));
      }
    }
    return records;
  }

  @Override
  public AllocationRecord recordAllocation(
      long workflowId, Long schedulerId, String schedulerName, String slurmJobId, int numNodes) {
    Objects.requireNonNull(schedulerName, "schedulerName");
    Objects.requireNonNull(slurmJobId, "slurmJobId");
    return write(
        () -> {
          requireSlurmWorkflow(workflowId);
          Instant now = now();
          try (PreparedStatement ps =
              prepare(
                  "INSERT INTO slurm_allocation (workflow_id, scheduler_id, scheduler_name,"
                      + " slurm_job_id, state, num_nodes, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                  workflowId,
                  schedulerId,
                  schedulerName,
                  slurmJobId,
                  "PENDING",
                  numNodes,
                  now.toEpochMilli())) {
            ps.executeUpdate();
          }
          long id = dialect.insertedId(connection, "slurm_allocation");
          return new AllocationRecord(
              id,
              workflowId,
              schedulerId,
              schedulerName,
              slurmJobId,
              "PENDING",
              numNodes,
              now,
              null,
              null);
        });
  }

  @Override
  public void updateAllocation(
      long allocationId, String state, Instant startedAt, Instant endedAt) {
    Objects.requireNonNull(state, "state");
    write(
        () -> {
          try (PreparedStatement ps =
              prepare(
                  "UPDATE slurm_allocation SET state = ?,"
                      + " started_at = COALESCE(started_at, ?), ended_at = COALESCE(ended_at, ?)"
                      + " WHERE id = ?",
                  state,
                  startedAt == null ? null : startedAt.toEpochMilli(),
                  endedAt == null ? null : endedAt.toEpochMilli(),
                  allocationId)) {
            if (ps.executeUpdate() == 0) {
              throw new StoreException("no Slurm allocation with id " + allocationId);
            }
          }
          return null;
        });
  }

  @Override
  public List<AllocationRecord> listAllocations(long workflowId) {
    return read(
        () ->
            allocations(
                "SELECT "
                    + ALLOCATION_COLUMNS
                    + " FROM slurm_allocation WHERE workflow_id = ? ORDER BY id",
                workflowId));
  }

  @Override
  public Optional<AllocationRecord> findAllocation(long workflowId, String slurmJobId) {
    return read(
        () ->
            allocations(
                    "SELECT "
                        + ALLOCATION_COLUMNS
                        + " FROM slurm_allocation WHERE workflow_id = ? AND slurm_job_id = ?"
                        + " ORDER BY id",
                    workflowId,
                    slurmJobId)
                .stream()
                .findFirst());
  }

  private List<AllocationRecord> allocations(String sql, Object... args) throws SQLException {
    List<AllocationRecord> records = new ArrayList<>();
    try (PreparedStatement ps = prepare(sql, args);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        long schedulerId = rs.getLong(3);
        Long scheduler = rs.wasNull() ? null : schedulerId;
        records.add(
            new AllocationRecord(
                rs.getLong(1),
                rs.getLong(2),
                scheduler,
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getInt(7),
                Instant.ofEpochMilli(rs.getLong(8)),
                instantOrNull(rs, 9),
                instantOrNull(rs, 10)));
      }
    }
    return records;
  }

  private static Instant instantOrNull(ResultSet rs, int column) throws SQLException {
    long millis = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
  }

  @Override
  public void recordWorker(long allocationId, RunnerInfo worker) {
    Objects.requireNonNull(worker, "worker");
    write(
        () -> {
          if (queryInt("SELECT COUNT(*) FROM slurm_allocation WHERE id = ?", allocationId) == 0) {
            throw new StoreException("no Slurm allocation with id " + allocationId);
          }
          if (queryInt(
                  "SELECT COUNT(*) FROM slurm_worker WHERE allocation_id = ? AND host = ? AND pid = ?",
                  allocationId,
                  worker.host(),
                  worker.pid())
              == 0) {
            try (PreparedStatement ps =
                prepare(
                    "INSERT INTO slurm_worker (allocation_id, host, pid) VALUES (?, ?, ?)",
                    allocationId,
                    worker.host(),
                    worker.pid())) {
              ps.executeUpdate();
            }
          }
          return null;
        });
  }

  @Override
  public List<RunnerInfo> listWorkers(long allocationId) {
    return read(
        () -> {
          List<RunnerInfo> workers = new ArrayList<>();
          try (PreparedStatement ps =
                  prepare(
                      "SELECT host, pid FROM slurm_worker WHERE allocation_id = ? ORDER BY host, pid",
                      allocationId);
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              workers.add(new RunnerInfo(rs.getString(1), rs.getLong(2), null));
            }
          }
          return workers;
        });
  }

  // ---------------------------------------------------------------------------------------------
  // Claiming and status changes

  @Override
  public List<JobRecord> claimReadyJobs(
      long workflowId, ResourceBudget budget, int maxJobs, long runnerId) {
    Objects.requireNonNull(budget, "budget");
    return write(() -> claim(workflowId, budget, maxJobs, runnerId));
  }

  @Override
  public RunnerPass runnerPass(
      long workflowId,
      long runnerId,
      List<AttemptStart> starts,
      List<JobResult> results,
      ResourceBudget budget,
      int maxJobs,
      AttemptNamer attempts) {
    StoreSupport.checkRunnerPass(starts, results, budget, attempts);
    if (starts.isEmpty() && results.isEmpty() && maxJobs <= 0) {
      return RunnerPass.NOTHING;
    }
    return write(
        () ->
            graph.runnerPass(
                workflowId, runnerId, starts, results, budget, maxJobs, attempts, now()));
  }

  /** Claims as {@link #claimReadyJobs(long, ResourceBudget, int, long)}, in the transaction. */
  private List<JobRecord> claim(long workflowId, ResourceBudget budget, int maxJobs, long runnerId)
      throws SQLException {
    if (runnerId == 0) {
      lockWorkflow(workflowId, false);
    } else {
      checkClaimingRunner(workflowId, runnerId);
    }
    List<Long> claimed = graph.claim(workflowId, budget, maxJobs, runnerId, now());
    if (claimed.isEmpty()) {
      return List.of();
    }
    List<JobRecord> records = jobRecords(claimed);
    LOG.debug("claimed {} jobs of workflow {}", records.size(), workflowId);
    return records;
  }

  /** Work on a run of ids and the placeholders of an {@code IN} list of as many. */
  @FunctionalInterface
  private interface InListChunk {
    void run(List<Long> chunk, String placeholders) throws SQLException;
  }

  /** Runs {@code work} on the ids in runs of at most {@link #IN_LIST_CHUNK}, in order. */
  private static void inChunks(List<Long> ids, InListChunk work) throws SQLException {
    for (int from = 0; from < ids.size(); from += IN_LIST_CHUNK) {
      List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + IN_LIST_CHUNK));
      work.run(chunk, String.join(",", Collections.nCopies(chunk.size(), "?")));
    }
  }

  /** The jobs' records, in the order of {@code jobIds}. */
  private List<JobRecord> jobRecords(List<Long> jobIds) throws SQLException {
    Map<Long, JobRecord> byId = new HashMap<>(capacity(jobIds.size()));
    inChunks(
        jobIds,
        (chunk, in) -> {
          for (JobRecord job : loadJobs("j.id IN (" + in + ")", chunk.toArray())) {
            byId.put(job.id(), job);
          }
        });
    List<JobRecord> records = new ArrayList<>(jobIds.size());
    jobIds.forEach(id -> records.add(byId.get(id)));
    return records;
  }

  /**
   * The run the claim's attempts belong to, after the checks and locks of {@link #claim}: one query
   * for both when a runner claims.
   */
  private int runIdForClaim(long workflowId, long runnerId) throws SQLException {
    if (runnerId == 0) {
      lockWorkflow(workflowId, false);
      return requireWorkflow(workflowId);
    }
    RunnerState runner =
        runnerState(
            runnerId,
            ", (SELECT run_id FROM workflow w WHERE w.id = runner.workflow_id)",
            dialect.lockWorkflowOfRowCondition());
    checkClaimingRunner(workflowId, runnerId, runner);
    return runner.runId();
  }

  /** A ready job's record as a claim leaves it: pending. */
  private static JobRecord asClaimed(JobRecord job) {
    return new JobRecord(
        job.id(),
        job.workflowId(),
        job.name(),
        job.command(),
        job.invocationScript(),
        JobStatus.PENDING,
        job.attemptId(),
        job.priority(),
        job.requirements(),
        job.failureHandler(),
        job.scheduler(),
        job.cancelOnBlockingJobFailure(),
        job.supportsTermination(),
        job.dependsOn(),
        job.inputFiles(),
        job.outputFiles(),
        job.originalCommand(),
        job.fallbackCommands());
  }

  /** The job's state, its row locked for the rest of the transaction. */
  private JobRow jobState(long jobId) throws SQLException {
    try (ResultSet rs = cached(JOB_STATE + JOB_STATE_WHERE + lockedRow(), jobId).executeQuery()) {
      return jobRow(rs, jobId);
    }
  }

  /** The jobs' states, their rows locked in the order of their ids. */
  private List<JobRow> jobStates(List<Long> jobIds) throws SQLException {
    List<Long> sorted = jobIds.stream().distinct().sorted().toList();
    List<JobRow> jobs = new ArrayList<>(sorted.size());
    inChunks(
        sorted,
        (chunk, in) -> {
          try (ResultSet rs =
              cached(
                      JOB_STATE
                          + " FROM job WHERE id IN ("
                          + in
                          + ")"
                          + dialect.lockWorkflowOfRowCondition()
                          + " ORDER BY id"
                          + dialect.forUpdate(),
                      chunk.toArray())
                  .executeQuery()) {
            for (long jobId : chunk) {
              JobRow job = jobRow(rs, jobId);
              if (job.id() != jobId) {
                throw new StoreException("no job with id " + jobId);
              }
              jobs.add(job);
            }
          }
        });
    return jobs;
  }

  /**
   * The job's state, its row locked, with whether it has a result for this attempt: {@link
   * #jobState} and {@link #hasResult} in one query.
   */
  private GraphRows.ResultTarget jobForResult(long jobId, int runId, int attemptId)
      throws SQLException {
    try (ResultSet rs =
        cached(
                JOB_STATE
                    + ", EXISTS (SELECT 1 FROM result r WHERE r.job_id = job.id AND r.run_id = ?"
                    + " AND r.attempt_id = ?)"
                    + JOB_STATE_WHERE
                    + lockedRow(),
                runId,
                attemptId,
                jobId)
            .executeQuery()) {
      JobRow job = jobRow(rs, jobId);
      return new GraphRows.ResultTarget(job, rs.getBoolean(8));
    }
  }

  private static final String JOB_STATE =
      "SELECT id, workflow_id, name, status, unfinished_deps, attempt_id, runner_id";

  private static final String JOB_STATE_WHERE = " FROM job WHERE id = ?";

  /** The condition and clause that lock a job row read for a change, and its workflow shared. */
  private String lockedRow() {
    return dialect.lockWorkflowOfRowCondition() + dialect.forUpdate();
  }

  /** The {@link #JOB_STATE} columns of the result's row, which must exist. */
  private static JobRow jobRow(ResultSet rs, long jobId) throws SQLException {
    if (!rs.next()) {
      throw new StoreException("no job with id " + jobId);
    }
    return new JobRow(
        rs.getLong(1),
        rs.getLong(2),
        rs.getString(3),
        JobStatus.fromCode(rs.getInt(4)),
        rs.getInt(5),
        rs.getInt(6),
        rs.getLong(7));
  }

  @Override
  public void updateJobStatus(long jobId, JobStatus status) {
    Objects.requireNonNull(status, "status");
    write(
        () -> {
          graph.updateStatus(jobId, status, now());
          return null;
        });
  }

  @Override
  public boolean releaseClaim(long jobId, long runnerId, String message) {
    return write(() -> graph.releaseClaim(jobId, runnerId, message, now()));
  }

  @Override
  public boolean recordLostAttempt(JobResult lostAttempt, long runnerId, String reason) {
    StoreSupport.checkRetriedAttempt(lostAttempt);
    return write(() -> graph.recordLostAttempt(lostAttempt, runnerId, reason, now()));
  }

  @Override
  public void completeJob(JobResult result) {
    completeJobs(List.of(result));
  }

  @Override
  public void completeJobs(List<JobResult> results) {
    results.forEach(StoreSupport::checkResult);
    if (results.isEmpty()) {
      return;
    }
    write(
        () -> {
          graph.completeAll(results, now());
          return null;
        });
  }

  private boolean hasResult(long jobId, int runId, int attemptId) throws SQLException {
    return queryInt(
            "SELECT COUNT(*) FROM result WHERE job_id = ? AND run_id = ? AND attempt_id = ?",
            jobId,
            runId,
            attemptId)
        > 0;
  }

  private void insertResult(JobResult r) throws SQLException {
    PreparedStatement ps =
        cached(
            "INSERT INTO result ("
                + RESULT_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    ps.setLong(1, r.jobId());
    ps.setLong(2, r.workflowId());
    ps.setInt(3, r.runId());
    ps.setInt(4, r.attemptId());
    ps.setInt(5, r.returnCode());
    ps.setInt(6, r.status().code());
    ps.setDouble(7, r.execTimeMinutes());
    ps.setString(8, r.completionTime().toString());
    setNullable(ps, 9, r.peakMemoryBytes(), Types.BIGINT);
    setNullable(ps, 10, r.avgMemoryBytes(), Types.BIGINT);
    setNullable(ps, 11, r.peakCpuPercent(), Types.DOUBLE);
    setNullable(ps, 12, r.avgCpuPercent(), Types.DOUBLE);
    ps.executeUpdate();
  }

  private static void setNullable(PreparedStatement ps, int index, Object value, int type)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, type);
    } else {
      ps.setObject(index, value);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Runners and the attempts they run

  private static String codes(Predicate<JobStatus> which) {
    StringBuilder sb = new StringBuilder();
    for (JobStatus status : JobStatus.values()) {
      if (which.test(status)) {
        sb.append(sb.length() == 0 ? "" : ",").append(status.code());
      }
    }
    return sb.toString();
  }

  /** The workflow's run id. @throws StoreException when there is no such workflow */
  private int requireWorkflow(long workflowId) throws SQLException {
    try (ResultSet rs =
        cached("SELECT run_id FROM workflow WHERE id = ?", workflowId).executeQuery()) {
      if (!rs.next()) {
        throw new StoreException("no workflow with id " + workflowId);
      }
      return rs.getInt(1);
    }
  }

  /** A runner's row; {@code runId}, its workflow's run, only when asked for. */
  private record RunnerState(long workflowId, boolean stopped, int runId) {}

  private RunnerState runnerState(long runnerId) throws SQLException {
    return runnerState(runnerId, "", "");
  }

  /**
   * The runner's state, its row locked, and its workflow locked as {@link #lockWorkflow} with
   * {@code exclusive} false.
   */
  private RunnerState runnerStateLockingWorkflow(long runnerId) throws SQLException {
    return runnerState(runnerId, "", dialect.lockWorkflowOfRowCondition());
  }

  /**
   * The runner's row, locked; {@code runIdColumn} is empty or a third column that gives the run id.
   */
  private RunnerState runnerState(long runnerId, String runIdColumn, String condition)
      throws SQLException {
    try (ResultSet rs =
        cached(
                "SELECT workflow_id, stopped_at"
                    + runIdColumn
                    + " FROM runner WHERE id = ?"
                    + condition
                    + dialect.forUpdate(),
                runnerId)
            .executeQuery()) {
      if (!rs.next()) {
        throw new StoreException("no runner with id " + runnerId);
      }
      long workflowId = rs.getLong(1);
      rs.getLong(2);
      boolean stopped = !rs.wasNull();
      return new RunnerState(workflowId, stopped, runIdColumn.isEmpty() ? 0 : rs.getInt(3));
    }
  }

  /**
   * Checks that a runner that claims is an active runner of the workflow, and takes the workflow's
   * lock for the claim.
   */
  private void checkClaimingRunner(long workflowId, long runnerId) throws SQLException {
    checkClaimingRunner(workflowId, runnerId, runnerStateLockingWorkflow(runnerId));
  }

  private static void checkClaimingRunner(long workflowId, long runnerId, RunnerState runner) {
    if (runner.workflowId() != workflowId) {
      throw new StoreException(
          "runner " + runnerId + " runs workflow " + runner.workflowId() + ", not " + workflowId);
    }
    if (runner.stopped()) {
      throw new StoreException("runner " + runnerId + " has stopped and cannot claim jobs");
    }
  }

  @Override
  public long registerRunner(long workflowId, RunnerInfo runner) {
    StoreSupport.checkRunnerInfo(runner, "runner");
    return write(
        () -> {
          lockWorkflow(workflowId, false);
          requireSlurmWorkflow(workflowId);
          Instant now = now();
          PreparedStatement ps =
              cached(
                  "INSERT INTO runner (workflow_id, host, pid, process_start, started_at,"
                      + " heartbeat_at) VALUES (?, ?, ?, ?, ?, ?)");
          ps.setLong(1, workflowId);
          ps.setString(2, runner.host());
          ps.setLong(3, runner.pid());
          setNullable(ps, 4, instantText(runner.processStart()), Types.VARCHAR);
          ps.setLong(5, now.toEpochMilli());
          ps.setLong(6, now.toEpochMilli());
          ps.executeUpdate();
          long id = dialect.insertedId(connection, "runner");
          insertEvent(
              workflowId,
              null,
              StoreSupport.EVENT_RUNNER_STARTED,
              StoreSupport.describeRunner(id, runner) + " started",
              now);
          return id;
        });
  }

  private static String instantText(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static Instant instantOf(String text) {
    return text == null ? null : Instant.parse(text);
  }

  @Override
  public void heartbeat(long runnerId) {
    write(
        () -> {
          if (runnerState(runnerId).stopped()) {
            throw new StoreException("runner " + runnerId + " has stopped");
          }
          cached("UPDATE runner SET heartbeat_at = ? WHERE id = ?", now().toEpochMilli(), runnerId)
              .executeUpdate();
          return null;
        });
  }

  @Override
  public void unregisterRunner(long runnerId) {
    write(
        () -> {
          RunnerState runner = runnerState(runnerId);
          if (runner.stopped()) {
            return null;
          }
          Instant now = now();
          cached("UPDATE runner SET stopped_at = ? WHERE id = ?", now.toEpochMilli(), runnerId)
              .executeUpdate();
          insertEvent(
              runner.workflowId(),
              null,
              StoreSupport.EVENT_RUNNER_STOPPED,
              "runner " + runnerId + " stopped",
              now);
          return null;
        });
  }

  @Override
  public List<RunnerRecord> listActiveRunners(long workflowId) {
    return read(
        () ->
            list(
                "SELECT id, workflow_id, host, pid, process_start, started_at, heartbeat_at"
                    + " FROM runner WHERE workflow_id = ? AND stopped_at IS NULL ORDER BY id",
                rs ->
                    new RunnerRecord(
                        rs.getLong(1),
                        rs.getLong(2),
                        new RunnerInfo(rs.getString(3), rs.getLong(4), instantOf(rs.getString(5))),
                        Instant.ofEpochMilli(rs.getLong(6)),
                        Instant.ofEpochMilli(rs.getLong(7))),
                workflowId));
  }

  @Override
  public void markJobRunning(long jobId, long runnerId, AttemptRef attempt) {
    StoreSupport.checkAttemptRef(attempt, "attempt");
    write(
        () -> {
          graph.markRunning(jobId, runnerId, attempt, now());
          return null;
        });
  }

  @Override
  public void markJobsRunning(long runnerId, Map<Long, AttemptRef> attempts) {
    attempts.values().forEach(attempt -> StoreSupport.checkAttemptRef(attempt, "attempt"));
    if (attempts.isEmpty()) {
      return;
    }
    write(
        () -> {
          graph.markAllRunning(runnerId, attempts, now());
          return null;
        });
  }

  @Override
  public void recordRecoveryProcess(long jobId, long runnerId, AttemptRef process) {
    StoreSupport.checkAttemptRef(process, "process");
    write(
        () -> {
          graph.recordRecoveryProcess(jobId, runnerId, process, now());
          return null;
        });
  }

  @Override
  public void holdJob(long jobId, Instant notBefore, String reason) {
    write(
        () -> {
          graph.hold(jobId, notBefore, reason, now());
          return null;
        });
  }

  @Override
  public List<ActiveJob> listActiveJobs(long workflowId) {
    return read(
        () -> {
          List<ActiveJob> active = new ArrayList<>();
          try (PreparedStatement ps =
                  prepare(
                      "SELECT id, name, status, attempt_id, runner_id, attempt_executor,"
                          + " attempt_host, attempt_external_id, attempt_started_at, started_at"
                          + " FROM job"
                          + " WHERE workflow_id = ? AND status IN (?, ?) ORDER BY id",
                      workflowId,
                      JobStatus.PENDING.code(),
                      JobStatus.RUNNING.code());
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              String executor = rs.getString(6);
              Long startedAt = nullableLong(rs, 10);
              active.add(
                  new ActiveJob(
                      rs.getLong(1),
                      rs.getString(2),
                      JobStatus.fromCode(rs.getInt(3)),
                      rs.getInt(4),
                      rs.getLong(5),
                      executor == null
                          ? null
                          : new AttemptRef(
                              executor,
                              rs.getString(7),
                              rs.getString(8),
                              instantOf(rs.getString(9))),
                      startedAt == null ? null : Instant.ofEpochMilli(startedAt)));
            }
          }
          return active;
        });
  }

  @Override
  public void retryAttempt(
      JobResult failedAttempt, String reason, Instant notBefore, String commandOverride) {
    StoreSupport.checkRetriedAttempt(failedAttempt);
    write(
        () -> {
          graph.retryAttempt(failedAttempt, reason, notBefore, commandOverride, now());
          return null;
        });
  }

  @Override
  public Optional<Instant> nextNotBefore(long workflowId) {
    return read(
        () -> {
          try (ResultSet rs =
              cached(
                      "SELECT MIN(not_before) FROM job WHERE workflow_id = ? AND status = ?"
                          + " AND not_before > ?",
                      workflowId,
                      JobStatus.READY.code(),
                      now().toEpochMilli())
                  .executeQuery()) {
            rs.next();
            long ms = rs.getLong(1);
            return rs.wasNull() ? Optional.<Instant>empty() : Optional.of(Instant.ofEpochMilli(ms));
          }
        });
  }

  @Override
  public void retryJob(long jobId, ResourceRequirements requirements, String reason) {
    write(
        () -> {
          graph.retryJob(jobId, requirements, reason, now());
          return null;
        });
  }

  @Override
  public void updateJobRequirements(long jobId, ResourceRequirements requirements) {
    Objects.requireNonNull(requirements, "requirements");
    write(
        () -> {
          graph.updateRequirements(jobId, requirements, now());
          return null;
        });
  }

  private void setRequirements(long jobId, ResourceRequirements rr) throws SQLException {
    PreparedStatement ps = cached(SET_REQUIREMENTS);
    ps.setString(1, rr.name());
    ps.setInt(2, rr.numCpus());
    ps.setLong(3, rr.memory().bytes());
    ps.setString(4, rr.memory().text());
    ps.setInt(5, rr.numGpus());
    ps.setInt(6, rr.numNodes());
    ps.setLong(7, rr.runtime().toSeconds());
    ps.setString(8, rr.runtime().toString());
    ps.setLong(9, jobId);
    ps.executeUpdate();
  }

  // ---------------------------------------------------------------------------------------------
  // Whole-workflow changes

  @Override
  public int resetJobs(long workflowId, boolean failedOnly) {
    return write(
        () -> {
          lockWorkflow(workflowId, true);
          return graph.reset(workflowId, failedOnly, now());
        });
  }

  @Override
  public int resetJobs(
      long workflowId,
      Set<Long> jobIds,
      Map<Long, ResourceRequirements> requirements,
      String reason) {
    Objects.requireNonNull(jobIds, "jobIds");
    Objects.requireNonNull(requirements, "requirements");
    return write(
        () -> {
          lockWorkflow(workflowId, true);
          return graph.resetChosen(workflowId, jobIds, requirements, reason, now());
        });
  }

  @Override
  public Set<Long> reinitialize(long workflowId, Set<Long> jobIds) {
    Objects.requireNonNull(jobIds, "jobIds");
    return write(
        () -> {
          lockWorkflow(workflowId, true);
          return graph.reinitialize(workflowId, jobIds, now());
        });
  }

  @Override
  public void cancelWorkflow(long workflowId) {
    write(
        () -> {
          lockWorkflow(workflowId, true);
          int canceled = graph.cancel(workflowId, now());
          LOG.debug("canceled workflow {} with {} open jobs", workflowId, canceled);
          return null;
        });
  }

  @Override
  public void updateWorkflow(
      long workflowId, String name, String description, String user, String project) {
    write(
        () -> {
          requireWorkflow(workflowId);
          try (PreparedStatement ps =
              prepare(
                  // Typed: PostgreSQL cannot tell the type of a bare null parameter.
                  "UPDATE workflow SET name = COALESCE(CAST(? AS TEXT), name),"
                      + " description = COALESCE(CAST(? AS TEXT), description),"
                      + " \"user\" = COALESCE(CAST(? AS TEXT), \"user\"),"
                      + " project = COALESCE(CAST(? AS TEXT), project) WHERE id = ?",
                  name,
                  description,
                  user,
                  project,
                  workflowId)) {
            ps.executeUpdate();
          }
          return null;
        });
  }

  // ---------------------------------------------------------------------------------------------
  // Results and events

  @Override
  public List<JobResult> listResults(long workflowId) {
    return read(() -> results("workflow_id", workflowId));
  }

  @Override
  public Map<String, Long> resultIds(long workflowId) {
    return read(
        () -> {
          Map<String, Long> ids = new HashMap<>();
          try (PreparedStatement ps =
                  prepare(
                      "SELECT id, job_id, run_id, attempt_id FROM result WHERE workflow_id = ?",
                      workflowId);
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              ids.put(
                  RecoveryLedger.resultKey(rs.getLong(2), rs.getInt(3), rs.getInt(4)),
                  rs.getLong(1));
            }
          }
          return ids;
        });
  }

  @Override
  public List<JobResult> listJobResults(long jobId) {
    return read(() -> results("job_id", jobId));
  }

  /** Jobs named at most this many at once go to the database as one {@code IN} list. */
  private static final int MAX_LISTED_JOB_IDS = 500;

  @Override
  public List<JobResult> listResults(long workflowId, Collection<Long> jobIds) {
    if (jobIds.size() > MAX_LISTED_JOB_IDS) {
      return WorkflowStore.super.listResults(workflowId, jobIds);
    }
    if (jobIds.isEmpty()) {
      return List.of();
    }
    List<Object> args = new ArrayList<>();
    args.add(workflowId);
    args.addAll(jobIds);
    String sql =
        "SELECT "
            + RESULT_COLUMNS
            + " FROM result WHERE workflow_id = ? AND job_id IN ("
            + String.join(",", java.util.Collections.nCopies(jobIds.size(), "?"))
            + ") ORDER BY id";
    return read(() -> results(prepare(sql, args.toArray())));
  }

  private List<JobResult> results(String column, long id) throws SQLException {
    return results(
        prepare(
            "SELECT " + RESULT_COLUMNS + " FROM result WHERE " + column + " = ? ORDER BY id", id));
  }

  private static List<JobResult> results(PreparedStatement statement) throws SQLException {
    List<JobResult> results = new ArrayList<>();
    try (PreparedStatement ps = statement;
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        results.add(
            new JobResult(
                rs.getLong(1),
                rs.getLong(2),
                rs.getInt(3),
                rs.getInt(4),
                rs.getInt(5),
                JobStatus.fromCode(rs.getInt(6)),
                rs.getDouble(7),
                Instant.parse(rs.getString(8)),
                nullableLong(rs, 9),
                nullableLong(rs, 10),
                nullableDouble(rs, 11),
                nullableDouble(rs, 12)));
      }
    }
    return results;
  }

  private static Long nullableLong(ResultSet rs, int column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  private static Double nullableDouble(ResultSet rs, int column) throws SQLException {
    double value = rs.getDouble(column);
    return rs.wasNull() ? null : value;
  }

  @Override
  public void addEvent(long workflowId, Long jobId, String kind, String message) {
    Objects.requireNonNull(kind, "kind");
    write(
        () -> {
          if (queryInt("SELECT COUNT(*) FROM workflow WHERE id = ?", workflowId) == 0) {
            throw new StoreException("no workflow with id " + workflowId);
          }
          insertEvent(workflowId, jobId, kind, Objects.requireNonNullElse(message, ""), now());
          return null;
        });
  }

  // ---------------------------------------------------------------------------------------------
  // Actions

  private void insertActions(long workflowId, Workflow wf, Map<String, Long> jobIds)
      throws SQLException {
    if (wf.actions().isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT INTO workflow_action (workflow_id, position, config, job_ids)"
                + " VALUES (?, ?, ?, ?)")) {
      for (int i = 0; i < wf.actions().size(); i++) {
        List<Long> ids = new ArrayList<>();
        for (String name : wf.actionJobs(i)) {
          ids.add(jobIds.get(name));
        }
        ps.setLong(1, workflowId);
        ps.setInt(2, i);
        ps.setString(3, StoreSupport.actionToJson(wf.actions().get(i)));
        ps.setString(4, StoreSupport.toJson(ids));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  @Override
  public List<StoredAction> listActions(long workflowId) {
    return read(
        () ->
            list(
                "SELECT position, config, job_ids FROM workflow_action"
                    + " WHERE workflow_id = ? ORDER BY position",
                rs ->
                    new StoredAction(
                        rs.getInt(1),
                        StoreSupport.actionFromJson(rs.getString(2)),
                        StoreSupport.idsFromJson(rs.getString(3))),
                workflowId));
  }

  @Override
  public Map<JobStatus, Integer> countJobsByStatus(long workflowId, Collection<Long> jobIds) {
    List<Long> ids = List.copyOf(jobIds);
    return read(
        () -> {
          Map<JobStatus, Integer> counts = new EnumMap<>(JobStatus.class);
          inChunks(
              ids,
              (chunk, in) -> {
                Object[] args = new Object[chunk.size() + 1];
                args[0] = workflowId;
                for (int i = 0; i < chunk.size(); i++) {
                  args[i + 1] = chunk.get(i);
                }
                try (PreparedStatement ps =
                        prepare(
                            "SELECT status, COUNT(*) FROM job WHERE workflow_id = ? AND id IN ("
                                + in
                                + ") GROUP BY status",
                            args);
                    ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    counts.merge(JobStatus.fromCode(rs.getInt(1)), rs.getInt(2), Integer::sum);
                  }
                }
              });
          return Collections.unmodifiableMap(counts);
        });
  }

  @Override
  public boolean claimActionFiring(
      long workflowId, int actionIndex, int runId, long runnerId, String message) {
    return write(
        () -> {
          if (queryInt(
                  "SELECT COUNT(*) FROM workflow_action WHERE workflow_id = ? AND position = ?",
                  workflowId,
                  actionIndex)
              == 0) {
            throw new StoreException(
                "workflow " + workflowId + " has no action #" + (actionIndex + 1));
          }
          Instant at = now();
          int inserted;
          try (PreparedStatement ps =
              prepare(
                  "INSERT INTO action_firing (workflow_id, position, run_id, runner_id, fired_at)"
                      + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                  workflowId,
                  actionIndex,
                  runId,
                  runnerId,
                  at.toEpochMilli())) {
            inserted = ps.executeUpdate();
          }
          if (inserted == 1) {
            insertEvent(workflowId, null, "action_fired", message, at);
          }
          return inserted == 1;
        });
  }

  @Override
  public List<ActionFiring> listActionFirings(long workflowId) {
    return read(
        () ->
            list(
                "SELECT position, run_id, runner_id, fired_at FROM action_firing"
                    + " WHERE workflow_id = ? ORDER BY fired_at, position, runner_id",
                rs ->
                    new ActionFiring(
                        workflowId,
                        rs.getInt(1),
                        rs.getInt(2),
                        rs.getLong(3),
                        Instant.ofEpochMilli(rs.getLong(4))),
                workflowId));
  }

  /**
   * Adds an event to those the transaction under way writes before it commits ({@link
   * #writeEvents}): a runner's pass makes a few per job, and one statement for all of them costs
   * less than one each.
   */
  private void insertEvent(long workflowId, Long jobId, String kind, String message, Instant ts) {
    unwrittenEvents.add(new EventRow(workflowId, ts.toEpochMilli(), kind, jobId, message));
  }

  private record EventRow(long workflowId, long ts, String kind, Long jobId, String message) {}

  /** Writes the events the transaction under way added, in order, a chunk per statement. */
  private void writeEvents() throws SQLException {
    for (int from = 0; from < unwrittenEvents.size(); from += EVENTS_PER_STATEMENT) {
      List<EventRow> chunk =
          unwrittenEvents.subList(
              from, Math.min(unwrittenEvents.size(), from + EVENTS_PER_STATEMENT));
      PreparedStatement ps =
          cached(
              "INSERT INTO event (workflow_id, ts, kind, job_id, message) VALUES "
                  + String.join(", ", Collections.nCopies(chunk.size(), "(?, ?, ?, ?, ?)")));
      int column = 1;
      for (EventRow event : chunk) {
        ps.setLong(column++, event.workflowId());
        ps.setLong(column++, event.ts());
        ps.setString(column++, event.kind());
        setNullable(ps, column++, event.jobId(), Types.BIGINT);
        ps.setString(column++, event.message());
      }
      ps.executeUpdate();
    }
    unwrittenEvents.clear();
  }

  @Override
  public List<WorkflowEvent> listEvents(long workflowId) {
    return read(
        () ->
            list(
                "SELECT id, workflow_id, ts, kind, job_id, message FROM event"
                    + " WHERE workflow_id = ? ORDER BY id",
                rs ->
                    new WorkflowEvent(
                        rs.getLong(1),
                        rs.getLong(2),
                        Instant.ofEpochMilli(rs.getLong(3)),
                        rs.getString(4),
                        nullableLong(rs, 5),
                        rs.getString(6)),
                workflowId));
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (!closed) {
        closed = true;
        closeQuietly();
        LOG.debug("closed the store {}", dialect);
      }
    } finally {
      lock.unlock();
    }
  }

  private void closeQuietly() {
    for (PreparedStatement ps : statements.values()) {
      try {
        ps.close();
      } catch (SQLException e) {
        LOG.debug("closing a statement failed: {}", e.getMessage());
      }
    }
    statements.clear();
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException e) {
      LOG.warn("closing {} failed: {}", dialect.describe(), e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "SqlWorkflowStore[" + dialect + "]";
  }

  // ---------------------------------------------------------------------------------------------
  // Rows for the job graph

  /** Carries a {@link SQLException} out of {@link GraphRows}, whose methods throw none. */
  private static final class RowsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RowsException(SQLException cause) {
      super(cause);
    }

    @Override
    public synchronized SQLException getCause() {
      return (SQLException) super.getCause();
    }
  }

  @FunctionalInterface
  private interface SqlAction {
    void run() throws SQLException;
  }

  private static <T> T rows(SqlWork<T> work) {
    try {
      return work.run();
    } catch (SQLException e) {
      throw new RowsException(e);
    }
  }

  private static void rowsRun(SqlAction action) {
    try {
      action.run();
    } catch (SQLException e) {
      throw new RowsException(e);
    }
  }

  /** The job graph's rows in this store's tables, on the transaction's connection. */
  private final class SqlRows implements GraphRows {
    @Override
    public JobRow job(long jobId) {
      return rows(() -> jobState(jobId));
    }

    @Override
    public ResultTarget jobForResult(long jobId, int runId, int attemptId) {
      return rows(() -> SqlWorkflowStore.this.jobForResult(jobId, runId, attemptId));
    }

    @Override
    public int runId(long workflowId) {
      return rows(() -> requireWorkflow(workflowId));
    }

    @Override
    public int runIdForClaim(long workflowId, long runnerId) {
      return rows(() -> SqlWorkflowStore.this.runIdForClaim(workflowId, runnerId));
    }

    @Override
    public boolean rollsBack() {
      return true;
    }

    @Override
    public List<JobRow> jobs(List<Long> jobIds) {
      return rows(() -> jobStates(jobIds));
    }

    @Override
    public List<JobRecord> claimedRecords(List<Long> jobIds) {
      List<JobRecord> claimed = new ArrayList<>(jobIds.size());
      for (JobRecord job : rows(() -> jobRecords(jobIds))) {
        claimed.add(asClaimed(job));
      }
      LOG.debug("claiming {} jobs", claimed.size());
      return claimed;
    }

    @Override
    public boolean hasResult(long jobId, int runId, int attemptId) {
      return rows(() -> SqlWorkflowStore.this.hasResult(jobId, runId, attemptId));
    }

    @Override
    public void insertResult(JobResult result) {
      rowsRun(() -> SqlWorkflowStore.this.insertResult(result));
    }

    @Override
    public void insertEvent(long workflowId, Long jobId, String kind, String message, Instant at) {
      rowsRun(() -> SqlWorkflowStore.this.insertEvent(workflowId, jobId, kind, message, at));
    }

    @Override
    public void setStatus(long jobId, JobStatus status) {
      rowsRun(
          () -> {
            PreparedStatement update =
                cached(StoreSupport.isActive(status) ? SET_STATUS : SET_STATUS_IDLE);
            update.setInt(1, status.code());
            update.setLong(2, jobId);
            update.executeUpdate();
          });
    }

    @Override
    public void addToUnfinishedOfDependents(long jobId, int delta) {
      rowsRun(
          () ->
              cached(
                      "UPDATE job SET unfinished_deps = unfinished_deps + ? WHERE id IN"
                          + " (SELECT job_id FROM job_dependency WHERE depends_on_job_id = ?)",
                      delta,
                      jobId)
                  .executeUpdate());
    }

    @Override
    public List<Dependent> blockedDependents(long jobId) {
      return rows(
          () -> {
            List<Dependent> dependents = new ArrayList<>();
            try (ResultSet rs =
                cached(
                        "SELECT j.id, j.name, j.unfinished_deps, j.cancel_on_blocking_job_failure"
                            + " FROM job_dependency d JOIN job j ON j.id = d.job_id"
                            + " WHERE d.depends_on_job_id = ? AND j.status = ? ORDER BY d.job_id",
                        jobId,
                        JobStatus.BLOCKED.code())
                    .executeQuery()) {
              while (rs.next()) {
                dependents.add(
                    new Dependent(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getBoolean(4)));
              }
            }
            return dependents;
          });
    }

    @Override
    public List<Dependent> finishForDependents(long jobId) {
      return rows(
          () -> {
            List<Dependent> dependents = new ArrayList<>();
            try (ResultSet rs =
                cached(
                        "UPDATE job SET unfinished_deps = unfinished_deps - 1 WHERE id IN"
                            + " (SELECT job_id FROM job_dependency WHERE depends_on_job_id = ?)"
                            + " RETURNING id, name, unfinished_deps,"
                            + " cancel_on_blocking_job_failure, status",
                        jobId)
                    .executeQuery()) {
              while (rs.next()) {
                if (rs.getInt(5) == JobStatus.BLOCKED.code()) {
                  dependents.add(
                      new Dependent(
                          rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getBoolean(4)));
                }
              }
            }
            // RETURNING gives the rows in no particular order.
            dependents.sort(Comparator.comparingLong(Dependent::id));
            return dependents;
          });
    }

    @Override
    public void blockReadyDependents(long jobId) {
      rowsRun(
          () ->
              cached(
                      "UPDATE job SET status = ? WHERE id IN"
                          + " (SELECT job_id FROM job_dependency WHERE depends_on_job_id = ?)"
                          + " AND status = ?",
                      JobStatus.BLOCKED.code(),
                      jobId,
                      JobStatus.READY.code())
                  .executeUpdate());
    }

    @Override
    public void nextAttempt(long jobId, String commandOverride) {
      rowsRun(
          () ->
              cached(
                      "UPDATE job SET attempt_id = attempt_id + 1, command_override = ?"
                          + " WHERE id = ?",
                      commandOverride,
                      jobId)
                  .executeUpdate());
    }

    @Override
    public void setNotBefore(long jobId, Instant notBefore) {
      rowsRun(
          () ->
              cached(
                      "UPDATE job SET not_before = ? WHERE id = ?",
                      notBefore == null ? null : notBefore.toEpochMilli(),
                      jobId)
                  .executeUpdate());
    }

    @Override
    public void setRequirements(long jobId, ResourceRequirements requirements) {
      rowsRun(() -> SqlWorkflowStore.this.setRequirements(jobId, requirements));
    }

    @Override
    public void setCommand(long jobId, String command) {
      rowsRun(
          () -> cached("UPDATE job SET command = ? WHERE id = ?", command, jobId).executeUpdate());
    }

    @Override
    public void setPriority(long jobId, int priority) {
      rowsRun(
          () ->
              cached("UPDATE job SET priority = ? WHERE id = ?", priority, jobId).executeUpdate());
    }

    @Override
    public void deleteJob(long jobId) {
      rowsRun(
          () -> {
            try (PreparedStatement ps =
                prepare(
                    "DELETE FROM job_dependency WHERE job_id = ? OR depends_on_job_id = ?",
                    jobId,
                    jobId)) {
              ps.executeUpdate();
            }
            for (String table :
                List.of(
                    "job_input_file",
                    "job_output_file",
                    "job_input_user_data",
                    "job_output_user_data",
                    "result",
                    "failure_record")) {
              try (PreparedStatement ps =
                  prepare("DELETE FROM " + table + " WHERE job_id = ?", jobId)) {
                ps.executeUpdate();
              }
            }
            try (PreparedStatement ps = prepare("DELETE FROM job WHERE id = ?", jobId)) {
              ps.executeUpdate();
            }
          });
    }

    @Override
    public void markRunning(long jobId, AttemptRef attempt, Instant startedAt) {
      markAllRunning(List.of(new AttemptStart(jobId, attempt, startedAt)));
    }

    @Override
    public void markAllRunning(List<AttemptStart> starts) {
      rowsRun(
          () -> {
            PreparedStatement ps =
                cached(
                    "UPDATE job SET status = ?, attempt_executor = ?, attempt_host = ?,"
                        + " attempt_external_id = ?, attempt_started_at = ?, started_at = ?"
                        + " WHERE id = ?");
            ps.clearBatch(); // of a transaction that failed before it was sent
            for (AttemptStart start : starts) {
              ps.setInt(1, JobStatus.RUNNING.code());
              setAttemptRef(ps, 2, start.attempt());
              ps.setLong(6, start.startedAt().toEpochMilli());
              ps.setLong(7, start.jobId());
              ps.addBatch();
            }
            ps.executeBatch();
          });
    }

    @Override
    public void setAttempt(long jobId, AttemptRef attempt) {
      rowsRun(
          () -> {
            PreparedStatement ps =
                cached(
                    "UPDATE job SET attempt_executor = ?, attempt_host = ?,"
                        + " attempt_external_id = ?, attempt_started_at = ? WHERE id = ?");
            setAttemptRef(ps, 1, attempt);
            ps.setLong(5, jobId);
            ps.executeUpdate();
          });
    }

    /** Sets the four attempt columns, from {@code first} on. */
    private void setAttemptRef(PreparedStatement ps, int first, AttemptRef attempt)
        throws SQLException {
      ps.setString(first, attempt.executor());
      ps.setString(first + 1, attempt.host());
      setNullable(ps, first + 2, attempt.externalId(), Types.VARCHAR);
      setNullable(ps, first + 3, instantText(attempt.startedAt()), Types.VARCHAR);
    }

    @Override
    public void claimAllWithAttempts(
        long runnerId, List<Long> jobIds, Map<Long, AttemptRef> attempts) {
      rowsRun(
          () -> {
            PreparedStatement ps =
                cached(
                    "UPDATE job SET status = ?, runner_id = ?, not_before = NULL,"
                        + " attempt_executor = ?, attempt_host = ?, attempt_external_id = ?,"
                        + " attempt_started_at = ? WHERE id = ?");
            ps.clearBatch(); // of a transaction that failed before it was sent
            for (long jobId : jobIds) {
              ps.setInt(1, JobStatus.PENDING.code());
              setNullable(ps, 2, runnerId == 0 ? null : runnerId, Types.BIGINT);
              setAttemptRef(ps, 3, attempts.get(jobId));
              ps.setLong(7, jobId);
              ps.addBatch();
            }
            ps.executeBatch();
          });
    }

    @Override
    public Iterable<Candidate> claimable(long workflowId, Instant now, long limit) {
      return new CandidatePages(
          (after, size) -> rows(() -> candidates(workflowId, now, after, size)), limit);
    }

    @Override
    public void claim(List<Long> jobIds, long runnerId) {
      rowsRun(
          () -> {
            PreparedStatement update =
                cached("UPDATE job SET status = ?, runner_id = ?, not_before = NULL WHERE id = ?");
            for (long id : jobIds) {
              update.setInt(1, JobStatus.PENDING.code());
              setNullable(update, 2, runnerId == 0 ? null : runnerId, Types.BIGINT);
              update.setLong(3, id);
              update.addBatch();
            }
            update.executeBatch();
          });
    }

    @Override
    public int countActive(long workflowId) {
      return rows(
          () ->
              queryInt(
                  "SELECT COUNT(*) FROM job WHERE workflow_id = ? AND status IN (?, ?)",
                  workflowId,
                  JobStatus.PENDING.code(),
                  JobStatus.RUNNING.code()));
    }

    @Override
    public JobGraph.Shape shape(long workflowId) {
      return rows(() -> loadShape(workflowId));
    }

    @Override
    public List<JobRow> openJobs(long workflowId) {
      return rows(
          () -> {
            List<JobRow> open = new ArrayList<>();
            try (PreparedStatement ps =
                    prepare(
                        "SELECT id, name, status FROM job WHERE workflow_id = ? AND status IN ("
                            + NOT_TERMINAL_CODES
                            + ") ORDER BY id",
                        workflowId);
                ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                open.add(
                    new JobRow(
                        rs.getLong(1),
                        workflowId,
                        rs.getString(2),
                        JobStatus.fromCode(rs.getInt(3)),
                        0,
                        0,
                        0));
              }
            }
            return open;
          });
    }

    @Override
    public void advanceAttemptsThatRan(int runId, List<Long> jobIds) {
      rowsRun(
          () -> {
            PreparedStatement bump =
                cached(
                    "UPDATE job SET attempt_id = attempt_id + 1 WHERE id = ? AND EXISTS"
                        + " (SELECT 1 FROM result r WHERE r.job_id = job.id AND r.run_id = ?"
                        + " AND r.attempt_id = job.attempt_id)");
            for (long id : jobIds) {
              bump.setLong(1, id);
              bump.setInt(2, runId);
              bump.addBatch();
            }
            bump.executeBatch();
          });
    }

    @Override
    public void startRun(long workflowId, int runId, List<Long> jobIds) {
      rowsRun(
          () -> {
            cached("UPDATE workflow SET run_id = ? WHERE id = ?", runId, workflowId)
                .executeUpdate();
            PreparedStatement first = cached("UPDATE job SET attempt_id = 1 WHERE id = ?");
            for (long id : jobIds) {
              first.setLong(1, id);
              first.addBatch();
            }
            first.executeBatch();
          });
    }

    @Override
    public void blockForRerun(List<Long> jobIds) {
      rowsRun(
          () -> {
            PreparedStatement block = cached(SET_STATUS_IDLE);
            for (long id : jobIds) {
              block.setInt(1, JobStatus.BLOCKED.code());
              block.setLong(2, id);
              block.addBatch();
            }
            block.executeBatch();
            PreparedStatement own =
                cached(
                    "UPDATE job SET command_override = NULL"
                        + " WHERE id = ? AND command_override IS NOT NULL");
            for (long id : jobIds) {
              own.setLong(1, id);
              own.addBatch();
            }
            own.executeBatch();
          });
    }

    @Override
    public void recountUnfinished(long workflowId) {
      rowsRun(
          () ->
              cached(
                      "UPDATE job SET unfinished_deps = (SELECT COUNT(*) FROM job_dependency d"
                          + " JOIN job p ON p.id = d.depends_on_job_id WHERE d.job_id = job.id"
                          + " AND p.status NOT IN ("
                          + TERMINAL_CODES
                          + ")) WHERE workflow_id = ?",
                      workflowId)
                  .executeUpdate());
    }

    @Override
    public void readyIfNotWaiting(List<Long> jobIds) {
      rowsRun(
          () -> {
            PreparedStatement ready =
                cached("UPDATE job SET status = ? WHERE id = ? AND unfinished_deps = 0");
            for (long id : jobIds) {
              ready.setInt(1, JobStatus.READY.code());
              ready.setLong(2, id);
              ready.addBatch();
            }
            ready.executeBatch();
          });
    }

    @Override
    public void clearUnfinished(long workflowId) {
      rowsRun(
          () ->
              cached("UPDATE job SET unfinished_deps = 0 WHERE workflow_id = ?", workflowId)
                  .executeUpdate());
    }

    @Override
    public void setCanceled(long workflowId, boolean canceled) {
      rowsRun(
          () ->
              cached(
                      "UPDATE workflow SET status = ? WHERE id = ?",
                      canceled ? StoreSupport.WORKFLOW_CANCELED : null,
                      workflowId)
                  .executeUpdate());
    }
  }

  private static final String CANDIDATES =
      "SELECT id, num_cpus, memory_bytes, num_gpus, priority, runtime_seconds FROM job"
          + " WHERE workflow_id = ? AND status = ? AND (not_before IS NULL OR not_before <= ?)";

  /** One page of a claim's candidates (see {@link CandidatePages}). */
  private List<CandidatePages.Ranked> candidates(
      long workflowId, Instant now, CandidatePages.After after, int size) throws SQLException {
    String order = " ORDER BY priority DESC, id" + dialect.claimLimit();
    PreparedStatement ps =
        after == null
            ? cached(
                CANDIDATES + order, workflowId, JobStatus.READY.code(), now.toEpochMilli(), size)
            : cached(
                CANDIDATES + " AND (priority < ? OR (priority = ? AND id > ?))" + order,
                workflowId,
                JobStatus.READY.code(),
                now.toEpochMilli(),
                after.priority(),
                after.priority(),
                after.id(),
                size);
    List<CandidatePages.Ranked> page = new ArrayList<>(size);
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        page.add(
            new CandidatePages.Ranked(
                new Candidate(
                    rs.getLong(1), rs.getInt(2), rs.getLong(3), rs.getInt(4), rs.getLong(6)),
                rs.getInt(5)));
      }
    }
    return page;
  }

  private JobGraph.Shape loadShape(long workflowId) throws SQLException {
    Map<Long, JobStatus> status = new TreeMap<>();
    try (PreparedStatement ps =
            prepare("SELECT id, status FROM job WHERE workflow_id = ?", workflowId);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        status.put(rs.getLong(1), JobStatus.fromCode(rs.getInt(2)));
      }
    }
    Map<Long, List<Long>> dependents = new HashMap<>();
    try (PreparedStatement ps =
            prepare(
                "SELECT d.depends_on_job_id, d.job_id FROM job j"
                    + " JOIN job_dependency d ON d.job_id = j.id WHERE j.workflow_id = ?",
                workflowId);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        dependents.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>(2)).add(rs.getLong(2));
      }
    }
    return new JobGraph.Shape(status, dependents);
  }
}
