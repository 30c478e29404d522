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
   * @param workflow the built workflow
   * @return the new workflow's id
   */
  long createWorkflow(Workflow workflow);

  /**
   * The workflow with this id.
   *
   * @param workflowId the workflow's id
   * @return the workflow, or empty when there is none
   */
  Optional<WorkflowRecord> findWorkflow(long workflowId);

  /**
   * The workflow with this id.
   *
   * @param workflowId the workflow's id
   * @return the workflow
   * @throws StoreException when there is none
   */
  default WorkflowRecord getWorkflow(long workflowId) {
    return findWorkflow(workflowId)
        .orElseThrow(() -> new StoreException("no workflow with id " + workflowId));
  }

  /** {@return every workflow, oldest first} */
  List<WorkflowRecord> listWorkflows();

  /**
   * Deletes a workflow with its jobs, results and events.
   *
   * @param workflowId the workflow's id
   * @return false when there was none
   */
  boolean deleteWorkflow(long workflowId);

  /**
   * The workflow's jobs.
   *
   * @param workflowId the workflow
   * @param status only jobs in this status, or {@code null} for all
   * @return the jobs, in id order
   */
  List<JobRecord> listJobs(long workflowId, JobStatus status);

  /**
   * The job with this id.
   *
   * @param jobId the job's id
   * @return the job, or empty when there is none
   */
  Optional<JobRecord> findJob(long jobId);

  /**
   * The job with this id.
   *
   * @param jobId the job's id
   * @return the job
   * @throws StoreException when there is none
   */
  default JobRecord getJob(long jobId) {
    return findJob(jobId).orElseThrow(() -> new StoreException("no job with id " + jobId));
  }

  /**
   * How many of the workflow's jobs are in each status.
   *
   * @param workflowId the workflow
   * @return the number of jobs by status; statuses with none are left out
   */
  Map<JobStatus, Integer> countJobsByStatus(long workflowId);

  /**
   * The workflow's files.
   *
   * @param workflowId the workflow
   * @return the files with their paths
   */
  List<FileSpec> listFiles(long workflowId);

  /**
   * The workflow's classification rules and recovery policy, as created.
   *
   * @param workflowId the workflow
   * @return the configuration; {@link RecoveryConfig#NONE} when it has neither, and {@code null}
   *     when there is no such workflow
   */
  RecoveryConfig getRecoveryConfig(long workflowId);

  /**
   * The workflow's failure handlers.
   *
   * @param workflowId the workflow
   * @return the handlers
   */
  List<FailureHandler> listFailureHandlers(long workflowId);

  /**
   * The workflow's user data.
   *
   * @param workflowId the workflow
   * @return the entries, with the values they were created with
   */
  List<UserDataSpec> listUserData(long workflowId);

  /**
   * The workflow's Slurm schedulers.
   *
   * @param workflowId the workflow
   * @return the schedulers
   */
  List<SlurmScheduler> listSlurmSchedulers(long workflowId);

  /**
   * Replaces one job's requirements (the others keep theirs), whatever its status.
   *
   * @param jobId the job
   * @param requirements the new requirements
   * @throws StoreException when there is no such job
   */
  void updateJobRequirements(long jobId, ResourceRequirements requirements);

  /**
   * Adds a job to a stored workflow, as a workflow's creation would have: it waits for the jobs in
   * its {@code depends_on} (names of the workflow's jobs) that have not ended, so it is {@code
   * blocked}, or {@code ready} when there are none. It also waits for the jobs that write the files
   * and user data it reads, as in a created workflow; it may not write what the workflow's jobs
   * already read (they would not wait for it).
   *
   * @param workflowId the workflow
   * @param job the job, concrete (no parameters or regexes)
   * @param requirements the requirements it runs with, or {@code null} for the defaults
   * @return the new job's id
   * @throws StoreException when there is no such workflow, the name is taken, a dependency, file or
   *     user data is not one of its own, or another job reads what the job writes
   */
  long addJob(long workflowId, dev.torc.model.JobSpec job, ResourceRequirements requirements);

  /**
   * Changes a job's own command, requirements and priority; a {@code null} value stays as it is.
   * The event log gets a {@code job_updated} entry.
   *
   * @param jobId the job
   * @param command the new command, or {@code null}
   * @param requirements the new requirements, or {@code null}
   * @param priority the new priority, or {@code null}
   * @throws StoreException when there is no such job, or it is pending or running
   */
  void updateJob(long jobId, String command, ResourceRequirements requirements, Integer priority);

  /**
   * Deletes a job with its results; the event log keeps a {@code job_deleted} entry.
   *
   * @param jobId the job
   * @throws StoreException when there is no such job, it is pending or running, or other jobs
   *     depend on it (the message names them)
   */
  void deleteJob(long jobId);

  /**
   * Adds a file to a stored workflow.
   *
   * @param workflowId the workflow
   * @param file the file, with its name and path
   * @throws StoreException when there is no such workflow or it has a file of that name
   */
  void addFile(long workflowId, FileSpec file);

  /**
   * Changes the path of one of the workflow's files.
   *
   * @param workflowId the workflow
   * @param name the file's name
   * @param path the new path
   * @throws StoreException when there is no such workflow or file
   */
  void updateFilePath(long workflowId, String name, String path);

  /**
   * Deletes one of the workflow's files.
   *
   * @param workflowId the workflow
   * @param name the file's name
   * @throws StoreException when there is no such workflow or file, or a job reads or writes it (the
   *     message names them)
   */
  void deleteFile(long workflowId, String name);

  /**
   * Adds user data to a stored workflow.
   *
   * @param workflowId the workflow
   * @param data the entry, with its name and value
   * @throws StoreException when there is no such workflow or it has user data of that name
   */
  void addUserData(long workflowId, UserDataSpec data);

  /**
   * Replaces the value of one of the workflow's user data entries.
   *
   * @param workflowId the workflow
   * @param name the entry's name
   * @param data a plain JSON value (maps, lists, strings, numbers, booleans, or {@code null})
   * @throws StoreException when there is no such workflow or user data
   */
  void updateUserData(long workflowId, String name, Object data);

  /**
   * Deletes one of the workflow's user data entries.
   *
   * @param workflowId the workflow
   * @param name the entry's name
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
   * @param workflowId the workflow
   * @param failedOnly true to reset only the unsuccessful jobs and their downstream
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
   * @param workflowId the workflow
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
   * @param workflowId the workflow
   * @param jobIds the jobs to run again
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
   * @param workflowId the workflow
   * @throws StoreException when there is no such workflow
   */
  void cancelWorkflow(long workflowId);

  /**
   * Changes a workflow's name, description, owner and project; a {@code null} value stays as it is.
   * Jobs, runs and statuses are untouched.
   *
   * @param workflowId the workflow
   * @param name the new name, or {@code null}
   * @param description the new description, or {@code null}
   * @param user the new owner, or {@code null}
   * @param project the new project, or {@code null}
   * @throws StoreException when there is no such workflow
   */
  void updateWorkflow(
      long workflowId, String name, String description, String user, String project);
}
