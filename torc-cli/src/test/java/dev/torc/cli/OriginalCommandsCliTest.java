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
 * A script a user of the original torc would run, command by command, with the original's commands
 * and flags, against a real SQLite store and a real run: every step must succeed (or fail) as it
 * did there, and its JSON must carry the original's field names.
 */
class OriginalCommandsCliTest {
  @TempDir Path dir;

  private String spec(Path out) {
    return """
        name: original
        resource_requirements:
          - name: small
            num_cpus: 1
            memory: 64m
            runtime: PT10M
          - name: tiny
            num_cpus: 1
            memory: 32m
            runtime: PT5M
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
            resource_requirements: small
          - name: killed
            command: echo 'Traceback (most recent call last):' >&2; kill -9 $$
            resource_requirements: tiny
            depends_on: [make]
        """
        .formatted(out);
  }

  @Test
  void aScriptOfTheOriginalsCommandsRunsAsThere() throws IOException {
    Path out = dir.resolve("output");
    Path specFile = dir.resolve("wf.yaml");
    Files.writeString(specFile, spec(dir));
    CliRunner cli = new CliRunner(dir.resolve("torc.db"));

    // torc run SPEC -p: one job is killed, so the run fails (exit 1).
    CliRunner.Result run =
        cli.run("run", specFile.toString(), "-p", "0.2", "-o", out.toString(), "--quiet");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.FAILURE);
    long wf = 1;

    JsonNode complete = json(cli, "workflows", "is-complete", "1");
    assertThat(complete.get("is_complete").asBoolean()).isTrue();
    assertThat(complete.get("is_canceled").asBoolean()).isFalse();

    JsonNode failed = json(cli, "results", "list", "1", "--failed");
    assertThat(names(failed.get("results"), "job_name")).containsExactly("killed");
    assertThat(failed.get("results").get(0).get("return_code").asInt()).isEqualTo(137);
    assertThat(failed.get("results").get(0).get("id").isIntegralNumber()).isTrue();
    assertThat(json(cli, "results", "list", "1", "--return-code", "0").get("results")).hasSize(2);
    assertThat(
            names(
                json(cli, "results", "list", "1", "--sort-by", "job_name", "--reverse-sort")
                    .get("results"),
                "job_name"))
        .containsExactly("use", "make", "killed");

    JsonNode jobs =
        json(cli, "jobs", "list", "1", "--sort-by", "name", "--limit", "2", "--offset", "1");
    assertThat(names(jobs.get("jobs"), "name")).containsExactly("make", "use");
    JsonNode use = jobs.get("jobs").get(1);
    long makeId = jobs.get("jobs").get(0).get("id").asLong();
    assertThat(use.get("depends_on_job_ids").get(0).asLong()).isEqualTo(makeId);
    assertThat(use.get("resource_requirements_id").asLong()).isEqualTo(makeId);
    assertThat(json(cli, "jobs", "get", use.get("id").asText()).get("depends_on_job_ids"))
        .hasSize(1);

    JsonNode summary = json(cli, "reports", "summary", "1");
    assertThat(summary.get("workflow_name").asText()).isEqualTo("original");
    assertThat(summary.get("total_jobs").asInt()).isEqualTo(3);
    assertThat(summary.get("jobs_by_status").get("failed").asInt()).isEqualTo(1);
    assertThat(summary.has("total_exec_time_minutes")).isTrue();

    // reports results prints JSON whatever the format.
    CliRunner.Result results = cli.run("reports", "results", "1", "-o", out.toString());
    assertThat(results.exitCode()).isZero();
    JsonNode report = results.json();
    assertThat(report.get("total_results").asInt()).isEqualTo(3);
    for (JsonNode r : report.get("results")) {
      assertThat(Path.of(r.get("job_stdout").asText())).isRegularFile();
      assertThat(Path.of(r.get("job_stderr").asText())).isRegularFile();
    }

