package dev.torc.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torc.model.JobSpec;
import dev.torc.model.JobStatus;
import dev.torc.model.TaskFailure;
import dev.torc.model.Workflow;
import dev.torc.recovery.RecoveryFailurePolicy;
import dev.torc.recovery.classify.FailureAnalyzer;
import dev.torc.recovery.policy.RecoveryPolicies;
import dev.torc.run.Decision;
import dev.torc.run.RunException;
import dev.torc.run.RunOptions;
import dev.torc.store.JobRecord;
import dev.torc.store.WorkflowEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Runs from Java that would quietly do something else than asked are refused or corrected. */
class NoSilentTrapsTest extends TorcTest {

  private Workflow failingTask() {
    return Workflow.builder("java")
        .job(
            JobSpec.builder("aggregate")
                .task(
                    ctx -> {
                      throw new TaskFailure(5, "no data");
                    })
                .build())
        .build();
  }

  private RunOptions.Builder options() {
    return RunOptions.builder()
        .outputDir(fx.out)
        .resources(new dev.torc.exec.MachineResources(2, Fixture.GIB, 0))
        .pollInterval(Duration.ofMillis(100));
  }

  @Test
  void aChainWideFallbackNeverTurnsAFailingJavaTaskIntoAShellCommand() {
    Path ran = dir.resolve("ran");
    RunOptions options =
        options()
            .failurePolicy(
                RecoveryFailurePolicy.of(
                    RecoveryPolicies.builder().fallbacks("touch " + ran).build(),
                    FailureAnalyzer.standard()))
            .build();

    long id = torc.submit(failingTask());
    torc.run(id, options);

    JobRecord job = fx.jobs(id).get("aggregate");
    assertThat(job.status()).isEqualTo(JobStatus.FAILED);
    assertThat(job.isJavaTask()).isTrue();
    assertThat(Files.exists(ran)).isFalse();
    assertThat(torc.store().listResults(id))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.returnCode()).isEqualTo(5);
              assertThat(r.status()).isEqualTo(JobStatus.FAILED);
            });
  }

  @Test
  void aPolicyThatGivesAJavaTaskAFallbackCommandFailsItAndSaysWhy() {
    Path ran = dir.resolve("ran");
    RunOptions options =
        options()
            .failurePolicy(
                failure ->
                    new Decision.Retry(
                        Duration.ZERO, null, null, "touch " + ran, "try the shell instead"))
            .build();

    long id = torc.submit(failingTask());
    torc.run(id, options);

    assertThat(fx.jobs(id).get("aggregate").status()).isEqualTo(JobStatus.FAILED);
    assertThat(Files.exists(ran)).isFalse();
    assertThat(torc.store().listEvents(id))
        .extracting(WorkflowEvent::message)
        .anySatisfy(m -> assertThat(m).contains("cannot stand in for a Java task"));
  }

  @Test
  void aStoredWorkflowWhoseJavaTasksAreNotRegisteredIsRefusedBeforeAnythingRuns() {
    long id = torc.submit(failingTask());

    try (Torc other = Torc.open(dir.resolve("torc.db"))) {
      assertThatThrownBy(() -> other.run(id, RunRequest.of(options().build())))
          .isInstanceOf(RunException.class)
          .hasMessageContaining("aggregate")
          .hasMessageContaining("RunOptions.builder().task(");
    }
    assertThat(torc.store().listResults(id)).isEmpty();
    assertThat(fx.jobs(id).get("aggregate").status()).isEqualTo(JobStatus.READY);
  }
}
