package dev.torc.cli;

import static dev.torc.cli.NodeClient.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code torc mcp-server} driven by the official MCP TypeScript client (and once by the MCP
 * Inspector) over stdio, on a real workflow whose jobs really failed.
 */
class McpServerCliTest extends RunningCliTest {
  static final List<String> TOOLS =
      List.of(
          "create_workflow",
          "get_execution_plan",
          "get_job_details",
          "list_jobs_by_status",
          "get_workflow_status",
          "get_workflow_summary",
          "list_results",
          "analyze_workflow_logs",
          "get_job_logs",
          "list_failed_jobs",
          "check_resource_utilization",
          "get_slurm_sacct",
          "update_job_resources",
          "recover_workflow",
          "list_pending_failed_jobs",
          "classify_and_resolve_failures");
  static final List<String> MUTATING =
      List.of(
          "create_workflow",
          "update_job_resources",
          "recover_workflow",
          "classify_and_resolve_failures");
  private static final ObjectMapper JSON = new ObjectMapper();

  private long workflow;
  private long other;
  private Map<String, JsonNode> jobs;

  @BeforeEach
  void failSomeJobs() throws Exception {
    NodeClient.requireNode();
    workflow = failedWorkflow("mcp_failures");
    other = failedWorkflow("other_failures");
    jobs = cli.jobsByName(workflow);
    assertThat(jobs.get("network").get("status").asText()).isEqualTo("pending_failed");
    assertThat(jobs.get("bug").get("status").asText()).isEqualTo("pending_failed");
  }

  /** Runs a workflow whose jobs fail with real stderr: two await classification. */
  private long failedWorkflow(String name) throws Exception {
    Path spec =
        spec(
            """
            name: NAME
            use_pending_failed: true
            resource_requirements:
              - name: small
                num_cpus: 1
                memory: 100m
                runtime: PT10M
            jobs:
              - name: network
                command: '[ "$TORC_ATTEMPT_ID" -ge 2 ] || { echo "ConnectionError: Connection refused" >&2; exit 1; }'
                resource_requirements: small
              - name: bug
                command: 'echo "ValueError: bad input" >&2; exit 1'
                resource_requirements: small
              - name: after_bug
                command: echo downstream
                depends_on: [bug]
              - name: fine
                command: echo all good
            """
                .replace("NAME", name));
    CliRunner.Result result = run(spec.toString());
    assertThat(result.exitCode()).as(result.err()).isEqualTo(3);
    return result.json().get("workflow_id").asLong();
  }

