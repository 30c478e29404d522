package dev.torc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ActionsCliTest extends RunningCliTest {

  private boolean allCompleted(long workflowId) {
    JsonNode jobs = cli.json("jobs", "list", String.valueOf(workflowId)).json().get("jobs");
    for (JsonNode job : jobs) {
      if (!job.get("status").asText().equals("completed")) {
        return false;
      }
    }
    return true;
  }

  @Test
  void submitFiresALocalScheduleNodesActionWhoseRunnerProcessCompletesTheWorkflow()
      throws Exception {
    Path spec =
        spec(
            """
            name: staged
            jobs:
              - name: setup
                command: echo setup > DIR/setup.txt
              - name: work_{i}
                command: echo {i}
                depends_on: [setup]
                parameters:
                  i: "1:3"
              - name: finish
                command: 'true'
                depends_on_regexes: ['work_.*']
            actions:
              - trigger_type: on_workflow_start
                action_type: run_commands
                commands: ["echo started > started.txt"]
              - trigger_type: on_workflow_start
                action_type: schedule_nodes
                scheduler_type: local
                num_allocations: 1
                max_parallel_jobs: 2
              - trigger_type: on_workflow_complete
                action_type: run_commands
                commands: ["echo finished > finished.txt"]
            """);
    Path out = dir.resolve("out");
    CliRunner.Result submitted =
        cli.run("-f", "json", "submit", spec.toString(), "-o", out.toString());
    assertThat(submitted.exitCode()).as(submitted.err()).isZero();
    JsonNode json = submitted.json();
    long id = json.get("workflow_id").asLong();
    assertThat(json.get("actions_fired").asInt()).isEqualTo(2);
    assertThat(Files.readString(out.resolve("started.txt")).strip()).isEqualTo("started");

    Await.until(
        "the local worker completes the workflow", Duration.ofMinutes(3), () -> allCompleted(id));
    Await.until(
        "the worker fires on_workflow_complete",
        Duration.ofMinutes(1),
        () -> Files.exists(out.resolve("finished.txt")));
    assertThat(Files.readString(dir.resolve("setup.txt")).strip()).isEqualTo("setup");
    List<Path> workerLogs;
    try (Stream<Path> logs = Files.list(out.resolve("local_workers"))) {
      workerLogs = logs.toList();
    }
    assertThat(workerLogs).singleElement().asString().contains("worker_wf" + id + "_");

    // A second submit fires nothing again.
    CliRunner.Result again =
        cli.run("-f", "json", "submit", String.valueOf(id), "-o", out.toString());
    assertThat(again.json().get("actions_fired").asInt()).isZero();
    JsonNode events = cli.json("events", "list", String.valueOf(id)).json();
    assertThat(events.toString()).contains("action_fired").doesNotContain("action_failed");
  }

  @Test
  void theOriginalsSimpleActionsExampleRuns() throws IOException {
    Path spec = dir.resolve("workflow_actions_simple.yaml");
    Files.writeString(
        spec,
        """
        name: "Simple Workflow with Actions"
        user: "demo"
        jobs:
          - name: "setup"
            command: "echo 'Setting up...'"
          - name: "process"
            command: "echo 'Processing data...'"
            depends_on: ["setup"]
          - name: "finalize"
            command: "echo 'Finalizing...'"
            depends_on: ["process"]
        actions:
          - trigger_type: "on_workflow_start"
            action_type: "run_commands"
            commands:
              - "echo 'Workflow started at $(date)' > workflow_log.txt"
              - "mkdir -p output temp"
              - "echo 'Environment ready'"
          - trigger_type: "on_workflow_complete"
            action_type: "run_commands"
            commands:
              - "echo 'Workflow completed at $(date)' >> workflow_log.txt"
              - "rm -rf temp"
              - "tar -czf output/results.tar.gz workflow_log.txt"
        """);
    CliRunner.Result result = run(spec.toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    Path out = dir.resolve("out");
    assertThat(Files.readAllLines(out.resolve("workflow_log.txt")))
        .hasSize(2)
        .satisfies(lines -> assertThat(lines.get(1)).startsWith("Workflow completed at"));
    assertThat(out.resolve("output/results.tar.gz")).exists();
    assertThat(out.resolve("temp")).doesNotExist();
  }

  @Test
  void submitOfAnUnknownWorkflowIsAOneLineError() {
    CliRunner.Result result = cli.run("submit", "999");
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.err().strip()).doesNotContain("\n").contains("999");
  }
}
