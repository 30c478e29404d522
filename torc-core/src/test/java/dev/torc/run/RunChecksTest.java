package dev.torc.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torc.exec.MachineResources;
import dev.torc.model.JobSpec;
import dev.torc.model.JobStatus;
import dev.torc.model.RecoveryConfig;
import dev.torc.model.Workflow;
import dev.torc.store.JobRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a runner refuses before it runs anything (torc-core alone: no recovery layer). */
class RunChecksTest {
  @TempDir Path dir;
  LocalRuns torc;

  @BeforeEach
  void open() {
    torc = LocalRuns.open(dir.resolve("torc.db"));
  }

  @AfterEach
  void close() {
    torc.close();
  }

  private RunOptions.Builder options() {
    return RunOptions.builder()
        .outputDir(dir.resolve("out"))
        .resources(new MachineResources(2, 1L << 30, 0))
        .pollInterval(Duration.ofMillis(100));
  }

  @Test
  void withoutTheRecoveryLayerTheDefaultIsTheFailureHandlersAlone() {
    assertThat(FailurePolicy.configured()).isSameAs(FailurePolicy.standard());
    assertThat(options().build().failurePolicy()).isSameAs(FailurePolicy.standard());
  }

  @Test
  void fallbackCommandsTheDefaultWouldIgnoreAreRefusedBeforeAnythingRuns() {
    long id =
        torc.submit(
            Workflow.builder("fallbacks")
                .job(
                    JobSpec.builder("fetch")
                        .command("touch " + dir.resolve("ran"))
                        .fallbackCommands("true")
                        .build())
                .build());

    assertThatThrownBy(() -> torc.run(id, options().build()))
        .isInstanceOf(RunException.class)
        .hasMessageContaining("fallback commands (fetch)")
        .hasMessageContaining("dev.torc:torc-recovery");
    assertThat(Files.exists(dir.resolve("ran"))).isFalse();
    assertThat(torc.store().listResults(id)).isEmpty();
  }

  @Test
  void aRecoveryPolicyTheDefaultWouldIgnoreIsRefused() {
    long id =
        torc.submit(
            Workflow.builder("backoff")
                .recoveryConfig(
                    new RecoveryConfig(
                        null,
                        new RecoveryConfig.Backoff(
                            Duration.ofSeconds(1), 2.0, 0.0, Duration.ofSeconds(4)),
                        null,
                        null))
                .job(JobSpec.builder("a").command("true").build())
                .build());

    assertThatThrownBy(() -> torc.run(id, options().build()))
        .isInstanceOf(RunException.class)
        .hasMessageContaining("recovery policy");
  }

  @Test
  void javaTasksNotRegisteredAreRefusedByNameBeforeAnythingRuns() {
    long id =
        torc.store()
            .createWorkflow(
                Workflow.builder("tasks")
                    .job(JobSpec.builder("first").command("touch " + dir.resolve("ran")).build())
                    .job(JobSpec.builder("sum").task(ctx -> {}).dependsOn("first").build())
                    .job(JobSpec.builder("mean").task(ctx -> {}).dependsOn("first").build())
                    .build());

    assertThatThrownBy(() -> torc.run(id, options().build()))
        .isInstanceOf(RunException.class)
        .hasMessageContaining("not registered in this process: sum, mean")
        .hasMessageContaining("RunOptions.builder().task(");
    assertThat(Files.exists(dir.resolve("ran"))).isFalse();
    assertThat(torc.store().listJobs(id, null))
        .extracting(JobRecord::status)
        .doesNotContain(JobStatus.RUNNING, JobStatus.COMPLETED, JobStatus.FAILED);

    RunResult result =
        torc.run(id, options().task("sum", ctx -> {}).task("mean", ctx -> {}).build());
    assertThat(result.count(JobStatus.COMPLETED)).isEqualTo(3);
  }
}
