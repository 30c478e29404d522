package dev.torc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunCliTest extends RunningCliTest {

  private Map<String, JsonNode> jobs(long workflowId) {
    return cli.jobsByName(workflowId);
  }

  @Test
  void runsASpecToTheEndAndRecordsResults() throws IOException {
    CliRunner.Result result =
        run(
            spec("""
                    name: ok
                    jobs:
                      - name: a
                        command: echo a
                      - name: b
                        command: echo b
                        depends_on: [a]
                    """)
                .toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode json = result.json();
    assertThat(json.get("status").asText()).isEqualTo("completed");
    long id = json.get("workflow_id").asLong();
    JsonNode results = cli.json("results", "list", String.valueOf(id)).json().get("results");
    assertThat(results).hasSize(2);
    assertThat(results.get(0).get("return_code").asInt()).isZero();
    assertThat(results.get(0).get("status").asText()).isEqualTo("completed");
  }

  @Test
  void failuresExitOneAndResetStatusRerunsThemAsANewAttempt() throws IOException {
    Path spec =
        spec(
            """
            name: flaky
            jobs:
              - name: flaky
                command: '[ "$TORC_ATTEMPT_ID" -ge 2 ] || exit 5'
              - name: after
                command: 'true'
                depends_on: [flaky]
            """);
    CliRunner.Result first = run(spec.toString());
    assertThat(first.exitCode()).isEqualTo(1);
    long id = first.json().get("workflow_id").asLong();
    assertThat(jobs(id).get("flaky").get("status").asText()).isEqualTo("failed");
    assertThat(jobs(id).get("after").get("status").asText()).isEqualTo("canceled");

    CliRunner.Result reset =
        cli.json("workflows", "reset-status", String.valueOf(id), "--failed-only");
    assertThat(reset.json().get("reset_jobs").asInt()).isEqualTo(2);
    assertThat(jobs(id).get("flaky").get("attempt_id").asInt()).isEqualTo(2);

    CliRunner.Result second = run(String.valueOf(id));
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(jobs(id).values())
        .allSatisfy(job -> assertThat(job.get("status").asText()).isEqualTo("completed"));
    assertThat(
            dir.resolve(
                "out/job_stdio/job_wf"
                    + id
                    + "_j"
                    + jobs(id).get("flaky").get("id").asLong()
                    + "_r1_a1.o"))
        .exists();
  }

  @Test
  void jobsAwaitingClassificationExitThree() throws IOException {
    CliRunner.Result result =
        run(
            spec("""
                    name: pending
                    use_pending_failed: true
                    jobs:
                      - name: flaky
                        command: exit 1
                    """)
                .toString());

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.json().get("status").asText()).isEqualTo("awaiting_classification");
  }

  @Test
  void reinitializeRerunsJobsWhoseOutputsWentMissingInANewRun() throws IOException {
    Path spec =
        spec(
            """
            name: outputs
            files:
              - name: data
                path: DIR/data.txt
            jobs:
              - name: make
                command: echo 1 > ${files.output.data}
              - name: use
                command: cat ${files.input.data}
              - name: apart
                command: 'true'
            """);
    long id = run(spec.toString()).json().get("workflow_id").asLong();
    Files.delete(dir.resolve("data.txt"));

    JsonNode plan = cli.json("workflows", "reinitialize", String.valueOf(id), "--dry-run").json();
    assertThat(plan.get("jobs"))
        .extracting(j -> j.get("name").asText())
        .containsExactly("make", "use");
    assertThat(cli.json("workflows", "get", String.valueOf(id)).json().get("run_id").asInt())
        .isEqualTo(1);

    cli.json("workflows", "reinitialize", String.valueOf(id));
    assertThat(cli.json("workflows", "get", String.valueOf(id)).json().get("run_id").asInt())
        .isEqualTo(2);
    assertThat(jobs(id).get("apart").get("status").asText()).isEqualTo("completed");
    assertThat(jobs(id).get("make").get("status").asText()).isEqualTo("ready");

    assertThat(run(String.valueOf(id)).exitCode()).isZero();
    assertThat(dir.resolve("data.txt")).exists();
  }

  @Test
  void aCanceledWorkflowIsNotRunUntilReset() throws IOException {
    Path spec = spec("name: c\njobs:\n  - name: a\n    command: 'true'\n");
    long id = cli.json("workflows", "create", spec.toString()).json().get("workflow_id").asLong();

    assertThat(cli.run("workflows", "cancel", String.valueOf(id)).exitCode()).isZero();
    assertThat(jobs(id).get("a").get("status").asText()).isEqualTo("canceled");
    CliRunner.Result refused = run(String.valueOf(id));
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains("canceled");

    cli.run("workflows", "reset-status", String.valueOf(id));
    assertThat(run(String.valueOf(id)).exitCode()).isZero();
  }

  @Test
  void aJobThatCanNeverFitIsRefusedWithAClearMessage() throws IOException {
    Path spec =
        spec(
            """
            name: big
            resource_requirements:
              - name: huge
                num_cpus: 4
            jobs:
              - name: giant
                command: 'true'
                resource_requirements: huge
            """);

    CliRunner.Result result = run(spec.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("giant").contains("4 CPUs").contains("can never start");
  }

  @Test
  void classifyingPendingFailedJobsRetriesOrFailsThemAndLogsWhy() throws IOException {
    Path spec =
        spec(
            """
            name: classify
            use_pending_failed: true
            resource_requirements:
              - name: small
                memory: 100m
            jobs:
              - name: network
                command: '[ "$TORC_ATTEMPT_ID" -ge 2 ] || { echo "Connection refused" >&2; exit 1; }'
                resource_requirements: small
              - name: bug
                command: echo "SyntaxError" >&2; exit 1
              - name: after_bug
                command: 'true'
                depends_on: [bug]
            """);
    CliRunner.Result first = run(spec.toString());
    assertThat(first.exitCode()).isEqualTo(3);
    long id = first.json().get("workflow_id").asLong();
    Map<String, JsonNode> jobs = jobs(id);
    String network = jobs.get("network").get("id").asText();
    String bug = jobs.get("bug").get("id").asText();

    CliRunner.Result dry =
        cli.json(
            "jobs",
            "classify",
            String.valueOf(id),
            "--job",
            network,
            "--action",
            "retry",
            "--memory",
            "200m",
            "--dry-run");
    assertThat(dry.exitCode()).as(dry.err()).isZero();
    assertThat(dry.json().get("classifications").get(0).get("memory").asText()).isEqualTo("200m");
    assertThat(jobs(id).get("network").get("status").asText()).isEqualTo("pending_failed");

    assertThat(
            cli.run(
                    "jobs",
                    "classify",
                    String.valueOf(id),
                    "--job",
                    network,
                    "--action",
                    "retry",
                    "--memory",
                    "200m",
                    "--reason",
                    "storage was down")
                .exitCode())
        .isZero();
    assertThat(
            cli.run("jobs", "classify", String.valueOf(id), "--job", bug, "--action", "fail")
                .exitCode())
        .isZero();
    jobs = jobs(id);
    assertThat(jobs.get("network").get("status").asText()).isEqualTo("ready");
    assertThat(jobs.get("network").get("attempt_id").asInt()).isEqualTo(2);
    assertThat(jobs.get("network").get("resource_requirements").get("memory").asText())
        .isEqualTo("200m");
    assertThat(jobs.get("bug").get("status").asText()).isEqualTo("failed");
    assertThat(jobs.get("after_bug").get("status").asText()).isEqualTo("canceled");

    CliRunner.Result again =
        cli.run("jobs", "classify", String.valueOf(id), "--job", bug, "--action", "retry");
    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(again.err()).contains("is failed, not pending_failed");

    JsonNode classified =
        cli.json("events", "list", String.valueOf(id), "--kind", "job_classified")
            .json()
            .get("events");
    assertThat(classified).hasSize(2);
    assertThat(classified.get(0).get("message").asText())
        .contains("network")
        .contains("retry")
        .contains("by user")
        .contains("storage was down");

    assertThat(run(String.valueOf(id)).exitCode()).isEqualTo(1);
    assertThat(jobs(id).get("network").get("status").asText()).isEqualTo("completed");
  }

  @Test
  void anOutputDirectoryThatCannotBeWrittenIsRefusedBeforeAnythingIsCreated() throws IOException {
    Path aFile = Files.writeString(dir.resolve("a-file"), "not a directory");
    Path spec =
        spec(
            """
            name: nowhere
            jobs:
              - name: a
                command: echo a
            """);

    CliRunner.Result result =
        cli.run("run", spec.toString(), "--quiet", "-o", aFile.resolve("out").toString());

    assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(result.err()).contains("cannot write job logs to the output directory");
    assertThat(cli.json("workflows", "list").json().get("workflows")).isEmpty();
  }

  @Test
  void aFileThatIsNotATorcDatabaseIsInvalidInput() throws IOException {
    Path notes =
        Files.writeString(dir.resolve("notes.db"), "my notes, not a database\n".repeat(100));

    CliRunner.Result result = new CliRunner(notes).run("workflows", "list");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(result.err()).contains("is not a torc database");
    assertThat(Files.readString(notes)).isEqualTo("my notes, not a database\n".repeat(100));
  }
}
