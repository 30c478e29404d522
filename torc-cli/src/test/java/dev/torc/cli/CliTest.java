package dev.torc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
  @TempDir Path dir;
  CliRunner cli;

  @BeforeEach
  void setUp() {
    cli = new CliRunner(dir.resolve("db").resolve("torc.db"));
  }

  private Path spec(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  private static Map<String, JsonNode> jobsByName(JsonNode jobsJson) {
    Map<String, JsonNode> byName = new TreeMap<>();
    jobsJson.get("jobs").forEach(job -> byName.put(job.get("name").asText(), job));
    return byName;
  }

  private static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(node -> values.add(node.asText()));
    return values;
  }

  @Test
  void createsAWorkflowAndListsItsJobsWithStatusesAndDependencies() throws IOException {
    Path spec =
        spec(
            "sweep.yaml",
            """
            name: sweep
            files:
              - name: in_{i}
                path: data/in_{i}.txt
                parameters: {i: "1:3"}
            jobs:
              - name: make_{i}
                command: echo {i} > ${files.output.in_{i}}
                parameters: {i: "1:3"}
              - name: use_{i}
                command: cat ${files.input.in_{i}}
                parameters: {i: "1:3"}
              - name: report
                command: echo done
                depends_on_regexes: ["use_.*"]
            """);

    CliRunner.Result created = cli.json("workflows", "create", spec.toString());
    assertThat(created.exitCode()).as(created.err()).isZero();
    long workflowId = created.json().get("workflow_id").asLong();

    CliRunner.Result listed = cli.json("jobs", "list", String.valueOf(workflowId));
    assertThat(listed.exitCode()).as(listed.err()).isZero();
    Map<String, JsonNode> jobs = jobsByName(listed.json());
    assertThat(jobs)
        .containsOnlyKeys("make_1", "make_2", "make_3", "use_1", "use_2", "use_3", "report");
    assertThat(jobs.get("make_2").get("status").asText()).isEqualTo("ready");
    assertThat(jobs.get("make_2").get("attempt_id").asInt()).isEqualTo(1);
    assertThat(jobs.get("use_2").get("status").asText()).isEqualTo("blocked");
    assertThat(texts(jobs.get("use_2").get("depends_on"))).containsExactly("make_2");
    assertThat(texts(jobs.get("report").get("depends_on")))
        .containsExactlyInAnyOrder("use_1", "use_2", "use_3");
    assertThat(jobs.get("use_3").get("command").asText()).isEqualTo("cat data/in_3.txt");

    CliRunner.Result blocked =
        cli.json("jobs", "list", String.valueOf(workflowId), "--status", "blocked");
    assertThat(jobsByName(blocked.json())).hasSize(4);

    long jobId = jobs.get("report").get("id").asLong();
    CliRunner.Result job = cli.json("jobs", "get", String.valueOf(jobId));
    assertThat(job.json().get("name").asText()).isEqualTo("report");
  }

  @Test
  void listsWorkflowsOldestFirstAndDeletesThem() throws IOException {
    Path spec =
        spec(
            "one.json",
            "{\"name\": \"one\", \"jobs\": [{\"name\": \"a\", \"command\": \"true\"}]}");
    long first =
        cli.json("workflows", "create", spec.toString()).json().get("workflow_id").asLong();
    long second =
        cli.json("workflows", "create", spec.toString()).json().get("workflow_id").asLong();

    JsonNode workflows = cli.json("workflows", "list").json().get("workflows");
    assertThat(workflows).hasSize(2);
    assertThat(workflows.get(0).get("id").asLong()).isEqualTo(first);
    assertThat(workflows.get(1).get("id").asLong()).isEqualTo(second);

    JsonNode status = cli.json("workflows", "status", String.valueOf(first)).json();
    assertThat(status.get("job_counts").get("ready").asInt()).isEqualTo(1);
    assertThat(status.get("is_complete").asBoolean()).isFalse();

    assertThat(cli.run("workflows", "delete", String.valueOf(first)).exitCode()).isZero();
    assertThat(cli.json("workflows", "list").json().get("workflows")).hasSize(1);
    CliRunner.Result missing = cli.run("workflows", "get", String.valueOf(first));
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("no workflow with id " + first);
  }

  @Test
  void refusesABrokenSpecWithOneLinePerProblemAndLeavesTheStoreAsItWas() throws IOException {
    Path good = spec("good.yaml", "name: good\njobs:\n  - name: a\n    command: 'true'\n");
    assertThat(cli.run("workflows", "create", good.toString()).exitCode()).isZero();
    Path broken =
        spec(
            "broken.yaml",
            """
            name: broken
            jobs:
              - name: a
                command: echo a
                depends_on: [c]
              - name: b
                command: echo b
                depends_on: [a]
              - name: c
                command: echo c
                depends_on: [b]
                resource_requirements: missing
            """);

    CliRunner.Result result = cli.run("workflows", "create", broken.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("cycle").contains("missing");
    assertThat(result.err().lines().filter(l -> l.startsWith("error: "))).hasSizeGreaterThan(1);
    assertThat(result.err()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(cli.json("workflows", "list").json().get("workflows")).hasSize(1);
  }

  @Test
  void namesTheLineAndColumnOfASyntaxError() throws IOException {
    Path broken = spec("typo.yaml", "name: typo\njobs:\n  - name: a\n    comand: echo a\n");

    CliRunner.Result result = cli.run("workflows", "create", broken.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("typo.yaml:4:").contains("comand");
  }

  @Test
  void aLargeWorkflowIsCreatedWithoutItsJobTableAndTablesCutLongCells() throws IOException {
    Path spec =
        spec(
            "wide.yaml",
            """
            name: wide
            jobs:
              - name: work_{i}
                command: 'true'
                parameters:
                  i: "1:150"
              - name: end
                command: 'true'
                depends_on_regexes: ["work_.*"]
            """);

    CliRunner.Result created = cli.run("workflows", "create", spec.toString());

    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(created.out())
        .contains("Created workflow 1 (wide) with 151 jobs")
        .contains("List its jobs with: torc jobs list 1")
        .doesNotContain("work_1 ");
    String table = cli.run("jobs", "list", "1").out();
    String endRow = table.lines().filter(l -> l.contains(" end ")).findFirst().orElseThrow();
    assertThat(endRow).contains("work_1,work_10,").endsWith("…  true").doesNotContain("work_99");
    assertThat(table.lines().mapToInt(String::length).max().orElseThrow())
        .isLessThan(3 * Output.MAX_CELL);
    assertThat(cli.json("jobs", "get", "151").json().get("depends_on")).hasSize(150);
  }

  @Test
  void dryRunValidatesWithoutStoring() throws IOException {
    Path spec = spec("dry.yaml", "name: dry\njobs:\n  - name: a\n    command: 'true'\n");

    CliRunner.Result result = cli.json("workflows", "create", spec.toString(), "--dry-run");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.json().get("num_jobs").asInt()).isEqualTo(1);
    assertThat(cli.json("workflows", "list").json().get("workflows")).isEmpty();
  }

  @Test
  void rejectsAnUnknownStatusAndAMissingFile() {
    CliRunner.Result status = cli.run("jobs", "list", "1", "--status", "done");
    assertThat(status.exitCode()).isEqualTo(2);
    assertThat(status.err()).contains("unknown job status 'done'");

    CliRunner.Result missing = cli.run("workflows", "create", dir.resolve("nope.yaml").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("spec file not found");
  }

  @Test
  void theExampleSpecsAreValid() {
    for (String example :
        List.of(
            "diamond.yaml",
            "parameter_sweep.yaml",
            "failure_handler_demo.yaml",
            "failure_handler_simulation.yaml")) {
      Path spec = Path.of("..", "torc-examples", "yaml", example);
      CliRunner.Result result = cli.json("workflows", "create", spec.toString(), "--dry-run");
      assertThat(result.exitCode()).as(example + ": " + result.err()).isZero();
    }
  }
}
