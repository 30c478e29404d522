package dev.torc.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torc.diagnosis.JobLogs;
import dev.torc.exec.MachineResources;
import dev.torc.model.JobSpec;
import dev.torc.model.JobStatus;
import dev.torc.model.ResourceRequirements;
import dev.torc.model.TaskFailure;
import dev.torc.model.Workflow;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobRunnerTest {
  private static final long GIB = 1L << 30;

  @TempDir Path dir;
  LocalRuns torc;

  @BeforeEach
  void open() {
    torc = LocalRuns.open(dir.resolve("torc.db"));
  }

  @AfterEach
  void close() {
    torc.close();
  }

  private RunOptions.Builder options(int cpus) {
    return RunOptions.builder()
        .outputDir(dir.resolve("out"))
        .resources(new MachineResources(cpus, 8 * GIB, 0))
        .pollInterval(Duration.ofMillis(100))
        .terminationGrace(Duration.ofMillis(500))
        .sampleIntervalSeconds(0.1);
  }

  private Map<String, JobRecord> jobs(long workflowId) {
    return torc.store().listJobs(workflowId, null).stream()
        .collect(Collectors.toMap(JobRecord::name, Function.identity()));
  }

  private Map<String, List<JobResult>> results(long workflowId) {
    Map<Long, String> names =
        torc.store().listJobs(workflowId, null).stream()
            .collect(Collectors.toMap(JobRecord::id, JobRecord::name));
    return torc.store().listResults(workflowId).stream()
        .collect(Collectors.groupingBy(r -> names.get(r.jobId())));
  }

  private Path log(long workflowId, JobRecord job, int attempt, boolean stderr) {
    Path out = dir.resolve("out");
    return stderr
        ? JobLogs.stderrPath(out, workflowId, job.id(), 1, attempt)
        : JobLogs.stdoutPath(out, workflowId, job.id(), 1, attempt);
  }

  @Test
  void runsADiamondThroughFilesWithTheTorcEnvironmentAndPerAttemptLogs() throws IOException {
    Path data = dir.resolve("data");
    Workflow workflow =
        Workflow.builder("diamond")
            .file("in", data.resolve("in.txt").toString())
            .file("left", data.resolve("left.txt").toString())
            .file("right", data.resolve("right.txt").toString())
            .file("sum", data.resolve("sum.txt").toString())
            .job(
                JobSpec.builder("prep")
                    .command("mkdir -p " + data + " && seq 1 10 > ${files.output.in}")
                    .build())
            .job(
                JobSpec.builder("left")
                    .command("head -n 5 ${files.input.in} > ${files.output.left}")
                    .build())
            .job(
                JobSpec.builder("right")
                    .command("tail -n 5 ${files.input.in} > ${files.output.right}")
                    .build())
            .job(
                JobSpec.builder("sum")
                    .command(
                        "cat ${files.input.left} ${files.input.right} | awk '{s+=$1} END {print s}'"
                            + " > ${files.output.sum}; echo \"$TORC_JOB_NAME $TORC_ATTEMPT_ID"
                            + " $TORC_WORKFLOW_ID $TORC_JOB_ID\"; echo oops >&2")
                    .build())
            .build();

    RunResult result = torc.run(workflow, options(2).build());

    assertThat(result.outcome()).isEqualTo(RunResult.Outcome.COMPLETED);
    assertThat(result.count(JobStatus.COMPLETED)).isEqualTo(4);
    assertThat(Files.readString(data.resolve("sum.txt")).strip()).isEqualTo("55");
    JobRecord sum = jobs(result.workflowId()).get("sum");
    assertThat(Files.readString(log(result.workflowId(), sum, 1, false)).strip())
        .isEqualTo("sum 1 " + result.workflowId() + " " + sum.id());
    assertThat(Files.readString(log(result.workflowId(), sum, 1, true)).strip()).isEqualTo("oops");
    assertThat(results(result.workflowId()).get("sum"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.returnCode()).isZero();
              assertThat(r.status()).isEqualTo(JobStatus.COMPLETED);
              assertThat(r.attemptId()).isEqualTo(1);
              assertThat(r.runId()).isEqualTo(1);
            });
  }

  @Test
  void aPolicyRetrySeesTheAttemptsLogAndMayDelayAndResizeTheNextAttempt() {
    List<String> seen = new ArrayList<>();
    FailurePolicy policy =
        failure -> {
          try {
            seen.add(Files.readString(failure.stderrLog()).strip());
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          assertThat(failure.store().listResults(failure.job().workflowId())).isEmpty();
          return new Decision.Retry(
              Duration.ofMillis(300),
              failure.job().requirements().toBuilder()
                  .memory(dev.torc.model.Memory.parse("2g"))
                  .build(),
              null,
              null,
              "transient, with more memory");
        };
    Workflow workflow =
        Workflow.builder("delayed")
            .job(
                JobSpec.builder("flaky")
                    .command("echo oops >&2; [ \"$TORC_ATTEMPT_ID\" -ge 2 ] || exit 4")
                    .build())
            .job(JobSpec.builder("after").command("true").dependsOn("flaky").build())
            .build();

    RunResult result = torc.run(workflow, options(2).failurePolicy(policy).build());

    assertThat(result.outcome()).isEqualTo(RunResult.Outcome.COMPLETED);
    JobRecord flaky = jobs(result.workflowId()).get("flaky");
    assertThat(flaky.attemptId()).isEqualTo(2);
    assertThat(flaky.requirements().memory().bytes()).isEqualTo(2 * GIB);
    assertThat(seen).containsExactly("oops");
    assertThat(results(result.workflowId()).get("flaky"))
        .extracting(JobResult::returnCode)
        .containsExactly(4, 0);
    assertThat(torc.store().listEvents(result.workflowId()))
        .filteredOn(e -> e.kind().equals("job_retry"))
        .singleElement()
        .satisfies(
            e -> assertThat(e.message()).contains("transient, with more memory", "not before"));
  }

  @Test
  void theStandardPolicyAppliesFailureHandlersWithTheirRecoveryScripts() throws IOException {
    Path marks = dir.resolve("recovery.txt");
    Workflow workflow =
        Workflow.builder("handlers")
            .failureHandler(
                dev.torc.model.FailureHandler.of(
                    "h",
                    dev.torc.model.FailureRule.forExitCodes(
                        2, "echo \"$TORC_ATTEMPT_ID $TORC_RETURN_CODE\" >> " + marks, 10)))
            .job(
                JobSpec.builder("flaky")
                    .command("[ \"$TORC_ATTEMPT_ID\" -ge 3 ] || exit 10")
                    .failureHandler("h")
                    .build())
            .job(JobSpec.builder("broken").command("exit 10").failureHandler("h").build())
            .build();

    RunResult result = torc.run(workflow, options(2).build());

    assertThat(result.outcome()).isEqualTo(RunResult.Outcome.FAILED);
    Map<String, JobRecord> jobs = jobs(result.workflowId());
    assertThat(jobs.get("flaky").status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(jobs.get("flaky").attemptId()).isEqualTo(3);
    assertThat(jobs.get("broken").status()).isEqualTo(JobStatus.FAILED);
    assertThat(jobs.get("broken").attemptId()).isEqualTo(3);
    assertThat(Files.readAllLines(marks)).containsExactlyInAnyOrder("1 10", "2 10", "1 10", "2 10");
  }

  @Test
  void aFailingRecoveryScriptFailsTheJobEvenAfterAWalltimeKill() {
    Workflow workflow =
        Workflow.builder("walltime")
            .resourceRequirements(ResourceRequirements.builder("short").runtime("PT1S").build())
            .failureHandler(
                dev.torc.model.FailureHandler.of(
                    "h", dev.torc.model.FailureRule.forExitCodes(2, "exit 3", 152)))
            .job(
                JobSpec.builder("slow")
                    .command("sleep 30")
                    .resourceRequirements("short")
                    .failureHandler("h")
                    .build())
            .job(JobSpec.builder("after").command("true").dependsOn("slow").build())
            .build();

    RunResult result = torc.run(workflow, options(2).build());

    Map<String, JobRecord> jobs = jobs(result.workflowId());
    assertThat(jobs.get("slow").status()).isEqualTo(JobStatus.FAILED);
    assertThat(jobs.get("slow").attemptId()).isEqualTo(1);
    assertThat(jobs.get("after").status()).isEqualTo(JobStatus.CANCELED);
    assertThat(torc.store().listResults(result.workflowId()))
        .singleElement()
        .satisfies(r -> assertThat(r.returnCode()).isEqualTo(152));
    assertThat(torc.store().listEvents(result.workflowId()))
        .filteredOn(e -> e.kind().equals("job_recovery_failed"))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("recovery script exited with 3"));
  }

  @Test
  void aFailedJobCancelsItsDependentsAndTheRunFails() {
    Workflow workflow =
        Workflow.builder("fails")
            .job(JobSpec.builder("bad").command("exit 3").build())
            .job(JobSpec.builder("after").command("true").dependsOn("bad").build())
            .job(JobSpec.builder("later").command("true").dependsOn("after").build())
            .job(JobSpec.builder("fine").command("true").build())
            .build();

    RunResult result = torc.run(workflow, options(2).build());

    assertThat(result.outcome()).isEqualTo(RunResult.Outcome.FAILED);
    Map<String, JobRecord> jobs = jobs(result.workflowId());
    assertThat(jobs.get("bad").status()).isEqualTo(JobStatus.FAILED);
    assertThat(jobs.get("after").status()).isEqualTo(JobStatus.CANCELED);
    assertThat(jobs.get("later").status()).isEqualTo(JobStatus.CANCELED);
    assertThat(jobs.get("fine").status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(results(result.workflowId()).get("bad").get(0).returnCode()).isEqualTo(3);
  }

  @Test
  void exitZeroWithAMissingOutputFileIsAFailureThatNamesTheFile() throws IOException {
    Workflow workflow =
        Workflow.builder("missing")
            .file("out", dir.resolve("never.txt").toString())
            .job(JobSpec.builder("liar").command("true").outputFiles("out").build())
            .build();

    RunResult result = torc.run(workflow, options(1).build());

    JobRecord liar = jobs(result.workflowId()).get("liar");
    assertThat(liar.status()).isEqualTo(JobStatus.FAILED);
    assertThat(Files.readString(log(result.workflowId(), liar, 1, true)))
        .contains("output files are missing")
        .contains("never.txt");
  }

  @Test
  void aJobPastItsRuntimeIsTerminatedWith152AndOnePastItsMemoryFailsWith137() {
    Workflow workflow =
        Workflow.builder("limits")
            .resourceRequirements(ResourceRequirements.builder("short").runtime("PT1S").build())
            .resourceRequirements(
                ResourceRequirements.builder("tiny").memory("50m").runtime("PT1M").build())
            .job(JobSpec.builder("slow").command("sleep 60").resourceRequirements("short").build())
            .job(
                JobSpec.builder("hungry")
                    .command("cat /dev/zero | head -c 300m | tail -c 200m > /dev/null")
                    .resourceRequirements("tiny")
                    .build())
            .build();

    RunResult result = torc.run(workflow, options(2).build());

    Map<String, JobRecord> jobs = jobs(result.workflowId());
    Map<String, List<JobResult>> results = results(result.workflowId());
    assertThat(jobs.get("slow").status()).isEqualTo(JobStatus.TERMINATED);
    assertThat(results.get("slow").get(0).returnCode()).isEqualTo(152);
    assertThat(jobs.get("hungry").status()).isEqualTo(JobStatus.FAILED);
    assertThat(results.get("hungry").get(0).returnCode()).isEqualTo(137);
    assertThat(results.get("hungry").get(0).peakMemoryBytes()).isGreaterThan(50L << 20);
    assertThat(result.outcome()).isEqualTo(RunResult.Outcome.FAILED);
  }

  @Test
  void jobsPackIntoTheFreeCpusAndStartByPriority() {
    Workflow.Builder builder = Workflow.builder("pack");
    for (int i = 0; i < 6; i++) {
      builder.job(JobSpec.builder("job" + i).command("sleep 0.2").priority(i).build());
    }
    AtomicInteger runningNow = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    List<String> startOrder = new ArrayList<>();
    JobListener listener =
        new JobListener() {
          @Override
          public void jobStarted(JobRecord job) {
            startOrder.add(job.name());
            mostAtOnce.accumulateAndGet(runningNow.incrementAndGet(), Math::max);
          }

          @Override
          public void jobFinished(JobRecord job, JobResult result) {
            runningNow.decrementAndGet();
          }
        };

    RunResult result = torc.run(builder.build(), options(2).listener(listener).build());

    assertThat(result.outcome()).isEqualTo(RunResult.Outcome.COMPLETED);
    assertThat(mostAtOnce.get()).isEqualTo(2);
    assertThat(startOrder.subList(0, 2)).containsExactlyInAnyOrder("job5", "job4");
    assertThat(startOrder).hasSize(6);
  }

  @Test
  void noShortJobWaitsBehindALongOne() throws IOException {
    // Once jobs are short, each running attempt gets the next claimed job to start as it ends. The
    // one handed to the long job must be taken back once that has run long, and run on the other
    // CPU, where the short jobs run one after another for longer than the long job does.
    Path ledger = dir.resolve("ledger.txt");
    String end = "; echo \"$TORC_JOB_NAME $EPOCHREALTIME\" >> " + ledger;
    Workflow.Builder builder = Workflow.builder("long_among_short");
    List<String> warmUp = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      builder.job(JobSpec.builder("warm" + i).command("true").build());
      warmUp.add("warm" + i);
    }
    String[] after = warmUp.toArray(String[]::new);
    builder.job(JobSpec.builder("long").command("sleep 5" + end).dependsOn(after).build());
    int shorts = 60;
    for (int i = 0; i < shorts; i++) {
      builder.job(JobSpec.builder("short" + i).command("sleep 0.1" + end).dependsOn(after).build());
    }

    RunResult result = torc.run(builder.build(), options(2).build());

    assertThat(result.outcome()).isEqualTo(RunResult.Outcome.COMPLETED);
    Map<String, Double> ends =
        Files.readAllLines(ledger).stream()
            .map(line -> line.split(" "))
            .collect(Collectors.toMap(f -> f[0], f -> Double.parseDouble(f[1])));
    assertThat(ends).hasSize(shorts + 1);
    // The short jobs are claimed in the order of their names and run in about that order: one
    // that waited for the long job to end would be overtaken by some forty claimed after it, one
    // taken back after a second by about ten.
    int mostOvertaken = 0;
    for (int i = 0; i < shorts; i++) {
      double ended = ends.get("short" + i);
      int overtaken = 0;
      for (int j = i + 1; j < shorts; j++) {
        if (ends.get("short" + j) < ended) {
          overtaken++;
        }
      }
      mostOvertaken = Math.max(mostOvertaken, overtaken);
    }
    assertThat(mostOvertaken).isLessThan(25);
  }

  @Test
  void shortJobsAreClaimedAheadButNeverRunMoreAtOnceThanFitAndEachRunsOnce() throws IOException {
    Path ledger = dir.resolve("ledger.txt");
    Workflow.Builder builder = Workflow.builder("short");
    for (int i = 0; i < 40; i++) {
      builder.job(
          JobSpec.builder("job" + i)
              .command(
                  "echo \"start $EPOCHREALTIME $TORC_JOB_NAME\" >> "
                      + ledger
                      + "; echo \"end $EPOCHREALTIME $TORC_JOB_NAME\" >> "
                      + ledger)
              .build());
    }
    AtomicInteger mostPendingWithAnAttempt = new AtomicInteger();
    JobListener listener =
        new JobListener() {
          @Override
          public void jobFinished(JobRecord job, JobResult result) {
            long ahead =
                torc.store().listActiveJobs(job.workflowId()).stream()
                    .filter(a -> a.status() == JobStatus.PENDING && a.attempt() != null)
                    .count();
            mostPendingWithAnAttempt.accumulateAndGet((int) ahead, Math::max);
          }
        };
    long workflowId = torc.store().createWorkflow(builder.build());

    RunResult result = torc.run(workflowId, options(2).listener(listener).build());

    assertThat(result.outcome()).isEqualTo(RunResult.Outcome.COMPLETED);
    assertThat(mostPendingWithAnAttempt.get()).as("jobs claimed ahead of free CPUs").isPositive();
    // At most two jobs' processes at once: every start and end in the ledger, in time order.
    List<String[]> marks =
        Files.readAllLines(ledger).stream()
            .map(line -> line.split(" "))
            .sorted(
                (a, b) ->
                    a[1].equals(b[1])
                        ? a[0].compareTo(b[0]) // an end before a start at the same instant
                        : Double.compare(Double.parseDouble(a[1]), Double.parseDouble(b[1])))
            .toList();
    int now = 0;
    int most = 0;
    for (String[] mark : marks) {
      now += mark[0].equals("start") ? 1 : -1;
      most = Math.max(most, now);
    }
    assertThat(most).isBetween(1, 2);
    assertThat(marks).filteredOn(mark -> mark[0].equals("start")).hasSize(40);
    assertThat(torc.store().listResults(workflowId))
        .hasSize(40)
        .allSatisfy(r -> assertThat(r.status()).isEqualTo(JobStatus.COMPLETED));
    // Each job was recorded running, from the time it started, before its result.
    Map<Long, java.time.Instant> runningAt =
        torc.store().listEvents(workflowId).stream()
            .filter(e -> e.kind().equals("job_running"))
            .collect(Collectors.toMap(e -> e.jobId(), e -> e.timestamp()));
    assertThat(runningAt).hasSize(40);
    assertThat(torc.store().listResults(workflowId))
        .allSatisfy(
            r -> assertThat(runningAt.get(r.jobId())).isBeforeOrEqualTo(r.completionTime()));
  }

  @Test
  void aJobThatCanNeverFitIsReportedBeforeAnythingRuns() {
    Workflow workflow =
        Workflow.builder("huge")
            .resourceRequirements(ResourceRequirements.builder("big").numCpus(64).build())
            .job(JobSpec.builder("small").command("true").build())
            .job(JobSpec.builder("giant").command("true").resourceRequirements("big").build())
            .build();
    long id = torc.submit(workflow);

    assertThatThrownBy(() -> torc.run(id, options(2).build()))
        .isInstanceOf(RunException.class)
        .hasMessageContaining("giant")
        .hasMessageContaining("64 CPUs");
    assertThat(torc.store().listResults(id)).isEmpty();
  }

  @Test
  void javaTasksRunInProcessWithTheSameStatusesAndLogs() throws IOException {
    Workflow workflow =
        Workflow.builder("java")
            .job(
                JobSpec.builder("hello")
                    .task(ctx -> ctx.stdout().println("hello from " + ctx.jobName()))
                    .build())
            .job(
                JobSpec.builder("broken")
                    .task(
                        ctx -> {
                          throw new TaskFailure(42, "no luck");
                        })
                    .dependsOn("hello")
                    .build())
            .build();

    RunResult result = torc.run(workflow, options(2).build());

    Map<String, JobRecord> jobs = jobs(result.workflowId());
    assertThat(jobs.get("hello").status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(Files.readString(log(result.workflowId(), jobs.get("hello"), 1, false)))
        .isEqualTo("hello from hello" + System.lineSeparator());
    assertThat(jobs.get("broken").status()).isEqualTo(JobStatus.FAILED);
    assertThat(results(result.workflowId()).get("broken").get(0).returnCode()).isEqualTo(42);
  }

  @Test
  void withUsePendingFailedAnUnhandledFailureAwaitsClassificationAndKeepsDependentsBlocked() {
    Workflow workflow =
        Workflow.builder("pending")
            .usePendingFailed(true)
            .job(JobSpec.builder("flaky").command("echo 'Connection refused' >&2; exit 1").build())
            .job(JobSpec.builder("after").command("true").dependsOn("flaky").build())
            .job(JobSpec.builder("other").command("true").build())
            .build();

    RunResult result = torc.run(workflow, options(2).build());

    assertThat(result.outcome()).isEqualTo(RunResult.Outcome.AWAITING_CLASSIFICATION);
    Map<String, JobRecord> jobs = jobs(result.workflowId());
    assertThat(jobs.get("flaky").status()).isEqualTo(JobStatus.PENDING_FAILED);
    assertThat(jobs.get("after").status()).isEqualTo(JobStatus.BLOCKED);
    assertThat(jobs.get("other").status()).isEqualTo(JobStatus.COMPLETED);
  }

  @Test
  void withTimeSeriesGranularityEachAttemptGetsACsvOfItsSamples() throws IOException {
    Workflow workflow =
        Workflow.builder("series")
            .resourceMonitor(
                new dev.torc.model.ResourceMonitorConfig(
                    true, dev.torc.model.ResourceMonitorConfig.Granularity.TIME_SERIES, 0.1))
            .job(JobSpec.builder("busy").command("sleep 0.5").build())
            .build();

    RunResult result = torc.run(workflow, options(1).build());

    JobRecord busy = jobs(result.workflowId()).get("busy");
    Path csv =
        dev.torc.run.internal.TimeSeriesFiles.path(
            dir.resolve("out"), result.workflowId(), busy.id(), 1, 1);
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0)).isEqualTo("time,memory_bytes,cpu_percent,processes");
    assertThat(lines).hasSizeGreaterThan(2);
    assertThat(results(result.workflowId()).get("busy").get(0).peakMemoryBytes()).isPositive();
  }
}
