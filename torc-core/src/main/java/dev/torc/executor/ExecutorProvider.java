package dev.torc.executor;

/**
 * Opens executors of one kind; found by {@link #id()} through {@link java.util.ServiceLoader} (list
 * the implementation in {@code META-INF/services/dev.torc.executor.ExecutorProvider}). A provider
 * has a public no-argument constructor and holds no state of a run.
 */
public interface ExecutorProvider {

  /** {@return the executor id a run names ({@code local}, {@code slurm}, ...)} */
  String id();

  /**
   * Opens an executor for one run of one runner.
   *
   * @param context the run the executor is opened for
   * @return the executor; the runner closes it
   * @throws dev.torc.run.RunException when the executor cannot work here (a tool is missing, a
   *     setting is wrong), with one line that says why
   */
  Executor open(ExecutorContext context);
}
