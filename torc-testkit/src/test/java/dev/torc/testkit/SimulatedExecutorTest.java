package dev.torc.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.model.FailureHandler;
import dev.torc.model.FailureRule;
import dev.torc.model.JobStatus;
import dev.torc.model.Memory;
import dev.torc.model.ResourceRequirements;
import dev.torc.recovery.breaker.BreakerConfig;
import dev.torc.recovery.classify.FailureCause;
import dev.torc.recovery.policy.ExponentialBackoff;
import dev.torc.recovery.policy.RecoveryPolicies;
import dev.torc.recovery.policy.RecoveryPolicy;
import dev.torc.recovery.policy.ResourceScaling;
import dev.torc.run.Decision;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedExecutorTest {

  @Test
  void aFailureHandlerRetriesUntilTheJobSucceeds() {
    FailureHandler handler =
        FailureHandler.of("h", FailureRule.forExitCodes(3, "./recover.sh", 10));
    SimulationReport report =
        SimulatedExecutor.builder(RecoveryPolicies.failureHandlersOnly())
            .job(
                SimulatedJob.of("sim", Outcome.exit(10), Outcome.exit(10), Outcome.success())
                    .withHandler(handler))
            .build()
            .run();
    assertThat(report.finalStatus("sim")).isEqualTo(JobStatus.COMPLETED);
    assertThat(report.attemptsOf("sim"))
        .extracting(SimulationReport.Attempt::attemptId)
        .containsExactly(1, 2, 3);
    assertThat(report.decisionsOf("sim"))
        .allSatisfy(
            d -> assertThat(((Decision.Retry) d).recoveryScript()).isEqualTo("./recover.sh"));
  }

  @Test
  void maxRetriesThreeMeansFourAttempts() {
    FailureHandler handler = FailureHandler.of("h", FailureRule.forAnyExitCode(3, null));
    SimulationReport report =
        SimulatedExecutor.builder(RecoveryPolicies.failureHandlersOnly())
            .job(SimulatedJob.of("flaky", Outcome.exit(1)).withHandler(handler))
            .build()
            .run();
    assertThat(report.attemptsOf("flaky")).hasSize(4);
    assertThat(report.finalStatus("flaky")).isEqualTo(JobStatus.FAILED);
  }

  @Test
  void delaysMoveTheVirtualClockInsteadOfWaiting() {
    RecoveryPolicy policy =
        RecoveryPolicies.builder()
            .backoff(
                new ExponentialBackoff.Config(
                    Duration.ofMinutes(1), 2.0, 0.0, Duration.ofHours(1), 0))
            .failureHandlers()
            .build();
    VirtualClock clock = VirtualClock.create();
    SimulationReport report =
        SimulatedExecutor.builder(policy)
            .clock(clock)
            .job(
                SimulatedJob.of("j", Outcome.exit(1), Outcome.exit(1), Outcome.success())
                    .withHandler(FailureHandler.of("h", FailureRule.forAnyExitCode(5, null))))
            .build()
            .run();
    List<SimulationReport.Attempt> attempts = report.attemptsOf("j");
    assertThat(attempts.get(0).delay()).isEqualTo(Duration.ofMinutes(1));
    assertThat(attempts.get(1).delay()).isEqualTo(Duration.ofMinutes(2));
    assertThat(attempts.get(1).start())
        .isEqualTo(attempts.get(0).end().plus(Duration.ofMinutes(1)));
    assertThat(attempts.get(2).start())
        .isEqualTo(attempts.get(1).end().plus(Duration.ofMinutes(2)));
    // Three attempts of one minute each and three minutes of backoff.
    assertThat(clock.instant()).isEqualTo(VirtualClock.DEFAULT_START.plus(Duration.ofMinutes(6)));
    assertThat(report.end()).isEqualTo(clock.instant());
  }

  @Test
  void oomRetriesWithMoreMemoryAndTimeoutsWithMoreTime() {
    RecoveryPolicy policy =
        RecoveryPolicies.builder()
            .causeBudgets(java.util.Map.of(FailureCause.OOM, 2, FailureCause.TIMEOUT, 1))
            .resourceScaling(ResourceScaling.Config.DEFAULT)
            .build();
    ResourceRequirements rr =
        ResourceRequirements.builder("r").memory("2g").runtime("PT1H").build();
    SimulationReport report =
        SimulatedExecutor.builder(policy)
            .job(
                SimulatedJob.of("big", Outcome.oom(Memory.parse("3g")), Outcome.success())
                    .withRequirements(rr))
            .job(SimulatedJob.of("slow", Outcome.timeout()).withRequirements(rr))
            .build()
            .run();
    // 3g × 1.5 = 4.5g, rounded up to a whole unit.
    assertThat(report.attemptsOf("big").get(1).requirements().memory().text()).isEqualTo("5g");
    assertThat(report.finalStatus("big")).isEqualTo(JobStatus.COMPLETED);
    List<SimulationReport.Attempt> slow = report.attemptsOf("slow");
    assertThat(slow).hasSize(2);
    assertThat(slow.get(0).failure().cause()).isEqualTo(FailureCause.TIMEOUT);
    assertThat(slow.get(1).requirements().runtime()).isEqualTo(Duration.ofMinutes(90));
    assertThat(slow.get(1).end()).isEqualTo(slow.get(1).start().plus(Duration.ofMinutes(90)));
    assertThat(report.finalStatus("slow")).isEqualTo(JobStatus.FAILED);
  }

  @Test
  void fallbacksReplaceTheCommand() {
    SimulationReport report =
        SimulatedExecutor.builder(RecoveryPolicies.builder().fallbacks("b", "c").build())
            .job("j", Outcome.exit(1), Outcome.exit(1), Outcome.success())
            .build()
            .run();
    assertThat(report.attemptsOf("j"))
        .extracting(SimulationReport.Attempt::command)
        .containsExactly("run j", "b", "c");
  }

  @Test
  void jobsSharingAnOutageAreHeldByTheBreakerAndProbedAfterTheWait() {
    BreakerConfig breaker =
        new BreakerConfig(
            "outage", 0.5, 10, 3, Duration.ofMinutes(30), 1, BreakerConfig.OpenAction.FAIL);
    RecoveryPolicy policy =
        RecoveryPolicies.builder()
            .circuitBreaker(breaker)
            .pendingFailed(dev.torc.recovery.policy.PendingFailedPolicy.Config.DEFAULT)
            .build();
    Outcome refused = Outcome.error("requests.exceptions.ConnectionError: Connection refused");
    // a and b fail twice (the first retry runs before the breaker opens), then succeed; c fails
    // once, and opens the breaker.
    SimulatedExecutor sim =
        SimulatedExecutor.builder(policy)
            .launchGate(breaker)
            .job(
                "a",
                refused.after(Duration.ofMinutes(1)),
                refused.after(Duration.ofMinutes(5)),
                Outcome.success())
            .job("b", refused.after(Duration.ofMinutes(2)), Outcome.success())
            .job("c", refused.after(Duration.ofMinutes(3)), Outcome.success())
            .build();
    SimulationReport report = sim.run();
    // a fails at 1 min and retries; b fails at 2 min and retries; c fails at 3 min: 3 of 3 failed.
    assertThat(report.finalStatus("c")).isEqualTo(JobStatus.FAILED);
    assertThat(report.attemptsOf("c").get(0).decision().reason()).contains("circuit breaker open");
    // a's retry (started at 1 min) fails at 6 min while the breaker is open: it fails too.
    assertThat(report.finalStatus("a")).isEqualTo(JobStatus.FAILED);
    // b's retry started at 2 min, before the breaker opened, and succeeds.
    assertThat(report.finalStatus("b")).isEqualTo(JobStatus.COMPLETED);
    assertThat(report.holds()).isEmpty();
  }

  @Test
  void anOpenBreakerHoldsRetriesUntilAProbeSucceeds() {
    BreakerConfig breaker =
        new BreakerConfig(
            "outage",
            1.0,
            2,
            2,
            Duration.ofMinutes(30),
            1,
            BreakerConfig.OpenAction.AWAIT_CLASSIFICATION);
    Outcome refused = Outcome.error("Connection refused");
    // The breaker's decision only holds launches here: the inner policy retries everything, and
    // the breaker awaits classification only for failures once open. Retries already decided wait.
    RecoveryPolicy policy =
        RecoveryPolicies.builder()
            .backoff(
                new ExponentialBackoff.Config(
                    Duration.ofMinutes(5), 1.0, 0.0, Duration.ofMinutes(5), 0))
            .circuitBreaker(breaker)
            .pendingFailed(dev.torc.recovery.policy.PendingFailedPolicy.Config.DEFAULT)
            .build();
    SimulationReport report =
        SimulatedExecutor.builder(policy)
            .launchGate(breaker)
            .usePendingFailed(true)
            .job("a", refused, Outcome.success())
            .job("b", refused.after(Duration.ofSeconds(61)), Outcome.success())
            .job("c", refused.after(Duration.ofSeconds(30)), Outcome.success())
            .build()
            .run();
    // c fails at 0:30 and a at 1:00: 2 of 2 failed, the breaker opens with a's failure.
    assertThat(report.finalStatus("a")).isEqualTo(JobStatus.PENDING_FAILED);
    assertThat(report.finalStatus("b")).isEqualTo(JobStatus.PENDING_FAILED);
    // c's retry at 5:30 is held until the breaker half-opens at 31:00, runs as the probe, succeeds.
    List<SimulationReport.Attempt> c = report.attemptsOf("c");
    assertThat(c).hasSize(2);
    assertThat(c.get(1).probe()).isTrue();
    assertThat(c.get(1).start()).isEqualTo(VirtualClock.DEFAULT_START.plus(Duration.ofMinutes(31)));
    assertThat(report.holds()).extracting(SimulationReport.Hold::job).containsExactly("c");
    assertThat(report.finalStatus("c")).isEqualTo(JobStatus.COMPLETED);
  }
}
