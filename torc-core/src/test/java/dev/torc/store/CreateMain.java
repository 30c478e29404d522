package dev.torc.store;

/**
 * Run in a separate JVM by the store tests: creates a workflow of many jobs in a chain.
 *
 * <p>Arguments: database (a SQLite file or a PostgreSQL URL), number of jobs.
 */
public final class CreateMain {
  private CreateMain() {}

  public static void main(String[] args) {
    try (WorkflowStore store = Stores.open(args[0])) {
      store.createWorkflow(ChunkedCreateTest.chain("big", Integer.parseInt(args[1])));
    }
  }
}
