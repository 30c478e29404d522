package dev.torc.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.diagnosis.JobLogs;
import dev.torc.model.FailureHandler;
import dev.torc.model.FailureRule;
import dev.torc.model.JobSpec;
import dev.torc.model.JobStatus;
import dev.torc.model.Workflow;
import dev.torc.recovery.breaker.BreakerConfig;
import dev.torc.recovery.breaker.BreakerLaunchGate;
import dev.torc.recovery.breaker.SignatureCircuitBreaker;
import dev.torc.recovery.classify.FailureAnalyzer;
import dev.torc.recovery.classify.FailureCause;
import dev.torc.recovery.classify.FailureRecord;
import dev.torc.recovery.policy.ExponentialBackoff;
import dev.torc.recovery.policy.FailureContext;
import dev.torc.recovery.policy.FailureHandlerPolicy;
import dev.torc.recovery.policy.RecoveryPolicies;
import dev.torc.recovery.policy.RecoveryPolicy;
import dev.torc.run.Decision;
import dev.torc.run.FailurePolicy;
import dev.torc.run.LaunchGate;
import dev.torc.store.AttemptRef;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import dev.torc.store.ResourceBudget;
import dev.torc.store.RunnerInfo;
import dev.torc.store.Stores;
import dev.torc.store.WorkflowStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner hook over a real SQLite store and real log files. */
class RecoveryFailurePolicyTest {
  private static final ResourceBudget PLENTY = new ResourceBudget(64, 1L << 40, 8);

  @TempDir Path dir;
  WorkflowStore store;
  long wf;
  long runner;

  @BeforeEach
  void open() {
    store = Stores.sqlite(dir.resolve("torc.db"));
    wf =
        store.createWorkflow(
            Workflow.builder("w")
                .usePendingFailed(true)
                .failureHandler(
                    FailureHandler.of(
                        "h",
                        FailureRule.forExitCodes(2, "./fix.sh", 10),
                        FailureRule.forAnyExitCode(0, null)))
                .job(JobSpec.builder("a").command("x").failureHandler("h").build())
                .job(JobSpec.builder("b").command("x").build())
                .build());
    runner = store.registerRunner(wf, new RunnerInfo("host", 1, null));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private JobRecord claim(String name) {
    JobRecord job = store.claimReadyJobs(wf, PLENTY, 1, runner).stream().findFirst().orElseThrow();
    assertThat(job.name()).isEqualTo(name);
    store.markJobRunning(job.id(), runner, new AttemptRef("local", "host", null, null));
    return job;
  }

  private JobResult failed(JobRecord job, int code, String stderr) throws IOException {
    Path log = JobLogs.stderrPath(dir, wf, job.id(), 1, job.attemptId());
    Files.createDirectories(log.getParent());
    Files.writeString(log, stderr);
    return new JobResult(
        job.id(),
        wf,
        1,
        job.attemptId(),
        code,
        JobStatus.FAILED,
        0.1,
        Instant.now(),
        null,
        null,
        null,
        null);
  }

  private FailurePolicy.Failure failure(JobRecord job, JobResult result) {
    return new FailurePolicy.Failure(store, store.getWorkflow(wf), job, result, dir);
  }

  @Test
  void theJobsHandlerRetriesWithItsRecoveryScriptWhileMaxRetriesAllowAndHistoryIsOldestFirst()
      throws IOException {
    RecoveryFailurePolicy policy = RecoveryFailurePolicy.standard();
    JobRecord a = claim("a");
    JobResult first = failed(a, 10, "Connection refused\n");
    Decision d1 = policy.decide(failure(a, first));
    assertThat(d1.kind()).isEqualTo(Decision.Kind.RETRY);
    assertThat(d1.recoveryScript()).isEqualTo("./fix.sh");
    store.retryAttempt(first, d1.reason());

    a = claim("a");
    JobResult second = failed(a, 10, "");
    store.retryAttempt(second, policy.decide(failure(a, second)).reason());

    a = claim("a");
    JobResult third = failed(a, 10, "");
    FailureContext context = policy.context(failure(a, third));
    assertThat(context.handler().name()).isEqualTo("h");
    assertThat(context.history()).extracting(FailureRecord::attemptId).containsExactly(1, 2);
    assertThat(context.history().get(0).cause()).isEqualTo(FailureCause.TRANSIENT);
    Decision d3 = policy.decide(failure(a, third));
    assertThat(d3.kind()).isEqualTo(Decision.Kind.FAIL);
    assertThat(d3.reason()).contains("max_retries 2 used up after attempt 3");
  }

  @Test
  void aCatchAllRuleDecidesOtherCodesAndAJobWithoutHandlerAwaitsClassification()
      throws IOException {
    RecoveryFailurePolicy policy = RecoveryFailurePolicy.standard();
    JobRecord a = claim("a");
    Decision onA = policy.decide(failure(a, failed(a, 3, "")));
    assertThat(onA.kind()).isEqualTo(Decision.Kind.FAIL);
    assertThat(onA.reason()).contains("catch-all rule");

    JobRecord b = claim("b");
    Decision onB = policy.decide(failure(b, failed(b, 3, "")));
    assertThat(onB.kind()).isEqualTo(Decision.Kind.AWAIT_CLASSIFICATION);
    assertThat(List.of(onA, onB)).allSatisfy(d -> assertThat(d.recoveryScript()).isNull());
  }

  @Test
  void aBreakerInTheChainGatesLaunchesWithoutBeingConfiguredAgain() {
    RecoveryPolicy withBreaker =
        RecoveryPolicies.builder()
            .circuitBreaker(BreakerConfig.DEFAULT)
            .backoff(ExponentialBackoff.Config.DEFAULT)
            .failureHandlers()
            .build();
    assertThat(
            RecoveryFailurePolicy.of(withBreaker, FailureAnalyzer.standard()).launchGate(store, wf))
        .isInstanceOf(BreakerLaunchGate.class);
    assertThat(
            RecoveryFailurePolicy.of(
                    RecoveryPolicy.chain(
                        RecoveryPolicy.chain(SignatureCircuitBreaker.of(BreakerConfig.DEFAULT)),
                        FailureHandlerPolicy.create()),
                    FailureAnalyzer.standard())
                .launchGate(store, wf))
        .isInstanceOf(BreakerLaunchGate.class);
    assertThat(RecoveryFailurePolicy.standard().launchGate(store, wf)).isSameAs(LaunchGate.NONE);
  }
}
