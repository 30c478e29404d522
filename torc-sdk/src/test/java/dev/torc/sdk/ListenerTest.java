package dev.torc.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.run.Decision;
import dev.torc.run.JobListener;
import dev.torc.run.RunOptions;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Typed listeners hear what the event log records of a run. */
class ListenerTest extends TorcTest {

  @Test
  void aListenerHearsAttemptsDecisionsRetriesAndJobsAwaitingClassification() {
    long id =
        fx.create(
            """
            name: heard
            use_pending_failed: true
            recovery_policy:
              backoff: {base: PT0.2S, multiplier: 1.0, jitter: 0.0, max: PT0.2S}
            failure_handlers:
              - name: once
                rules:
                  - exit_codes: [3]
                    max_retries: 1
            jobs:
              - name: flaky
                command: '[ "$TORC_ATTEMPT_ID" -ge 2 ] || exit 3'
                failure_handler: once
              - name: odd
                command: 'exit 9'
            """);
    List<String> heard = Collections.synchronizedList(new ArrayList<>());
    JobListener listener =
        new JobListener() {
          @Override
          public void jobStarted(JobRecord job) {
            heard.add("started " + job.name() + " #" + job.attemptId());
          }

          @Override
          public void jobFinished(JobRecord job, JobResult result) {
            heard.add(
                "ended " + job.name() + " #" + result.attemptId() + " " + result.returnCode());
          }

          @Override
          public void decisionMade(JobRecord job, JobResult failed, Decision decision) {
            heard.add("decided " + job.name() + " " + decision.kind());
          }

          @Override
          public void retryScheduled(
              JobRecord job, JobResult failed, Decision decision, Instant notBefore) {
            heard.add("retry " + job.name() + (notBefore != null ? " later" : " now"));
          }

          @Override
          public void awaitingClassification(JobRecord job, JobResult failed, String reason) {
            heard.add("awaiting " + job.name());
          }
        };
    RunOptions options =
        RunOptions.builder()
            .outputDir(fx.out)
            .resources(new dev.torc.exec.MachineResources(2, Fixture.GIB, 0))
            .pollInterval(Duration.ofMillis(100))
            .listener(listener)
            .build();

    torc.run(id, RunRequest.of(options));

    assertThat(heard)
        .containsSubsequence(
            "started flaky #1", "decided flaky RETRY", "retry flaky later", "started flaky #2")
        .containsSubsequence("started odd #1", "decided odd AWAIT_CLASSIFICATION", "awaiting odd")
        .contains("ended flaky #2 0", "ended odd #1 9");
  }
}
