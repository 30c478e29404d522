package dev.torc.model;

/**
 * A job's work as Java code that runs inside the runner's process, for programs that embed torc.
 * Returning normally is success; throwing {@link TaskFailure} fails the job with its exit code, and
 * any other exception fails it with exit code 1.
 */
@FunctionalInterface
public interface JavaTask {
  /**
   * Does the job's work.
   *
   * @param context the attempt the task runs in, with its logs, files and parameters
   * @throws TaskFailure to fail the job with the failure's exit code
   * @throws Exception to fail the job with exit code 1
   */
  void run(TaskContext context) throws Exception;
}