    JsonNode files = json(cli, "files", "list", "1", "--produced-by-job-id", "" + makeId);
    assertThat(names(files.get("files"), "name")).containsExactly("a");
    assertThat(files.get("files").get(0).get("st_mtime").isNumber()).isTrue();
    JsonNode data = json(cli, "user-data", "list", "1");
    assertThat(data.get("user_data").get(0).get("data").get("x").asInt()).isEqualTo(1);
    JsonNode rrs = json(cli, "resource-requirements", "list", "1");
    assertThat(names(rrs.get("resource_requirements"), "name")).containsExactly("small", "tiny");
    long tinyId = rrs.get("resource_requirements").get(1).get("id").asLong();
    assertThat(json(cli, "resource-requirements", "get", "" + tinyId).get("memory").asText())
        .isEqualTo("32m");

    JsonNode plan = json(cli, "workflows", "execution-plan", specFile.toString());
    assertThat(plan.get("total_stages").asInt()).isEqualTo(2);
    assertThat(plan.get("stages").get(0).get("jobs").get(0).asText()).isEqualTo("make");

    JsonNode logs = json(cli, "logs", "analyze", out.toString());
    assertThat(logs.get("workflow_id").asLong()).isEqualTo(wf);
    assertThat(logs.get("files_scanned").asInt()).isPositive();
    assertThat(logs.get("error_count").asInt()).isPositive();

    // The job killed early likely ran out of memory: correct-resources raises its memory.
    JsonNode dry = json(cli, "workflows", "correct-resources", "1", "--dry-run");
    assertThat(dry.get("dry_run").asBoolean()).isTrue();
    assertThat(dry.get("adjustments").get(0).get("resource_requirements_id").asLong())
        .isEqualTo(tinyId);
    JsonNode corrected =
        json(cli, "workflows", "correct-resources", "1", "--memory-multiplier", "2");
    assertThat(corrected.get("memory_corrections").asInt()).isEqualTo(1);
    assertThat(json(cli, "resource-requirements", "get", "" + tinyId).get("memory").asText())
        .isEqualTo("64m");

    JsonNode reset =
        json(
            cli,
            "workflows",
            "reset-status",
            "1",
            "--failed-only",
            "--reinitialize",
            "--no-prompts");
    assertThat(reset.get("reset_jobs").asInt()).isEqualTo(1);
    assertThat(reset.get("reinitialized").get("run_id").asInt()).isEqualTo(2);
    assertThat(json(cli, "workflows", "is-complete", "1").get("is_complete").asBoolean()).isFalse();
    assertThat(json(cli, "workflows", "initialize", "1", "--dry-run").get("reset_jobs").asInt())
        .isEqualTo(3);

    JsonNode events = json(cli, "events", "list", "1", "--limit", "2", "--reverse-sort");
    assertThat(events.get("events")).hasSize(2);
    assertThat(events.get("events").get(0).get("id").asLong())
        .isGreaterThan(events.get("events").get(1).get("id").asLong());
    CliRunner.Result monitor =
        cli.run("events", "monitor", "1", "--duration", "0.005", "-p", "0.1");
    assertThat(monitor.exitCode()).as(monitor.err()).isZero();
    assertThat(monitor.err()).contains("Monitoring events of workflow 1");

    JsonNode updated =
        json(cli, "workflows", "update", "1", "--description", "renamed once", "--project", "p1");
    assertThat(updated.get("description").asText()).isEqualTo("renamed once");
    assertThat(updated.get("name").asText()).isEqualTo("original");
    assertThat(json(cli, "workflows", "get", "1").get("project").asText()).isEqualTo("p1");

    // Export with results and events, import as a copy: same jobs, fresh statuses.
    Path exported = dir.resolve("export.json");
    CliRunner.Result export =
        cli.run(
            "workflows",
            "export",
            "1",
            "--include-results",
            "--include-events",
            "-o",
            exported.toString());
    assertThat(export.exitCode()).as(export.err()).isZero();
    JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(exported.toFile());
    assertThat(doc.get("export_version").asInt()).isEqualTo(1);
    assertThat(doc.get("spec").get("name").asText()).isEqualTo("original");
    assertThat(doc.get("jobs")).hasSize(3);
    assertThat(doc.get("results").size()).isGreaterThanOrEqualTo(3);
    assertThat(doc.get("events").size()).isPositive();
    JsonNode imported =
        json(cli, "workflows", "import", exported.toString(), "--name", "copy", "--skip-results");
    long copy = imported.get("workflow_id").asLong();
    JsonNode copiedJobs = json(cli, "jobs", "list", "" + copy, "--sort-by", "name");
    assertThat(names(copiedJobs.get("jobs"), "name")).containsExactly("killed", "make", "use");
    assertThat(names(copiedJobs.get("jobs"), "status"))
        .containsExactly("blocked", "ready", "blocked");
    assertThat(copiedJobs.get("jobs").get(0).get("resource_requirements").get("memory").asText())
        .isEqualTo("64m");
    assertThat(cli.run("workflows", "delete", "" + copy, "--no-prompts").exitCode()).isZero();

