package dev.torc.recovery.workflow;

import dev.torc.TorcException;
import java.io.IOException;
import java.util.Objects;

/**
 * A user's step that runs before a recovery pass changes anything, with the workflow id; for
 * domain-specific fixes of failures the heuristics do not know. A hook that throws stops the
 * recovery.
 */
@FunctionalInterface
public interface RecoveryHook {

  /**
   * Runs the hook for this workflow.
   *
   * @throws RecoveryHookException when it fails
   * @param workflowId the workflow
   */
  void run(long workflowId);

  /** Thrown when a recovery hook fails; recovery stops without changing anything. */
  final class RecoveryHookException extends TorcException {
    private static final long serialVersionUID = 1L;

    /**
     * A hook that failed, and why.
     *
     * @param message why
     */
    public RecoveryHookException(String message) {
      super(message);
    }
  }

  /**
   * Runs {@code bash -c "COMMAND WORKFLOW_ID"} from the current directory with {@code
   * TORC_WORKFLOW_ID} set, its stdout and stderr on this process's stderr; it fails unless the
   * command exits 0.
   *
   * @param command the command
   * @return the hook
   */
  static RecoveryHook command(String command) {
    Objects.requireNonNull(command, "command");
    return workflowId -> {
      ProcessBuilder pb =
          new ProcessBuilder("bash", "-c", "exec 1>&2\n" + command + " " + workflowId)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .redirectOutput(ProcessBuilder.Redirect.INHERIT)
              .redirectError(ProcessBuilder.Redirect.INHERIT);
      pb.environment().put("TORC_WORKFLOW_ID", Long.toString(workflowId));
      int exit;
      try {
        exit = pb.start().waitFor();
      } catch (IOException e) {
        throw new RecoveryHookException(
            "recovery hook '" + command + "' could not start: " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RecoveryHookException("interrupted while recovery hook '" + command + "' ran");
      }
      if (exit != 0) {
        throw new RecoveryHookException("recovery hook '" + command + "' exited with " + exit);
      }
    };
  }
}
