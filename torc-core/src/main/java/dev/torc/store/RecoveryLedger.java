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
   * @throws StoreException when there is no such workflow
   */
  void addFailureRecord(FailureInfo failure);

  /** The workflow's failure records, by job id, then run and attempt. */
  List<FailureInfo> listFailureRecords(long workflowId);

  /** One job's failure records, by run and attempt; empty for no such job. */
  List<FailureInfo> listJobFailureRecords(long jobId);

  /**
   * Atomically replaces the recovery policy state under {@code key} with what {@code change} makes
   * of the current value (JSON text, or {@code null} when there is none), in one transaction, and
   * returns the new value. The function must not have side effects; it may not return null.
   *
   * @throws StoreException when there is no such workflow
   */
  String updatePolicyState(
      long workflowId, String key, java.util.function.UnaryOperator<String> change);

  /** The workflow's recovery policy state: key to JSON value, by key. */
  Map<String, String> listPolicyState(long workflowId);

  /** The recovery policy state under one key (JSON text); empty when there is none. */
  default Optional<String> getPolicyState(long workflowId, String key) {
    return Optional.ofNullable(listPolicyState(workflowId).get(key));
  }

  /** Results of the workflow's attempts in the order they were recorded. */
  List<JobResult> listResults(long workflowId);

  /**
   * The store's id of each result of the workflow, by {@link #resultKey(long, int, int)}: the id
   * the original torc shows as a result's {@code id}.
   */
  java.util.Map<String, Long> resultIds(long workflowId);

  /** The key of a result in {@link #resultIds}: its job, run and attempt. */
  static String resultKey(long jobId, int runId, int attemptId) {
    return jobId + "/" + runId + "/" + attemptId;
  }

  /** The results of one job's attempts in the order they were recorded; empty for no such job. */
  List<JobResult> listJobResults(long jobId);

  /**
   * Results of these jobs of the workflow, in the order they were recorded: what a question about a
   * few jobs reads instead of every result of the workflow.
   */
  default List<JobResult> listResults(long workflowId, java.util.Collection<Long> jobIds) {
    java.util.Set<Long> wanted = java.util.Set.copyOf(jobIds);
    return listResults(workflowId).stream().filter(r -> wanted.contains(r.jobId())).toList();
  }
}
