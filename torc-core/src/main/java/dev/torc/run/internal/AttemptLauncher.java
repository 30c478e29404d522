package dev.torc.run.internal;

import dev.torc.diagnosis.JobLogs;
import dev.torc.exec.JobLimits;
import dev.torc.exec.JobProcess;
import dev.torc.exec.JobSupervisor;
import dev.torc.exec.LaunchRequest;
import dev.torc.exec.LocalProcessLauncher;
import dev.torc.model.JavaTask;
import dev.torc.model.ResourceRequirements;
import dev.torc.store.JobRecord;
import dev.torc.store.RunnerInfo;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Starts attempts of shell jobs and Java tasks with the environment and logs torc promises. */
public final class AttemptLauncher implements AutoCloseable {
  private final LocalProcessLauncher processes;
  private final JobSupervisor supervisor;
  private final Map<String, JavaTask> tasks;
  private final Path outputDir;
  private final String apiUrl;
  private final long runnerId;
  private final RunnerInfo runner;
  private final long markNumber = new java.security.SecureRandom().nextLong();
  private final ExecutorService taskWorkers = Executors.newCachedThreadPool(daemon("torc-task"));
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(daemon("torc-task-timer"));
  private TaskData taskData = TaskData.NONE;

  /**
   * @param apiUrl what jobs see as {@code TORC_API_URL}: where their workflow's store is
   * @param runnerId the runner that starts the attempts
   * @param runner that runner's process, which the attempts' marks name
   */
  public AttemptLauncher(
      JobSupervisor supervisor,
      Map<String, JavaTask> tasks,
      Path outputDir,
      String apiUrl,
      long runnerId,
      RunnerInfo runner) {
    this.runnerId = runnerId;
    this.runner = runner;
    this.processes = LocalProcessLauncher.create();
    this.supervisor = supervisor;
    this.tasks = Map.copyOf(tasks);
    this.outputDir = outputDir;
    this.apiUrl = apiUrl;
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

  /** Starts the job's current attempt in run {@code runId}. */
  public Attempt start(JobRecord job, int runId) {
    Path stdout = JobLogs.stdoutPath(outputDir, job.workflowId(), job.id(), runId, job.attemptId());
    Path stderr = JobLogs.stderrPath(outputDir, job.workflowId(), job.id(), runId, job.attemptId());
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
            .env(environment(job))
            .mark(mark(job, runId))
            .stdoutFile(stdout)
            .stderrFile(stderr)
            .build();
    JobProcess process = processes.start(request);
    return new ShellAttempt(supervisor.supervise(key(job), process, limits(job)));
  }

  /** What every process of the job's current attempt in run {@code runId} carries. */
  public String mark(JobRecord job, int runId) {
    return mark(job, runId, markNumber);
  }

  /**
   * What a recovery script of the job's current attempt carries: the runner's sweeps still find it,
   * but it differs from the attempt's own mark, so the sweep for the attempt's leftovers, which may
   * run after the script started, leaves it alone.
   */
  public String recoveryMark(JobRecord job, int runId) {
    return mark(job, runId, ~markNumber);
  }

  private String mark(JobRecord job, int runId, long launcherNumber) {
    Instant start = runner.processStart();
    return new AttemptMark(
            job.workflowId(),
            job.id(),
            runId,
            job.attemptId(),
            runnerId,
            runner.pid(),
            start == null ? 0 : start.toEpochMilli(),
            launcherNumber)
        .text();
  }

  /** The variables a job and its recovery scripts see. */
  public Map<String, String> environment(JobRecord job) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("TORC_WORKFLOW_ID", Long.toString(job.workflowId()));
    env.put("TORC_JOB_ID", Long.toString(job.id()));
    env.put("TORC_JOB_NAME", job.name());
    env.put("TORC_API_URL", apiUrl);
    env.put("TORC_OUTPUT_DIR", outputDir.toString());
    env.put("TORC_ATTEMPT_ID", Integer.toString(job.attemptId()));
    return env;
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
