package dev.torc.executor;

import dev.torc.model.ResourceRequirements;
import dev.torc.store.AttemptRef;
import dev.torc.store.ResourceBudget;
import java.util.Collection;
import java.util.List;

/**
 * Runs attempts of jobs somewhere: on this machine, in a Slurm allocation, as Slurm jobs. The
 * runner sees nothing else of it; see the {@linkplain dev.torc.executor package} for the order of
 * calls and the threading rules. Opened per run by an {@link ExecutorProvider}.
 */
public interface Executor extends AutoCloseable {

  /** {@return the id its provider is found by, recorded in every {@link AttemptRef} it gives} */
  String id();

  /**
   * What the runner may hand out to jobs at once: it claims jobs against this and keeps the sum of
   * the running jobs' requirements within it. Constant for the executor's life.
   *
   * @return the executor's capacity
   */
  ResourceBudget capacity();

  /**
   * Why a job with these requirements can never run here.
   *
   * @param requirements the job's requirements
   * @return one reason per requirement that is too large, in words (e.g. {@code "16 CPUs, more than
   *     this runner's 8"}); empty when it fits
   */
  List<String> cannotFit(ResourceRequirements requirements);

  /**
   * The reference the attempt of this spec will be recorded by, before it is submitted. It must let
   * {@link #stopOrphan} find the attempt even when the runner died inside {@link #submit}, before
   * it learned anything of the start: so it names the attempt by something fixed before the start
   * (the local executor: the mark its processes carry; Slurm: the job name). Pure: no side effects,
   * the same answer for the same spec.
   *
   * @param spec the attempt to run
   * @return its reference
   */
  AttemptRef reference(AttemptSpec spec);

  /**
   * Starts the attempt, or queues its start, and returns at once: it never waits for the attempt to
   * start or run. The runner has recorded the attempt running under {@link #reference} before this
   * call. Whatever goes wrong with the start is reported through {@link AttemptHandle#started()},
   * not thrown. After {@link #close}, the handle reports that it cannot start.
   *
   * @param spec the attempt to run
   * @return the attempt's handle
   */
  AttemptHandle submit(AttemptSpec spec);

  /**
   * Brings the state of these live attempts up to date, with at most one batched status call for
   * all of them (one {@code squeue}, never one per job), completing the handles of attempts that
   * started or ended. Called by the runner on its loop thread about once per poll interval.
   * Executors whose attempts report by themselves (the local executor) need not override it.
   *
   * @param live every handle the runner submitted whose end it has not seen
   */
  default void poll(Collection<AttemptHandle> live) {}

  /**
   * Stops what is left of an attempt whose runner died, found by its recorded reference; may be
   * called from any runner of the workflow, on any host, also for an attempt that has already
   * ended. It must never stop anything it cannot prove belongs to that attempt, and the local
   * executor never signals a process on a host other than its own.
   *
   * @param lost the attempt's recorded reference
   * @return whether something of the attempt was found and stopped
   */
  boolean stopOrphan(AttemptRef lost);

  /**
   * Stops every attempt this executor started that is still under way, including submits not yet
   * started, and releases its threads. Idempotent and safe from any thread: the runner calls it at
   * the end of a run, when the workflow is canceled, and from a shutdown hook.
   */
  @Override
  void close();
}
