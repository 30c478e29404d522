package dev.torc.sdk;

import java.util.Objects;

/**
 * How {@link Torc#recover} recovers a workflow.
 *
 * @param run how the workflow runs after the pass, and its classifier
 * @param recovery how failed jobs are fixed
 * @param dryRun show what would change; change nothing
 * @param noRun reset the jobs but do not run the workflow
 * @param classifier classifies pending_failed jobs before the pass, or {@code null}
 * @param actor who asks, for the event log, such as {@code user alice} or {@code mcp:claude-code}
 */
public record RecoverRequest(
    RunRequest run,
    RecoveryOptions recovery,
    boolean dryRun,
    boolean noRun,
    PendingFailedClassifier classifier,
    String actor) {

  /**
   * Checks that the run and recovery are given; a blank actor becomes {@code unknown}.
   *
   * @param run how the workflow runs after the pass, and its classifier
   * @param recovery how failed jobs are fixed
   * @param dryRun show what would change; change nothing
   * @param noRun reset the jobs but do not run the workflow
   * @param classifier classifies pending_failed jobs before the pass, or {@code null}
   * @param actor who asks, for the event log, such as {@code user alice} or {@code mcp:claude-code}
   */
  public RecoverRequest {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(recovery, "recovery");
    actor = actor == null || actor.isBlank() ? "unknown" : actor;
  }

  /**
   * A builder with the defaults: run and recover with the default options, no classifier.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link RecoverRequest}. */
  public static final class Builder {
    private RunRequest run;
    private RecoveryOptions recovery;
    private boolean dryRun;
    private boolean noRun;
    private PendingFailedClassifier classifier;
    private String actor;

    private Builder() {}

    /**
     * How to run after the pass (default: {@code RunRequest.builder().build()}).
     *
     * @param run the run request
     * @return this builder
     */
    public Builder run(RunRequest run) {
      this.run = run;
      return this;
    }

    /**
     * How to fix failed jobs (default: {@link RecoveryOptions#defaults()}).
     *
     * @param recovery the recovery options
     * @return this builder
     */
    public Builder recovery(RecoveryOptions recovery) {
      this.recovery = recovery;
      return this;
    }

    /**
     * Show what would change; change nothing (default: false).
     *
     * @param dryRun whether to change nothing
     * @return this builder
     */
    public Builder dryRun(boolean dryRun) {
      this.dryRun = dryRun;
      return this;
    }

    /**
     * Reset the jobs but do not run the workflow (default: false).
     *
     * @param noRun whether not to run
     * @return this builder
     */
    public Builder noRun(boolean noRun) {
      this.noRun = noRun;
      return this;
    }

    /**
     * Classifies pending_failed jobs before the pass (default: none).
     *
     * @param classifier the classifier, or {@code null}
     * @return this builder
     */
    public Builder classifier(PendingFailedClassifier classifier) {
      this.classifier = classifier;
      return this;
    }

    /**
     * Who asks, for the event log (default: {@code unknown}).
     *
     * @param actor such as {@code user alice} or {@code mcp:claude-code}
     * @return this builder
     */
    public Builder actor(String actor) {
      this.actor = actor;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     */
    public RecoverRequest build() {
      return new RecoverRequest(
          run != null ? run : RunRequest.builder().build(),
          recovery != null ? recovery : RecoveryOptions.defaults(),
          dryRun,
          noRun,
          classifier,
          actor);
    }
  }
}
