package dev.torc.testkit;

import dev.torc.exec.MachineResources;
import dev.torc.model.JobStatus;
import dev.torc.model.Memory;
import dev.torc.model.Workflow;
import dev.torc.recovery.RecoveryFailurePolicy;
import dev.torc.recovery.policy.OomSizing;
import dev.torc.recovery.workflow.RuleClassification;
import dev.torc.recovery.workflow.WatchResult;
import dev.torc.recovery.workflow.WorkflowRecovery;
import dev.torc.recovery.workflow.WorkflowWatch;
import dev.torc.run.JobRunner;
import dev.torc.run.RunOptions;
import dev.torc.run.RunResult;
import dev.torc.spec.SpecFormat;
import dev.torc.spec.WorkflowSpecs;
import dev.torc.store.JobRecord;
import dev.torc.store.WorkflowEvent;
import dev.torc.store.WorkflowStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A corpus of real failures with the outcome each should reach: jobs that the runner kills at their
 * memory or runtime limit (three of them growing to 2×, 3× and 4× their request), Python tracebacks
 * (one near its runtime limit), crash signals, a connection refused by a closed localhost port on
 * every attempt or on the first only, {@code TimeoutError} and HTTP 503 on the first attempt,
 * handler-covered exit codes, an unexplained exit. Every job is a real process ({@code bash},
 * {@code python3}, {@code java}); {@link #watchRecoverAndClassify} runs them as {@code torc watch
 * --recover --classify rules} does, and {@link #score} compares each job's end state and attempts
 * with the right ones.
 */
public final class FailureCorpus {
  private FailureCorpus() {}

  /** What a corpus job's failure is. */
  public enum Kind {
    /** It does not fail. */
    OK,
    /** It runs out of memory or time; one resize fixes it. */
    RESOURCE,
    /** A passing condition; a retry may fix it. */
    TRANSIENT,
    /** A bug; a retry repeats it. */
    PERMANENT,
    /** Its exit code is covered by a failure handler rule. */
    HANDLER,
    /** Nothing explains it; it awaits a person or an agent. */
    UNKNOWN
  }

  /**
   * The right outcome of a corpus job.
   *
   * @param job the job's name
   * @param status the status it should end in
   * @param attempts how many attempts it should take
   * @param kind what its failure is
   */
  public record Expected(String job, JobStatus status, int attempts, Kind kind) {}

  /**
   * A corpus job's outcome beside the right one.
   *
   * @param expected the right outcome
   * @param status the status it ended in
   * @param attempts the attempts it took
   * @param oomResizes how many times recovery gave it more memory after a memory kill
   */
  public record JobScore(Expected expected, JobStatus status, int attempts, int oomResizes) {
    /**
     * Whether the job ended in the right status.
     *
     * @return whether the job ended in the right status
     */
    public boolean rightEndState() {
      return status == expected.status();
    }

    /**
     * Attempts beyond the right number.
     *
     * @return the count
     */
    public int extraAttempts() {
      return Math.max(0, attempts - expected.attempts());
    }
  }

  /** The outcomes of every corpus job, with the benchmark's figures. */
  public record Score(List<JobScore> jobs) {
    /**
     * Copies the list.
     *
     * @param jobs the score of each job
     */
    public Score {
      jobs = List.copyOf(jobs);
    }

    /**
     * Jobs in their right end state.
     *
     * @return the count
     */
    public long rightEndState() {
      return jobs.stream().filter(JobScore::rightEndState).count();
    }

    /**
     * Attempts beyond the right number, summed over the jobs.
     *
     * @return the count
     */
    public int extraAttempts() {
      return jobs.stream().mapToInt(JobScore::extraAttempts).sum();
    }

    /**
     * Jobs with a permanent failure that ran more than once.
     *
     * @return the count
     */
    public long permanentRetried() {
      return jobs.stream()
          .filter(j -> j.expected().kind() == Kind.PERMANENT && j.attempts() > 1)
          .count();
    }

    /**
     * Jobs that should have run again after their first failure but did not.
     *
     * @return the count
     */
    public long transientNotRetried() {
      return jobs.stream().filter(j -> j.expected().attempts() > 1 && j.attempts() == 1).count();
    }

    /**
     * Memory resizes beyond the first, summed over the jobs.
     *
     * @return the count
     */
    public int oomResizesBeyondOne() {
      return jobs.stream().mapToInt(j -> Math.max(0, j.oomResizes() - 1)).sum();
    }

    /**
     * The five figures on one line.
     *
     * @return the five figures on one line
     */
    public String summary() {
      return String.format(
          Locale.ROOT,
          "jobs at their right end state: %d/%d; extra attempts: %d; permanent failures retried:"
              + " %d; transient failures not retried: %d; OOM resizes beyond one: %d",
          rightEndState(),
          jobs.size(),
          extraAttempts(),
          permanentRetried(),
          transientNotRetried(),
          oomResizesBeyondOne());
    }

    /**
     * One line per job: its outcome, the right one, and what differs.
     *
     * @return one line per job: its outcome, the right one, and what differs
     */
    public String table() {
      return jobs.stream()
          .map(
              j ->
                  String.format(
                      Locale.ROOT,
                      "%-26s %-15s %2d   expected %-15s %2d %s",
                      j.expected().job(),
                      j.status().label(),
                      j.attempts(),
                      j.expected().status().label(),
                      j.expected().attempts(),
                      !j.rightEndState()
                          ? "<-- state"
                          : j.attempts() != j.expected().attempts() ? "<-- attempts" : ""))
          .collect(Collectors.joining(System.lineSeparator()));
    }
  }

  /**
   * The corpus workflow.
   *
   * @return the corpus workflow
   */
  public static Workflow workflow() {
    return WorkflowSpecs.parse(resource("failure-corpus.yaml"), SpecFormat.YAML, "failure-corpus");
  }

  /**
   * The right outcome of each corpus job, in spec order.
   *
   * @return the right outcome of each corpus job, in spec order
   */
  public static List<Expected> expected() {
    List<Expected> expected = new ArrayList<>();
    for (String line : resource("failure-corpus-expected.tsv").split("\\R")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t");
      expected.add(
          new Expected(
              f[0],
              JobStatus.valueOf(f[1].toUpperCase(Locale.ROOT)),
              Integer.parseInt(f[2]),
              Kind.valueOf(f[3].toUpperCase(Locale.ROOT))));
    }
    return List.copyOf(expected);
  }

  /**
   * How the corpus workflow's jobs ended compared with the right outcomes.
   *
   * @param store the store
   * @param workflowId the workflow
   * @return how the corpus workflow's jobs ended compared with the right outcomes
   */
  public static Score score(WorkflowStore store, long workflowId) {
    Map<String, JobRecord> jobs =
        store.listJobs(workflowId, null).stream()
            .collect(Collectors.toMap(JobRecord::name, Function.identity()));
    Map<Long, Long> oomResizes =
        store.listEvents(workflowId).stream()
            .filter(
                e ->
                    e.jobId() != null
                        && e.kind().equals(WorkflowRecovery.EVENT_RETRY)
                        && e.message().contains("OOM detected"))
            .collect(Collectors.groupingBy(WorkflowEvent::jobId, Collectors.counting()));
    List<JobScore> scores = new ArrayList<>();
    for (Expected e : expected()) {
      JobRecord job = Objects.requireNonNull(jobs.get(e.job()), e.job());
      int resizes = oomResizes.getOrDefault(job.id(), 0L).intValue();
      scores.add(new JobScore(e, job.status(), job.attemptId(), resizes));
    }
    return new Score(scores);
  }

  /**
   * Runs the workflow on this machine as {@code torc watch --recover --classify rules} does: the
   * runner with each workflow's configured recovery ({@link RecoveryFailurePolicy#configured()}),
   * after each run the rules classify the jobs awaiting classification ({@link
   * RuleClassification#classifyPending}), and when nothing is left to run a recovery pass ({@link
   * WorkflowRecovery}, at most {@code maxPasses}) resets the recoverable jobs.
   *
   * @param cpus the CPUs the runner hands out
   * @param store the store
   * @param workflowId the workflow
   * @param outputDir the runner's output directory, where the attempts' logs are
   * @param maxPasses at most this many passes
   * @return the report
   * @throws InterruptedException when interrupted while waiting for the runner
   */
  public static WatchResult watchRecoverAndClassify(
      WorkflowStore store, long workflowId, Path outputDir, int cpus, int maxPasses)
      throws InterruptedException {
    return watchRecoverAndClassify(
        store, workflowId, outputDir, cpus, maxPasses, OomSizing.DEFAULT);
  }

  /**
   * As {@link #watchRecoverAndClassify(WorkflowStore, long, Path, int, int)}, with jobs killed at
   * their memory limit sized this way ({@link OomSizing#OFF} for the multiplier alone).
   *
   * @param store the store
   * @param workflowId the workflow
   * @param outputDir the runner's output directory, where the attempts' logs are
   * @param cpus the CPUs
   * @param maxPasses at most this many passes
   * @param oomSizing how memory is sized after an OOM kill
   * @return the report
   * @throws InterruptedException when interrupted while waiting for the runner
   */
  public static WatchResult watchRecoverAndClassify(
      WorkflowStore store,
      long workflowId,
      Path outputDir,
      int cpus,
      int maxPasses,
      OomSizing oomSizing)
      throws InterruptedException {
    long memory = MachineResources.detect().memoryBytes();
    RunOptions options =
        RunOptions.builder()
            .outputDir(outputDir)
            .resources(new MachineResources(cpus, memory, 0))
            .pollInterval(Duration.ofMillis(200))
            .failurePolicy(RecoveryFailurePolicy.configured())
            .apiUrl("corpus")
            .build();
    return WorkflowWatch.builder(store)
        .driver(
            id -> {
              while (true) {
                RunResult run = new JobRunner(store, id, options).run();
                if (run.count(JobStatus.PENDING_FAILED) == 0
                    || RuleClassification.classifyPending(store, id, outputDir).isEmpty()) {
                  return;
                }
              }
            })
        .recovery(
            WorkflowRecovery.builder(store)
                .outputDir(outputDir)
                .maxMemory(Memory.ofBytes(memory))
                .oomSizing(oomSizing)
                .build())
        .maxRetries(maxPasses)
        .pollInterval(Duration.ofMillis(200))
        .build()
        .watch(workflowId);
  }

  private static String resource(String name) {
    try (InputStream in = FailureCorpus.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing corpus resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
