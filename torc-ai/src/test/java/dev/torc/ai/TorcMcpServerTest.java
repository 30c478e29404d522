package dev.torc.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.torc.model.JobSpec;
import dev.torc.model.Workflow;
import dev.torc.sdk.CreateRequest;
import dev.torc.sdk.Torc;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server in this process, on piped streams: what it lists and how it refuses. */
class TorcMcpServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void readOnlyLeavesOutTheFourToolsThatChangeAnything() {
    try (Torc torc = Torc.inMemory()) {
      List<String> all = TorcMcpServer.builder(torc).build().toolNames();
      List<String> readOnly = TorcMcpServer.builder(torc).readOnly(true).build().toolNames();

      assertThat(all).hasSize(16).doesNotHaveDuplicates();
      assertThat(all)
          .containsSubsequence(
              "create_workflow",
              "get_slurm_sacct",
              "update_job_resources",
              "recover_workflow",
              "list_pending_failed_jobs",
              "classify_and_resolve_failures");
      assertThat(readOnly)
          .hasSize(12)
          .doesNotContain(
              "create_workflow",
              "update_job_resources",
              "recover_workflow",
              "classify_and_resolve_failures");
    }
  }

  @Test
  void answersOverNewlineDelimitedJsonRpcAndRefusesWithAnErrorResult() throws Exception {
    try (Torc torc = Torc.inMemory()) {
      PipedOutputStream toServer = new PipedOutputStream();
      PipedInputStream serverIn = new PipedInputStream(toServer, 1 << 16);
      PipedOutputStream serverOut = new PipedOutputStream();
      PipedInputStream fromServer = new PipedInputStream(serverOut, 1 << 16);
      TorcMcpServer server = TorcMcpServer.builder(torc).outputDir(dir).build();
      Thread serving =
          new Thread(
              () -> {
                try {
                  server.serve(serverIn, serverOut);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      serving.start();
      String requests =
          """
          {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"unit","version":"1"}}}
          {"jsonrpc":"2.0","method":"notifications/initialized"}
          not json at all
          {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"get_workflow_status","arguments":{"workflow_id":42}}}
          {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"get_job_logs","arguments":{"workflow_id":"x","job_id":1}}}
          """;
      toServer.write(requests.getBytes(StandardCharsets.UTF_8));
      toServer.flush();
      BufferedReader answers =
          new BufferedReader(new InputStreamReader(fromServer, StandardCharsets.UTF_8));
      List<JsonNode> received = new ArrayList<>();
      while (received.size() < 3) {
        received.add(JSON.readTree(answers.readLine()));
      }
      toServer.close();
      serving.join(TimeUnit.SECONDS.toMillis(30));

      assertThat(serving.isAlive()).as("serve() returns when the input ends").isFalse();
      assertThat(received.get(0).get("result").get("protocolVersion").asText())
          .isEqualTo("2025-06-18");
      assertThat(received.get(0).get("result").get("serverInfo").get("name").asText())
          .isEqualTo("torc");
      JsonNode unknown = received.get(1).get("result");
      assertThat(unknown.get("isError").asBoolean()).isTrue();
      assertThat(unknown.get("content").get(0).get("text").asText())
          .isEqualTo("no workflow with id 42");
      JsonNode badType = received.get(2).get("result");
      assertThat(badType.get("isError").asBoolean()).isTrue();
      assertThat(badType.get("content").get(0).get("text").asText())
          .isEqualTo("workflow_id must be an integer, was \"x\"");
    }
  }

  @Test
  void getSlurmSacctAnswersTheSacctRowsOfTheWorkflowsAllocations() throws Exception {
    try (Torc torc = Torc.open(dir.resolve("torc.db"))) {
      long id =
          torc.createWorkflow(
                  CreateRequest.workflow(
                          Workflow.builder("no_allocations")
                              .job(JobSpec.builder("a").command("true").build())
                              .build())
                      .build())
              .workflowId();
      List<JsonNode> received =
          answers(
              TorcMcpServer.builder(torc).outputDir(dir).build(),
              """
              {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"unit","version":"1"}}}
              {"jsonrpc":"2.0","method":"notifications/initialized"}
              {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"get_slurm_sacct","arguments":{"workflow_id":ID}}}
              {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"get_slurm_sacct","arguments":{"workflow_id":999}}}
              """
                  .replace("ID", String.valueOf(id)),
              3);

      JsonNode sacct = received.get(1).get("result");
      assertThat(sacct.path("isError").asBoolean()).isFalse();
      JsonNode answer = JSON.readTree(sacct.get("content").get(0).get("text").asText());
      assertThat(answer.get("workflow_id").asLong()).isEqualTo(id);
      assertThat(answer.get("rows").isArray()).isTrue();
      assertThat(answer.get("rows")).isEmpty();
      JsonNode unknown = received.get(2).get("result");
      assertThat(unknown.get("isError").asBoolean()).isTrue();
      assertThat(unknown.get("content").get(0).get("text").asText())
          .isEqualTo("no workflow with id 999");
    }
  }

  /** Serves these newline-delimited requests and returns the first {@code count} answers. */
  private static List<JsonNode> answers(TorcMcpServer server, String requests, int count)
      throws Exception {
    PipedOutputStream toServer = new PipedOutputStream();
    PipedInputStream serverIn = new PipedInputStream(toServer, 1 << 16);
    PipedOutputStream serverOut = new PipedOutputStream();
    PipedInputStream fromServer = new PipedInputStream(serverOut, 1 << 16);
    Thread serving =
        new Thread(
            () -> {
              try {
                server.serve(serverIn, serverOut);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    serving.start();
    toServer.write(requests.getBytes(StandardCharsets.UTF_8));
    toServer.flush();
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(fromServer, StandardCharsets.UTF_8));
    List<JsonNode> received = new ArrayList<>();
    while (received.size() < count) {
      received.add(JSON.readTree(lines.readLine()));
    }
    toServer.close();
    serving.join(TimeUnit.SECONDS.toMillis(30));
    return received;
  }
}
