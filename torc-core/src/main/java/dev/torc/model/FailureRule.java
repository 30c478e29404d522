package dev.torc.model;

import java.util.List;
import java.util.Objects;

/**
 * One rule of a {@link FailureHandler}: which exit codes it matches, the script to run before a
 * retry, and how many retries it allows.
 *
 * @param exitCodes the exit codes this rule matches
 * @param matchAllExitCodes whether this rule matches any non-zero exit code
 * @param recoveryScript a command run with {@code bash -c} before a retry, or {@code null}
 * @param maxRetries how many times the job may be retried under this rule
 */
public record FailureRule(
    List<Integer> exitCodes, boolean matchAllExitCodes, String recoveryScript, int maxRetries) {

  /**
   * Checks that the rule matches some exit code and that its retries are not negative.
   *
   * @param exitCodes the exit codes this rule matches
   * @param matchAllExitCodes whether this rule matches any non-zero exit code
   * @param recoveryScript a command run with {@code bash -c} before a retry, or {@code null}
   * @param maxRetries how many times the job may be retried under this rule
   */
  public FailureRule {
    exitCodes = List.copyOf(Objects.requireNonNullElse(exitCodes, List.of()));
    if (maxRetries < 0) {
      throw new IllegalArgumentException("max_retries cannot be negative, was " + maxRetries);
    }
    if (exitCodes.isEmpty() && !matchAllExitCodes) {
      throw new IllegalArgumentException(
          "a failure rule needs exit_codes or match_all_exit_codes: true");
    }
  }

  /**
   * A rule for the given exit codes.
   *
   * @param maxRetries how many times the job may be retried under this rule
   * @param recoveryScript a command run with {@code bash -c} before a retry, or {@code null}
   * @param codes the exit codes the rule matches
   * @return the rule
   */
  public static FailureRule forExitCodes(int maxRetries, String recoveryScript, Integer... codes) {
    return new FailureRule(List.of(codes), false, recoveryScript, maxRetries);
  }

  /**
   * A catch-all rule that matches any non-zero exit code.
   *
   * @param maxRetries how many times the job may be retried under this rule
   * @param recoveryScript a command run with {@code bash -c} before a retry, or {@code null}
   * @return the rule
   */
  public static FailureRule forAnyExitCode(int maxRetries, String recoveryScript) {
    return new FailureRule(List.of(), true, recoveryScript, maxRetries);
  }

  /**
   * Whether this rule retries the job after the given failed attempt: {@code max_retries} counts
   * retries, so the job is retried while the failed attempt's id is at most {@code max_retries} and
   * runs at most {@code max_retries + 1} times. (The original torc compares {@code attempt_id <
   * max_retries}, one retry fewer.)
   *
   * @param failedAttemptId the 1-based id of the attempt that failed
   * @return true when the job may run again
   */
  public boolean allowsRetryAfter(int failedAttemptId) {
    return failedAttemptId <= maxRetries;
  }

  /**
   * Whether this rule names the exit code itself (not only as a catch-all).
   *
   * @param exitCode a failed attempt's exit code
   * @return true when the code is in {@link #exitCodes()}
   */
  public boolean namesExitCode(int exitCode) {
    return exitCodes.contains(exitCode);
  }
}
