package dev.torc.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.model.JobStatus;
import dev.torc.run.RunResult;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A run's result says when it ran and why each job that did not succeed failed. */
class RunResultAndHandleTest extends TorcTest {

  @Test
  void theResultHasTheRunsTimesAndEachUnsuccessfulJobsCause() {
    long id =
        fx.create(
            """
            name: causes
            jobs:
              - name: refused
                command: 'echo "Connection refused" >&2; exit 1'
              - name: after
                command: 'true'
                depends_on: [refused]
              - name: fine
                command: 'true'
            """);
    Instant before = Instant.now();

    RunResult result = fx.run(id).result();

    assertThat(result.startedAt()).isAfterOrEqualTo(before);
    assertThat(result.endedAt()).isAfterOrEqualTo(result.startedAt());
    assertThat(result.job("refused").orElseThrow().failure())
        .satisfies(
            f -> {
              assertThat(f.cause()).isEqualTo("transient");
              assertThat(f.evidence()).contains("Connection refused");
            });
    assertThat(result.job("after").orElseThrow().failure())
        .isEqualTo(new RunResult.FailureCause("canceled", null));
    assertThat(result.job("fine").orElseThrow().failure()).isNull();
    assertThat(result.unsuccessful())
        .extracting(RunResult.JobOutcome::name)
        .containsExactlyInAnyOrder("refused", "after");
    assertThat(new RunReport(result, fx.out, 0).toJson()).containsKeys("started_at", "ended_at");
  }

  @Test
  void aStartedRunGoesOnWhileTheCallerWaitsAndEndsWithItsReport() {
    long id = fx.create("name: quick\njobs:\n  - name: a\n    command: 'true'\n");

    RunHandle handle = torc.start(id, RunRequest.of(fx.options()));

    RunReport report = handle.result().orTimeout(120, java.util.concurrent.TimeUnit.SECONDS).join();
    assertThat(handle.isDone()).isTrue();
    assertThat(report.result().outcome()).isEqualTo(RunResult.Outcome.COMPLETED);
  }

  @Test
  void canceledThroughItsHandleARunStopsItsJobsAndEndsCanceled() throws InterruptedException {
    long id =
        fx.create(
            "name: long\njobs:\n  - name: sleeper\n    command: 'sleep 300'\n"
                + "    supports_termination: true\n");

    RunHandle handle = torc.start(id, RunRequest.of(fx.options()));
    Await.until(
        "the sleeper to run",
        Duration.ofSeconds(120),
        () -> torc.store().countJobsByStatus(id).getOrDefault(JobStatus.RUNNING, 0) == 1);
    handle.cancel("test stops it");

    RunReport report = handle.result().orTimeout(120, java.util.concurrent.TimeUnit.SECONDS).join();
    assertThat(report.result().outcome()).isEqualTo(RunResult.Outcome.CANCELED);
    assertThat(torc.events(id, null).toJson().toString()).contains("test stops it");
  }
}
