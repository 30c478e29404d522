package dev.torc.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.torc.exec.MachineResources;
import dev.torc.model.FailureHandler;
import dev.torc.model.FailureRule;
import dev.torc.model.JobSpec;
import dev.torc.model.ResourceRequirements;
import dev.torc.model.Workflow;
import dev.torc.recovery.RecoveryFailurePolicy;
import dev.torc.recovery.classify.FailureAnalyzer;
import dev.torc.recovery.policy.ExponentialBackoff;
import dev.torc.recovery.policy.RecoveryPolicy;
import dev.torc.recovery.policy.ResourceScaling;
import dev.torc.run.JobRunner;
import dev.torc.run.RunException;
import dev.torc.run.RunOptions;
import dev.torc.run.RunResult;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import dev.torc.store.Stores;
import dev.torc.store.WorkflowEvent;
import dev.torc.store.WorkflowStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real runner and a real recovery policy, with attempts played on a virtual clock. */
class SimulatedExecutorProviderTest {
  private static final long GIB = 1L << 30;

  @TempDir Path dir;

  private final VirtualClock clock = VirtualClock.create();

  private RunOptions options() {
    return RunOptions.builder()
        .executor(SimulatedExecutorProvider.ID)
        .clock(clock)
        .outputDir(dir.resolve("out"))
        .resources(new MachineResources(4, 64 * GIB, 0))
        .pollInterval(Duration.ofMillis(1))
        .failurePolicy(
            RecoveryFailurePolicy.of(
                RecoveryPolicy.chain(
                    ExponentialBackoff.of(
                        Duration.ofMinutes(10), 2.0, 0.0, Duration.ofHours(1), 0L),
                    ResourceScaling.of(ResourceScaling.Config.DEFAULT)),
                FailureAnalyzer.standard()))
        .build();
  }

  @Test
  void theRunnerRetriesMemoryKillsAndTimeoutsLargerAfterDelaysUntilTheyFitInVirtualHours() {
    try (WorkflowStore store = Stores.sqlite(dir.resolve("torc.db"), clock)) {
      long id =
          store.createWorkflow(
              Workflow.builder("simulated")
                  .resourceRequirements(
                      ResourceRequirements.builder("medium").memory("2g").runtime("PT1H").build())
                  .job(
                      JobSpec.builder("train")
                          .command("train")
                          .resourceRequirements("medium")
                          .build())
                  .job(
                      JobSpec.builder("slow")
                          .command("slow")
                          .resourceRequirements("medium")
                          .build())
                  .job(JobSpec.builder("ok").command("ok").build())
                  .build());
      Instant start = clock.instant();
      SimulatedWorkload workload =
          SimulatedWorkload.builder(store)
              .clock(clock)
              .job("train", "4g", Duration.ofMinutes(30))
              .job("slow", "100m", Duration.ofHours(2))
              .job("ok", "100m", Duration.ofMinutes(1))
              .build();

      SimulatedExecutorProvider.Installation installed = workload.install();
      RunResult result;
      try {
        result = new JobRunner(store, id, options()).run();
      } finally {
        installed.close();
      }

      assertThat(result.outcome()).isEqualTo(RunResult.Outcome.COMPLETED);
      Map<String, List<JobResult>> results =
          store.listResults(id).stream()
              .collect(
                  Collectors.groupingBy(
                      r -> jobs(store, id).get(r.jobId()).name(), Collectors.toList()));
      assertThat(workload.attemptsOf("train"))
          .hasSizeGreaterThan(1)
          .extracting(rr -> rr.memory().bytes())
          .isSorted()
          .doesNotHaveDuplicates()
          .last()
          .satisfies(bytes -> assertThat(bytes).isGreaterThanOrEqualTo(4 * GIB));
      assertThat(results.get("train"))
          .extracting(JobResult::returnCode)
          .endsWith(0)
          .filteredOn(code -> code != 0)
          .containsOnly(137);
      assertThat(results.get("slow"))
          .extracting(JobResult::returnCode)
          .endsWith(0)
          .filteredOn(code -> code != 0)
          .containsOnly(152);
      assertThat(results.get("ok"))
          .singleElement()
          .satisfies(
              ok -> {
                assertThat(ok.execTimeMinutes()).isEqualTo(1.0);
                assertThat(ok.completionTime()).isEqualTo(start.plus(Duration.ofMinutes(1)));
              });
      // Each retry of train waited out its delay on the virtual clock (10 minutes, then 20) before
      // it ran; its first attempt was killed a tenth into its hour.
      List<JobResult> train = results.get("train");
      assertThat(train.get(0).completionTime()).isEqualTo(start.plus(Duration.ofMinutes(6)));
      for (int i = 1; i < train.size(); i++) {
        Duration ran = Duration.ofMillis(Math.round(train.get(i).execTimeMinutes() * 60_000));
        assertThat(
                Duration.between(train.get(i - 1).completionTime(), train.get(i).completionTime()))
            .isEqualTo(Duration.ofMinutes(10L << (i - 1)).plus(ran));
      }
      assertThat(Duration.between(start, clock.instant())).isGreaterThan(Duration.ofHours(2));
    }
  }

