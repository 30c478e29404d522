package dev.torc.executor;

import dev.torc.model.ResourceRequirements;
import dev.torc.store.AttemptRef;
import dev.torc.store.ResourceBudget;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

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
   * Submits an attempt to start the moment {@code previous}, an attempt of this executor, ends, in
   * the resources it held; or declines. The runner uses it to start the next of many short jobs
   * without waiting for its own thread: it has checked that the spec needs no more than {@code
   * previous} holds, and keeps that share for it. As with {@link #submit}, the start is reported
   * through the handle, never thrown; the start is reported as failed when the executor was closed
   * first. An executor that does not chain attempts declines every time (the default).
   *
   * @param previous the attempt to follow, submitted to this executor and started
   * @param spec the attempt to run after it
   * @return the attempt's handle, or empty when declined: {@code previous} has ended or already has
   *     one to follow it, or this executor does not chain attempts
   */
  default Optional<AttemptHandle> submitAfter(AttemptHandle previous, AttemptSpec spec) {
    return Optional.empty();
  }

  /**
   * Takes back an attempt from {@link #submitAfter} that has not started yet: it then never starts,
   * and its handle never completes.
   *
   * @param waiting the handle {@link #submitAfter} gave
   * @return whether it was taken back; false once the attempt it follows has ended, when its start
   *     is under way or done
   */
  default boolean withdraw(AttemptHandle waiting) {
    return false;
  }

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
