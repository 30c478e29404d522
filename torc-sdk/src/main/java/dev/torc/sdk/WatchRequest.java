package dev.torc.sdk;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link Torc#watch} watches a workflow.
 *
 * @param run how each run goes, and its classifier
 * @param recovery how failed jobs are fixed, or {@code null} to watch without recovering
 * @param maxRetries recovery passes at most
 * @param pollInterval time between status checks
 * @param countJobs whether each poll reports the job counts to the listener
 * @param classifier classifies pending_failed jobs before each recovery pass, or {@code null}
 * @param actor who asks, for the event log
 * @param autoSchedule submits Slurm allocations while watching a workflow that uses Slurm, or
 *     {@code null} not to
 */
public record WatchRequest(
    RunRequest run,
    RecoveryOptions recovery,
    int maxRetries,
    Duration pollInterval,
    boolean countJobs,
    PendingFailedClassifier classifier,
    String actor,
    AutoScheduleOptions autoSchedule) {

  /**
   * Checks the run, the retries and the poll interval; a blank actor becomes {@code unknown}.
   *
   * @param run how each run goes, and its classifier
   * @param recovery how failed jobs are fixed, or {@code null} to watch without recovering
   * @param maxRetries recovery passes at most
   * @param pollInterval time between status checks
   * @param countJobs whether each poll reports the job counts to the listener
   * @param classifier classifies pending_failed jobs before each recovery pass, or {@code null}
   * @param actor who asks, for the event log
   * @param autoSchedule submits Slurm allocations while watching a workflow that uses Slurm, or
   *     {@code null} not to
   */
  public WatchRequest {
    Objects.requireNonNull(run, "run");
    if (maxRetries < 0) {
      throw new InvalidRequestException("max retries cannot be negative, was " + maxRetries);
    }
    if (pollInterval == null || pollInterval.isZero() || pollInterval.isNegative()) {
      throw new InvalidRequestException("the poll interval must be positive, was " + pollInterval);
    }
    actor = actor == null || actor.isBlank() ? "unknown" : actor;
  }

  /**
   * A builder with the defaults: no recovery (at most 3 passes once it is set), a poll every 60 s.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link WatchRequest}. */
  public static final class Builder {
    private RunRequest run;
    private RecoveryOptions recovery;
    private int maxRetries = 3;
    private Duration pollInterval = Duration.ofSeconds(60);
    private boolean countJobs;
    private PendingFailedClassifier classifier;
    private String actor;
    private AutoScheduleOptions autoSchedule;

    private Builder() {}

    /**
     * Submit Slurm allocations while watching (default: do not).
     *
     * @param autoSchedule how to submit them, or {@code null} not to
     * @return this builder
     */
    public Builder autoSchedule(AutoScheduleOptions autoSchedule) {
      this.autoSchedule = autoSchedule;
      return this;
    }

    /**
     * How each run goes (default: {@code RunRequest.builder().build()}).
     *
     * @param run the run request
     * @return this builder
     */
    public Builder run(RunRequest run) {
      this.run = run;
      return this;
    }

    /**
     * Recover failed jobs so (default: do not recover).
     *
     * @param recovery the recovery options, or {@code null} not to recover
     * @return this builder
     */
    public Builder recovery(RecoveryOptions recovery) {
      this.recovery = recovery;
      return this;
    }

    /**
     * Recovery passes at most (default: 3).
     *
     * @param maxRetries the most passes, at least 0
     * @return this builder
     */
    public Builder maxRetries(int maxRetries) {
      this.maxRetries = maxRetries;
      return this;
    }

    /**
     * Time between status checks (default: 60 s).
     *
     * @param pollInterval the interval, positive
     * @return this builder
     */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
      return this;
    }

    /**
     * Report the job counts to the listener at each poll (default: false).
     *
     * @param countJobs whether to count them
     * @return this builder
     */
    public Builder countJobs(boolean countJobs) {
      this.countJobs = countJobs;
      return this;
    }

    /**
     * Classifies pending_failed jobs before each recovery pass (default: none).
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
     * @param actor such as {@code user alice} or {@code mcp:claude}
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
    public WatchRequest build() {
      return new WatchRequest(
          run != null ? run : RunRequest.builder().build(),
          recovery,
          maxRetries,
          pollInterval,
          countJobs,
          classifier,
          actor,
          autoSchedule);
    }
  }
}