    // Another user's workflow: listed with --all-users or --user, not by default.
    String other =
        json(cli, "workflows", "create", specFile.toString(), "-u", "zed-other")
            .get("workflow_id")
            .asText();
    assertThat(names(json(cli, "workflows", "list", "--all-users").get("workflows"), "user"))
        .contains("zed-other");
    assertThat(names(json(cli, "workflows", "list", "--user", "zed-other").get("workflows"), "id"))
        .containsExactly("1", other);
    assertThat(
            names(json(cli, "workflows", "list", "--user", "someone-else").get("workflows"), "id"))
        .containsExactly("1");
    assertThat(cli.run("workflows", "delete", other, "--no-prompts").exitCode()).isZero();
    assertThat(names(json(cli, "workflows", "list", "--all-users").get("workflows"), "id"))
        .containsExactly("1");
  }

  @Test
  void mistakesAreOneLineAndExitTwo() throws IOException {
    Files.writeString(dir.resolve("wf.yaml"), spec(dir));
    CliRunner cli = new CliRunner(dir.resolve("torc.db"));
    assertThat(cli.run("workflows", "create", dir.resolve("wf.yaml").toString()).exitCode())
        .isZero();

    assertUsageError(cli.run("jobs", "list", "1", "--sort-by", "nope"), "cannot sort by 'nope'");
    assertUsageError(cli.run("workflows", "list", "--limit", "0"), "--limit must be");
    assertUsageError(cli.run("resource-requirements", "get", "999"), "no resource requirements");
    assertUsageError(cli.run("resource-requirements", "update", "1"), "nothing to change");
    assertUsageError(cli.run("workflows", "is-complete", "42"), "no workflow with id 42");
    assertUsageError(
        cli.run("logs", "analyze", dir.resolve("nowhere").toString()), "does not exist");
    assertUsageError(cli.run("logs", "analyze", dir.toString()), "no job logs in");
    assertUsageError(cli.run("events", "monitor", "1", "--duration", "0"), "--duration");
    Files.writeString(dir.resolve("not-an-export.json"), "{\"name\": \"x\"}");
    assertUsageError(
        cli.run("workflows", "import", dir.resolve("not-an-export.json").toString()),
        "not an exported workflow");
    assertUsageError(cli.run("workflows", "import", "missing.json"), "file not found");
    assertUsageError(cli.run("workflows", "update", "1"), "nothing to change");
  }

  @Test
  void everyNewCommandExplainsItself() {
    CliRunner cli = new CliRunner(dir.resolve("torc.db"));
    for (String[] command :
        List.of(
            new String[] {"workflows", "is-complete"},
            new String[] {"workflows", "execution-plan"},
            new String[] {"workflows", "initialize"},
            new String[] {"workflows", "correct-resources"},
            new String[] {"reports", "summary"},
            new String[] {"reports", "results"},
            new String[] {"events", "monitor"},
            new String[] {"logs", "analyze"},
            new String[] {"files", "list"},
            new String[] {"user-data", "list"},
            new String[] {"resource-requirements", "update"})) {
      List<String> args = new ArrayList<>(List.of(command));
      args.add("--help");
      CliRunner.Result help = cli.run(args.toArray(String[]::new));
      assertThat(help.exitCode()).as(String.join(" ", command)).isZero();
      assertThat(help.out()).as(String.join(" ", command)).contains("Usage:").contains("--help");
    }
    assertThat(cli.run("--help").out()).contains("./output/torc.db").contains("torc_output");
    assertThat(cli.run("run", "--help").out()).contains("-p, --poll-interval");
    assertThat(cli.run("results", "list", "--help").out())
        .contains("--failed")
        .contains("--limit")
        .contains("--offset")
        .contains("--sort-by")
        .contains("--reverse-sort");
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
