package dev.torc.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.diagnosis.JobLogs;
import dev.torc.model.FailureHandler;
import dev.torc.model.FailureRule;
import dev.torc.model.JobSpec;
import dev.torc.model.JobStatus;
import dev.torc.model.RecoveryConfig;
import dev.torc.model.Workflow;
import dev.torc.recovery.breaker.BreakerState;
import dev.torc.recovery.classify.FailureCause;
import dev.torc.recovery.policy.FailureContext;
import dev.torc.recovery.policy.StorePolicyState;
import dev.torc.run.Decision;
import dev.torc.run.FailurePolicy;
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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RecoveryFailurePolicy#configured()}: each workflow's stored config makes its chain. */
class ConfiguredRecoveryTest {
  private static final ResourceBudget PLENTY = new ResourceBudget(64, 1L << 40, 8);

  @TempDir Path dir;
  WorkflowStore store;
  long wf;
  long runner;

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  private void create(RecoveryConfig config) {
    store = Stores.sqlite(dir.resolve("torc.db"));
    wf =
        store.createWorkflow(
            Workflow.builder("w")
                .recoveryConfig(config)
                .failureHandler(FailureHandler.of("h", FailureRule.forAnyExitCode(20, null)))
                .job(JobSpec.builder("a").command("x").failureHandler("h").build())
                .build());
    runner = store.registerRunner(wf, new RunnerInfo("host", 1, null));
  }

  private JobRecord claim() {
    JobRecord job = store.claimReadyJobs(wf, PLENTY, 1, runner).stream().findFirst().orElseThrow();
    store.markJobRunning(job.id(), runner, new AttemptRef("local", "host", null, null));
    return job;
  }

