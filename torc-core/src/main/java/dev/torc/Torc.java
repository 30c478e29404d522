package dev.torc;

import dev.torc.model.JavaTask;
import dev.torc.model.JobSpec;
import dev.torc.model.Workflow;
import dev.torc.run.JobRunner;
import dev.torc.run.RunOptions;
import dev.torc.run.RunResult;
import dev.torc.store.Stores;
import dev.torc.store.WorkflowStore;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SDK's front door for programs that embed torc: open a store, submit workflows built in code
 * or loaded from specs, and run them on this machine.
 *
 * <pre>{@code
 * try (Torc torc = Torc.open(Path.of("torc_output/torc.db"))) {
 *   RunResult result = torc.run(workflow, RunOptions.builder().build());
 * }
 * }</pre>
 */
public final class Torc implements AutoCloseable {
  private final WorkflowStore store;
  private final String apiUrl;
  private final Map<Long, Map<String, JavaTask>> tasks = new LinkedHashMap<>();

  private Torc(WorkflowStore store, String apiUrl) {
    this.store = store;
    this.apiUrl = apiUrl;
  }

  /** Opens (creating when missing) the SQLite store in this file. */
  public static Torc open(Path database) {
    return new Torc(Stores.sqlite(database), "sqlite:" + database.toAbsolutePath());
  }

  /**
   * A torc over a store the caller opened and will close.
   *
   * @param apiUrl what jobs see as {@code TORC_API_URL}
   */
  public static Torc using(WorkflowStore store, String apiUrl) {
    return new Torc(store, apiUrl);
  }

  /** A torc whose store lives only in this process's memory. */
  public static Torc inMemory() {
    return new Torc(Stores.inMemory(), "memory:");
  }

  /** The store, for queries and changes beyond this facade. */
  public WorkflowStore store() {
    return store;
  }

  /**
   * Stores a workflow; its jobs start ready or blocked. The Java tasks of its jobs are remembered
   * for runs through this object.
   *
   * @return the workflow's id
   */
  public long submit(Workflow workflow) {
    long id = store.createWorkflow(workflow);
    Map<String, JavaTask> byName = new LinkedHashMap<>();
    for (JobSpec job : workflow.jobs()) {
      if (job.isJavaTask()) {
        byName.put(job.name(), job.task());
      }
    }
    tasks.put(id, byName);
    return id;
  }

  /** Submits a workflow and runs it to its end. */
  public RunResult run(Workflow workflow, RunOptions options) {
    return run(submit(workflow), options);
  }

  /**
   * Runs (or resumes) a stored workflow to its end on this machine, with the Java tasks given when
   * it was submitted through this object plus those in {@code options}.
   */
  public RunResult run(long workflowId, RunOptions options) {
    Map<String, JavaTask> known = new LinkedHashMap<>(tasks.getOrDefault(workflowId, Map.of()));
    known.putAll(options.tasks());
    RunOptions effective =
        new RunOptions(
            options.outputDir(),
            options.resources(),
            options.maxParallelJobs(),
            options.pollInterval(),
            options.enforceLimits(),
            options.terminationGrace(),
            options.sampleIntervalSeconds(),
            known,
            options.listeners(),
            options.failurePolicy(),
            options.apiUrl().isEmpty() ? apiUrl : options.apiUrl(),
            options.recoveryScriptTimeout());
    return new JobRunner(store, workflowId, effective).run();
  }

  @Override
  public void close() {
    store.close();
  }
}
