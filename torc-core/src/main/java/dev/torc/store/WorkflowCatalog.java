package dev.torc.store;

import dev.torc.model.FailureHandler;
import dev.torc.model.FileSpec;
import dev.torc.model.JobStatus;
import dev.torc.model.RecoveryConfig;
import dev.torc.model.ResourceRequirements;
import dev.torc.model.SlurmScheduler;
import dev.torc.model.UserDataSpec;
import dev.torc.model.Workflow;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Workflows as they were created, their jobs, and the changes that concern a whole workflow (reset,
 * reinitialize, cancel). Part of {@link WorkflowStore}.
 */
public interface WorkflowCatalog {
  /**
   * Stores a built workflow and initializes its jobs: a job with no dependencies is {@code ready},
   * any other {@code blocked}. Readers see the workflow only once it is stored whole; a store may
   * write a large one in several short transactions, so that other writers are not held up.
   *
   * @return the new workflow's id
   */
  long createWorkflow(Workflow workflow);

  Optional<WorkflowRecord> findWorkflow(long workflowId);

  /** The workflow with this id. @throws StoreException when there is none */
  default WorkflowRecord getWorkflow(long workflowId) {
    return findWorkflow(workflowId)
        .orElseThrow(() -> new StoreException("no workflow with id " + workflowId));
  }

  /** Every workflow, oldest first. */
  List<WorkflowRecord> listWorkflows();

  /** Deletes a workflow with its jobs, results and events; false when there was none. */
  boolean deleteWorkflow(long workflowId);

  /** The workflow's jobs in id order, only those in {@code status} when it is not null. */
  List<JobRecord> listJobs(long workflowId, JobStatus status);

  Optional<JobRecord> findJob(long jobId);

  /** The job with this id. @throws StoreException when there is none */
  default JobRecord getJob(long jobId) {
    return findJob(jobId).orElseThrow(() -> new StoreException("no job with id " + jobId));
  }

  /** How many of the workflow's jobs are in each status; statuses with none are left out. */
  Map<JobStatus, Integer> countJobsByStatus(long workflowId);

  /** The workflow's files with their paths. */
  List<FileSpec> listFiles(long workflowId);

  /**
   * The workflow's classification rules and recovery policy, as created; {@link
   * RecoveryConfig#NONE} when it has neither, and {@code null} when there is no such workflow.
   */
  RecoveryConfig getRecoveryConfig(long workflowId);

  /** The workflow's failure handlers. */
  List<FailureHandler> listFailureHandlers(long workflowId);

  /** The workflow's user data with the values it was created with. */
  List<UserDataSpec> listUserData(long workflowId);

  /** The workflow's Slurm schedulers. */
  List<SlurmScheduler> listSlurmSchedulers(long workflowId);

  /**
   * Replaces one job's requirements (the others keep theirs), whatever its status.
   *
   * @throws StoreException when there is no such job
   */
  void updateJobRequirements(long jobId, ResourceRequirements requirements);

  /**
   * Adds a job to a stored workflow, as a workflow's creation would have: it waits for the jobs in
   * its {@code depends_on} (names of the workflow's jobs) that have not ended, so it is {@code
   * blocked}, or {@code ready} when there are none. It also waits for the jobs that write the files
   * and user data it reads, as in a created workflow; it may not write what the workflow's jobs
   * already read (they would not wait for it). It runs with {@code requirements}, or the defaults
   * when that is {@code null}.
   *
   * @return the new job's id
   * @throws StoreException when there is no such workflow, the name is taken, a dependency, file or
   *     user data is not one of its own, or another job reads what the job writes
   */
  long addJob(long workflowId, dev.torc.model.JobSpec job, ResourceRequirements requirements);

  /**
   * Changes a job's own command, requirements and priority; a {@code null} value stays as it is.
   * The event log gets a {@code job_updated} entry.
   *
   * @throws StoreException when there is no such job, or it is pending or running
   */
  void updateJob(long jobId, String command, ResourceRequirements requirements, Integer priority);

  /**
   * Deletes a job with its results; the event log keeps a {@code job_deleted} entry.
   *
   * @throws StoreException when there is no such job, it is pending or running, or other jobs
   *     depend on it (the message names them)
   */
  void deleteJob(long jobId);

  /**
   * Adds a file to a stored workflow.
   *
   * @throws StoreException when there is no such workflow or it has a file of that name
   */
  void addFile(long workflowId, FileSpec file);

