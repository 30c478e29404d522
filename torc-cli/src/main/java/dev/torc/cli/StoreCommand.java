package dev.torc.cli;

import dev.torc.store.JobRecord;
import dev.torc.store.WorkflowRecord;
import dev.torc.store.WorkflowStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that works on the store: opens it, runs, and closes it. */
abstract class StoreCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    try (WorkflowStore store = root().openStore()) {
      return run(store);
    }
  }

  /** Does the command's work and returns its exit status. */
  abstract int run(WorkflowStore store) throws Exception;

  TorcCommand root() {
    return (TorcCommand) spec.root().userObject();
  }

  boolean json() {
    return root().format == TorcCommand.Format.json;
  }

  java.io.PrintWriter err() {
    return spec.commandLine().getErr();
  }

  Output output() {
    return new Output(spec.commandLine().getOut());
  }

  /** Prints one object: as JSON, or as a table of its fields. */
  void show(java.util.Map<String, Object> fields) {
    if (json()) {
      output().json(fields);
    } else {
      output()
          .table(
              java.util.List.of("Field", "Value"),
              fields.entrySet().stream()
                  .map(
                      e ->
                          java.util.List.of(e.getKey(), WorkflowsCommand.nullToEmpty(e.getValue())))
                  .toList());
    }
  }

  static WorkflowRecord workflow(WorkflowStore store, long workflowId) {
    return store
        .findWorkflow(workflowId)
        .orElseThrow(() -> new InvalidInputException("no workflow with id " + workflowId));
  }

  static JobRecord job(WorkflowStore store, long jobId) {
    return store
        .findJob(jobId)
        .orElseThrow(() -> new InvalidInputException("no job with id " + jobId));
  }
}
