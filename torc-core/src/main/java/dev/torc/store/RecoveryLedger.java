package dev.torc.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What attempts ended with and what recovery made of it: results, failure records, and the durable
 * state of recovery policies. Part of {@link WorkflowStore}.
 */
public interface RecoveryLedger {
  /**
   * Keeps what the analysis of a failed attempt found; a second record for the same attempt of the
   * same run replaces the first.
   *
   * @param failure what the analysis found
   * @throws StoreException when there is no such workflow
   */
  void addFailureRecord(FailureInfo failure);

  /**
   * The workflow's failure records.
   *
   * @param workflowId the workflow
   * @return the records, by job id, then run and attempt
   */
  List<FailureInfo> listFailureRecords(long workflowId);

  /**
   * One job's failure records.
   *
   * @param jobId the job
   * @return the records, by run and attempt; empty for no such job
   */
  List<FailureInfo> listJobFailureRecords(long jobId);

  /**
   * Atomically replaces the recovery policy state under {@code key} with what {@code change} makes
   * of the current value, in one transaction. The function must not have side effects; it may not
   * return null.
   *
   * @param workflowId the workflow
   * @param key the state's key, as the policy names it
   * @param change makes the new value (JSON text) from the current one ({@code null} when there is
   *     none)
   * @return the new value
   * @throws StoreException when there is no such workflow
   */
  String updatePolicyState(
      long workflowId, String key, java.util.function.UnaryOperator<String> change);

  /**
   * The workflow's recovery policy state.
   *
   * @param workflowId the workflow
   * @return key to JSON value, by key
   */
  Map<String, String> listPolicyState(long workflowId);

  /**
   * The recovery policy state under one key.
   *
   * @param workflowId the workflow
   * @param key the state's key
   * @return the JSON text, or empty when there is none
   */
  default Optional<String> getPolicyState(long workflowId, String key) {
    return Optional.ofNullable(listPolicyState(workflowId).get(key));
  }

  /**
   * Results of the workflow's attempts.
   *
   * @param workflowId the workflow
   * @return the results, in the order they were recorded
   */
  List<JobResult> listResults(long workflowId);

  /**
   * The store's id of each result of the workflow: the id the original torc shows as a result's
   * {@code id}.
   *
   * @param workflowId the workflow
   * @return result ids by {@link #resultKey(long, int, int)}
   */
  java.util.Map<String, Long> resultIds(long workflowId);

  /**
   * The key of a result in {@link #resultIds}.
   *
   * @param jobId the result's job
   * @param runId its run
   * @param attemptId its attempt
   * @return the key
   */
  static String resultKey(long jobId, int runId, int attemptId) {
    return jobId + "/" + runId + "/" + attemptId;
  }

  /**
   * The results of one job's attempts.
   *
   * @param jobId the job
   * @return the results in the order they were recorded; empty for no such job
   */
  List<JobResult> listJobResults(long jobId);

  /**
   * Results of these jobs of the workflow: what a question about a few jobs reads instead of every
   * result of the workflow.
   *
   * @param workflowId the workflow
   * @param jobIds the jobs
   * @return their results, in the order they were recorded
   */
  default List<JobResult> listResults(long workflowId, java.util.Collection<Long> jobIds) {
    java.util.Set<Long> wanted = java.util.Set.copyOf(jobIds);
    return listResults(workflowId).stream().filter(r -> wanted.contains(r.jobId())).toList();
  }
}
