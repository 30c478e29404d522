package dev.torc.recovery.policy;

import dev.torc.model.JavaTask;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;

/**
 * Wraps an in-process {@link JavaTask} with Resilience4j's {@link Retry}, {@link CircuitBreaker}
 * and {@link TimeLimiter}, so that a task retries within one attempt of its job, before the
 * runner's recovery policies see a failure. Each wrapper returns a {@link JavaTask}; the task's own
 * exceptions (including {@link dev.torc.model.TaskFailure} with its exit code) come out unchanged
 * once the wrappers give up.
 *
 * <p>When several wrappers are used, {@link #wrap} applies them in Resilience4j's recommended
 * order: the time limiter innermost (each try is limited), then the circuit breaker, then the retry
 * outermost.
 *
 * <p>Retries wait the way the {@link Retry}'s configuration says, on the calling thread.
 */
public final class ResilientTasks {
  private ResilientTasks() {}

  /**
   * The task, retried as the {@link Retry} says.
   *
   * @param task the task
   * @param retry the retry
   * @return the task, retried as the {@link Retry} says
   */
  public static JavaTask withRetry(JavaTask task, Retry retry) {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(retry, "retry");
    return context -> runChecked(Retry.decorateCheckedRunnable(retry, () -> task.run(context)));
  }

  /**
   * The task behind a {@link CircuitBreaker}: while the breaker is open it fails at once with
   * Resilience4j's {@code CallNotPermittedException}.
   *
   * @param task the task
   * @param breaker the breaker
   * @return the task behind a {@link CircuitBreaker}: while the breaker is open it fails at once
   *     with Resilience4j's {@code CallNotPermittedException}
   */
  public static JavaTask withCircuitBreaker(JavaTask task, CircuitBreaker breaker) {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(breaker, "breaker");
    return context ->
        runChecked(CircuitBreaker.decorateCheckedRunnable(breaker, () -> task.run(context)));
  }

  /**
   * The task limited in time: each run is submitted to {@code executor} and, when the {@link
   * TimeLimiter}'s timeout passes first, fails with a {@link java.util.concurrent.TimeoutException}
   * (and is interrupted when the limiter cancels running futures).
   *
   * @param task the task
   * @param limiter the time limiter
   * @param executor the executor
   * @return the task limited in time: each run is submitted to {@code executor} and, when the
   *     {@link TimeLimiter}'s timeout passes first, fails with a {@link
   *     java.util.concurrent.TimeoutException} (and is interrupted when the limiter cancels running
   *     futures)
   */
  public static JavaTask withTimeLimiter(
      JavaTask task, TimeLimiter limiter, ExecutorService executor) {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(limiter, "limiter");
    Objects.requireNonNull(executor, "executor");
    return context -> {
      try {
        limiter.executeFutureSupplier(
            () ->
                executor.submit(
                    () -> {
                      task.run(context);
                      return null;
                    }));
      } catch (ExecutionException e) {
        throw unwrap(e);
      }
    };
  }

  /**
   * Starts wrapping a task with several decorators.
   *
   * @param task the task
   * @return the builder
   */
  public static Builder wrap(JavaTask task) {
    return new Builder(task);
  }

  private static void runChecked(io.github.resilience4j.core.functions.CheckedRunnable runnable)
      throws Exception {
    try {
      runnable.run();
    } catch (Exception | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  private static Exception unwrap(Exception e) {
    Throwable cause = e;
    while ((cause instanceof ExecutionException || cause instanceof CompletionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof Exception ex) {
      return ex;
    }
    if (cause instanceof Error err) {
      throw err;
    }
    return e;
  }

  /** Applies a retry, a circuit breaker and a time limiter in the recommended order. */
  public static final class Builder {
    private final JavaTask task;
    private Retry retry;
    private CircuitBreaker breaker;
    private TimeLimiter limiter;
    private ExecutorService executor;

    private Builder(JavaTask task) {
      this.task = Objects.requireNonNull(task, "task");
    }

    /**
     * Retries the task as this retry says.
     *
     * @param r the retry
     * @return this builder
     */
    public Builder retry(Retry r) {
      this.retry = r;
      return this;
    }

    /**
     * Puts the task behind this circuit breaker.
     *
     * @param b the breaker
     * @return this builder
     */
    public Builder circuitBreaker(CircuitBreaker b) {
      this.breaker = b;
      return this;
    }

    /**
     * Limits each try; the task runs on {@code runOn}.
     *
     * @param l the time limiter
     * @param runOn where it runs
     * @return this builder
     */
    public Builder timeLimiter(TimeLimiter l, ExecutorService runOn) {
      this.limiter = l;
      this.executor = runOn;
      return this;
    }

    /**
     * The wrapped task.
     *
     * @return the wrapped task
     */
    public JavaTask build() {
      JavaTask t = task;
      if (limiter != null) {
        t = withTimeLimiter(t, limiter, executor);
      }
      if (breaker != null) {
        t = withCircuitBreaker(t, breaker);
      }
      if (retry != null) {
        t = withRetry(t, retry);
      }
      return t;
    }
  }
}
