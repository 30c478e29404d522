package dev.torc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Failure handlers end to end through {@code torc run}, with real jobs and recovery scripts. */
class FailureHandlersCliTest extends RunningCliTest {

  private List<JsonNode> results(long workflowId, String name) {
    long jobId = job(workflowId, name).get("id").asLong();
    List<JsonNode> results = new ArrayList<>();
    cli.json("results", "list", String.valueOf(workflowId))
        .json()
        .get("results")
        .forEach(
            r -> {
              if (r.get("job_id").asLong() == jobId) {
                results.add(r);
              }
            });
    return results;
  }

  private Path log(long workflowId, long jobId, int attempt, String extension) {
    return dir.resolve(
        "out/job_stdio/job_wf" + workflowId + "_j" + jobId + "_r1_a" + attempt + "." + extension);
  }

  @Test
  void aMatchingRuleRunsTheRecoveryScriptAndRetriesUntilTheJobSucceeds() throws IOException {
    CliRunner.Result result =
        run(
            spec("""
                    name: retry
                    failure_handlers:
                      - name: h
                        rules:
                          - exit_codes: [10]
                            recovery_script: echo "$TORC_ATTEMPT_ID $TORC_RETURN_CODE" >> DIR/recovery.txt
                            max_retries: 3
                    jobs:
                      - name: flaky
                        command: 'echo "attempt $TORC_ATTEMPT_ID"; [ "$TORC_ATTEMPT_ID" -ge 3 ] || exit 10'
                        failure_handler: h
                      - name: after
                        command: 'true'
                        depends_on: [flaky]
                    """)
                .toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    long id = result.json().get("workflow_id").asLong();
    JsonNode flaky = job(id, "flaky");
    assertThat(flaky.get("status").asText()).isEqualTo("completed");
    assertThat(flaky.get("attempt_id").asInt()).isEqualTo(3);
    assertThat(job(id, "after").get("status").asText()).isEqualTo("completed");
    List<JsonNode> results = results(id, "flaky");
    assertThat(results).extracting(r -> r.get("attempt_id").asInt()).containsExactly(1, 2, 3);
    assertThat(results).extracting(r -> r.get("return_code").asInt()).containsExactly(10, 10, 0);
    assertThat(Files.readAllLines(dir.resolve("recovery.txt"))).containsExactly("1 10", "2 10");
    long jobId = flaky.get("id").asLong();
    for (int attempt = 1; attempt <= 3; attempt++) {
      assertThat(log(id, jobId, attempt, "o")).content().contains("attempt " + attempt);
    }
    assertThat(dir.resolve("out/job_stdio/recovery_wf" + id + "_j" + jobId + "_r1_a1.o")).exists();
    assertThat(cli.events(id, "job_retry")).hasSize(2);
  }

  @Test
  void aJobFailsOnceMaxRetriesAreUsedUp() throws IOException {
    CliRunner.Result result =
        run(
            spec("""
                    name: exhausted
                    failure_handlers:
                      - name: h
                        rules:
                          - exit_codes: [10]
                            max_retries: 2
                    jobs:
                      - name: broken
                        command: exit 10
                        failure_handler: h
                    """)
                .toString());

    assertThat(result.exitCode()).isEqualTo(1);
    long id = result.json().get("workflow_id").asLong();
    JsonNode broken = job(id, "broken");
    assertThat(broken.get("status").asText()).isEqualTo("failed");
    assertThat(broken.get("attempt_id").asInt()).isEqualTo(3);
    assertThat(results(id, "broken")).hasSize(3);
    assertThat(cli.events(id, "job_failure_decision"))
        .last()
        .asString()
        .contains("max_retries 2 used up after attempt 3");
  }

  @Test
  void aRuleNamingTheExitCodeWinsOverACatchAllRule() throws IOException {
    CliRunner.Result result =
        run(
            spec("""
                    name: specific
                    failure_handlers:
                      - name: h
                        rules:
                          - match_all_exit_codes: true
                            max_retries: 0
                          - exit_codes: [10]
                            recovery_script: echo specific >> DIR/recovery.txt
                            max_retries: 1
                    jobs:
                      - name: flaky
                        command: '[ "$TORC_ATTEMPT_ID" -ge 2 ] || exit 10'
                        failure_handler: h
                    """)
                .toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    long id = result.json().get("workflow_id").asLong();
    assertThat(job(id, "flaky").get("attempt_id").asInt()).isEqualTo(2);
    assertThat(Files.readAllLines(dir.resolve("recovery.txt"))).containsExactly("specific");
    assertThat(cli.events(id, "job_failure_decision"))
        .singleElement()
        .asString()
        .contains("rule for exit code 10");
  }

  @Test
  void anUnmatchedExitCodeAwaitsClassificationWithUsePendingFailedAndFailsWithout()
      throws IOException {
    String body =
        """
        failure_handlers:
          - name: h
            rules:
              - exit_codes: [10]
                max_retries: 3
        jobs:
          - name: odd
            command: exit 7
            failure_handler: h
          - name: after
            command: 'true'
            depends_on: [odd]
        """;
    CliRunner.Result pending = run(spec("name: p\nuse_pending_failed: true\n" + body).toString());
    assertThat(pending.exitCode()).isEqualTo(3);
    long id = pending.json().get("workflow_id").asLong();
    assertThat(job(id, "odd").get("status").asText()).isEqualTo("pending_failed");
    assertThat(job(id, "odd").get("attempt_id").asInt()).isEqualTo(1);
    assertThat(job(id, "after").get("status").asText()).isEqualTo("blocked");

    CliRunner.Result failed = run(spec("name: f\n" + body).toString());
    assertThat(failed.exitCode()).isEqualTo(1);
    long id2 = failed.json().get("workflow_id").asLong();
    assertThat(job(id2, "odd").get("status").asText()).isEqualTo("failed");
    assertThat(job(id2, "after").get("status").asText()).isEqualTo("canceled");
  }

  @Test
  void aFailingRecoveryScriptFailsTheJobWithTheReason() throws IOException {
    CliRunner.Result result =
        run(
            spec("""
                    name: badscript
                    failure_handlers:
                      - name: h
                        rules:
                          - exit_codes: [10]
                            recovery_script: echo cannot recover >&2; exit 4
                            max_retries: 3
                    jobs:
                      - name: flaky
                        command: exit 10
                        failure_handler: h
                    """)
                .toString());

    assertThat(result.exitCode()).isEqualTo(1);
    long id = result.json().get("workflow_id").asLong();
    JsonNode flaky = job(id, "flaky");
    assertThat(flaky.get("status").asText()).isEqualTo("failed");
    assertThat(flaky.get("attempt_id").asInt()).isEqualTo(1);
    assertThat(cli.events(id, "job_recovery_failed"))
        .singleElement()
        .asString()
        .contains("recovery script exited with 4");
    long jobId = flaky.get("id").asLong();
    assertThat(log(id, jobId, 1, "e")).content().contains("recovery script exited with 4");
    assertThat(dir.resolve("out/job_stdio/recovery_wf" + id + "_j" + jobId + "_r1_a1.e"))
        .content()
        .contains("cannot recover");
  }

  @Test
  void aRecoveryScriptPastItsTimeLimitIsKilledAndTheJobFails() throws IOException {
    CliRunner.Result result =
        run(
            spec("""
                    name: slowscript
                    failure_handlers:
                      - name: h
                        rules:
                          - exit_codes: [10]
                            recovery_script: sleep 600
                            max_retries: 3
                    jobs:
                      - name: flaky
                        command: exit 10
                        failure_handler: h
                    """)
                .toString(),
            "--recovery-script-timeout",
            "0.2");

    assertThat(result.exitCode()).isEqualTo(1);
    long id = result.json().get("workflow_id").asLong();
    assertThat(job(id, "flaky").get("status").asText()).isEqualTo("failed");
    assertThat(cli.events(id, "job_recovery_failed"))
        .singleElement()
        .asString()
        .contains("recovery script timed out");
  }

  @Test
  void aTerminatedJobIsRetriedByARuleForExitCode152() throws IOException {
    CliRunner.Result result =
        run(
            spec("""
                    name: timeout
                    resource_requirements:
                      - name: short
                        runtime: PT1S
                        memory: 100m
                    failure_handlers:
                      - name: timeouts
                        rules:
                          - exit_codes: [152]
                            max_retries: 2
                    jobs:
                      - name: slow_once
                        command: '[ "$TORC_ATTEMPT_ID" -ge 2 ] || sleep 600'
                        resource_requirements: short
                        failure_handler: timeouts
                    """)
                .toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    long id = result.json().get("workflow_id").asLong();
    assertThat(job(id, "slow_once").get("attempt_id").asInt()).isEqualTo(2);
    List<JsonNode> results = results(id, "slow_once");
    assertThat(results.get(0).get("status").asText()).isEqualTo("terminated");
    assertThat(results.get(0).get("return_code").asInt()).isEqualTo(152);
    assertThat(results.get(1).get("status").asText()).isEqualTo("completed");
  }

  @Test
  void classifyRulesRetriesTransientFailsPermanentAndLeavesUnknownPending() throws IOException {
    CliRunner.Result result =
        run(
            spec("""
                    name: classify
                    use_pending_failed: true
                    jobs:
                      - name: network
                        command: '[ "$TORC_ATTEMPT_ID" -ge 2 ] || { echo "Connection refused" >&2; exit 1; }'
                      - name: always
                        command: echo "Connection refused" >&2; exit 1
                      - name: bug
                        command: 'echo "SyntaxError: invalid syntax" >&2; exit 1'
                      - name: mystery
                        command: exit 1
                    """)
                .toString(),
            "--classify",
            "rules");

    assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
    long id = result.json().get("workflow_id").asLong();
    assertThat(job(id, "network").get("status").asText()).isEqualTo("completed");
    assertThat(job(id, "network").get("attempt_id").asInt()).isEqualTo(2);
    assertThat(job(id, "always").get("status").asText()).isEqualTo("pending_failed");
    assertThat(job(id, "always").get("attempt_id").asInt()).isEqualTo(4);
    assertThat(job(id, "bug").get("status").asText()).isEqualTo("failed");
    assertThat(job(id, "mystery").get("status").asText()).isEqualTo("pending_failed");
    assertThat(job(id, "mystery").get("attempt_id").asInt()).isEqualTo(1);
    assertThat(cli.events(id, "job_classified"))
        .hasSize(5)
        .allSatisfy(message -> assertThat(message).contains("by rules"));
  }

  @Test
  void classifyAcceptsOnlyRules() throws IOException {
    CliRunner.Result result =
        run(
            spec("name: x\njobs:\n  - name: a\n    command: 'true'\n").toString(),
            "--classify",
            "ai");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--classify supports only 'rules'");
  }

  /** The examples, with their repository-relative script paths made absolute. */
  private Path example(String name) throws IOException {
    Path examples = Path.of("..", "torc-examples").toAbsolutePath().normalize();
    String text = Files.readString(examples.resolve("yaml").resolve(name));
    Path copy = dir.resolve(name);
    Files.writeString(copy, text.replace("torc-examples/scripts/", examples + "/scripts/"));
    return copy;
  }

  @Test
  void theFailureHandlerDemoRunsGreen() throws IOException {
    CliRunner.Result result = run(example("failure_handler_demo.yaml").toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    long id = result.json().get("workflow_id").asLong();
    assertThat(job(id, "demo_job_2").get("attempt_id").asInt()).isEqualTo(3);
    assertThat(job(id, "demo_job_3").get("attempt_id").asInt()).isEqualTo(2);
    assertThat(Files.readAllLines(dir.resolve("out/recovery.log")))
        .hasSize(2)
        .allSatisfy(line -> assertThat(line).contains("demo_job_2 (exit 11)"));
  }

  @Test
  void theFailureHandlerSimulationConvergesWithItsSeed() throws IOException {
    CliRunner.Result result = run(example("failure_handler_simulation.yaml").toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    long id = result.json().get("workflow_id").asLong();
    assertThat(cli.jobsByName(id)).hasSize(10);
    assertThat(job(id, "aggregate_results").get("status").asText()).isEqualTo("completed");
    assertThat(cli.events(id, "job_retry")).hasSizeGreaterThanOrEqualTo(1);
    assertThat(Files.readAllLines(dir.resolve("out/recovery.log")))
        .singleElement()
        .asString()
        .contains("simulate_m1_s0 (exit 10)");
  }
}
