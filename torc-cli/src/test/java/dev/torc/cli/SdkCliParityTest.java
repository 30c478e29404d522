package dev.torc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.exec.MachineResources;
import dev.torc.run.RunOptions;
import dev.torc.sdk.CreateRequest;
import dev.torc.sdk.RunRequest;
import dev.torc.sdk.Torc;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * One workflow with fallback commands, a backoff, a budget and a circuit breaker runs the same
 * through {@code torc run} and through the SDK with {@code RunOptions.builder()}'s defaults.
 */
class SdkCliParityTest extends RunningCliTest {

  /**
   * Jobs run one at a time, in id order, so that the breaker sees the same failures in the same
   * order on both paths: {@code fb} completes with its second fallback; {@code flaky}'s transient
   * budget (1) fails it after its second attempt; the third failure of the b-jobs' kind opens the
   * breaker, which fails {@code b3} at once and later fails each held retry that probes it.
   */
  private static final String SPEC =
      """
      name: parity
      classification_rules:
        - pattern: "widget hiccup"
          classification: transient
      recovery_policy:
        backoff: {base: PT2S, multiplier: 1.0, jitter: 0.0, max: PT2S}
        budgets: {transient: 1}
        circuit_breaker:
          failure_rate_threshold: 100
          sliding_window_size: 3
          minimum_calls: 3
          wait_in_open: PT1S
          probes: 1
          when_open: fail
      failure_handlers:
        - name: again
          rules:
            - match_all_exit_codes: true
              max_retries: 1
        - name: often
          rules:
            - match_all_exit_codes: true
              max_retries: 5
      jobs:
        - name: fb
          command: 'exit 3'
          fallback_commands: ['exit 4', 'true']
        - name: after
          command: 'true'
          depends_on: [fb]
        - name: flaky
          command: 'echo "widget hiccup" >&2; exit 9'
          failure_handler: often
        - name: b{i}
          command: 'echo "service-x: Connection refused" >&2; exit 7'
          failure_handler: again
          parameters: {i: "1:3"}
      """;

  @Test
  void everyJobEndsWithTheSameStatusAndAttemptsThroughTheSdkAsThroughTorcRun() throws IOException {
    Path spec = spec(SPEC);

    CliRunner.Result cliRun = run(spec.toString(), "--max-parallel-jobs", "1");
    assertThat(cliRun.exitCode()).as(cliRun.err()).isEqualTo(1);
    long cliId = cliRun.json().get("workflow_id").asLong();
    Map<String, String> viaCli;
    try (Torc torc = Torc.open(dir.resolve("torc.db"))) {
      viaCli = outcomes(torc, cliId);
    }

    Map<String, String> viaSdk;
    try (Torc torc = Torc.open(dir.resolve("sdk.db"))) {
      long id = torc.createWorkflow(CreateRequest.spec(spec).build()).workflowId();
      RunOptions options =
          RunOptions.builder()
              .outputDir(dir.resolve("sdk-out"))
              .resources(new MachineResources(2, MachineResources.detect().memoryBytes(), 0))
              .maxParallelJobs(1)
              .pollInterval(Duration.ofMillis(100))
              .build();
      torc.run(id, RunRequest.builder().options(options).build());
      viaSdk = outcomes(torc, id);
    }

    assertThat(viaSdk).isEqualTo(viaCli);
    assertThat(viaCli)
        .containsEntry("fb", "completed after [3 failed, 4 failed, 0 completed]")
        .containsEntry("after", "completed after [0 completed]")
        .containsEntry("flaky", "failed after [9 failed, 9 failed]")
        .containsEntry("b1", "failed after [7 failed, 7 failed]")
        .containsEntry("b2", "failed after [7 failed, 7 failed]")
        .containsEntry("b3", "failed after [7 failed]");
  }

  /** Each job's status and its attempts' return codes and statuses, in attempt order. */
  private static Map<String, String> outcomes(Torc torc, long workflowId) {
    Map<String, String> outcomes = new TreeMap<>();
    List<JobResult> results = torc.store().listResults(workflowId);
    for (JobRecord job : torc.store().listJobs(workflowId, null)) {
      List<String> attempts = new ArrayList<>();
      results.stream()
          .filter(r -> r.jobId() == job.id())
          .sorted(java.util.Comparator.comparingInt(JobResult::attemptId))
          .forEach(r -> attempts.add(r.returnCode() + " " + r.status().label()));
      assertThat(attempts).as(job.name()).hasSize(job.attemptId());
      outcomes.put(job.name(), job.status().label() + " after " + attempts);
    }
    return outcomes;
  }
}
