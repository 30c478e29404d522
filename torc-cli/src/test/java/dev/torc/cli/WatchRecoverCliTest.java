package dev.torc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.model.Memory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code torc recover} and {@code torc watch} with real processes and a real SQLite store. */
class WatchRecoverCliTest extends RunningCliTest {

  private long create(Path spec) {
    CliRunner.Result created = cli.json("workflows", "create", spec.toString());
    assertThat(created.exitCode()).as(created.err()).isZero();
    return created.json().get("workflow_id").asLong();
  }

  private long example(String name) {
    return create(Path.of("..", "torc-examples", "yaml", name).toAbsolutePath().normalize());
  }

  private CliRunner.Result watch(long wf, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "watch",
                String.valueOf(wf),
                "-o",
                dir.resolve("out").toString(),
                "--poll-interval",
                "0.5",
                "--num-cpus",
                "2"));
    args.addAll(List.of(extra));
    return cli.run(args.toArray(String[]::new));
  }

  private String requirement(long wf, String job, String field) {
    return job(wf, job).get("resource_requirements").get(field).asText();
  }

  /** What the store holds about the workflow, as the CLI prints it. */
  private String dump(long wf) {
    return cli.json("jobs", "list", String.valueOf(wf)).out()
        + cli.json("results", "list", String.valueOf(wf), "--all-runs").out()
        + cli.json("events", "list", String.valueOf(wf)).out()
        + cli.json("jobs", "failures", String.valueOf(wf)).out()
        + cli.json("workflows", "get", String.valueOf(wf)).out();
  }

  @Test
  void theOomExampleFailsFirstAndRecoverDryRunChangesNothingThenWatchRecoversIt() throws Exception {
    long wf = example("oom_auto_recovery.yaml");
    assertThat(run(String.valueOf(wf)).exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(job(wf, "train_model").get("status").asText()).isEqualTo("failed");
    String before = dump(wf);
    byte[] database = Files.readAllBytes(dir.resolve("torc.db"));

    CliRunner.Result dry = cli.run("recover", String.valueOf(wf), "--dry-run");

    assertThat(dry.exitCode()).as(dry.err()).isZero();
    assertThat(dry.out())
        .containsPattern("Job \\d+ \\(train_model\\): OOM detected, increasing memory 150m -> 900m")
        .contains("Applied fixes: 1 OOM, 0 timeout")
        .contains("Dry run: nothing was changed.");
    assertThat(Files.readAllBytes(dir.resolve("torc.db"))).isEqualTo(database);
    assertThat(dump(wf)).isEqualTo(before);

    CliRunner.Result watched = watch(wf, "--recover", "--show-job-counts");

    assertThat(watched.exitCode()).as(watched.out() + watched.err()).isZero();
    assertThat(watched.out())
        .contains("Attempting automatic recovery (attempt 1/3)")
        .contains("Applied fixes: 1 OOM, 0 timeout")
        .contains("Workflow completed successfully (3 jobs)")
        .doesNotContain("attempt 2/3");
    // The retry ran with 6x headroom; the job keeps its measured peak (200m and the shell's) x 1.2.
    String newMemory = requirement(wf, "train_model", "memory");
    assertThat(Memory.parse(newMemory).bytes())
        .isBetween(Memory.parse("240m").bytes(), Memory.parse("300m").bytes());
    assertThat(cli.events(wf, "recovery_right_sized"))
        .singleElement()
        .asString()
        .contains("killed at 150m", "memory 900m -> " + newMemory);
    assertThat(watched.out())
        .containsPattern(
            "Job \\d+ \\(train_model\\) right-sized: killed at 150m, completed with 900m of"
                + " headroom using \\d+m at its peak; memory 900m -> "
                + newMemory);
    assertThat(requirement(wf, "prepare", "memory")).isEqualTo("64m");
    assertThat(requirement(wf, "summarize", "memory")).isEqualTo("64m");
    assertThat(cli.jobsByName(wf).values())
        .allSatisfy(j -> assertThat(j.get("status").asText()).isEqualTo("completed"));
  }

  @Test
  void recoverRunsTheOomJobWithHeadroomOnceAndRightSizesIt() {
    long wf = example("oom_auto_recovery.yaml");
    assertThat(run(String.valueOf(wf)).exitCode()).isEqualTo(ExitCodes.FAILURE);

    CliRunner.Result recovered =
        cli.run("recover", String.valueOf(wf), "-o", dir.resolve("out").toString(), "--quiet");

    assertThat(recovered.exitCode()).as(recovered.out() + recovered.err()).isZero();
    String memory = requirement(wf, "train_model", "memory");
    assertThat(recovered.out())
        .contains("OOM detected, increasing memory 150m -> 900m")
        .containsPattern(
            "Job \\d+ \\(train_model\\) right-sized: killed at 150m, completed with 900m of"
                + " headroom using \\d+m at its peak; memory 900m -> "
                + memory);
    assertThat(Memory.parse(memory).bytes())
        .isBetween(Memory.parse("240m").bytes(), Memory.parse("300m").bytes());
    assertThat(job(wf, "train_model").get("attempt_id").asInt()).isEqualTo(2);
  }

  @Test
  void theTimeoutExampleCompletesUnderWatchRecoverWithOneAndAHalfTimesTheRuntime() {
    long wf = example("timeout_auto_recovery.yaml");

    CliRunner.Result watched = watch(wf, "--auto-recover");

    assertThat(watched.exitCode()).as(watched.out() + watched.err()).isZero();
    assertThat(watched.out())
        .containsPattern(
            "Job \\d+ \\(simulate\\): Timeout detected, increasing runtime PT4S -> PT6S")
        .contains("Applied fixes: 0 OOM, 1 timeout")
        .contains("  - Terminated: 1")
        .contains("Workflow completed successfully (3 jobs)");
    assertThat(requirement(wf, "simulate", "runtime")).isEqualTo("PT6S");
    assertThat(requirement(wf, "setup", "runtime")).isEqualTo("PT1M");
    assertThat(job(wf, "simulate").get("attempt_id").asInt()).isEqualTo(2);
  }

  @Test
  void recoverResizesAndRunsAgainOnce() {
    long wf = example("timeout_auto_recovery.yaml");
    assertThat(run(String.valueOf(wf)).exitCode()).isEqualTo(ExitCodes.FAILURE);

    CliRunner.Result capped =
        cli.run("recover", String.valueOf(wf), "--dry-run", "--max-runtime", "PT5S");
    assertThat(capped.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(capped.out())
        .containsPattern(
            "Job \\d+ \\(simulate\\): Timeout detected, but runtime PT6S exceeds the limit PT5S;"
                + " not retrying")
        .contains("No recoverable jobs found. 1 job(s) failed.");

    CliRunner.Result recovered =
        cli.run(
            "recover",
            String.valueOf(wf),
            "--runtime-multiplier",
            "2",
            "-o",
            dir.resolve("out").toString(),
            "--quiet");

    assertThat(recovered.exitCode()).as(recovered.out() + recovered.err()).isZero();
    assertThat(recovered.out())
        .contains("Timeout detected, increasing runtime PT4S -> PT8S")
        .contains("Reset 2 job(s)")
        .contains("completed: 3 completed");
    assertThat(requirement(wf, "simulate", "runtime")).isEqualTo("PT8S");
  }

  @Test
  void watchStopsAfterMaxRetriesWithStatusOne() throws Exception {
    long wf =
        create(
            spec(
                """
                name: always_killed
                resource_requirements:
                  - {name: r, memory: 64m, runtime: PT1M}
                jobs:
                  - name: doomed
                    command: kill -9 $$
                    resource_requirements: r
                """));

    CliRunner.Result watched = watch(wf, "--recover", "--max-retries", "2");

    assertThat(watched.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(watched.out())
        .contains("OOM detected, increasing memory 64m -> 384m")
        .contains("OOM detected, increasing memory 384m -> 576m")
        .contains("Attempting automatic recovery (attempt 2/2)")
        .doesNotContain("attempt 3/")
        .contains("Max retries (2) exceeded. Manual intervention required.")
        .contains("Use the Torc MCP server with your AI assistant to investigate.");
    assertThat(job(wf, "doomed").get("attempt_id").asInt()).isEqualTo(3);
    assertThat(requirement(wf, "doomed", "memory")).isEqualTo("576m");
  }

  @Test
  void aJobThatWouldOutgrowTheMachineFailsWithAMessageInsteadOfRetrying() throws Exception {
    long wf = example("oom_auto_recovery.yaml");

    // 224m is below the multiplier's least answer (150m x 1.5), whatever peak the samples caught;
    // with more, a low sampled peak earns a retry capped at the machine's memory, which completes.
    CliRunner.Result watched = watch(wf, "--recover", "--memory-gb", "0.21875");

    assertThat(watched.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(watched.out())
        .containsPattern(
            "Job \\d+ \\(train_model\\): OOM detected, but memory \\d+m exceeds the 224m"
                + " available; not retrying")
        .contains("No recoverable jobs found.");
    assertThat(requirement(wf, "train_model", "memory")).isEqualTo("150m");
    assertThat(job(wf, "train_model").get("status").asText()).isEqualTo("failed");
    assertThat(
            cli.json("events", "list", String.valueOf(wf), "--kind", "recovery_over_limit").out())
        .contains("train_model");
  }

  @Test
  void unknownFailuresAreReportedNotRetriedUnlessAHookOrRetryUnknownSaysSo() throws Exception {
    Path marker = dir.resolve("marker");
    Path hooked = dir.resolve("hooked");
    long wf =
        create(
            spec(
                """
                name: flaky
                jobs:
                  - name: flaky
                    command: test -f MARKER || { touch MARKER; exit 3; }
                  - name: after
                    command: "true"
                    depends_on: [flaky]
                """
                    .replace("MARKER", marker.toString())));

    CliRunner.Result plain = watch(wf);
    assertThat(plain.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(plain.out())
        .contains("  - Failed: 1")
        .contains("Auto-recovery disabled. To enable, use --auto-recover flag.");

    CliRunner.Result notRecoverable = watch(wf, "--recover");
    assertThat(notRecoverable.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(notRecoverable.out())
        .contains("1 job(s) with unknown failure cause (skipped, use --retry-unknown to include)")
        .contains("No recoverable jobs found. 1 job(s) failed, 1 with unknown causes.");

    CliRunner.Result recovered =
        watch(
            wf,
            "--recover",
            "--recovery-hook",
            "echo \"$TORC_WORKFLOW_ID\" >> " + hooked + "; printf 'hooked %s\\n' >> " + hooked);
    assertThat(recovered.exitCode()).as(recovered.out() + recovered.err()).isZero();
    assertThat(recovered.out())
        .containsPattern("Job \\d+ \\(flaky\\): unknown failure cause, retrying without changes");
    assertThat(Files.readString(hooked)).isEqualTo(wf + "\nhooked " + wf + "\n");
  }

  @Test
  void pendingFailedJobsAreShownClassifiedByRulesAndUnknownOnesRecoveredWhenAsked()
      throws Exception {
    long wf =
        create(
            spec(
                """
                name: parked
                use_pending_failed: true
                jobs:
                  - name: flaky
                    command: test -f DIR/f || { touch DIR/f; echo 'Connection refused' >&2; exit 1; }
                  - name: odd
                    command: test -f DIR/o || { touch DIR/o; exit 5; }
                  - name: after
                    command: "true"
                    depends_on: [odd]
                """));

    CliRunner.Result watched =
        watch(wf, "--recover", "--classify", "rules", "--retry-unknown", "--show-job-counts");

    assertThat(watched.exitCode()).as(watched.out() + watched.err()).isZero();
    assertThat(watched.out())
        .contains("blocked=1, pending_failed=1")
        .contains("  - Pending failed (awaiting classification): 1")
        .containsPattern("Job \\d+ \\(odd\\): unknown failure cause, retrying without changes")
        .contains("Workflow completed successfully (3 jobs)");
    assertThat(job(wf, "flaky").get("attempt_id").asInt()).isEqualTo(2);
    assertThat(job(wf, "odd").get("attempt_id").asInt()).isEqualTo(2);
    assertThat(cli.json("events", "list", String.valueOf(wf), "--kind", "job_classified").out())
        .contains("flaky");
  }
}