  @Test
  void aLostAttemptRunsAgainWithoutUsingItsFailureHandlersRetries() {
    try (WorkflowStore store = Stores.sqlite(dir.resolve("torc.db"), clock)) {
      long id =
          store.createWorkflow(
              Workflow.builder("lost")
                  .failureHandler(
                      FailureHandler.of("never_retry", FailureRule.forAnyExitCode(0, null)))
                  .job(JobSpec.builder("a").command("a").failureHandler("never_retry").build())
                  .build());
      SimulatedWorkload workload =
          SimulatedWorkload.builder(store)
              .clock(clock)
              .job("a", "100m", Duration.ofMinutes(1))
              .losing("a", 2)
              .build();

      RunResult result = runWithDefaults(store, id, workload);

      // max_retries 0 would have failed the job at its first failed attempt.
      assertThat(result.outcome()).isEqualTo(RunResult.Outcome.COMPLETED);
      assertThat(store.listResults(id))
          .extracting(JobResult::attemptId, JobResult::returnCode)
          .containsExactly(
              tuple(1, JobResult.LOST_RETURN_CODE),
              tuple(2, JobResult.LOST_RETURN_CODE),
              tuple(3, 0));
      assertThat(store.listEvents(id))
          .filteredOn(e -> e.kind().equals("job_retry"))
          .extracting(WorkflowEvent::message)
          .hasSize(2)
          .allSatisfy(m -> assertThat(m).contains("lost: its simulated node failed"))
          .noneMatch(m -> m.contains("max_retries"));
    }
  }

  @Test
  void aLostAttemptDoesNotCountAgainstTheRetriesOfALaterFailure() {
    try (WorkflowStore store = Stores.sqlite(dir.resolve("torc.db"), clock)) {
      long id =
          store.createWorkflow(
              Workflow.builder("lost_then_failing")
                  .failureHandler(
                      FailureHandler.of("retry_once", FailureRule.forAnyExitCode(1, null)))
                  .job(JobSpec.builder("a").command("a").failureHandler("retry_once").build())
                  .build());
      SimulatedWorkload workload =
          SimulatedWorkload.builder(store).clock(clock).failing("a", 3).losing("a", 1).build();

      RunResult result = runWithDefaults(store, id, workload);

      // The lost attempt 1 leaves max_retries 1 whole: attempt 2's failure is retried once.
      assertThat(result.outcome()).isNotEqualTo(RunResult.Outcome.COMPLETED);
      assertThat(store.listResults(id))
          .extracting(JobResult::attemptId, JobResult::returnCode)
          .containsExactly(tuple(1, JobResult.LOST_RETURN_CODE), tuple(2, 3), tuple(3, 3));
      assertThat(store.listEvents(id))
          .extracting(WorkflowEvent::message)
          .anyMatch(m -> m.contains("retry 1 of max_retries 1"))
          .anyMatch(m -> m.contains("max_retries 1 used up after attempt 2"));
    }
  }

  @Test
  void withoutAnInstalledWorkloadTheRunSaysSo() {
    try (WorkflowStore store = Stores.sqlite(dir.resolve("torc.db"))) {
      long id =
          store.createWorkflow(
              Workflow.builder("none").job(JobSpec.builder("a").command("a").build()).build());

      assertThatThrownBy(() -> new JobRunner(store, id, options()).run())
          .isInstanceOf(RunException.class)
          .hasMessageContaining("install one with SimulatedWorkload.install()");
    }
  }

  private static Map<Long, JobRecord> jobs(WorkflowStore store, long id) {
    return store.listJobs(id, null).stream()
        .collect(Collectors.toMap(JobRecord::id, Function.identity()));
  }

  /** Runs the workflow with the default policy on the simulated executor driven by the workload. */
  private RunResult runWithDefaults(WorkflowStore store, long id, SimulatedWorkload workload) {
    RunOptions defaults =
        RunOptions.builder()
            .executor(SimulatedExecutorProvider.ID)
            .clock(clock)
            .outputDir(dir.resolve("out"))
            .resources(new MachineResources(4, 64 * GIB, 0))
            .pollInterval(Duration.ofMillis(1))
            .build();
    try (SimulatedExecutorProvider.Installation installed = workload.install()) {
      return new JobRunner(store, id, defaults).run();
    }
  }
}
