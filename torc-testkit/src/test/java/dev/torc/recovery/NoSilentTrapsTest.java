package dev.torc.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torc.model.JobStatus;
import dev.torc.recovery.breaker.BreakerConfig;
import dev.torc.recovery.policy.CauseBudgets;
import dev.torc.recovery.policy.ExponentialBackoff;
import dev.torc.recovery.policy.RecoveryPolicies;
import dev.torc.recovery.policy.RecoveryPolicy;
import dev.torc.testkit.Outcome;
import dev.torc.testkit.SimulatedExecutor;
import dev.torc.testkit.SimulationReport;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Chains that would quietly do something other than they say are refused or corrected. */
class NoSilentTrapsTest {

  @Test
  void aBackoffWithNothingInsideThatRetriesIsRefusedAtBuildTime() {
    assertThatThrownBy(
            () ->
                RecoveryPolicies.builder()
                    .failureHandlers()
                    .backoff(ExponentialBackoff.Config.DEFAULT)
                    .causeBudgets(CauseBudgets.Config.DEFAULT)
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("backoff at position 2")
        .hasMessageContaining("can never act")
        .hasMessageContaining("add it before failureHandlers()");
    assertThatThrownBy(
            () -> RecoveryPolicies.builder().backoff(ExponentialBackoff.Config.DEFAULT).build())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aBackoffOutsideAPolicyThatRetriesIsAccepted() {
    RecoveryPolicy policy =
        RecoveryPolicies.builder()
            .backoff(ExponentialBackoff.Config.DEFAULT)
            .causeBudgets(CauseBudgets.Config.DEFAULT)
            .failureHandlers()
            .build();
    assertThat(policy).isNotNull();
  }

  /** The breaker's default is to await classification; a workflow without that state fails. */
  @Test
  void anOpenBreakerFailsJobsOfAWorkflowThatDoesNotUsePendingFailed() {
    BreakerConfig breaker =
        new BreakerConfig(
            "b",
            1.0,
            2,
            2,
            Duration.ofMinutes(30),
            1,
            BreakerConfig.OpenAction.AWAIT_CLASSIFICATION);
    RecoveryPolicy policy =
        RecoveryPolicies.builder()
            .circuitBreaker(breaker)
            .fallbacks("mirror1", "mirror2", "mirror3")
            .build();
    Outcome refused = Outcome.error("Connection refused");

    SimulationReport without =
        SimulatedExecutor.builder(policy)
            .job("a", refused, refused, refused, refused)
            .build()
            .run();
    SimulationReport with =
        SimulatedExecutor.builder(policy)
            .usePendingFailed(true)
            .job("a", refused, refused, refused, refused)
            .build()
            .run();

    assertThat(without.finalStatus("a")).isEqualTo(JobStatus.FAILED);
    assertThat(without.attemptsOf("a")).hasSize(2);
    assertThat(with.finalStatus("a")).isEqualTo(JobStatus.PENDING_FAILED);
  }
}
