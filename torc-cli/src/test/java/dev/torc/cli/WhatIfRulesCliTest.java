package dev.torc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code torc recover --what-if} and {@code torc rules suggest} on real failures. */
class WhatIfRulesCliTest extends RunningCliTest {

  private long create(String yaml) throws Exception {
    CliRunner.Result created = cli.json("workflows", "create", spec(yaml).toString());
    assertThat(created.exitCode()).as(created.err()).isZero();
    return created.json().get("workflow_id").asLong();
  }

  @Test
  void whatIfReplaysAPolicyFileAndChangesNothing() throws Exception {
    long wf =
        create(
            """
            name: flaky
            use_pending_failed: true
            jobs:
              - name: refused_once
                command: >-
                  [ "$TORC_ATTEMPT_ID" -ge 2 ] || python3 -c "import socket;
                  socket.create_connection(('127.0.0.1', 1), timeout=5)"
              - name: fine
                command: echo ok
            """);
    CliRunner.Result watched =
        cli.run(
            "watch",
            String.valueOf(wf),
            "--recover",
            "-o",
            dir.resolve("out").toString(),
            "--poll-interval",
            "0.2");
    assertThat(watched.exitCode()).as(watched.out() + watched.err()).isZero();
    Path policy = dir.resolve("strict.yaml");
    Files.writeString(policy, "budgets: {transient: 0}\n");
    byte[] database = Files.readAllBytes(dir.resolve("torc.db"));

    CliRunner.Result text = cli.run("recover", String.valueOf(wf), "--what-if", policy.toString());
    CliRunner.Result json = cli.json("recover", String.valueOf(wf), "--what-if", policy.toString());

    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out())
        .contains("What strict.yaml would have done with the recorded failures of workflow " + wf)
        .containsPattern("refused_once \\(job \\d+, first failure transient\\): failed after 1")
        .contains("[recorded: completed after 2]")
        .contains("stop: retry budget for transient used up (0 of 0)")
        .contains("1 job(s) never failed")
        .contains("What-if: nothing was changed.");
    JsonNode job = json.json().get("jobs").get(0);
    assertThat(job.get("name").asText()).isEqualTo("refused_once");
    assertThat(job.get("final_state").asText()).isEqualTo("failed");
    assertThat(json.json().get("summary").get("failed").asInt()).isEqualTo(1);
    assertThat(json.json().get("policy").get("budgets").get("transient").asInt()).isZero();
    assertThat(Files.readAllBytes(dir.resolve("torc.db"))).isEqualTo(database);

    Files.writeString(policy, "budget: 3\n");
    CliRunner.Result invalid =
        cli.run("recover", String.valueOf(wf), "--what-if", policy.toString());
    assertThat(invalid.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(invalid.err()).contains("unknown key 'budget'");
  }

  @Test
  void rulesSuggestProposesARuleFromUsersClassifications() throws Exception {
    long wf =
        create(
            """
            name: learned
            use_pending_failed: true
            jobs:
              - name: desk_a
                command: "echo 'ERROR: ticket desk td-17 said no for /scratch/u1/run 12' >&2; exit 3"
              - name: desk_b
                command: "echo 'ERROR: ticket desk td-4 said no for /scratch/u22/x 7' >&2; exit 3"
            """);
    run(String.valueOf(wf));
    for (JsonNode j : cli.jobsByName(wf).values()) {
      CliRunner.Result classified =
          cli.run(
              "jobs",
              "classify",
              String.valueOf(wf),
              "--job",
              j.get("id").asText(),
              "--action",
              "retry",
              "--reason",
              "the desk comes back");
      assertThat(classified.exitCode()).as(classified.err()).isZero();
    }

    CliRunner.Result text = cli.run("rules", "suggest", String.valueOf(wf));
    CliRunner.Result json = cli.json("rules", "suggest", String.valueOf(wf), "--min-support", "2");
    CliRunner.Result none = cli.json("rules", "suggest", String.valueOf(wf), "--min-support", "3");

    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out())
        .contains("Learned from 2 classification(s) by people and agents")
        .contains("classification_rules:")
        .contains("# 2 agree, 0 conflict")
        .contains("classification: transient, confidence: 0.90}")
        .contains("Suggestions only: nothing was applied.");
    JsonNode rule = json.json().get("suggestions").get(0);
    assertThat(rule.get("support").asInt()).isEqualTo(2);
    Pattern pattern = Pattern.compile(rule.get("pattern").asText());
    assertThat(pattern.matcher("ERROR: ticket desk td-903 said no for /tmp/a/b 4").find()).isTrue();
    assertThat(pattern.matcher("ERROR: ticket desk closed").find()).isFalse();
    assertThat(none.json().get("suggestions")).isEmpty();

    assertThat(cli.run("rules", "suggest", "--help").out())
        .contains("Propose classification rules learned from the classifications people");
  }
}
