package dev.torc.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torc.model.JavaTask;
import dev.torc.model.TaskContext;
import dev.torc.model.TaskFailure;
import dev.torc.recovery.policy.ResilientTasks;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ResilientTasksTest {

  private static final TaskContext CONTEXT =
      new TaskContext() {
        @Override
        public long workflowId() {
          return 1;
        }

        @Override
        public long jobId() {
          return 1;
        }

        @Override
        public String jobName() {
          return "task";
        }

        @Override
        public int runId() {
          return 1;
        }

        @Override
        public int attemptId() {
          return 1;
        }

        @Override
        public Path outputDir() {
          return Path.of(".");
        }

        @Override
        public PrintStream stdout() {
          return System.out;
        }

        @Override
        public PrintStream stderr() {
          return System.err;
        }
      };

  /** Retries without waiting: the interval function returns zero. */
  private static Retry retry(int maxAttempts) {
    return Retry.of(
        "t",
        RetryConfig.custom()
            .maxAttempts(maxAttempts)
            .intervalFunction(attempt -> 0L)
            .retryExceptions(IOException.class)
            .build());
  }

  @Test
  void retriesUntilTheTaskSucceeds() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    JavaTask flaky =
        ctx -> {
          if (calls.incrementAndGet() < 3) {
            throw new IOException("Connection refused");
          }
        };
    ResilientTasks.withRetry(flaky, retry(5)).run(CONTEXT);
    assertThat(calls).hasValue(3);
  }

  @Test
  void theLastFailureComesOutUnchangedWithItsExitCode() {
    AtomicInteger calls = new AtomicInteger();
    JavaTask broken =
        ctx -> {
          calls.incrementAndGet();
          throw new TaskFailure(10, "diverged");
        };
    assertThatThrownBy(() -> ResilientTasks.withRetry(broken, retry(3)).run(CONTEXT))
        .isInstanceOfSatisfying(TaskFailure.class, f -> assertThat(f.exitCode()).isEqualTo(10));
    assertThat(calls).as("TaskFailure is not an IOException, so it is not retried").hasValue(1);
  }

  @Test
  void anOpenCircuitBreakerRejectsCallsAtOnce() throws Exception {
    CircuitBreaker breaker =
        CircuitBreaker.of(
            "t",
            CircuitBreakerConfig.custom()
                .slidingWindowSize(2)
                .minimumNumberOfCalls(2)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofHours(1))
                .build());
    AtomicInteger calls = new AtomicInteger();
    JavaTask failing =
        ResilientTasks.withCircuitBreaker(
            ctx -> {
              calls.incrementAndGet();
              throw new IOException("503 Service Unavailable");
            },
            breaker);
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> failing.run(CONTEXT)).isInstanceOf(IOException.class);
    }
    assertThatThrownBy(() -> failing.run(CONTEXT)).isInstanceOf(CallNotPermittedException.class);
    assertThat(calls).hasValue(2);
  }

  @Test
  void aTimeLimiterStopsATaskThatDoesNotFinish() throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    CountDownLatch never = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    try {
      JavaTask stuck =
          ctx -> {
            try {
              never.await();
            } catch (InterruptedException e) {
              interrupted.countDown();
            }
          };
      TimeLimiter limiter =
          TimeLimiter.of(
              TimeLimiterConfig.custom()
                  .timeoutDuration(Duration.ofMillis(50))
                  .cancelRunningFuture(true)
                  .build());
      assertThatThrownBy(
              () -> ResilientTasks.withTimeLimiter(stuck, limiter, executor).run(CONTEXT))
          .isInstanceOf(TimeoutException.class);
      assertThat(interrupted.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void wrapAppliesRetryAroundBreakerAroundTimeLimiter() throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      AtomicInteger calls = new AtomicInteger();
      JavaTask task =
          ResilientTasks.wrap(
                  ctx -> {
                    if (calls.incrementAndGet() == 1) {
                      throw new IOException("EIO");
                    }
                  })
              .retry(retry(3))
              .circuitBreaker(CircuitBreaker.ofDefaults("w"))
              .timeLimiter(TimeLimiter.of(Duration.ofSeconds(30)), executor)
              .build();
      task.run(CONTEXT);
      assertThat(calls).hasValue(2);
    } finally {
      executor.shutdownNow();
    }
  }
}
