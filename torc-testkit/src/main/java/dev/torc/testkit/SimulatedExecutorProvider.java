package dev.torc.testkit;

import dev.torc.executor.Executor;
import dev.torc.executor.ExecutorContext;
import dev.torc.executor.ExecutorProvider;
import dev.torc.run.RunException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Provides the {@code simulated} executor: the real {@link dev.torc.run.JobRunner} runs a workflow
 * with {@code RunOptions.builder().executor("simulated")}, and the attempts are played by the
 * {@link SimulatedWorkload} {@linkplain SimulatedWorkload#install() installed} at the time, on its
 * {@link VirtualClock}: each attempt ends after the time its needs take on the virtual clock, which
 * the executor moves, whenever the runner polls, to the next end or the next delayed retry,
 * whichever comes first. Nothing waits on the virtual clock: give the run the same clock ({@link
 * dev.torc.run.RunOptions.Builder#clock}) and the store too ({@link
 * dev.torc.store.Stores#sqlite(java.nio.file.Path, java.time.Clock)}), and a short poll interval,
 * the only real time a run then spends between events.
 */
public final class SimulatedExecutorProvider implements ExecutorProvider {
  /** The id of the executor. */
  public static final String ID = "simulated";

  private static final AtomicReference<SimulatedWorkload> INSTALLED = new AtomicReference<>();

  /** An installed workload; closing it uninstalls it. */
  public interface Installation extends AutoCloseable {
    @Override
    void close();
  }

  static Installation install(SimulatedWorkload workload) {
    if (!INSTALLED.compareAndSet(null, workload)) {
      throw new IllegalStateException("another simulated workload is installed");
    }
    return () -> INSTALLED.compareAndSet(workload, null);
  }

  @Override
  public String id() {
    return ID;
  }

  /**
   * @throws RunException when no workload is installed
   */
  @Override
  public Executor open(ExecutorContext context) {
    SimulatedWorkload workload = INSTALLED.get();
    if (workload == null) {
      throw new RunException(
          "the simulated executor has no workload: install one with SimulatedWorkload.install()");
    }
    return new SimulatedMachine(workload, context.workflow().id(), context.options().resources());
  }
}
