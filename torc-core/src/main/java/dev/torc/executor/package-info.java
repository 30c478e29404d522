/**
 * Executors: where the attempts of jobs run. The runner ({@link dev.torc.run.JobRunner}) sees an
 * executor only through {@link dev.torc.executor.Executor}; providers are found by id through
 * {@link java.util.ServiceLoader} ({@link dev.torc.executor.Executors#find}). The local executor
 * ({@code local}, processes and Java tasks on this machine) is the first provider.
 *
 * <h2>How the runner uses an executor</h2>
 *
 * <ol>
 *   <li>{@link dev.torc.executor.ExecutorProvider#open} once per run, with the runner's identity.
 *   <li>{@link dev.torc.executor.Executor#capacity} and {@link
 *       dev.torc.executor.Executor#cannotFit}: what it claims jobs against, and which jobs it
 *       refuses because they can never run here.
 *   <li>For each claimed job: {@link dev.torc.executor.Executor#reference} names the attempt, the
 *       store records the attempt running under that reference, and only then {@link
 *       dev.torc.executor.Executor#submit} starts it. A runner killed between the two leaves a
 *       recorded attempt whose reference finds whatever started. While jobs are short, the runner
 *       may instead hand a claimed job to {@link dev.torc.executor.Executor#submitAfter}, to start
 *       the moment a running attempt ends, and takes it back with {@link
 *       dev.torc.executor.Executor#withdraw} when room frees elsewhere first.
 *   <li>The runner learns of starts and ends through each {@link dev.torc.executor.AttemptHandle}'s
 *       futures and calls {@link dev.torc.executor.Executor#poll} with the handles still live once
 *       per poll interval.
 *   <li>A runner that finds an attempt of a dead runner calls {@link
 *       dev.torc.executor.Executor#stopOrphan} with its recorded reference.
 *   <li>{@link dev.torc.executor.Executor#close} at the end of the run, on cancel, and from a
 *       shutdown hook: it stops every attempt still under way.
 * </ol>
 *
 * <h2>Threading</h2>
 *
 * The runner calls {@code capacity}, {@code cannotFit}, {@code reference}, {@code submit}, {@code
 * submitAfter}, {@code withdraw}, {@code poll} and {@code stopOrphan} from its one loop thread,
 * never concurrently; none may block for long (no waiting for a job, no per-job remote call in
 * {@code poll}). {@code close} and {@link dev.torc.executor.AttemptHandle#kill} may come from any
 * thread at any time, also while the loop thread is inside {@code submit}. An executor completes
 * handles' futures from any thread it likes (its own workers, or the loop thread inside {@code
 * poll}); the runner only hands the news back to its loop, so a completion must not wait for the
 * runner.
 */
package dev.torc.executor;
