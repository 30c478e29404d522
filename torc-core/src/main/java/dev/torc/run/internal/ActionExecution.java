package dev.torc.run.internal;

import dev.torc.model.WorkflowAction;
import dev.torc.run.ActionTriggers;
import dev.torc.run.NodeRequest;
import dev.torc.run.NodeScheduler;
import dev.torc.store.StoredAction;
import dev.torc.store.WorkflowStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does what one fired action asks: runs its commands one after the other with {@code bash -c} in
 * the output directory, stdout and stderr appended to {@code
 * <output>/actions/action_wf{W}_a{N}_r{R}[_runner{ID}].o|.e}, stopping at the first that fails; or
 * starts workers through the {@link NodeScheduler} of its type. The outcome goes to the event log
 * ({@code action_completed} or {@code action_failed}) and the log; a failed action never fails the
 * workflow.
 */
public final class ActionExecution {
  private static final Logger LOG = LoggerFactory.getLogger(ActionExecution.class);

  private final WorkflowStore store;
  private final long workflowId;
  private final StoredAction stored;
  private final int runId;
  private final long runnerKey;
  private final ActionTriggers.Context context;

  public ActionExecution(
      WorkflowStore store,
      long workflowId,
      StoredAction stored,
      int runId,
      long runnerKey,
      ActionTriggers.Context context) {
    this.store = store;
    this.workflowId = workflowId;
    this.stored = stored;
    this.runId = runId;
    this.runnerKey = runnerKey;
    this.context = context;
  }

  /** Runs the action and records how it ended; never throws. */
  public void run() {
    WorkflowAction action = stored.action();
    String label = "action #" + (stored.index() + 1) + " (" + action.describe() + ")";
    String outcome;
    boolean ok;
    try {
      if (action.type() == WorkflowAction.Type.RUN_COMMANDS) {
        outcome = runCommands(action.commands());
        ok = outcome == null;
        if (ok) {
          outcome = "ran " + action.commands().size() + " command(s); output in " + logBase();
        }
      } else {
        Optional<NodeScheduler> scheduler = NodeScheduler.find(action.schedulerType());
        if (scheduler.isEmpty()) {
          ok = false;
          outcome =
              "no node scheduler of type '"
                  + action.schedulerType()
                  + "' is available (no provider of dev.torc.run.NodeScheduler for it on the"
                  + " class path)";
        } else {
          List<String> started =
              scheduler
                  .get()
                  .schedule(
                      new NodeRequest(
                          context.databaseLocation(),
                          workflowId,
                          action.scheduler(),
                          action.numAllocations(),
                          action.startOneWorkerPerNode(),
                          action.maxParallelJobs(),
                          context.outputDirectory()));
          ok = true;
          outcome = "started " + action.schedulerType() + " workers " + started;
        }
      }
    } catch (RuntimeException e) {
      ok = false;
      outcome = e.getMessage() == null ? e.toString() : e.getMessage();
    }
    String message = label + (ok ? ": " : " failed: ") + outcome;
    if (ok) {
      LOG.info("workflow {}: {}", workflowId, message);
    } else {
      LOG.warn("workflow {}: {}", workflowId, message);
    }
    try {
      store.addEvent(workflowId, null, ok ? "action_completed" : "action_failed", message);
    } catch (RuntimeException e) {
      LOG.warn("workflow {}: cannot record how {} ended: {}", workflowId, label, e.getMessage());
    }
  }

  /** The log files' path without {@code .o} or {@code .e}. */
  private Path logBase() {
    return context
        .outputDirectory()
        .resolve("actions")
        .resolve(
            "action_wf"
                + workflowId
                + "_a"
                + (stored.index() + 1)
                + "_r"
                + runId
                + (runnerKey == 0 ? "" : "_runner" + runnerKey));
  }

  /** Runs the commands; returns why it stopped early, or {@code null} when all succeeded. */
  private String runCommands(List<String> commands) {
    Path base = logBase();
    Path out = Path.of(base + ".o");
    Path err = Path.of(base + ".e");
    try {
      Files.createDirectories(base.getParent());
    } catch (IOException e) {
      return "cannot create " + base.getParent() + ": " + e.getMessage();
    }
    for (String command : commands) {
      ProcessBuilder pb =
          new ProcessBuilder("bash", "-c", command)
              .directory(context.outputDirectory().toFile())
              .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
              .redirectError(ProcessBuilder.Redirect.appendTo(err.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      pb.environment().put("TORC_WORKFLOW_ID", Long.toString(workflowId));
      pb.environment().put("TORC_OUTPUT_DIR", context.outputDirectory().toString());
      pb.environment().put("TORC_API_URL", context.apiUrl());
      pb.environment().put("TORC_ACTION_ID", Integer.toString(stored.index() + 1));
      int code;
      try {
        code = pb.start().waitFor();
      } catch (IOException e) {
        return "cannot run '" + command + "': " + e.getMessage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted while running '" + command + "'";
      }
      LOG.info("workflow {}: action command '{}' exited with {}", workflowId, command, code);
      if (code != 0) {
        return "command '" + command + "' exited with " + code + "; see " + err;
      }
    }
    return null;
  }
}
