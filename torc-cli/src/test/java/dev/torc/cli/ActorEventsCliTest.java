package dev.torc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Changes made from the command line name the user and the command in the event log. */
class ActorEventsCliTest {
  @TempDir Path dir;

  @Test
  void resetAndCancelAreLoggedWithTheUser() throws IOException {
    CliRunner cli = new CliRunner(dir.resolve("torc.db"));
    Path spec =
        Files.writeString(
            dir.resolve("wf.yaml"), "name: wf\njobs:\n  - name: a\n    command: 'true'\n");
    long id = cli.json("workflows", "create", spec.toString()).json().get("workflow_id").asLong();

    assertThat(cli.run("workflows", "reset-status", String.valueOf(id)).exitCode()).isZero();
    assertThat(cli.run("workflows", "cancel", String.valueOf(id)).exitCode()).isZero();

    String user = "user " + Objects.requireNonNullElse(System.getenv("USER"), "unknown");
    assertThat(cli.events(id, "user_request"))
        .containsExactly(
            "reset 1 jobs by " + user + ": reset-status",
            "canceled the workflow by " + user + ": cancel");
  }

  @Test
  void anUnknownIdExitsWithInvalidInput() {
    CliRunner cli = new CliRunner(dir.resolve("torc.db"));

    CliRunner.Result logs = cli.run("jobs", "logs", "42");
    CliRunner.Result classify = cli.run("jobs", "classify", "7", "--job", "1", "--action", "retry");

    assertThat(logs.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(logs.err()).contains("no job with id 42");
    assertThat(classify.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(classify.err()).contains("no workflow with id 7");
  }
}
