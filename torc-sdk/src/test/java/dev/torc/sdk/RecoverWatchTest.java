package dev.torc.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torc.model.JobStatus;
import dev.torc.recovery.workflow.JobRecovery;
import dev.torc.recovery.workflow.WatchResult;
import dev.torc.run.RunResult;
import dev.torc.store.WorkflowEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link Torc#recover} and {@link Torc#watch} with real processes. */
class RecoverWatchTest extends TorcTest {
  /** {@code slow} times out (152) on its first attempt and completes on the next. */
  private static final String TIMEOUT =
      """
      name: timeout
      resource_requirements:
        - name: short
          num_cpus: 1
          memory: 64m
          runtime: PT4S
      jobs:
        - name: setup
          command: echo setup
        - name: slow
          command: '[ "$TORC_ATTEMPT_ID" -ge 2 ] || exit 152'
          resource_requirements: short
          depends_on: [setup]
        - name: after
          command: echo after
          depends_on: [slow]
      """;

  private RecoverRequest.Builder recover() {
    return RecoverRequest.builder().run(RunRequest.of(fx.options())).actor("user alice");
  }

  @Test
  void aDryRunShowsTheFixAndChangesNothing() {
    long wf = fx.create(TIMEOUT);
    fx.run(wf);

    RecoverReport dry = torc.recover(wf, recover().dryRun(true).build());

    assertThat(dry.outcome()).isEqualTo(RecoverReport.Outcome.DRY_RUN);
    assertThat(dry.report().jobs())
        .singleElement()
        .satisfies(
            j -> {
              assertThat(j.jobName()).isEqualTo("slow");
              assertThat(j.action()).isEqualTo(JobRecovery.Action.RESIZE);
              assertThat(j.requirements().runtime()).isEqualTo(Duration.ofSeconds(6));
            });
    assertThat(dry.toJson()).containsEntry("dry_run", true).doesNotContainKey("run_status");
    assertThat(fx.jobs(wf).get("slow").status()).isEqualTo(JobStatus.FAILED);
    assertThat(torc.events(wf, Torc.EVENT_REQUEST).events()).isEmpty();
  }

  @Test
  void recoveryResizesResetsAndRunsAgain() {
    long wf = fx.create(TIMEOUT);
    fx.run(wf);

    RecoverReport recovered = torc.recover(wf, recover().build());

    assertThat(recovered.outcome()).isEqualTo(RecoverReport.Outcome.RAN);
    assertThat(recovered.runResult().outcome()).isEqualTo(RunResult.Outcome.COMPLETED);
    assertThat(recovered.toJson()).containsEntry("run_status", "completed");
    assertThat(fx.jobs(wf).get("slow").requirements().runtime()).isEqualTo(Duration.ofSeconds(6));
    assertThat(torc.events(wf, Torc.EVENT_REQUEST).events())
        .extracting(WorkflowEvent::message)
        .containsExactly("recovery reset 2 jobs by user alice: recover the workflow");

    RecoverReport again = torc.recover(wf, recover().build());
    assertThat(again.outcome()).isEqualTo(RecoverReport.Outcome.NOTHING_TO_RECOVER);
  }

  @Test
  void recoveryAsksItsClassifierFirstWhenJobsAwaitClassification() {
    long wf =
        fx.create(
            """
            name: pending
            use_pending_failed: true
            jobs:
              - name: flaky
                command: '[ "$TORC_ATTEMPT_ID" -ge 2 ] || { echo "Connection refused" >&2; exit 1; }'
            """);
    assertThat(fx.run(wf).result().outcome()).isEqualTo(RunResult.Outcome.AWAITING_CLASSIFICATION);
    AtomicInteger asked = new AtomicInteger();
    PendingFailedClassifier rules = PendingFailedClassifier.rules(fx.out);

    RecoverReport recovered =
        torc.recover(
            wf,
            recover()
                .classifier(
                    (t, id) -> {
                      asked.incrementAndGet();
                      return rules.classify(t, id);
                    })
                .build());

    assertThat(asked).hasValue(1);
    assertThat(recovered.classified()).isEqualTo(1);
    assertThat(recovered.outcome()).isEqualTo(RecoverReport.Outcome.RAN);
    assertThat(fx.jobs(wf).get("flaky").status()).isEqualTo(JobStatus.COMPLETED);
  }

  @Test
  void watchingWithRecoveryEndsWhenEveryJobCompleted() throws InterruptedException {
    long wf = fx.create(TIMEOUT);
    List<String> heard = new ArrayList<>();

    WatchReport report =
        torc.watch(
            wf,
            WatchRequest.builder()
                .run(RunRequest.of(fx.options()))
                .recovery(RecoveryOptions.defaults())
                .pollInterval(Duration.ofMillis(50))
                .actor("user bob")
                .build(),
            new dev.torc.recovery.workflow.WatchListener() {
              @Override
              public void recovering(long id, int attempt, int max) {
                heard.add("recovering " + attempt + "/" + max);
              }
            });

    assertThat(report.result().outcome()).isEqualTo(WatchResult.Outcome.SUCCEEDED);
    assertThat(report.toJson())
        .containsEntry("outcome", "succeeded")
        .containsEntry("recovery_passes", 1);
    assertThat(heard).containsExactly("recovering 1/3");
    assertThat(torc.events(wf, Torc.EVENT_REQUEST).events())
        .extracting(WorkflowEvent::message)
        .containsExactly("watch recovery pass 1/3 by user bob: jobs failed");
  }

  @Test
  void requestsOutOfBoundsAreRefused() {
    assertThatThrownBy(() -> RecoveryOptions.builder().memoryMultiplier(1.0).build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("memory multiplier");
    assertThatThrownBy(() -> WatchRequest.builder().maxRetries(-1).build())
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> WatchRequest.builder().pollInterval(Duration.ZERO).build())
        .isInstanceOf(InvalidRequestException.class);
  }
}
