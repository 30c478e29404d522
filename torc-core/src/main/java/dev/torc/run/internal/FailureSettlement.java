package dev.torc.run.internal;

import dev.torc.exec.JobProcess;
import dev.torc.exec.LaunchRequest;
import dev.torc.exec.LocalProcessLauncher;
import dev.torc.model.JobStatus;
import dev.torc.model.ResourceRequirements;
import dev.torc.run.Decision;
import dev.torc.run.FailurePolicy;
import dev.torc.run.JobListener;
import dev.torc.run.RunOptions;
import dev.torc.store.AttemptRef;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import dev.torc.store.RunnerInfo;
import dev.torc.store.WorkflowRecord;
import dev.torc.store.WorkflowStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's failure path: asks the {@link FailurePolicy} what a failed or terminated attempt
 * leads to and carries it out: fail, await classification, or retry, possibly after a recovery
 * script, with new requirements, a delay or a fallback command.
 *
 * <p>A recovery script runs beside the runner, on its host, whatever executor runs the jobs,
 * without holding the runner up; the job stays {@code running} meanwhile, and the store records the
 * script's process as the job's attempt ({@link WorkflowStore#recordRecoveryProcess}), so that if
 * this runner dies, the next one kills the script's process group and settles the attempt as lost
 * ({@link Orphans}). The script carries a mark of this runner ({@link AttemptMark}) with a number
 * of its own, so the runner's sweeps find it but the sweep for the failed attempt's leftovers,
 * which may run after the script started, does not. New requirements that the executor can never
 * fit fail the job instead of retrying it ({@link MachineFit}).
 *
 * <p>Call everything but {@link #killAll} on the runner's thread; the end of a recovery script is
 * handed back to it through the {@code post} function.
 */
public final class FailureSettlement implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FailureSettlement.class);

  private final WorkflowStore store;
  private final long workflowId;
  private final long runnerId;
  private final RunnerInfo runner;
  private final RunOptions options;
  private final Function<ResourceRequirements, List<String>> cannotFit;
  private final Consumer<Runnable> post;
  private final long markNumber = new java.security.SecureRandom().nextLong();
  private final Map<Long, JobProcess> recovering = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(RecoveryScripts.daemon("torc-recovery-timer"));
  private LocalProcessLauncher scripts;

  /**
   * @param runner the runner's own process, which recovery scripts' marks name
   * @param cannotFit why requirements can never run on the runner's executor ({@link
   *     dev.torc.executor.Executor#cannotFit})
   * @param post runs its argument on the runner's thread
   */
  public FailureSettlement(
      WorkflowStore store,
      long workflowId,
      long runnerId,
      RunnerInfo runner,
      RunOptions options,
      Function<ResourceRequirements, List<String>> cannotFit,
      Consumer<Runnable> post) {
    this.store = store;
    this.workflowId = workflowId;
    this.runnerId = runnerId;
    this.runner = runner;
    this.options = options;
    this.cannotFit = cannotFit;
    this.post = post;
  }

  /** Whether a recovery script runs. */
  public boolean busy() {
    return !recovering.isEmpty();
  }

  /** Decides about and settles a failed or terminated attempt of a job claimed for it. */
  public void settle(JobRecord job, JobResult result) {
    WorkflowRecord workflow = store.getWorkflow(workflowId);
    Decision decision;
    try {
      decision =
          options
              .failurePolicy()
              .decide(
                  new FailurePolicy.Failure(
                      store,
                      workflow,
                      job,
                      result,
                      options.outputDir(),
                      ListenerFanOut.of(options.listeners())));
    } catch (RuntimeException e) {
      LOG.warn("the failure policy failed on job {} ({}): {}", job.id(), job.name(), e.toString());
      decision = Decision.fail("the failure policy failed: " + e);
    }
    if (decision instanceof Decision.Retry retry
        && retry.fallbackCommand() != null
        && job.isJavaTask()) {
      decision =
          Decision.fail(
              "a fallback command cannot stand in for a Java task (the policy chose '"
                  + retry.fallbackCommand()
                  + "': "
                  + decision.reason()
                  + ")");
    }
    store.addEvent(
        workflowId,
        job.id(),
        "job_failure_decision",
        "job "
            + job.name()
            + " attempt "
            + result.attemptId()
            + " ended "
            + result.status().label()
            + " with return code "
            + result.returnCode()
            + ": "
            + decision.kind().name().toLowerCase(Locale.ROOT)
            + " ("
            + decision.reason()
            + ")");
    Decision decided = decision;
    tell(listener -> listener.decisionMade(job, result, decided));
    switch (decision.kind()) {
      case RETRY -> startRetry(job, result, (Decision.Retry) decision);
      case AWAIT_CLASSIFICATION -> {
        store.completeJob(withStatus(result, JobStatus.PENDING_FAILED));
        tell(listener -> listener.awaitingClassification(job, result, decided.reason()));
      }
      case FAIL -> store.completeJob(result);
    }
  }

  /**
   * Retries at once, or first runs the recovery script without blocking the runner (the job stays
   * running in the store meanwhile). A delay goes to the store, which claims the job no sooner.
   */
  private void startRetry(JobRecord job, JobResult result, Decision.Retry decision) {
    if (decision.newRequirements() != null) {
      List<String> excess = cannotFit.apply(decision.newRequirements());
      if (!excess.isEmpty()) {
        String why = MachineFit.describe(job, excess) + " with its new requirements";
        LOG.warn("{}; failed", why);
        fail(job, result, MachineFit.EVENT_EXCEEDS_LIMITS, why);
        return;
      }
    }
    if (decision.recoveryScript() == null) {
      retryNow(job, result, decision);
      return;
    }
    JobProcess process;
    try {
      process = startScript(job, result, decision.recoveryScript());
    } catch (RuntimeException e) {
      fail(job, result, "job_recovery_failed", "cannot start recovery script: " + e.getMessage());
      return;
    }
    LOG.info(
        "job {} ({}) attempt {}: running recovery script (pid {}): {}",
        job.id(),
        job.name(),
        result.attemptId(),
        process.pid(),
        decision.recoveryScript());
    recovering.put(job.id(), process);
    try {
      store.recordRecoveryProcess(
          job.id(),
          runnerId,
          new AttemptRef(
              LocalExecutor.ID, runner.host(), Long.toString(process.pid()), process.startTime()));
    } catch (RuntimeException e) {
      // The workflow was canceled or reset meanwhile; the script's end settles the job.
      LOG.warn("cannot record the recovery script of job {}: {}", job.id(), e.getMessage());
    }
    AtomicBoolean timedOut = new AtomicBoolean();
    ScheduledFuture<?> limit =
        timer.schedule(
            () -> {
              if (process.isAlive()) {
                timedOut.set(true);
                process.kill();
              }
            },
            options.recoveryScriptTimeout().toMillis(),
            TimeUnit.MILLISECONDS);
    process
        .onExit()
        .thenAccept(
            p -> {
              limit.cancel(false);
              post.accept(() -> scriptEnded(job, result, decision, p.exitCode(), timedOut.get()));
            });
  }

  private JobProcess startScript(JobRecord job, JobResult result, String script) {
    Map<String, String> env =
        new LinkedHashMap<>(JobEnvironment.of(job, options.outputDir(), options.apiUrl()));
    env.put("TORC_RETURN_CODE", Integer.toString(result.returnCode()));
    if (scripts == null) {
      scripts = LocalProcessLauncher.create();
    }
    return scripts.start(
        LaunchRequest.builder(script)
            .env(env)
            .mark(AttemptMark.of(job, result.runId(), runnerId, runner, markNumber).text())
            .stdoutFile(RecoveryScripts.stdoutPath(options.outputDir(), result))
            .stderrFile(RecoveryScripts.stderrPath(options.outputDir(), result))
            .build());
  }

  private void scriptEnded(
      JobRecord job, JobResult result, Decision.Retry decision, int exitCode, boolean timedOut) {
    recovering.remove(job.id());
    if (timedOut || exitCode != 0) {
      String why =
          timedOut
              ? "recovery script timed out after "
                  + options.recoveryScriptTimeout()
                  + ": "
                  + decision.recoveryScript()
              : "recovery script exited with " + exitCode + ": " + decision.recoveryScript();
      fail(job, result, "job_recovery_failed", why);
      return;
    }
    retryNow(job, result, decision);
  }

  /**
   * Fails the job after a retry was decided, with the reason in the event log and stderr log. The
   * job ends {@code failed} even when the attempt was terminated (a walltime kill): the retry, not
   * the attempt, is what failed; the result keeps the attempt's return code.
   */
  private void fail(JobRecord job, JobResult result, String eventKind, String why) {
    StderrNotes.append(
        options.outputDir(), workflowId, job.id(), result.runId(), result.attemptId(), why);
    store.addEvent(workflowId, job.id(), eventKind, "job " + job.name() + ": " + why);
    try {
      store.completeJob(withStatus(result, JobStatus.FAILED));
    } catch (RuntimeException e) {
      LOG.warn("cannot record job {} as failed: {}", job.id(), e.getMessage());
    }
  }

  private void retryNow(JobRecord job, JobResult result, Decision.Retry decision) {
    Instant notBefore =
        decision.delay().isZero() ? null : options.clock().instant().plus(decision.delay());
    try {
      if (decision.newRequirements() != null) {
        store.updateJobRequirements(job.id(), decision.newRequirements());
      }
      store.retryAttempt(
          result,
          (decision.recoveryScript() == null
                  ? decision.reason()
                  : decision.reason() + "; recovery script succeeded")
              + (decision.delay().isZero() ? "" : "; not before " + decision.delay() + " from now")
              + (decision.fallbackCommand() == null
                  ? ""
                  : "; next attempt runs fallback command: " + decision.fallbackCommand()),
          notBefore,
          decision.fallbackCommand());
    } catch (RuntimeException e) {
      // The workflow was canceled or reset meanwhile.
      LOG.warn("cannot retry job {} ({}): {}", job.id(), job.name(), e.getMessage());
      return;
    }
    tell(listener -> listener.retryScheduled(job, result, decision, notBefore));
  }

  private void tell(Consumer<JobListener> call) {
    for (JobListener listener : options.listeners()) {
      try {
        call.accept(listener);
      } catch (RuntimeException e) {
        LOG.warn("a job listener failed: {}", e.toString());
      }
    }
  }

  static JobResult withStatus(JobResult r, JobStatus status) {
    return new JobResult(
        r.jobId(),
        r.workflowId(),
        r.runId(),
        r.attemptId(),
        r.returnCode(),
        status,
        r.execTimeMinutes(),
        r.completionTime(),
        r.peakMemoryBytes(),
        r.avgMemoryBytes(),
        r.peakCpuPercent(),
        r.avgCpuPercent());
  }

  /** Kills every running recovery script's process group; safe from any thread. */
  public void killAll() {
    for (JobProcess process : List.copyOf(recovering.values())) {
      process.kill();
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
