package dev.torc.diagnosis;

import dev.torc.store.JobResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Picks the results a report or a recovery looks at out of a workflow's results. */
public final class Results {
  private Results() {}

  /**
   * The result of each job's latest attempt in one run: the one with the highest attempt id among
   * that job's results with this run id.
   *
   * @param results results of one workflow, in any order
   * @param runId the run to look at
   * @return one result per job that has a result in the run, in job id order
   */
  public static List<JobResult> latestAttemptPerJob(List<JobResult> results, int runId) {
    Map<Long, JobResult> latest = new TreeMap<>();
    for (JobResult result : results) {
      if (result.runId() == runId) {
        latest.merge(result.jobId(), result, (a, b) -> a.attemptId() >= b.attemptId() ? a : b);
      }
    }
    return new ArrayList<>(latest.values());
  }

  /**
   * The latest result of one job: highest run id, then highest attempt id.
   *
   * @param results results of one workflow, in any order
   * @param jobId the job
   * @return its latest result; empty when the job has none
   */
  public static Optional<JobResult> latestOf(List<JobResult> results, long jobId) {
    return results.stream()
        .filter(r -> r.jobId() == jobId)
        .max(Comparator.comparingInt(JobResult::runId).thenComparingInt(JobResult::attemptId));
  }
}
