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

  public RecoverRequest {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(recovery, "recovery");
    actor = actor == null || actor.isBlank() ? "unknown" : actor;
  }

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

    /** How to run after the pass (default: {@code RunRequest.builder().build()}). */
    public Builder run(RunRequest run) {
      this.run = run;
      return this;
    }

    /** How to fix failed jobs (default: {@link RecoveryOptions#defaults()}). */
    public Builder recovery(RecoveryOptions recovery) {
      this.recovery = recovery;
      return this;
    }

    public Builder dryRun(boolean dryRun) {
      this.dryRun = dryRun;
      return this;
    }

    public Builder noRun(boolean noRun) {
      this.noRun = noRun;
      return this;
    }

    public Builder classifier(PendingFailedClassifier classifier) {
      this.classifier = classifier;
      return this;
    }

    public Builder actor(String actor) {
      this.actor = actor;
      return this;
    }

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