  /**
   * Changes the path of the workflow's file of this name.
   *
   * @throws StoreException when there is no such workflow or file
   */
  void updateFilePath(long workflowId, String name, String path);

  /**
   * Deletes the workflow's file of this name.
   *
   * @throws StoreException when there is no such workflow or file, or a job reads or writes it (the
   *     message names them)
   */
  void deleteFile(long workflowId, String name);

  /**
   * Adds user data to a stored workflow.
   *
   * @throws StoreException when there is no such workflow or it has user data of that name
   */
  void addUserData(long workflowId, UserDataSpec data);

  /**
   * Replaces the value of the workflow's user data of this name.
   *
   * @param data a plain JSON value (maps, lists, strings, numbers, booleans, or {@code null})
   * @throws StoreException when there is no such workflow or user data
   */
  void updateUserData(long workflowId, String name, Object data);

  /**
   * Deletes the workflow's user data of this name.
   *
   * @throws StoreException when there is no such workflow or user data, or a job reads or writes it
   *     (the message names them)
   */
  void deleteUserData(long workflowId, String name);

  /**
   * Resets jobs so that they run again: with {@code failedOnly}, jobs that failed, were canceled or
   * terminated, or await classification, and every job downstream of them; otherwise every job.
   * Reset jobs are initialized again (ready or blocked). A reset job that has a result for its
   * current attempt moves on to the next attempt, so each attempt keeps its own result and logs.
   * Jobs that are not reset keep their status (completed jobs upstream stay completed, so the jobs
   * after them can be ready at once); {@code disabled} jobs are never reset. With {@code
   * failedOnly}, pending and running jobs are left alone; without it, the store refuses while any
   * job is pending or running: stop the workflow's runners first. Clears {@link
   * WorkflowRecord#canceled()}.
   *
   * @return how many jobs were reset
   * @throws StoreException when there is no such workflow, or (without {@code failedOnly}) a job is
   *     pending or running
   */
  int resetJobs(long workflowId, boolean failedOnly);

  /**
   * Resets chosen jobs so that they run again, some with new requirements, in one transaction: the
   * chosen jobs, which must have ended unsuccessfully (failed, canceled, terminated) or await
   * classification ({@code pending_failed}), and every job downstream of them are initialized again
   * as {@link #resetJobs(long, boolean)} does with {@code failedOnly}, and each job in {@code
   * requirements} gets its new requirements (the others keep theirs). Unsuccessful jobs that are
   * not chosen, and their downstream, keep their status. The event log gets a {@code
   * job_requirements} entry per changed job and one {@code workflow_reset} entry with the reason.
   * Clears {@link WorkflowRecord#canceled()}.
   *
   * @param jobIds the jobs to reset
   * @param requirements new requirements by job id, for chosen jobs only
   * @param reason why, for the event log
   * @return how many jobs were reset
   * @throws StoreException when there is no such workflow, a chosen job is not one of its jobs, or
   *     {@code requirements} names a job that is not chosen
   * @throws dev.torc.model.IllegalTransitionException when a chosen job is in another status
   */
  int resetJobs(
      long workflowId,
      Set<Long> jobIds,
      Map<Long, ResourceRequirements> requirements,
      String reason);

  /**
   * Starts a new run: {@code run_id} grows by one, and the given jobs and every job downstream of
   * them are initialized again with {@code attempt_id} 1; other jobs keep their status and attempt.
   * {@code disabled} jobs stay disabled. Refuses while any job is pending or running: stop the
   * workflow's runners first. Clears {@link WorkflowRecord#canceled()}.
   *
   * @return the ids of the jobs that will run again, in id order
   * @throws StoreException when there is no such workflow, a job id is not one of its jobs, or a
   *     job is pending or running
   */
  Set<Long> reinitialize(long workflowId, Set<Long> jobIds);

  /**
   * Cancels the workflow: every job that has not ended is canceled, running ones included (their
   * runner stops them), and {@link WorkflowRecord#canceled()} becomes true until the next reset or
   * reinitialize. The event log gets {@code workflow_canceled} and a {@code job_canceled} entry per
   * job.
   *
   * @throws StoreException when there is no such workflow
   */
  void cancelWorkflow(long workflowId);

  /**
   * Changes a workflow's name, description, owner and project; a {@code null} value stays as it is.
   * Jobs, runs and statuses are untouched.
   *
   * @throws StoreException when there is no such workflow
   */
  void updateWorkflow(
      long workflowId, String name, String description, String user, String project);
}