  private List<String> server(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--database",
                dir.resolve("torc.db").toString(),
                "mcp-server",
                "--output-dir",
                dir.resolve("out").toString()));
    args.addAll(List.of(extra));
    return args;
  }

  private JsonNode calls(NodeClient.Call... calls) throws Exception {
    return NodeClient.calls(dir, server(), "torc-tests", List.of(calls));
  }

  @SafeVarargs
  private NodeClient.Call classify(Map<String, Object>... classifications) {
    return call(
        "classify_and_resolve_failures",
        "workflow_id",
        workflow,
        "classifications",
        List.of(classifications));
  }

  private long id(String job) {
    return jobs.get(job).get("id").asLong();
  }

  private static JsonNode answer(JsonNode result) {
    assertThat(result.has("protocol_error")).as(result.toString()).isFalse();
    assertThat(result.get("is_error").asBoolean()).as(result.toString()).isFalse();
    try {
      return JSON.readTree(result.get("text").asText());
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + result, e);
    }
  }

  private static String refusal(JsonNode result) {
    assertThat(result.has("protocol_error")).as(result.toString()).isFalse();
    assertThat(result.get("is_error").asBoolean()).as(result.toString()).isTrue();
    String text = result.get("text").asText();
    assertThat(text).doesNotContain("\tat ").doesNotContain("Exception:");
    return text;
  }

  @Test
  void listsTheSixteenToolsWithDescribedParameters() throws Exception {
    JsonNode report = calls();

    List<String> names = new ArrayList<>();
    report.get("tools").forEach(t -> names.add(t.get("name").asText()));
    assertThat(names).containsExactlyElementsOf(TOOLS);
    assertThat(report.get("server").get("name").asText()).isEqualTo("torc");
    for (JsonNode tool : report.get("tools")) {
      assertThat(tool.get("description").asText()).as(tool.toString()).isNotBlank();
      JsonNode properties = tool.get("input_schema").get("properties");
      assertThat(properties.size()).as(tool.get("name").asText()).isPositive();
      properties
          .fields()
          .forEachRemaining(
              p ->
                  assertThat(p.getValue().get("description").asText())
                      .as(tool.get("name").asText() + "." + p.getKey())
                      .isNotBlank());
    }
    JsonNode classify = report.get("tools").get(TOOLS.indexOf("classify_and_resolve_failures"));
    assertThat(classify.get("input_schema").get("required"))
        .extracting(JsonNode::asText)
        .containsExactly("workflow_id", "classifications");
    assertThat(
            classify
                .get("input_schema")
                .get("properties")
                .get("classifications")
                .get("items")
                .get("properties")
                .fieldNames())
        .toIterable()
        .containsExactly("job_id", "action", "memory", "runtime", "reason");
  }

  @Test
  void readOnlyListsNoToolThatChangesAnything() throws Exception {
    JsonNode report =
        NodeClient.calls(
            dir,
            server("--read-only"),
            "torc-tests",
            List.of(call("classify_and_resolve_failures", "workflow_id", workflow)));

    Set<String> names = new HashSet<>();
    report.get("tools").forEach(t -> names.add(t.get("name").asText()));
    assertThat(names).hasSize(TOOLS.size() - MUTATING.size()).doesNotContainAnyElementsOf(MUTATING);
    assertThat(report.get("results").get(0).get("protocol_error").asText())
        .contains("Unknown tool");
    assertThat(cli.jobsByName(workflow).get("network").get("status").asText())
        .isEqualTo("pending_failed");
  }

  @Test
  void everyToolAnswersOnARealWorkflow() throws Exception {
    Files.writeString(dir.resolve("out").resolve("not-a-log.txt"), "x");
    JsonNode results =
        calls(
                call("get_workflow_status", "workflow_id", workflow),
                call("get_workflow_summary", "workflow_id", workflow),
                call("list_jobs_by_status", "workflow_id", workflow, "status", "pending_failed"),
                call("list_jobs_by_status", "workflow_id", workflow, "limit", 2, "offset", 1),
                call("get_job_details", "job_id", id("bug")),
                call(
                    "list_results",
                    "workflow_id",
                    workflow,
                    "failed_only",
                    true,
                    "sort_by",
                    "job_id"),
                call("list_results", "workflow_id", workflow, "return_code", 0),
                call("list_failed_jobs", "workflow_id", workflow),
                call("list_pending_failed_jobs", "workflow_id", workflow),
                call(
                    "get_job_logs",
                    "workflow_id",
                    workflow,
                    "job_id",
                    id("bug"),
                    "log_type",
                    "stderr",
                    "tail_lines",
                    5),
                call("get_job_logs", "workflow_id", workflow, "job_id", id("fine")),
                call("analyze_workflow_logs", "workflow_id", workflow),
                call("check_resource_utilization", "workflow_id", workflow, "include_failed", true),
                call("get_execution_plan", "spec_or_id", workflow),
                call(
                    "get_execution_plan",
                    "spec_or_id",
                    Map.of(
                        "name",
                        "planned",
                        "jobs",
                        List.of(
                            Map.of("name", "a", "command", "true"),
                            Map.of("name", "b", "command", "true", "depends_on", List.of("a"))))),
                call(
                    "create_workflow",
                    "spec_json",
                    Map.of(
                        "name",
                        "validated",
                        "jobs",
                        List.of(Map.of("name", "a", "command", "true"))),
                    "action",
                    "validate"),
                call("get_slurm_sacct", "workflow_id", workflow),
                call(
                    "update_job_resources",
                    "job_id",
                    id("bug"),
                    "memory",
                    "200m",
                    "reason",
                    "needs a little more"),
                call("recover_workflow", "workflow_id", workflow, "dry_run", true),
                call(
                    "create_workflow",
                    "spec_json",
                    Map.of(
                        "name", "created", "jobs", List.of(Map.of("name", "a", "command", "true"))),
                    "user",
                    "alice"),
                call(
                    "create_workflow",
                    "spec_json",
                    "name: saved\njobs:\n  - name: a\n    command: 'true'\n",
                    "action",
                    "save_spec_file",
                    "output_path",
                    "specs/saved.yaml"),
                call(
                    "classify_and_resolve_failures",
                    "workflow_id",
                    workflow,
                    "classifications",
                    List.of(Map.of("job_id", id("network"), "action", "retry")),
                    "dry_run",
                    true))
            .get("results");

    List<String> called = new ArrayList<>();
    results.forEach(r -> called.add(r.get("tool").asText()));
    assertThat(new HashSet<>(called)).containsExactlyInAnyOrderElementsOf(TOOLS);

    JsonNode status = answer(results.get(0));
    assertThat(status.get("workflow_id").asLong()).isEqualTo(workflow);
    assertThat(status.get("job_counts").get("pending_failed").asInt()).isEqualTo(2);
    assertThat(status.get("job_counts").get("completed").asInt()).isEqualTo(1);
    assertThat(answer(results.get(1)).toString()).contains("pending_failed");
    assertThat(answer(results.get(2)).toString())
        .contains("\"network\"")
        .contains("\"bug\"")
        .doesNotContain("\"fine\"");
    assertThat(answer(results.get(3)).toString()).doesNotContain("\"network\"");
    assertThat(answer(results.get(4)).toString()).contains("ValueError").contains("bug");
    assertThat(answer(results.get(5)).toString()).contains("\"network\"").contains("\"bug\"");
    assertThat(answer(results.get(6)).toString()).contains("\"fine\"").doesNotContain("\"bug\"");
    assertThat(answer(results.get(7)).toString()).contains("failed");

    JsonNode pending = answer(results.get(8));
    assertThat(pending.get("pending_failed_count").asInt()).isEqualTo(2);
    Map<String, String> stderr = new java.util.TreeMap<>();
    pending
        .get("pending_failed_jobs")
        .forEach(j -> stderr.put(j.get("name").asText(), j.get("stderr_tail").asText()));
    assertThat(stderr.get("network")).contains("ConnectionError: Connection refused");
    assertThat(stderr.get("bug")).contains("ValueError: bad input");

    assertThat(answer(results.get(9)).toString()).contains("ValueError: bad input");
    assertThat(answer(results.get(10)).toString()).contains("all good");
    assertThat(answer(results.get(11)).toString()).contains("ValueError");
    answer(results.get(12));
    assertThat(answer(results.get(13)).toString()).contains("after_bug");
    assertThat(answer(results.get(14)).toString()).contains("\"a\"").contains("\"b\"");
    assertThat(answer(results.get(15)).toString()).contains("validated");
    assertThat(answer(results.get(16)).get("rows")).isEmpty();
    assertThat(answer(results.get(17)).toString()).contains("200m");
    assertThat(answer(results.get(18)).get("dry_run").asBoolean()).isTrue();
    long created = answer(results.get(19)).get("workflow_id").asLong();
    assertThat(cli.jobsByName(created)).containsOnlyKeys("a");
    assertThat(answer(results.get(20)).toString()).contains("saved.yaml");
    assertThat(dir.resolve("specs/saved.yaml")).content().contains("name: saved");
    assertThat(answer(results.get(21)).get("classifications").get(0).get("action").asText())
        .isEqualTo("retry");

    assertThat(cli.events(workflow, dev.torc.sdk.Torc.EVENT_REQUEST))
        .anySatisfy(m -> assertThat(m).contains("mcp:torc-tests").contains("needs a little more"));
    assertThat(cli.jobsByName(workflow).get("network").get("status").asText())
        .as("a dry-run recovery changes nothing")
        .isEqualTo("pending_failed");
  }

  @Test
  void refusesUnknownIdsOtherWorkflowsJobsAndOutOfBoundsValuesAndChangesNothing() throws Exception {
    long othersJob = cli.jobsByName(other).get("network").get("id").asLong();
    String before = StoreDump.of(dir.resolve("torc.db"));

    JsonNode results =
        calls(
                call("get_workflow_status", "workflow_id", 999_999),
                call("get_job_details", "job_id", 999_999),
                call("list_pending_failed_jobs", "workflow_id", 999_999),
                call("get_job_logs", "workflow_id", workflow, "job_id", othersJob),
                classify(
                    Map.of("job_id", id("network"), "action", "retry"),
                    Map.of("job_id", othersJob, "action", "retry")),
                classify(Map.of("job_id", id("fine"), "action", "fail")),
                classify(Map.of("job_id", id("network"), "action", "retry", "memory", "100000g")),
                call("update_job_resources", "job_id", id("bug"), "num_cpus", 100_000),
                call("update_job_resources", "job_id", id("fine"), "memory", "1g"),
                call("update_job_resources", "job_id", 999_999, "memory", "1g"),
                call("get_workflow_status", "workflow_id", "abc"),
                call("get_workflow_status", "workflow_id", workflow, "colour", "blue"),
                call("list_jobs_by_status", "workflow_id", workflow, "status", "sleeping"),
                call("analyze_workflow_logs", "workflow_id", workflow, "output_dir", "../.."),
                call(
                    "create_workflow",
                    "spec_json",
                    Map.of(
                        "name", "escape", "jobs", List.of(Map.of("name", "a", "command", "true"))),
                    "action",
                    "save_spec_file",
                    "output_path",
                    "../escape.json"),
                call(
                    "create_workflow",
                    "spec_json",
                    Map.of("name", "hpc", "jobs", List.of(Map.of("name", "a", "command", "true"))),
                    "workflow_type",
                    "slurm",
                    "account",
                    "acct"),
                call("create_workflow", "spec_json", Map.of("jobs", List.of())),
                call("get_slurm_sacct", "workflow_id", 999_999),
                call("no_such_tool"))
            .get("results");

    assertThat(refusal(results.get(0))).contains("999999");
    assertThat(refusal(results.get(1))).contains("999999");
    assertThat(refusal(results.get(2))).contains("999999");
    assertThat(refusal(results.get(3))).contains(String.valueOf(othersJob));
    assertThat(refusal(results.get(4))).contains(String.valueOf(othersJob));
    assertThat(refusal(results.get(5))).contains("pending_failed");
    assertThat(refusal(results.get(6))).containsIgnoringCase("memory");
    assertThat(refusal(results.get(7))).containsIgnoringCase("cpu");
    assertThat(refusal(results.get(8))).contains("completed");
    assertThat(refusal(results.get(9))).contains("999999");
    assertThat(refusal(results.get(10))).contains("workflow_id");
    assertThat(refusal(results.get(11))).contains("colour");
    assertThat(refusal(results.get(12))).contains("sleeping");
    assertThat(refusal(results.get(13))).contains("outside");
    assertThat(refusal(results.get(14))).contains("outside");
    assertThat(refusal(results.get(15))).contains("slurm").contains("not supported yet");
    assertThat(refusal(results.get(16))).containsIgnoringCase("name");
    assertThat(refusal(results.get(17))).contains("999999");
    assertThat(results.get(18).get("protocol_error").asText()).contains("Unknown tool");

    assertThat(StoreDump.of(dir.resolve("torc.db"))).isEqualTo(before);
    assertThat(dir.getParent().resolve("escape.json")).doesNotExist();
  }

  @Test
  void classifyingWithDryRunChangesNothingAndForRealRecordsTheClientAndReason() throws Exception {
    List<Map<String, Object>> classifications =
        List.of(
            Map.of(
                "job_id",
                id("network"),
                "action",
                "retry",
                "memory",
                "200m",
                "reason",
                "storage server was down"),
            Map.of("job_id", id("bug"), "action", "fail", "reason", "bad input data"));
    String before = StoreDump.of(dir.resolve("torc.db"));

    JsonNode dry =
        answer(
            calls(
                    call(
                        "classify_and_resolve_failures",
                        "workflow_id",
                        workflow,
                        "classifications",
                        classifications,
                        "dry_run",
                        true))
                .get("results")
                .get(0));
    assertThat(dry.get("dry_run").asBoolean()).isTrue();
    assertThat(dry.get("classifications")).hasSize(2);
    assertThat(StoreDump.of(dir.resolve("torc.db"))).isEqualTo(before);

    JsonNode applied =
        answer(
            NodeClient.calls(
                    dir,
                    server(),
                    "claude-code",
                    List.of(
                        call(
                            "classify_and_resolve_failures",
                            "workflow_id",
                            workflow,
                            "classifications",
                            classifications)))
                .get("results")
                .get(0));
    assertThat(applied.get("dry_run").asBoolean()).isFalse();
    Map<String, JsonNode> after = cli.jobsByName(workflow);
    assertThat(after.get("network").get("status").asText()).isEqualTo("ready");
    assertThat(after.get("network").get("attempt_id").asInt()).isEqualTo(2);
    assertThat(after.get("network").get("resource_requirements").get("memory").asText())
        .isEqualTo("200m");
    assertThat(after.get("bug").get("status").asText()).isEqualTo("failed");
    assertThat(after.get("after_bug").get("status").asText()).isEqualTo("canceled");
    assertThat(cli.jobsByName(other).get("network").get("status").asText())
        .isEqualTo("pending_failed");
    List<String> events = cli.events(workflow, "job_classified");
    assertThat(events)
        .anySatisfy(
            m ->
                assertThat(m)
                    .contains("network")
                    .contains("retry")
                    .contains("mcp:claude-code")
                    .contains("storage server was down"))
        .anySatisfy(
            m ->
                assertThat(m)
                    .contains("bug")
                    .contains("mcp:claude-code")
                    .contains("bad input data"));
  }

  @Test
  void theMcpInspectorListsTheToolsInCliMode() throws Exception {
    List<String> command =
        new ArrayList<>(List.of("npx", "@modelcontextprotocol/inspector", "--cli"));
    command.addAll(NodeClient.torc(server().toArray(String[]::new)));
    command.addAll(List.of("--method", "tools/list"));

    NodeClient.Run run = NodeClient.run(command, Map.of(), dir);

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<String> names = new ArrayList<>();
    run.json().get("tools").forEach(t -> names.add(t.get("name").asText()));
    assertThat(names).containsExactlyElementsOf(TOOLS);
  }

  @Test
  void stdoutCarriesNothingButJsonRpcEvenWithDebugLogging() throws Exception {
    List<String> command =
        NodeClient.torc(
            "--log-level",
            "debug",
            "--database",
            dir.resolve("torc.db").toString(),
            "mcp-server",
            "--output-dir",
            dir.resolve("out").toString());
    Path err = dir.resolve("server.err");
    Process server = new ProcessBuilder(command).redirectError(err.toFile()).start();
    try (OutputStream in = server.getOutputStream()) {
      String lines =
          """
          {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2024-11-05","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}
          {"jsonrpc":"2.0","method":"notifications/initialized"}
          this line is not JSON-RPC
          {"jsonrpc":"2.0","id":2,"method":"tools/list"}
          {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"get_workflow_status","arguments":{"workflow_id":WF}}}
          """
              .replace("WF", String.valueOf(workflow));
      in.write(lines.getBytes(StandardCharsets.UTF_8));
      in.flush();
      List<JsonNode> answers = new ArrayList<>();
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      while (answers.size() < 3) {
        String line = out.readLine();
        assertThat(line)
            .as("server stdout ended early; stderr:\n%s", Files.readString(err))
            .isNotNull();
        JsonNode message = JSON.readTree(line);
        assertThat(message.get("jsonrpc").asText()).as(line).isEqualTo("2.0");
        answers.add(message);
      }
      in.close();
      assertThat(out.readLine()).isNull();
      assertThat(answers).extracting(a -> a.get("id").asInt()).containsExactly(1, 2, 3);
      assertThat(answers.get(2).get("result").get("content").get(0).get("text").asText())
          .contains("pending_failed");
    } finally {
      assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(server.exitValue()).isZero();
    assertThat(Files.readString(err))
        .contains("DEBUG")
        .contains("Ignored a line on stdin that is not a JSON-RPC message");
  }
}
