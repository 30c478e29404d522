package dev.torc.store;

/**
 * Where workflows, jobs, results and events live. Every method that changes state is one
 * transaction: after a crash the store holds either all of a change or none of it. The methods are
 * grouped by role: {@link WorkflowCatalog}, {@link JobQueue}, {@link RunnerRegistry}, {@link
 * RecoveryLedger}, {@link EventLog} and {@link ActionLedger}. Implementations are safe for use by
 * several threads; the SQLite store is also safe for several processes on one machine, the
 * PostgreSQL store for processes on many machines.
 */
public interface WorkflowStore
    extends WorkflowCatalog,
        JobQueue,
        RunnerRegistry,
        RecoveryLedger,
        EventLog,
        ActionLedger,
        AutoCloseable {
  @Override
  void close();
}
