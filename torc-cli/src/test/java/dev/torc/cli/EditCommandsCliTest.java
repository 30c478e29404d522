package dev.torc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A script that changes a stored workflow with the original torc's {@code jobs create|update|
 * delete}, {@code files create|update|delete} and {@code user-data create|update|delete}, then runs
 * it: against a real SQLite store and real processes.
 */
class EditCommandsCliTest {
  @TempDir Path dir;

  private String spec() {
    return """
        name: edited
        resource_requirements:
          - name: small
            num_cpus: 1
            memory: 64m
            runtime: PT10M
        files:
          - name: a
            path: %1$s/a.txt
        user_data:
          - name: cfg
            data: {x: 1}
        jobs:
          - name: make
            command: echo hi > ${files.output.a}
            resource_requirements: small
          - name: use
            command: cat ${files.input.a}
            input_user_data: [cfg]
        """
        .formatted(dir);
  }

  @Test
  void aJobAddedToAStoredWorkflowWaitsForItsBlockingJobAndRuns() throws IOException {
    Path specFile = dir.resolve("wf.yaml");
    Files.writeString(specFile, spec());
    CliRunner cli = new CliRunner(dir.resolve("torc.db"));
    String wf = json(cli, "workflows", "create", specFile.toString()).get("workflow_id").asText();
    JsonNode jobs = json(cli, "jobs", "list", wf, "--sort-by", "name");
    String make = jobs.get("jobs").get(0).get("id").asText();
    String use = jobs.get("jobs").get(1).get("id").asText();
    Path marker = dir.resolve("added.txt");

    JsonNode added =
        json(
            cli,
            "jobs",
            "create",
            wf,
            "--name",
            "added",
            "--command",
            "cat " + dir.resolve("a.txt") + " > " + marker,
            "--input-files",
            "a",
            "-r",
            make);
    assertThat(added.get("name").asText()).isEqualTo("added");
    assertThat(added.get("status").asText()).isEqualTo("blocked");
    assertThat(added.get("depends_on_job_ids").get(0).asText()).isEqualTo(make);
    assertThat(added.get("resource_requirements_id").asText()).isEqualTo(make);
    String addedId = added.get("id").asText();

    JsonNode extra = json(cli, "jobs", "create", wf, "-n", "extra", "-c", "false");
    assertThat(extra.get("status").asText()).isEqualTo("ready");
    assertThat(extra.get("depends_on_job_ids")).isEmpty();
    JsonNode updated =
        json(cli, "jobs", "update", extra.get("id").asText(), "-c", "true", "--priority", "3");
    assertThat(updated.get("command").asText()).isEqualTo("true");
    assertThat(updated.get("priority").asInt()).isEqualTo(3);

    assertUsageError(cli.run("jobs", "delete", make), "'added' (id " + addedId + ")");
    assertUsageError(cli.run("jobs", "create", wf, "-n", "make", "-c", "true"), "duplicate job");
    assertUsageError(cli.run("jobs", "update", addedId), "nothing to change");
    assertUsageError(
        cli.run("jobs", "create", wf, "-n", "w", "-c", "true", "-o", "a"), "cannot write file 'a'");
    JsonNode last =
        json(cli, "jobs", "create", wf, "-n", "last", "-c", "true", "--depends-on", addedId, make);
    assertThat(last.get("depends_on_job_ids")).hasSize(2);

    JsonNode file = json(cli, "files", "create", wf, "--name", "b", "--path", dir + "/b.txt");
    assertThat(file.get("name").asText()).isEqualTo("b");
    assertThat(file.get("st_mtime").isNull()).isTrue();
    assertThat(json(cli, "files", "update", wf, "b", "-p", "/tmp/b2").get("path").asText())
        .isEqualTo("/tmp/b2");
    assertUsageError(cli.run("files", "delete", wf, "a"), "'make' (id " + make + ")");
    assertThat(json(cli, "files", "delete", wf, "b").get("name").asText()).isEqualTo("b");

    JsonNode data = json(cli, "user-data", "create", wf, "-n", "more", "-d", "{\"k\": [1, 2]}");
    assertThat(data.get("data").get("k").get(1).asInt()).isEqualTo(2);
    assertThat(json(cli, "user-data", "update", wf, "more", "-d", "7").get("data").asInt())
        .isEqualTo(7);
    assertUsageError(cli.run("user-data", "update", wf, "more", "-d", "{nope"), "not valid JSON");
    assertUsageError(cli.run("user-data", "delete", wf, "cfg"), "'use' (id " + use + ")");
    assertThat(json(cli, "user-data", "delete", wf, "more").get("data").asInt()).isEqualTo(7);

    CliRunner.Result run = cli.run("run", wf, "-o", dir.resolve("output").toString(), "--quiet");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode after = json(cli, "jobs", "list", wf, "--sort-by", "name");
    assertThat(names(after.get("jobs"), "name"))
        .containsExactly("added", "extra", "last", "make", "use");
    assertThat(names(after.get("jobs"), "status")).containsOnly("completed");
    assertThat(Files.readString(marker)).isEqualTo("hi\n");

    JsonNode deleted =
        json(cli, "jobs", "delete", last.get("id").asText(), addedId, extra.get("id").asText());
    assertThat(names(deleted.get("jobs"), "name")).containsExactly("last", "added", "extra");
    assertThat(json(cli, "jobs", "list", wf).get("jobs")).hasSize(2);
  }

  @Test
  void everyEditCommandExplainsItself() {
    CliRunner cli = new CliRunner(dir.resolve("torc.db"));
    for (String group : List.of("jobs", "files", "user-data")) {
      for (String command : List.of("create", "update", "delete")) {
        CliRunner.Result help = cli.run(group, command, "--help");
        assertThat(help.exitCode()).as(group + " " + command).isZero();
        assertThat(help.out()).as(group + " " + command).contains("Usage:").contains("Example:");
      }
    }
    assertThat(cli.run("jobs", "create", "--help").out())
        .contains("--blocking-job-ids")
        .contains("--resource-requirements-id");
  }

  private static void assertUsageError(CliRunner.Result result, String message) {
    assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(result.err()).contains(message);
    assertThat(result.err().strip().lines()).hasSize(1);
  }

  private static JsonNode json(CliRunner cli, String... args) {
    List<String> all = new ArrayList<>(List.of("-f", "json"));
    all.addAll(List.of(args));
    CliRunner.Result result = cli.run(all.toArray(String[]::new));
    assertThat(result.exitCode()).as(String.join(" ", args) + ": " + result.err()).isZero();
    return result.json();
  }

  private static List<String> names(JsonNode array, String field) {
    List<String> names = new ArrayList<>();
    array.forEach(n -> names.add(n.get(field).asText()));
    return names;
  }
}
