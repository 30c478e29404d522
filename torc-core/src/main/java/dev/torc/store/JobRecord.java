package dev.torc.store;

import dev.torc.model.JobStatus;
import dev.torc.model.ResourceRequirements;
import java.util.List;

/**
 * A stored job with its current status, attempt and requirements.
 *
 * @param id the store's id for the job, unique across workflows
 * @param workflowId the workflow the job belongs to
 * @param name the job's name, unique within its workflow
 * @param command the shell command the job's current attempt runs: its own, or the fallback a retry
 *     chose; {@code null} for a Java task
 * @param invocationScript the wrapper the command runs under, or {@code null}
 * @param status the current status
 * @param attemptId the current attempt, starting at 1
 * @param priority larger runs first
 * @param requirements the requirements the job runs with now (recovery may change them)
 * @param failureHandler the name of the job's failure handler, or {@code null}
 * @param scheduler the name of the job's Slurm scheduler, or {@code null}
 * @param cancelOnBlockingJobFailure whether the job is canceled when a job it waits for fails
 * @param supportsTermination whether the job gets SIGTERM before SIGKILL
 * @param dependsOn names of the jobs this job waits for, sorted
 * @param inputFiles names of the files the job reads
 * @param outputFiles names of the files the job writes
 * @param originalCommand the job's own command, or {@code null} for a Java task
 * @param fallbackCommands commands a recovery chain may retry the job with, in order
 */
public record JobRecord(
    long id,
    long workflowId,
    String name,
    String command,
    String invocationScript,
    JobStatus status,
    int attemptId,
    int priority,
    ResourceRequirements requirements,
    String failureHandler,
    String scheduler,
    boolean cancelOnBlockingJobFailure,
    boolean supportsTermination,
    List<String> dependsOn,
    List<String> inputFiles,
    List<String> outputFiles,
    String originalCommand,
    List<String> fallbackCommands) {

  /**
   * Copies the fallback commands; none is an empty list.
   *
   * @param id the store's id for the job, unique across workflows
   * @param workflowId the workflow the job belongs to
   * @param name the job's name, unique within its workflow
   * @param command the shell command the job's current attempt runs: its own, or the fallback a
   *     retry chose; {@code null} for a Java task
   * @param invocationScript the wrapper the command runs under, or {@code null}
   * @param status the current status
   * @param attemptId the current attempt, starting at 1
   * @param priority larger runs first
   * @param requirements the requirements the job runs with now (recovery may change them)
   * @param failureHandler the name of the job's failure handler, or {@code null}
   * @param scheduler the name of the job's Slurm scheduler, or {@code null}
   * @param cancelOnBlockingJobFailure whether the job is canceled when a job it waits for fails
   * @param supportsTermination whether the job gets SIGTERM before SIGKILL
   * @param dependsOn names of the jobs this job waits for, sorted
   * @param inputFiles names of the files the job reads
   * @param outputFiles names of the files the job writes
   * @param originalCommand the job's own command, or {@code null} for a Java task
   * @param fallbackCommands commands a recovery chain may retry the job with, in order
   */
  public JobRecord {
    fallbackCommands = fallbackCommands == null ? List.of() : List.copyOf(fallbackCommands);
  }

  /** {@return whether the current attempt runs a fallback instead of the job's own command} */
  public boolean runsFallback() {
    return command != null && !command.equals(originalCommand);
  }

  /**
   * {@return whether the job runs Java code in-process rather than a shell command; a Java task
   * stays one whatever command a retry was given}
   */
  public boolean isJavaTask() {
    return originalCommand == null;
  }
}
