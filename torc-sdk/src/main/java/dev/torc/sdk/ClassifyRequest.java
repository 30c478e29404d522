package dev.torc.sdk;

import dev.torc.run.PendingFailures;
import java.util.List;
import java.util.Objects;

/**
 * Classifications for {@link Torc#classify}: each names a pending_failed job of the workflow.
 *
 * @param workflowId the workflow
 * @param classifications one per job: retry (optionally with new memory or runtime) or fail
 * @param actor who decided, for the event log, such as {@code user alice} or {@code mcp:claude}
 * @param dryRun check only; change nothing
 * @param checkBounds whether retries with new memory or runtime must keep within the machine and
 *     the resource factor (see {@link Torc}); a person at the command line may go past them, and
 *     the runner then fails a job larger than itself when it would start it
 */
public record ClassifyRequest(
    long workflowId,
    List<PendingFailures.Resolution> classifications,
    String actor,
    boolean dryRun,
    boolean checkBounds) {

  /**
   * Classifications whose new resources are checked against the bounds.
   *
   * @param workflowId the workflow
   * @param classifications one per job: retry (optionally with new memory or runtime) or fail
   * @param actor who decided, for the event log
   * @param dryRun check only; change nothing
   */
  public ClassifyRequest(
      long workflowId,
      List<PendingFailures.Resolution> classifications,
      String actor,
      boolean dryRun) {
    this(workflowId, classifications, actor, dryRun, true);
  }

  /**
   * Copies the classifications, of which there must be one at least; a blank actor becomes {@code
   * unknown}.
   *
   * @param workflowId the workflow
   * @param classifications one per job: retry (optionally with new memory or runtime) or fail
   * @param actor who decided, for the event log, such as {@code user alice} or {@code mcp:claude}
   * @param dryRun check only; change nothing
   * @param checkBounds whether retries with new memory or runtime must keep within the machine and
   *     the resource factor (see {@link Torc}); a person at the command line may go past them, and
   *     the runner then fails a job larger than itself when it would start it
   */
  public ClassifyRequest {
    classifications = List.copyOf(Objects.requireNonNull(classifications, "classifications"));
    if (classifications.isEmpty()) {
      throw new InvalidRequestException("no classifications given");
    }
    actor = actor == null || actor.isBlank() ? "unknown" : actor;
  }
}
