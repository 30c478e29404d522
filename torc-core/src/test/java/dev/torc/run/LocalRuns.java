package dev.torc.run;

import dev.torc.model.JavaTask;
import dev.torc.model.Workflow;
import dev.torc.store.Stores;
import dev.torc.store.WorkflowStore;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A SQLite store and {@link JobRunner}s over it, for tests of the runner: stores workflows and runs
 * them with the Java tasks of their jobs.
 */
final class LocalRuns implements AutoCloseable {
  private final WorkflowStore store;
  private final String apiUrl;
  private final Map<Long, Map<String, JavaTask>> tasks = new LinkedHashMap<>();

  private LocalRuns(WorkflowStore store, String apiUrl) {
    this.store = store;
    this.apiUrl = apiUrl;
  }

  static LocalRuns open(Path database) {
    return new LocalRuns(Stores.sqlite(database), "sqlite:" + database.toAbsolutePath());
  }

  WorkflowStore store() {
    return store;
  }

  long submit(Workflow workflow) {
    long id = store.createWorkflow(workflow);
    tasks.put(id, workflow.javaTasks());
    return id;
  }

  RunResult run(Workflow workflow, RunOptions options) {
    return run(submit(workflow), options);
  }

  RunResult run(long workflowId, RunOptions options) {
    RunOptions effective = options.withDefaults(tasks.getOrDefault(workflowId, Map.of()), apiUrl);
    return new JobRunner(store, workflowId, effective).run();
  }

  @Override
  public void close() {
    store.close();
  }
}
