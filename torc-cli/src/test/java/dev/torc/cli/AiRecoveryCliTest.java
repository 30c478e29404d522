package dev.torc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code --ai-recovery} end to end: torc runs an agent command that speaks MCP through the official
 * TypeScript client to the {@code torc mcp-server} torc configured for it; and agents that are
 * missing, fail, hang or say nothing leave the jobs pending_failed with one clear line.
 */
class AiRecoveryCliTest extends RunningCliTest {
  private static final String TEST_AGENT = "node " + NodeClient.NODE_DIR.resolve("test-agent.mjs");

  private long workflow;

  @BeforeEach
  void failSomeJobs() throws Exception {
    NodeClient.requireNode();
    Path spec =
        spec(
            """
            name: ai
            use_pending_failed: true
            jobs:
              - name: network
                command: '[ "$TORC_ATTEMPT_ID" -ge 2 ] || { echo "ConnectionError: Connection refused" >&2; exit 1; }'
              - name: bug
                command: 'echo "ValueError: bad input" >&2; exit 1'
              - name: after_network
                command: echo downstream
                depends_on: [network]
              - name: after_bug
                command: echo downstream
                depends_on: [bug]
            """);
    CliRunner.Result result = run(spec.toString());
    assertThat(result.exitCode()).as(result.err()).isEqualTo(3);
    workflow = result.json().get("workflow_id").asLong();
  }

  /** Runs torc in a new JVM, as a user would, so that its log lines on stderr can be read. */
  private NodeClient.Run torc(String command, String... extra) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--database",
                dir.resolve("torc.db").toString(),
                command,
                String.valueOf(workflow),
                "-o",
                dir.resolve("out").toString(),
                "--ai-recovery"));
    args.addAll(List.of(extra));
    return NodeClient.run(NodeClient.torc(args.toArray(String[]::new)), Map.of(), dir);
  }

  private Map<String, JsonNode> jobs() {
    return cli.jobsByName(workflow);
  }

  private void assertClassifiedByTheAgent(NodeClient.Run run) {
    Map<String, JsonNode> jobs = jobs();
    assertThat(jobs.get("network").get("status").asText()).as(run.err()).isEqualTo("completed");
    assertThat(jobs.get("network").get("attempt_id").asInt()).isEqualTo(2);
    assertThat(jobs.get("after_network").get("status").asText()).isEqualTo("completed");
    assertThat(jobs.get("bug").get("status").asText()).isEqualTo("failed");
    assertThat(jobs.get("after_bug").get("status").asText()).isEqualTo("canceled");
    assertThat(cli.events(workflow, "job_classified"))
        .hasSize(2)
        .anySatisfy(
            m ->
                assertThat(m)
                    .contains("network")
                    .contains("mcp:test-agent")
                    .contains("transient: connection refused"))
        .anySatisfy(
            m ->
                assertThat(m)
                    .contains("bug")
                    .contains("mcp:test-agent")
                    .contains("ValueError: bad input"));
  }

  private void assertStillPendingFailed(NodeClient.Run run) {
    Map<String, JsonNode> jobs = jobs();
    assertThat(jobs.get("network").get("status").asText())
        .as(run.err())
        .isEqualTo("pending_failed");
    assertThat(jobs.get("bug").get("status").asText()).isEqualTo("pending_failed");
    assertThat(cli.events(workflow, "job_classified")).isEmpty();
  }

  @Test
  void recoverRunsTheAgentWhichRetriesTheTransientFailureAndFailsTheBug() throws Exception {
    NodeClient.Run run = torc("recover", "--ai-agent", TEST_AGENT);

    assertThat(run.exitCode()).as("a job failed; stderr:\n%s", run.err()).isEqualTo(1);
    assertClassifiedByTheAgent(run);
  }

  @Test
  void watchRunsTheAgentToo() throws Exception {
    NodeClient.Run run = torc("watch", "--ai-agent", TEST_AGENT, "--poll-interval", "0.1");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertClassifiedByTheAgent(run);
  }

  /** Runs {@code watch} with an agent that does not classify, and checks what it says. */
  private void assertJobsStayPendingFailed(String agent, String why, String... extra)
      throws Exception {
    List<String> args = new ArrayList<>(List.of("--ai-agent", agent, "--poll-interval", "0.1"));
    args.addAll(List.of(extra));
    NodeClient.Run run = torc("watch", args.toArray(String[]::new));

    assertThat(run.err())
        .contains("WARN")
        .contains(why)
        .contains("2 job(s) of workflow " + workflow + " stay pending_failed");
    assertStillPendingFailed(run);
  }

  @Test
  void aMissingAgentLeavesTheJobsPendingFailedWithOneClearLine() throws Exception {
    assertJobsStayPendingFailed(dir.resolve("no-such-agent").toString(), "could not be started");
  }

  @Test
  void anAgentThatFailsLeavesTheJobsPendingFailed() throws Exception {
    assertJobsStayPendingFailed("sh -c 'echo giving up; exit 3'", "exited with status 3");
  }

  @Test
  void anAgentPastItsTimeoutIsStoppedAndTheJobsStayPendingFailed() throws Exception {
    assertJobsStayPendingFailed(
        "sh -c 'sleep 120'", "did not finish within 1 s and was stopped", "--ai-timeout", "1");
  }

  @Test
  void anAgentThatOnlyPrintsGarbageChangesNothing() throws Exception {
    assertJobsStayPendingFailed("sh -c 'echo \"{not json\"'", "classified none");
  }
}
