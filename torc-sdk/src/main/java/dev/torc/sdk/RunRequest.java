package dev.torc.sdk;

import dev.torc.run.RunOptions;
import java.util.Objects;

/**
 * How {@link Torc#run(long, RunRequest)} runs a workflow.
 *
 * @param options the runner's options
 * @param classifier classifies jobs the run leaves pending_failed, or {@code null} to leave them
 */
public record RunRequest(RunOptions options, PendingFailedClassifier classifier) {

  /**
   * Checks that the options are given.
   *
   * @param options the runner's options
   * @param classifier classifies jobs the run leaves pending_failed, or {@code null} to leave them
   */
  public RunRequest {
    Objects.requireNonNull(options, "options");
  }

  /**
   * A request with the runner's default options and no classifier.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A request with these options and no classifier.
   *
   * @param options the runner's options
   * @return the request
   */
  public static RunRequest of(RunOptions options) {
    return new RunRequest(options, null);
  }

  /** Builds a {@link RunRequest}. */
  public static final class Builder {
    private RunOptions options;
    private PendingFailedClassifier classifier;

    private Builder() {}

    /**
     * The runner's options (default: {@code RunOptions.builder().build()}).
     *
     * @param options the options
     * @return this builder
     */
    public Builder options(RunOptions options) {
      this.options = options;
      return this;
    }

    /**
     * Classifies what the run leaves pending_failed (default: none).
     *
     * @param classifier the classifier, or {@code null}
     * @return this builder
     */
    public Builder classifier(PendingFailedClassifier classifier) {
      this.classifier = classifier;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     */
    public RunRequest build() {
      return new RunRequest(options != null ? options : RunOptions.builder().build(), classifier);
    }
  }
}
