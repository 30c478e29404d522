package dev.torc.recovery.workflow;

import dev.torc.diagnosis.ResourceDiagnosis;
import dev.torc.diagnosis.Results;
import dev.torc.model.JobStatus;
import dev.torc.model.RecoveryConfig;
import dev.torc.recovery.RecoveryFailurePolicy;
import dev.torc.recovery.classify.FailedAttempt;
import dev.torc.recovery.classify.FailureAnalyzer;
import dev.torc.recovery.classify.FailureCause;
import dev.torc.recovery.classify.FailureRecord;
import dev.torc.recovery.policy.RecoveryConfigs;
import dev.torc.store.FailureInfo;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import dev.torc.store.WorkflowStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds and diagnoses the failed, terminated and {@code pending_failed} jobs of a workflow's
 * current run. A job's cause is that of its latest attempt's failure record ({@code torc jobs
 * failures}): the one analysis of all the evidence ({@link FailureAnalyzer}: the runner's verdict,
 * measured peaks, exit code and signal, standard error and output, the workflow's classification
 * rules) that the runner stored when the attempt failed, so that the runner, {@code --classify
 * rules}, {@code recover} and {@code watch} act on the same verdict. An attempt without a record is
 * analyzed now, the same way, with its logs when the output directory is known.
 */
public final class FailureDiagnosis {
  /** The statuses of the jobs diagnosed. Canceled jobs are downstream of these and follow them. */
  public static final Set<JobStatus> DIAGNOSED =
      Set.of(JobStatus.FAILED, JobStatus.TERMINATED, JobStatus.PENDING_FAILED);

  private FailureDiagnosis() {}

  /**
   * The workflow's failed, terminated and pending_failed jobs with their causes, by job id.
   *
   * @param store the store
   * @param workflowId the workflow
   * @return the workflow's failed, terminated and pending_failed jobs with their causes, by job id
   */
  public static List<FailedJob> of(WorkflowStore store, long workflowId) {
    return of(store, workflowId, null, DIAGNOSED);
  }

  /**
   * As {@link #of(WorkflowStore, long)}; attempts without a failure record are analyzed with their
   * logs under {@code outputDir} ({@code null}: without logs).
   *
   * @param store the store
   * @param workflowId the workflow
   * @param outputDir the runner's output directory, where the attempts' logs are
   * @return the diagnosis
   */
  public static List<FailedJob> of(WorkflowStore store, long workflowId, Path outputDir) {
    return of(store, workflowId, outputDir, DIAGNOSED);
  }

  /** The workflow's jobs in these statuses with their causes, by job id. */
  static List<FailedJob> of(
      WorkflowStore store, long workflowId, Path outputDir, Set<JobStatus> statuses) {
    int runId = store.getWorkflow(workflowId).runId();
    List<JobRecord> failed = new ArrayList<>();
    for (JobRecord job : store.listJobs(workflowId, null)) {
      if (statuses.contains(job.status())) {
        failed.add(job);
      }
    }
    if (failed.isEmpty()) {
      return List.of();
    }
    Map<Long, JobResult> latest = new HashMap<>();
    for (JobResult r : Results.latestAttemptPerJob(store.listResults(workflowId), runId)) {
      latest.put(r.jobId(), r);
    }
    Map<String, FailureInfo> records = new HashMap<>();
    for (FailureInfo f : store.listFailureRecords(workflowId)) {
      records.put(key(f.jobId(), f.runId(), f.attemptId()), f);
    }
    FailureAnalyzer analyzer = null;
    List<FailedJob> diagnosed = new ArrayList<>(failed.size());
    for (JobRecord job : failed) {
      JobResult result = latest.get(job.id());
      FailureInfo record = result == null ? null : records.get(key(result));
      if (result != null && record == null) {
        if (analyzer == null) {
          RecoveryConfig config = store.getRecoveryConfig(workflowId);
          analyzer = RecoveryConfigs.analyzer(config == null ? RecoveryConfig.NONE : config);
        }
        FailedAttempt attempt =
            outputDir == null
                ? FailedAttempt.of(job, result, "")
                : RecoveryFailurePolicy.readLogs(job, result, outputDir);
        diagnosed.add(fromRecord(job, result, analyzer.analyze(attempt)));
      } else {
        diagnosed.add(diagnose(job, result, record));
      }
    }
    return List.copyOf(diagnosed);
  }

  /**
   * Diagnoses one job.
   *
   * @param result its latest attempt's result, or {@code null}
   * @param record that attempt's failure record, or {@code null} to analyze the attempt now by its
   *     exit, status and measurements, without its logs
   * @param job the job
   * @return the job's diagnosis
   */
  public static FailedJob diagnose(JobRecord job, JobResult result, FailureInfo record) {
    if (result == null) {
      return new FailedJob(job, null, null, FailureCause.UNKNOWN, "no result recorded");
    }
    if (record == null) {
      FailureRecord analysis =
          FailureAnalyzer.standard().analyze(FailedAttempt.of(job, result, ""));
      ResourceDiagnosis d = ResourceDiagnosis.of(job.requirements(), result);
      String evidence = analysis.evidence();
      if (analysis.cause() == FailureCause.OOM && d.likelyOom()) {
        evidence = d.oomReason().label();
      } else if (analysis.cause() == FailureCause.TIMEOUT && d.likelyTimeout()) {
        evidence = d.timeoutReason().label();
      }
      return new FailedJob(job, result, d, analysis.cause(), evidence);
    }
    FailureCause cause = FailureCause.valueOf(record.cause().toUpperCase(Locale.ROOT));
    String evidence =
        record.evidence() == null ? "failure record: " + record.cause() : record.evidence();
    return new FailedJob(
        job, result, ResourceDiagnosis.of(job.requirements(), result), cause, evidence);
  }

  private static FailedJob fromRecord(JobRecord job, JobResult result, FailureRecord analysis) {
    return new FailedJob(
        job,
        result,
        ResourceDiagnosis.of(job.requirements(), result),
        analysis.cause(),
        analysis.evidence());
  }

  private static String key(JobResult r) {
    return key(r.jobId(), r.runId(), r.attemptId());
  }

  private static String key(long jobId, int runId, int attemptId) {
    return jobId + "/" + runId + "/" + attemptId;
  }
}
