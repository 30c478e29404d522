package dev.torc.run.internal;

import dev.torc.executor.AttemptEnd;
import dev.torc.model.JavaTask;
import dev.torc.model.TaskContext;
import dev.torc.model.TaskFailure;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Java task's attempt on a runner thread, with its own log files; its runtime limit interrupts
 * it. Its memory is the runner's and is not limited.
 */
final class JavaTaskAttempt implements Attempt {
  private final CompletableFuture<AttemptEnd> end = new CompletableFuture<>();
  private final AtomicBoolean timedOut = new AtomicBoolean();
  private final AtomicBoolean started = new AtomicBoolean();
  private final Instant start = Instant.now();
  private final Future<?> future;

  JavaTaskAttempt(
      JavaTask task,
      TaskInfo info,
      Path stdoutFile,
      Path stderrFile,
      Duration runtimeLimit,
      ExecutorService workers,
      ScheduledExecutorService timer) {
    future =
        workers.submit(
            () -> {
              if (!started.compareAndSet(false, true)) {
                return;
              }
              int code;
              String note = null;
              try (PrintStream out = open(stdoutFile);
                  PrintStream err = open(stderrFile)) {
                try {
                  task.run(info.context(out, err));
                  code = 0;
                } catch (TaskFailure failure) {
                  err.println(failure.getMessage());
                  code = failure.exitCode();
                } catch (InterruptedException e) {
                  code = timedOut.get() ? 152 : 130;
                  note = timedOut.get() ? "stopped at its runtime limit" : "interrupted";
                } catch (Exception | Error e) {
                  e.printStackTrace(err);
                  code = 1;
                }
              } catch (IOException e) {
                code = 1;
                note = "cannot open log files: " + e.getMessage();
              }
              if (timedOut.get()) {
                code = 152;
                note = "stopped at its runtime limit";
              }
              end.complete(
                  new AttemptEnd(
                      code, timedOut.get(), Duration.between(start, Instant.now()), null, note));
            });
    if (runtimeLimit != null) {
      timer.schedule(
          () -> {
            if (!end.isDone()) {
              timedOut.set(true);
              stop();
            }
          },
          runtimeLimit.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  private static PrintStream open(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    OutputStream stream = Files.newOutputStream(file);
    return new PrintStream(stream, true, StandardCharsets.UTF_8);
  }

  @Override
  public CompletableFuture<AttemptEnd> end() {
    return end;
  }

  @Override
  public void kill() {
    stop();
  }

  private void stop() {
    future.cancel(true);
    if (started.compareAndSet(false, true)) {
      // It never began: nothing else will end it.
      boolean timeout = timedOut.get();
      end.complete(
          new AttemptEnd(
              timeout ? 152 : 130,
              timeout,
              Duration.between(start, Instant.now()),
              null,
              timeout ? "stopped at its runtime limit" : "interrupted"));
    }
  }

  /** What a task learns about its attempt. */
  record TaskInfo(
      long workflowId,
      long jobId,
      String jobName,
      int runId,
      int attemptId,
      Path outputDir,
      Map<String, Path> inputFiles,
      Map<String, Path> outputFiles,
      Map<String, Object> userData) {
    TaskContext context(PrintStream out, PrintStream err) {
      return new TaskContext() {
        @Override
        public Map<String, Path> inputFiles() {
          return inputFiles;
        }

        @Override
        public Map<String, Path> outputFiles() {
          return outputFiles;
        }

        @Override
        public Map<String, Object> userData() {
          return userData;
        }

        @Override
        public long workflowId() {
          return workflowId;
        }

        @Override
        public long jobId() {
          return jobId;
        }

        @Override
        public String jobName() {
          return jobName;
        }

        @Override
        public int runId() {
          return runId;
        }

        @Override
        public int attemptId() {
          return attemptId;
        }

        @Override
        public Path outputDir() {
          return outputDir;
        }

        @Override
        public PrintStream stdout() {
          return out;
        }

        @Override
        public PrintStream stderr() {
          return err;
        }
      };
    }
  }
}
