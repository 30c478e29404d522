package dev.torc.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.model.FailureHandler;
import dev.torc.model.FailureRule;
import dev.torc.model.JobStatus;
import dev.torc.recovery.Recovery;
import dev.torc.run.Decision;
import org.junit.jupiter.api.Test;

/** The test kit simulates fallback commands and recovery scripts that fail. */
class SimulatedFallbacksTest {

  @Test
  void aJobsFallbackCommandsRunInTurnAndEndAsTheirOutcomesSay() {
    SimulationReport report =
        SimulatedExecutor.builder(
                Recovery.with(Recovery.jobFallbacks(), Recovery.failureHandlers()).policy())
            .job("fetch", Outcome.error("primary mirror: Connection refused"))
            .fallbacks("fetch", "fetch --mirror 2", "fetch --mirror 3")
            .commandOutcomes("fetch --mirror 2", Outcome.exit(7))
            .commandOutcomes("fetch --mirror 3", Outcome.success())
            .build()
            .run();

    assertThat(report.attemptsOf("fetch"))
        .extracting(SimulationReport.Attempt::command)
        .containsExactly("run fetch", "fetch --mirror 2", "fetch --mirror 3");
    assertThat(report.attemptsOf("fetch"))
        .extracting(a -> a.outcome().exitCode())
        .containsExactly(1, 7, 0);
    assertThat(report.finalStatus("fetch")).isEqualTo(JobStatus.COMPLETED);
  }

  @Test
  void whenEveryFallbackFailsTheJobFails() {
    SimulationReport report =
        SimulatedExecutor.builder(
                Recovery.with(Recovery.jobFallbacks(), Recovery.failureHandlers()).policy())
            .job("fetch", Outcome.exit(7))
            .fallbacks("fetch", "fetch --mirror 2")
            .commandOutcomes("fetch --mirror 2", Outcome.exit(8))
            .build()
            .run();

    assertThat(report.attemptsOf("fetch"))
        .extracting(a -> a.outcome().exitCode())
        .containsExactly(7, 8);
    assertThat(report.finalStatus("fetch")).isEqualTo(JobStatus.FAILED);
  }

  @Test
  void aFailingRecoveryScriptFailsTheJobInsteadOfRetryingIt() {
    FailureHandler handler =
        FailureHandler.of(
            "h",
            FailureRule.forExitCodes(3, "./clean-scratch.sh", 10),
            FailureRule.forExitCodes(3, "./restart-service.sh", 11));
    SimulationReport report =
        SimulatedExecutor.builder(Recovery.with(Recovery.failureHandlers()).policy())
            .job(
                SimulatedJob.of("scratch", Outcome.exit(10), Outcome.success())
                    .withHandler(handler))
            .job(
                SimulatedJob.of("service", Outcome.exit(11), Outcome.success())
                    .withHandler(handler))
            .failingRecoveryScript("./restart-service.sh")
            .build()
            .run();

    assertThat(report.attemptsOf("scratch")).hasSize(2);
    assertThat(report.finalStatus("scratch")).isEqualTo(JobStatus.COMPLETED);
    assertThat(report.attemptsOf("service")).hasSize(1);
    assertThat(report.decisionsOf("service"))
        .singleElement()
        .extracting(Decision::recoveryScript)
        .isEqualTo("./restart-service.sh");
    assertThat(report.finalStatus("service")).isEqualTo(JobStatus.FAILED);
  }
}