  private JobResult failed(JobRecord job, String stderr) throws IOException {
    Path log = JobLogs.stderrPath(dir, wf, job.id(), 1, job.attemptId());
    Files.createDirectories(log.getParent());
    Files.writeString(log, stderr);
    return new JobResult(
        job.id(),
        wf,
        1,
        job.attemptId(),
        1,
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

  private Long notBefore(long jobId) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("torc.db"));
        PreparedStatement ps = c.prepareStatement("SELECT not_before FROM job WHERE id = ?")) {
      ps.setLong(1, jobId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long v = rs.getLong(1);
        return rs.wasNull() ? null : v;
      }
    }
  }

  /** A breaker that opens when both of the last two attempts with one signature failed. */
  private static final RecoveryConfig BREAKER_OF_TWO =
      new RecoveryConfig(
          List.of(),
          null,
          null,
          new RecoveryConfig.CircuitBreaker(50, 2, 2, Duration.ofHours(1), 1, "fail"));

  @Test
  void withoutConfigTheFailureHandlersDecideAloneAndRetryAtOnce() throws IOException {
    create(RecoveryConfig.NONE);
    JobRecord a = claim();
    Decision d = RecoveryFailurePolicy.configured().decide(failure(a, failed(a, "whatever\n")));
    assertThat(d.kind()).isEqualTo(Decision.Kind.RETRY);
    assertThat(d.delay()).isZero();
  }

  @Test
  void theBackoffDelaysTheRetryAndTheDelayIsStoredAsNotBefore() throws Exception {
    Duration base = Duration.ofHours(1);
    create(
        new RecoveryConfig(
            List.of(),
            new RecoveryConfig.Backoff(base, 2.0, 0.0, Duration.ofHours(4)),
            null,
            null));
    RecoveryFailurePolicy policy = RecoveryFailurePolicy.configured();
    JobRecord a = claim();
    JobResult first = failed(a, "boom\n");
    Decision d = policy.decide(failure(a, first));
    assertThat(d.kind()).isEqualTo(Decision.Kind.RETRY);
    assertThat(d.delay()).isEqualTo(base);

    // What the runner does with a delayed retry: the store keeps the time, the claim skips the job.
    Instant notBefore = Instant.parse("2999-01-01T00:00:00Z");
    store.retryAttempt(first, d.reason(), notBefore);
    assertThat(store.getJob(a.id()).status()).isEqualTo(JobStatus.READY);
    assertThat(notBefore(a.id())).isEqualTo(notBefore.toEpochMilli());
    assertThat(store.claimReadyJobs(wf, PLENTY, 1, runner)).isEmpty();
  }

  @Test
  void theSecondDelayGrowsByTheMultiplier() throws Exception {
    create(
        new RecoveryConfig(
            List.of(),
            new RecoveryConfig.Backoff(Duration.ofSeconds(5), 3.0, 0.0, Duration.ofMinutes(5)),
            null,
            null));
    RecoveryFailurePolicy policy = RecoveryFailurePolicy.configured();
    JobRecord a = claim();
    JobResult first = failed(a, "boom\n");
    assertThat(policy.decide(failure(a, first)).delay()).isEqualTo(Duration.ofSeconds(5));
    store.retryAttempt(first, "retry");
    a = claim();
    assertThat(policy.decide(failure(a, failed(a, "boom\n"))).delay())
        .isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void userClassificationRulesWinOverTheBuiltInPatternsAndBudgetsCountByCause() throws IOException {
    create(
        new RecoveryConfig(
            List.of(
                new RecoveryConfig.ClassificationRuleSpec("Connection refused", "permanent", 1.0),
                new RecoveryConfig.ClassificationRuleSpec("flaky widget", "transient", 0.8)),
            null,
            Map.of("transient", 1),
            null));
    RecoveryFailurePolicy policy = RecoveryFailurePolicy.configured();
    JobRecord a = claim();
    JobResult first = failed(a, "the flaky widget hiccuped\n");
    FailureContext context = policy.context(failure(a, first));
    assertThat(context.failure().cause()).isEqualTo(FailureCause.TRANSIENT);
    assertThat(context.failure().confidence()).isEqualTo(0.8);
    assertThat(policy.decide(failure(a, first)).kind()).isEqualTo(Decision.Kind.RETRY);
    store.retryAttempt(first, "retry");

    a = claim();
    JobResult second = failed(a, "the flaky widget hiccuped again\n");
    Decision d = policy.decide(failure(a, second));
    assertThat(d.kind()).isEqualTo(Decision.Kind.FAIL);
    store.retryAttempt(second, "retry anyway");

    a = claim();
    JobResult third = failed(a, "Connection refused\n");
    assertThat(policy.context(failure(a, third)).failure().cause())
        .isEqualTo(FailureCause.PERMANENT);
  }

  @Test
  void theCircuitBreakerStopsARecurringSignature() throws IOException {
    create(BREAKER_OF_TWO);
    RecoveryFailurePolicy policy = RecoveryFailurePolicy.configured();
    List<Decision.Kind> kinds = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      JobRecord a = claim();
      JobResult r = failed(a, "disk quota exceeded on /scratch\n");
      Decision d = policy.decide(failure(a, r));
      kinds.add(d.kind());
      if (d.kind() != Decision.Kind.RETRY) {
        break;
      }
      store.retryAttempt(r, d.reason());
    }
    assertThat(kinds).last().isEqualTo(Decision.Kind.FAIL);
    assertThat(kinds).first().isEqualTo(Decision.Kind.RETRY);
  }

  @Test
  void anOpenBreakerStaysOpenAfterTheStoreIsClosedAndReopened() throws IOException {
    create(BREAKER_OF_TWO);
    RecoveryFailurePolicy first = RecoveryFailurePolicy.configured();
    List<Decision.Kind> kinds = new java.util.ArrayList<>();
    for (int i = 0; i < 2; i++) {
      JobRecord a = claim();
      JobResult r = failed(a, "disk quota exceeded on /scratch\n");
      Decision d = first.decide(failure(a, r));
      kinds.add(d.kind());
      store.retryAttempt(r, d.reason());
    }
    assertThat(store.listPolicyState(wf)).isNotEmpty();
    store.close();

    store = Stores.sqlite(dir.resolve("torc.db"));
    StorePolicyState state = StorePolicyState.of(store, wf);
    assertThat(state.snapshot().values())
        .singleElement()
        .isInstanceOfSatisfying(
            BreakerState.class, b -> assertThat(b.state()).isEqualTo(BreakerState.State.OPEN));

    RecoveryFailurePolicy afterRestart = RecoveryFailurePolicy.configured();
    JobRecord a = claim();
    Decision d = afterRestart.decide(failure(a, failed(a, "disk quota exceeded on /scratch\n")));
    assertThat(d.kind()).isEqualTo(Decision.Kind.FAIL);
    assertThat(kinds).first().isEqualTo(Decision.Kind.RETRY);
  }

  @Test
  void theStoreStateUpdatesAtomicallyAndReadsBackItsRecords() {
    create(RecoveryConfig.NONE);
    StorePolicyState state = StorePolicyState.of(store, wf);
    assertThat(state.get("b", BreakerState.class)).isEmpty();
    BreakerState opened =
        new BreakerState(
            BreakerState.State.OPEN,
            List.of(new BreakerState.Outcome(1, 1, 1, true)),
            1,
            Instant.parse("2026-01-02T03:04:05Z"),
            0);
    assertThat(state.update("b", BreakerState.class, current -> opened)).isEqualTo(opened);
    assertThat(state.get("b", BreakerState.class)).contains(opened);
    assertThat(state.update("b", BreakerState.class, current -> current.orElseThrow()))
        .isEqualTo(opened);
    assertThat(state.snapshot()).containsExactly(Map.entry("b", opened));
  }
}
