package dev.torc.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.exec.MachineResources;
import dev.torc.model.JobSpec;
import dev.torc.model.JobStatus;
import dev.torc.model.ResourceRequirements;
import dev.torc.model.Workflow;
import dev.torc.recovery.classify.FailureAnalyzer;
import dev.torc.recovery.policy.RecoveryPolicy;
import dev.torc.recovery.policy.ResourceScaling;
import dev.torc.run.JobRunner;
import dev.torc.run.RunOptions;
import dev.torc.run.RunResult;
import dev.torc.store.JobRecord;
import dev.torc.store.Stores;
import dev.torc.store.WorkflowEvent;
import dev.torc.store.WorkflowStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A policy that raises a job's requirements past what the runner has fails the job. */
class MachineLimitsTest {
  private static final long GIB = 1L << 30;

  @TempDir Path dir;

  @Test
  void aRetryScaledPastTheRunnersMemoryFailsTheJobAndCancelsItsDependents() {
    try (WorkflowStore store = Stores.sqlite(dir.resolve("torc.db"))) {
      Workflow workflow =
          Workflow.builder("scaled")
              .resourceRequirements(ResourceRequirements.builder("big").memory("6g").build())
              .job(JobSpec.builder("hog").command("kill -9 $$").resourceRequirements("big").build())
              .job(JobSpec.builder("after").command("true").dependsOn("hog").build())
              .build();
      long id = store.createWorkflow(workflow);
      RecoveryFailurePolicy policy =
          RecoveryFailurePolicy.of(
              RecoveryPolicy.chain(ResourceScaling.of(ResourceScaling.Config.DEFAULT)),
              FailureAnalyzer.standard());

      RunResult result =
          new JobRunner(
                  store,
                  id,
                  RunOptions.builder()
                      .outputDir(dir.resolve("out"))
                      .resources(new MachineResources(2, 8 * GIB, 0))
                      .pollInterval(Duration.ofMillis(100))
                      .failurePolicy(policy)
                      .build())
              .run();

      assertThat(result.outcome()).isEqualTo(RunResult.Outcome.FAILED);
      Map<String, JobRecord> jobs =
          store.listJobs(id, null).stream()
              .collect(Collectors.toMap(JobRecord::name, Function.identity()));
      assertThat(jobs.get("hog").status()).isEqualTo(JobStatus.FAILED);
      assertThat(jobs.get("hog").attemptId()).isEqualTo(1);
      assertThat(jobs.get("hog").requirements().memory().bytes()).isEqualTo(6 * GIB);
      assertThat(jobs.get("after").status()).isEqualTo(JobStatus.CANCELED);
      assertThat(store.listEvents(id))
          .filteredOn(e -> e.kind().equals("job_exceeds_limits"))
          .singleElement()
          .extracting(WorkflowEvent::message)
          .asString()
          .contains("hog")
          .contains("memory 9g, more than this runner's 8g");
    }
  }
}
