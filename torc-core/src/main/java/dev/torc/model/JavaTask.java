package dev.torc.model;

/**
 * A job's work as Java code that runs inside the runner's process, for programs that embed torc.
 * Returning normally is success; throwing {@link TaskFailure} fails the job with its exit code, and
 * any other exception fails it with exit code 1.
 */
@FunctionalInterface
public interface JavaTask {
  void run(TaskContext context) throws Exception;
}
