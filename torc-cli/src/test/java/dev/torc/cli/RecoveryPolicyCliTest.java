package dev.torc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The spec's recovery_policy, classification_rules and fallback_commands through torc run. */
class RecoveryPolicyCliTest extends RunningCliTest {

  @Test
  void fallbackCommandsRunInOrderAfterTheCommandFailsAndAResetGoesBackToTheCommand()
      throws IOException {
    CliRunner.Result result =
        run(
            spec("""
                    name: fallbacks
                    jobs:
                      - name: fetch
                        command: 'echo primary >> DIR/ran.txt; exit 3'
                        fallback_commands:
                          - 'echo mirror1 >> DIR/ran.txt; exit 4'
                          - 'echo mirror2 >> DIR/ran.txt'
                      - name: after
                        command: 'true'
                        depends_on: [fetch]
                    """)
                .toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    long id = result.json().get("workflow_id").asLong();
    assertThat(Files.readAllLines(dir.resolve("ran.txt")))
        .containsExactly("primary", "mirror1", "mirror2");
    JsonNode fetch = job(id, "fetch");
    assertThat(fetch.get("status").asText()).isEqualTo("completed");
    assertThat(fetch.get("attempt_id").asInt()).isEqualTo(3);
    assertThat(fetch.get("command").asText()).isEqualTo("echo mirror2 >> " + dir + "/ran.txt");
    assertThat(fetch.get("original_command").asText())
        .isEqualTo("echo primary >> " + dir + "/ran.txt; exit 3");
    assertThat(fetch.get("fallback_commands")).hasSize(2);
    assertThat(job(id, "after").get("status").asText()).isEqualTo("completed");

    JsonNode got = cli.json("jobs", "get", fetch.get("id").asText()).json();
    assertThat(got.get("command").asText()).isEqualTo(fetch.get("command").asText());

    cli.json("workflows", "reset-status", String.valueOf(id));
    assertThat(job(id, "fetch").get("command").asText())
        .isEqualTo("echo primary >> " + dir + "/ran.txt; exit 3");
  }

  @Test
  void whenEveryFallbackFailsTheJobFails() throws IOException {
    CliRunner.Result result =
        run(
            spec("""
                    name: exhausted
                    jobs:
                      - name: fetch
                        command: 'exit 3'
                        fallback_commands: ['exit 4']
                    """)
                .toString());
    assertThat(result.exitCode()).isEqualTo(1);
    long id = result.json().get("workflow_id").asLong();
    JsonNode fetch = job(id, "fetch");
    assertThat(fetch.get("status").asText()).isEqualTo("failed");
    assertThat(fetch.get("attempt_id").asInt()).isEqualTo(2);
  }

  @Test
  void aUserClassificationRuleResolvesPendingFailedJobsWithClassifyRules() throws IOException {
    CliRunner.Result result =
        cli.json(
            "run",
            spec("""
                    name: classified
                    use_pending_failed: true
                    classification_rules:
                      - pattern: "widget hiccup"
                        classification: transient
                    jobs:
                      - name: flaky
                        command: '[ "$TORC_ATTEMPT_ID" -ge 2 ] || { echo "widget hiccup" >&2; exit 9; }'
                    """)
                .toString(),
            "--quiet",
            "-o",
            dir.resolve("out").toString(),
            "--poll-interval",
            "0.1",
            "--classify",
            "rules");
    assertThat(result.exitCode()).as(result.err()).isZero();
    long id = result.json().get("workflow_id").asLong();
    JsonNode flaky = job(id, "flaky");
    assertThat(flaky.get("status").asText()).isEqualTo("completed");
    assertThat(flaky.get("attempt_id").asInt()).isEqualTo(2);
  }

  @Test
  void problemsInTheRecoverySectionsAreReportedWithPositions() throws IOException {
    Path spec =
        spec(
            """
                name: bad
                recovery_policy:
                  backoff: {base: PT5S, multiplyer: 2}
                jobs:
                  - name: a
                    command: 'true'
                    fallback_commands: {x: 1}
                """);
    CliRunner.Result result = cli.run("workflows", "create", spec.toString());
    assertThat(result.exitCode()).isNotZero();
    List<String> lines = new ArrayList<>(result.err().lines().toList());
    assertThat(String.join("\n", lines))
        .contains(
            "spec.yaml:3:25: unknown field 'multiplyer' in the backoff of recovery_policy; did you"
                + " mean 'multiplier'?")
        .contains("spec.yaml:7:24: 'fallback_commands' of job 'a' must be a list");
  }

  @Test
  void failureRecordsListTheCauseOfEachFailedAttempt() throws IOException {
    CliRunner.Result result =
        run(
            spec("""
                    name: causes
                    jobs:
                      - name: hog
                        command: 'kill -9 $$'
                      - name: net
                        command: 'echo "curl: (7) Connection refused" >&2; exit 7'
                    """)
                .toString());
    assertThat(result.exitCode()).isEqualTo(1);
    long id = result.json().get("workflow_id").asLong();
    long hog = job(id, "hog").get("id").asLong();
    long net = job(id, "net").get("id").asLong();

    JsonNode all = cli.json("jobs", "failures", String.valueOf(id)).json().get("failures");
    assertThat(all).hasSize(2);
    JsonNode hogFailure = all.get(0).get("job_id").asLong() == hog ? all.get(0) : all.get(1);
    assertThat(hogFailure.get("cause").asText()).isEqualTo("oom");
    assertThat(hogFailure.get("exit_code").asInt()).isEqualTo(137);
    assertThat(hogFailure.get("attempt_id").asInt()).isEqualTo(1);

    JsonNode netOnly =
        cli.json("jobs", "failures", String.valueOf(id), "--job", String.valueOf(net))
            .json()
            .get("failures");
    assertThat(netOnly).hasSize(1);
    assertThat(netOnly.get(0).get("cause").asText()).isEqualTo("transient");
    assertThat(netOnly.get(0).get("evidence").asText()).contains("Connection refused");
    assertThat(netOnly.get(0).get("exit_code").asInt()).isEqualTo(7);
  }

  @Test
  void aClassificationAskingForMoreMemoryThanTheRunnerHasFailsTheJobOnTheNextRun()
      throws IOException {
    CliRunner.Result first =
        run(
            spec("""
                    name: toobig
                    use_pending_failed: true
                    jobs:
                      - name: work
                        command: 'exit 5'
                      - name: after
                        command: 'true'
                        depends_on: [work]
                    """)
                .toString());
    assertThat(first.exitCode()).as(first.err()).isEqualTo(3);
    long id = first.json().get("workflow_id").asLong();
    String work = job(id, "work").get("id").asText();
    CliRunner.Result classified =
        cli.json(
            "jobs",
            "classify",
            String.valueOf(id),
            "--job",
            work,
            "--action",
            "retry",
            "--memory",
            "64g",
            "--reason",
            "needs more");
    assertThat(classified.exitCode()).as(classified.err()).isZero();

    CliRunner.Result second = run(String.valueOf(id), "--memory-gb", "4");

    assertThat(second.exitCode()).as(second.err()).isEqualTo(1);
    assertThat(job(id, "work").get("status").asText()).isEqualTo("failed");
    assertThat(job(id, "after").get("status").asText()).isEqualTo("canceled");
    assertThat(cli.events(id, "job_exceeds_limits"))
        .singleElement()
        .satisfies(
            m -> assertThat(m).contains("work").contains("memory 64g, more than this runner's 4g"));
  }

  @Test
  void aRunThatFailedWithJobsAlsoAwaitingClassificationSaysHowToClassifyThem() throws IOException {
    Path spec =
        spec(
            """
                name: mixed
                use_pending_failed: true
                failure_handlers:
                  - name: none
                    rules:
                      - match_all_exit_codes: true
                        max_retries: 0
                jobs:
                  - name: doomed
                    command: 'exit 4'
                    failure_handler: none
                  - name: unknown
                    command: 'exit 5'
                """);
    CliRunner.Result result =
        cli.run(
            "run",
            spec.toString(),
            "--quiet",
            "-o",
            dir.resolve("out").toString(),
            "--poll-interval",
            "0.1");

    assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
    assertThat(result.out())
        .contains("finished with failures")
        .contains("1 jobs await classification; classify them with: torc jobs classify ");
  }

  @Test
  void classifyingAJobTwiceInOneCommandIsRefusedAndChangesNothing() throws IOException {
    CliRunner.Result first =
        run(
            spec("""
                    name: twice
                    use_pending_failed: true
                    jobs:
                      - name: work
                        command: 'exit 5'
                    """)
                .toString());
    assertThat(first.exitCode()).as(first.err()).isEqualTo(3);
    long id = first.json().get("workflow_id").asLong();
    String work = job(id, "work").get("id").asText();

    CliRunner.Result classified =
        cli.run("jobs", "classify", String.valueOf(id), "--job", work, work, "--action", "retry");

    assertThat(classified.exitCode()).isEqualTo(2);
    assertThat(classified.err()).contains("job " + work + " is classified more than once");
    assertThat(job(id, "work").get("status").asText()).isEqualTo("pending_failed");
    assertThat(job(id, "work").get("attempt_id").asInt()).isEqualTo(1);
  }
}
