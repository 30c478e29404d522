package dev.torc.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torc.TorcException;
import dev.torc.diagnosis.JobLogs;
import dev.torc.model.JobStatus;
import dev.torc.model.Memory;
import dev.torc.run.PendingFailures;
import dev.torc.run.RunResult;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import dev.torc.store.WorkflowEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Jobs, logs, classification and results through {@link Torc}, with real processes. */
class JobOperationsTest extends TorcTest {
  /** One transient failure (retried it completes), one permanent, one unknown. */
  private static final String PENDING =
      """
      name: pending
      use_pending_failed: true
      resource_requirements:
        - name: small
          num_cpus: 1
          memory: 1g
          runtime: PT1H
      jobs:
        - name: network
          command: '[ "$TORC_ATTEMPT_ID" -ge 2 ] || { echo "line one" >&2; echo "Connection refused" >&2; exit 1; }'
          resource_requirements: small
        - name: bug
          command: echo "SyntaxError in main.py" >&2; exit 2
          resource_requirements: small
        - name: odd
          command: echo "something odd" >&2; exit 5
          resource_requirements: small
        - name: after_bug
          command: 'true'
          depends_on: [bug]
      """;

  @Test
  void runningWithTheRulesClassifierRetriesTransientAndFailsPermanentFailures() {
    long wf = fx.create(PENDING);

    RunReport report =
        torc.run(
            wf,
            RunRequest.builder()
                .options(fx.options())
                .classifier(PendingFailedClassifier.rules(fx.out))
                .build());

    Map<String, JobRecord> jobs = fx.jobs(wf);
    assertThat(report.classified()).isEqualTo(2);
    assertThat(report.result().outcome()).isEqualTo(RunResult.Outcome.FAILED);
    assertThat(jobs.get("network").status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(jobs.get("network").attemptId()).isEqualTo(2);
    assertThat(jobs.get("bug").status()).isEqualTo(JobStatus.FAILED);
    assertThat(jobs.get("after_bug").status()).isEqualTo(JobStatus.CANCELED);
    assertThat(jobs.get("odd").status()).isEqualTo(JobStatus.PENDING_FAILED);
    assertThat(torc.events(wf, "job_classified").events())
        .extracting(WorkflowEvent::message)
        .allMatch(m -> m.contains(" by rules: "))
        .hasSize(2);
  }

  @Test
  void pendingFailedJobsShowTheirStderrTailAndReturnCode() {
    long wf = fx.create(PENDING);
    fx.run(wf);

    PendingFailedJobs pending = torc.pendingFailedJobs(wf, fx.out, 1);

    assertThat(pending.count()).isEqualTo(3);
    assertThat(pending.jobs())
        .extracting(
            PendingFailedJobs.Job::name,
            PendingFailedJobs.Job::returnCode,
            PendingFailedJobs.Job::stderrTail)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("network", 1, "Connection refused\n"),
            org.assertj.core.groups.Tuple.tuple("bug", 2, "SyntaxError in main.py\n"),
            org.assertj.core.groups.Tuple.tuple("odd", 5, "something odd\n"));
    Map<String, Object> json = pending.toJson();
    assertThat(json).containsEntry("pending_failed_count", 3).containsKey("guidance");
    assertThatThrownBy(() -> torc.pendingFailedJobs(wf, fx.out, 0))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void aLongStderrShowsOnlyItsEnd() {
    long wf =
        fx.create(
            """
            name: loud
            use_pending_failed: true
            jobs:
              - name: loud
                command: 'for i in $(seq 1 400); do printf "%0100d\\n" $i >&2; done; echo last >&2; exit 1'
            """);
    fx.run(wf);

    String tail = torc.pendingFailedJobs(wf, fx.out, 1000).jobs().get(0).stderrTail();

    assertThat(tail).hasSizeLessThanOrEqualTo(Torc.STDERR_TAIL_MAX_BYTES).endsWith("0400\nlast\n");
  }

  @Test
  void classifyingChecksEveryJobBeforeChangingAny() {
    long wf = fx.create(PENDING);
    long other = fx.create("name: other\njobs:\n  - name: x\n    command: 'true'\n");
    fx.run(wf);
    long network = fx.id(wf, "network");
    long afterBug = fx.id(wf, "after_bug");
    long foreign = fx.id(other, "x");

    for (long job : List.of(afterBug, foreign, 999_999L)) {
      assertThatThrownBy(
              () ->
                  torc.classify(
                      new ClassifyRequest(
                          wf, List.of(retry(network, null), retry(job, null)), "mcp:test", false)))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("job " + job);
    }
    assertThat(fx.jobs(wf).get("network").status()).isEqualTo(JobStatus.PENDING_FAILED);

    Classified dry =
        torc.classify(new ClassifyRequest(wf, List.of(retry(network, null)), "mcp:test", true));
    assertThat(dry.toJson()).containsEntry("dry_run", true);
    assertThat(fx.jobs(wf).get("network").status()).isEqualTo(JobStatus.PENDING_FAILED);
    assertThat(torc.events(wf, "job_classified").events()).isEmpty();

    torc.classify(new ClassifyRequest(wf, List.of(retry(network, "2g")), "mcp:test", false));
    JobRecord retried = fx.jobs(wf).get("network");
    assertThat(retried.status()).isEqualTo(JobStatus.READY);
    assertThat(retried.requirements().memory().bytes()).isEqualTo(2L << 30);
    assertThat(torc.events(wf, "job_classified").events())
        .singleElement()
        .extracting(WorkflowEvent::message)
        .asString()
        .contains("by mcp:test: flaky network");
  }

  @Test
  void aRetryCannotAskForMoreThanTheMachineOrTheFactor() {
    long wf = fx.create(PENDING);
    fx.run(wf);
    long network = fx.id(wf, "network");

    assertThatThrownBy(
            () ->
                torc.classify(
                    new ClassifyRequest(wf, List.of(retry(network, "16g")), "mcp:test", false)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("exceeds the machine's");
    assertThatThrownBy(
            () ->
                torc.classify(
                    new ClassifyRequest(wf, List.of(retry(network, "5g")), "mcp:test", false)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("factor of 4.0");
    assertThat(fx.jobs(wf).get("network").status()).isEqualTo(JobStatus.PENDING_FAILED);
  }

  private static PendingFailures.Resolution retry(long jobId, String memory) {
    return new PendingFailures.Resolution(
        jobId,
        PendingFailures.Action.RETRY,
        memory == null ? null : Memory.parse(memory),
        null,
        "flaky network");
  }

  @Test
  void logsAreTheLatestAttemptsTail() throws IOException {
    long wf =
        fx.create(
            """
            name: logs
            jobs:
              - name: talk
                command: 'for i in 1 2 3 4 5; do echo "out $i attempt $TORC_ATTEMPT_ID"; done'
            """);
    fx.run(wf);
    long talk = fx.id(wf, "talk");

    JobLog all = torc.logs(LogRequest.job(talk).outputDir(fx.out).build());
    JobLog tail =
        torc.logs(LogRequest.job(talk).workflowId(wf).tailLines(2).outputDir(fx.out).build());

    assertThat(all.attemptId()).isEqualTo(1);
    assertThat(all.content()).startsWith("out 1 attempt 1\n").endsWith("out 5 attempt 1\n");
    assertThat(tail.content()).isEqualTo("out 4 attempt 1\nout 5 attempt 1\n");
    assertThat(tail.toJson())
        .containsEntry("stream", "stdout")
        .containsEntry("run_id", 1)
        .containsEntry("attempt_id", 1)
        .doesNotContainKey("truncated");
    assertThatThrownBy(() -> torc.logs(LogRequest.job(talk).attemptId(7).outputDir(fx.out).build()))
        .isInstanceOf(TorcException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void aLogIsCutToTheByteCapKeepingItsEnd() {
    try (Fixture small = new Fixture(dir.resolve("small"), Torc.builder().maxLogBytes(20))) {
      long wf = small.create("name: big\njobs:\n  - name: big\n    command: 'seq 1 1000'\n");
      small.run(wf);

      JobLog log =
          small.torc.logs(LogRequest.job(small.id(wf, "big")).outputDir(small.out).build());

      assertThat(log.truncated()).isTrue();
      assertThat(log.content()).hasSize(20).endsWith("998\n999\n1000\n");
      assertThat(log.toJson()).containsEntry("truncated", true);
    }
  }

  @Test
  void aLogIsNeverReadFromOutsideTheOutputDirectory() throws IOException {
    long wf = fx.create("name: esc\njobs:\n  - name: a\n    command: echo inside\n");
    fx.run(wf);
    long a = fx.id(wf, "a");
    Path log = JobLogs.stdoutPath(fx.out, wf, a, 1, 1);
    Path secret = Files.writeString(dir.resolve("secret.txt"), "secret\n");
    Files.delete(log);
    Files.createSymbolicLink(log, secret);

    assertThatThrownBy(() -> torc.logs(LogRequest.job(a).outputDir(fx.out).build()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("outside the output directory");

    // A whole job_stdio directory that leads elsewhere is refused all the same.
    Path stdio = fx.out.resolve(JobLogs.STDIO_DIR);
    Path moved = Files.move(stdio, dir.resolve("elsewhere"));
    Files.createSymbolicLink(stdio, moved);
    Files.delete(moved.resolve(log.getFileName()));
    Files.writeString(moved.resolve(log.getFileName()), "moved\n");
    assertThatThrownBy(() -> torc.logs(LogRequest.job(a).outputDir(fx.out).build()))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(torc.pendingFailedJobs(wf, fx.out, 5).jobs()).isEmpty();
  }

  @Test
  void aJobOfAnotherWorkflowIsRefused() {
    long wf = fx.create("name: a\njobs:\n  - name: a\n    command: 'true'\n");
    long other = fx.create("name: b\njobs:\n  - name: b\n    command: 'true'\n");
    long b = fx.id(other, "b");

    assertThatThrownBy(() -> torc.logs(LogRequest.job(b).workflowId(wf).outputDir(fx.out).build()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("job " + b + " is not a job of workflow " + wf);
    assertThatThrownBy(() -> torc.failures(wf, b)).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> torc.results(ResultQuery.workflow(wf).jobIds(List.of(b)).build()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("no job with id " + b + " in workflow " + wf);
    assertThatThrownBy(() -> torc.getJob(999_999))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("no job with id 999999");
  }

  @Test
  void resultsAreFilteredSortedAndPaged() {
    StringBuilder yaml = new StringBuilder("name: codes\njobs:\n");
    for (int code : new int[] {0, 3, 0, 7, 1, 0}) {
      yaml.append("  - name: c")
          .append(yaml.length())
          .append("\n    command: exit ")
          .append(code)
          .append('\n');
    }
    long wf = fx.create(yaml.toString());
    fx.run(wf);

    ResultPage all = torc.results(ResultQuery.workflow(wf).build());
    ResultPage sorted =
        torc.results(
            ResultQuery.workflow(wf)
                .sortBy("return_code")
                .reverse(true)
                .limit(2)
                .offset(1)
                .build());
    ResultPage failed = torc.results(ResultQuery.workflow(wf).failedOnly(true).build());
    ResultPage seven = torc.results(ResultQuery.workflow(wf).returnCode(7).build());

    assertThat(all.total()).isEqualTo(6);
    assertThat(all.results()).hasSize(6);
    assertThat(sorted.total()).isEqualTo(6);
    assertThat(sorted.results()).extracting(JobResult::returnCode).containsExactly(3, 1);
    assertThat(sorted.hasMore()).isTrue();
    assertThat(failed.results()).extracting(JobResult::returnCode).containsOnly(3, 7, 1);
    assertThat(seven.results()).singleElement().extracting(JobResult::returnCode).isEqualTo(7);
    assertThat(sorted.toJson()).containsOnlyKeys("results");
    assertThat(sorted.toPagedJson())
        .containsEntry("total_count", 6)
        .containsEntry("offset", 1)
        .containsEntry("limit", 2)
        .containsEntry("has_more", true);

    assertThatThrownBy(() -> ResultQuery.workflow(wf).sortBy("nonsense").build())
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> ResultQuery.workflow(wf).limit(Page.MAX_LIMIT + 1).build())
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void detailsFailuresUtilizationAndLogAnalysisDescribeTheFailures() {
    long wf = fx.create(PENDING);
    fx.run(wf);
    long network = fx.id(wf, "network");

    JobDetails details = torc.jobDetails(network);
    assertThat(details.latestResult().returnCode()).isEqualTo(1);
    assertThat(details.toJson()).containsEntry("name", "network").containsKey("latest_result");

    LogAnalysis analysis = torc.analyzeLogs(wf, fx.out);
    assertThat(analysis.errorCount()).isEqualTo(2);
    assertThat(analysis.errorsByType())
        .extracting(LogAnalysis.ErrorType::type)
        .containsExactlyInAnyOrder("connection refused", "\\bSyntaxError\\b");
    assertThat(analysis.errorsByType())
        .flatExtracting(LogAnalysis.ErrorType::jobs)
        .extracting(LogAnalysis.Match::name)
        .containsExactlyInAnyOrder("network", "bug");

    UtilizationReport report = torc.resourceUtilization(new UtilizationQuery(wf, null, true, true));
    assertThat(report.diagnoses()).hasSize(3);
    assertThat(report.toJson()).containsEntry("total_results", 3).doesNotContainKey("truncated");
    UtilizationReport capped =
        torc.resourceUtilization(new UtilizationQuery(wf, null, true, true, 1));
    assertThat(capped.toJson())
        .containsEntry("resource_violations_count", 3)
        .containsEntry("truncated", true);
    assertThat((List<?>) capped.toJson().get("resource_violations")).hasSize(1);
  }
}
