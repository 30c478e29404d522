package dev.torc.run.internal;

import dev.torc.exec.JobLimits;
import dev.torc.exec.JobProcess;
import dev.torc.exec.JobSupervisor;
import dev.torc.exec.LaunchRequest;
import dev.torc.exec.LocalProcessLauncher;
import dev.torc.executor.AttemptSpec;
import dev.torc.model.JavaTask;
import dev.torc.model.ResourceRequirements;
import dev.torc.store.JobRecord;
import dev.torc.store.RunnerInfo;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Starts attempts of shell jobs and Java tasks with the environment and logs torc promises, each
 * process marked ({@link AttemptMark}) with the attempt and the runner that started it.
 */
public final class AttemptLauncher implements AutoCloseable {
  private final LocalProcessLauncher processes;
  private final JobSupervisor supervisor;
  private final Map<String, JavaTask> tasks;
  private final Path outputDir;
  private final long runnerId;
  private final RunnerInfo runner;
  private final long markNumber = new java.security.SecureRandom().nextLong();
  private final ExecutorService taskWorkers = Executors.newCachedThreadPool(daemon("torc-task"));
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(daemon("torc-task-timer"));
  private TaskData taskData = TaskData.NONE;

  /**
   * @param outputDir what Java tasks see as their output directory
   * @param runnerId the runner that starts the attempts
   * @param runner that runner's process, which the attempts' marks name
   */
  public AttemptLauncher(
      JobSupervisor supervisor,
      Map<String, JavaTask> tasks,
      Path outputDir,
      long runnerId,
      RunnerInfo runner) {
    this.runnerId = runnerId;
    this.runner = runner;
    this.processes = LocalProcessLauncher.create();
    this.supervisor = supervisor;
    this.tasks = Map.copyOf(tasks);
    this.outputDir = outputDir;
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Where Java tasks find their files' paths and the workflow's user data; none by default. */
  public void taskData(TaskData data) {
    this.taskData = data;
  }

  /** Whether a Java task is registered for this job. */
  public boolean hasTask(String jobName) {
    return tasks.containsKey(jobName);
  }

  /** Starts the attempt. */
  public Attempt start(AttemptSpec spec) {
    JobRecord job = spec.job();
    int runId = spec.runId();
    Path stdout = spec.stdout();
    Path stderr = spec.stderr();
    ResourceRequirements rr = job.requirements();
    if (job.isJavaTask()) {
      JavaTask task = tasks.get(job.name());
      JavaTaskAttempt.TaskInfo info =
          new JavaTaskAttempt.TaskInfo(
              job.workflowId(),
              job.id(),
              job.name(),
              runId,
              job.attemptId(),
              outputDir,
              taskData.paths(job.inputFiles()),
              taskData.paths(job.outputFiles()),
              taskData.userData());
      return new JavaTaskAttempt(
          task,
          info,
          stdout,
          stderr,
          supervisor.settings().enforceLimits() ? rr.runtime() : null,
          taskWorkers,
          timer);
    }
    LaunchRequest request =
        LaunchRequest.builder(job.command())
            .invocationScript(job.invocationScript())
            .env(spec.environment())
            .mark(mark(job, runId))
            .stdoutFile(stdout)
            .stderrFile(stderr)
            .build();
    JobProcess process = processes.start(request);
    return new ShellAttempt(supervisor.supervise(key(job), process, limits(job)));
  }

  /** What every process of the job's current attempt in run {@code runId} carries. */
  public String mark(JobRecord job, int runId) {
    return AttemptMark.of(job, runId, runnerId, runner, markNumber).text();
  }

  /**
   * A job held to its requirements. A job that names no requirements gets the defaults, whose
   * memory only packs jobs and is not a limit: only its runtime is enforced.
   */
  private static JobLimits limits(JobRecord job) {
    JobLimits limits = JobLimits.of(job.requirements(), job.supportsTermination());
    return ResourceRequirements.DEFAULT_NAME.equals(job.requirements().name())
        ? limits.withoutMemory()
        : limits;
  }

  private static String key(JobRecord job) {
    return job.id() + "/" + job.attemptId();
  }

  @Override
  public void close() {
    taskWorkers.shutdownNow();
    timer.shutdownNow();
  }
}
