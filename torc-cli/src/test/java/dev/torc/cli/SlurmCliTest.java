package dev.torc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.torc.slurm.Slurm;
import dev.torc.slurm.SlurmCluster;
import dev.torc.store.AllocationRecord;
import dev.torc.store.Stores;
import dev.torc.store.WorkflowStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Workflows run by torc workers inside real Slurm allocations (.ci/slurm-local-up.sh): the batch
 * script runs this JVM's Java and class path on the test's SQLite store.
 */
@Tag("slurm")
class SlurmCliTest extends RunningCliTest {
  private static final Duration BOUND = Duration.ofMinutes(4);

  private final List<String> submitted = new ArrayList<>();

  @BeforeAll
  static void cluster() {
    SlurmCluster.require();
  }

  @AfterEach
  void cancelLeftovers() throws Exception {
    if (!submitted.isEmpty()) {
      List<String> command = new ArrayList<>(List.of("scancel"));
      command.addAll(submitted);
      new ProcessBuilder(command).inheritIO().start().waitFor(60, TimeUnit.SECONDS);
    }
  }

  private long create(String spec) throws Exception {
    return cli.json("workflows", "create", spec(spec).toString())
        .json()
        .get("workflow_id")
        .asLong();
  }

  private long scheduler(long workflowId, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "slurm",
                "create",
                String.valueOf(workflowId),
                "--name",
                "one",
                "--account",
                "test",
                "--walltime",
                "00:10:00"));
    args.addAll(List.of(extra));
    CliRunner.Result created = cli.json(args.toArray(String[]::new));
    assertThat(created.exitCode()).as(created.err()).isZero();
    return created.json().get("id").asLong();
  }

  private List<String> scheduleNodes(long workflowId, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "slurm",
                "schedule-nodes",
                String.valueOf(workflowId),
                "-o",
                dir.resolve("out").toString()));
    args.addAll(List.of(extra));
    CliRunner.Result result = cli.json(args.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.err()).isZero();
    List<String> ids = new ArrayList<>();
    result.json().get("job_ids").forEach(id -> ids.add(id.asText()));
    submitted.addAll(ids);
    return ids;
  }

  private List<AllocationRecord> allocations(long workflowId) {
    try (WorkflowStore store = Stores.sqlite(dir.resolve("torc.db"))) {
      return Slurm.of(store).listAllocations(workflowId);
    }
  }

  private String status(long workflowId, String job) {
    return job(workflowId, job).get("status").asText();
  }

  private String workerLogs() throws Exception {
    StringBuilder text = new StringBuilder();
    try (var files = Files.list(dir.resolve("out"))) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith("slurm_")).toList()) {
        text.append(f).append(":\n").append(Files.readString(f)).append('\n');
      }
    }
    return text.toString();
  }

  @Test
  void workflowsRunWithTheSlurmExecutorRunsEachJobAsItsOwnSlurmJob() throws Exception {
    long wf =
        create(
            """
            name: per_job
            jobs:
              - name: first
                command: echo "slurm=$SLURM_JOB_ID"
              - name: second
                command: echo "slurm=$SLURM_JOB_ID"
                depends_on: [first]
            """);
    scheduler(wf);
    CliRunner.Result result =
        cli.json(
            "workflows",
            "run",
            String.valueOf(wf),
            "--quiet",
            "-o",
            dir.resolve("out").toString(),
            "--poll-interval",
            "0.2",
            "--executor",
            "slurm");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(status(wf, "second")).isEqualTo("completed");
    List<String> ids = new ArrayList<>();
    try (var logs = Files.list(dir.resolve("out").resolve("job_stdio"))) {
      for (Path log : logs.filter(p -> p.toString().endsWith(".o")).toList()) {
        ids.add(Files.readString(log).strip());
      }
    }
    assertThat(ids).hasSize(2).doesNotHaveDuplicates().allMatch(id -> id.matches("slurm=\\d+"));
  }

  @Test
  void anUnknownExecutorIsAUsageErrorNamingTheKnownOnes() throws Exception {
    long wf = create("name: one\njobs:\n  - name: a\n    command: 'true'\n");
    CliRunner.Result result =
        cli.json("workflows", "run", String.valueOf(wf), "--executor", "nope");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("unknown --executor 'nope'; known executors: local")
        .contains("slurm");
    assertThat(cli.json("run", "--help").out())
        .contains("--executor")
        .contains("known: local")
        .contains("slurm");
  }

  @Test
  void scheduleNodesRunsAWorkflowToCompletionInOneAllocation() throws Exception {
    long wf =
        create(
            """
            name: slurm_small
            resource_requirements:
              - name: small
                num_cpus: 1
                memory: 100m
                runtime: PT1M
            jobs:
              - name: first
                command: echo first
                resource_requirements: small
              - name: left
                command: echo left
                resource_requirements: small
                depends_on: [first]
              - name: right
                command: echo right
                resource_requirements: small
                depends_on: [first]
              - name: last
                command: echo last
                resource_requirements: small
                depends_on: [left, right]
            """);
    long schedulerId = scheduler(wf, "--extra", "--cpus-per-task=2");
    JsonNode listed = cli.json("slurm", "list", String.valueOf(wf)).json().get("slurm_schedulers");
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).get("id").asLong()).isEqualTo(schedulerId);

    List<String> ids = scheduleNodes(wf, "--scheduler-config-id", String.valueOf(schedulerId));
    assertThat(ids).hasSize(1);

    Await.until(
        "the workflow to complete in its allocation",
        BOUND,
        () ->
            List.of("first", "left", "right", "last").stream()
                .allMatch(j -> status(wf, j).equals("completed")));
    Await.until(
        "the allocation to end",
        BOUND,
        () -> {
          cli.json("workflows", "sync-status", String.valueOf(wf));
          return !allocations(wf).get(0).live();
        });
    AllocationRecord allocation = allocations(wf).get(0);
    assertThat(allocation.state()).as(workerLogs()).isEqualTo("COMPLETED");
    assertThat(allocation.slurmJobId()).isEqualTo(ids.get(0));
    assertThat(allocation.schedulerId()).isEqualTo(schedulerId);
    assertThat(allocation.startedAt()).isNotNull();

    JsonNode sacct =
        cli.json(
                "slurm",
                "sacct",
                String.valueOf(wf),
                "--save-json",
                "-o",
                dir.resolve("out").toString())
            .json();
    assertThat(sacct.get("rows").get(0).get("job_id").asText()).isEqualTo(ids.get(0));
    assertThat(dir.resolve("out").resolve("sacct_wf" + wf + ".json")).exists();
  }

  @Test
  void aCancelledAllocationsJobIsSettledByAsyncStatusAndFinishedByANewOne() throws Exception {
    Path marker = dir.resolve("started-once");
    long wf =
        create(
            """
            name: slurm_cancel
            resource_requirements:
              - name: small
                num_cpus: 1
                memory: 100m
                runtime: PT2M
            jobs:
              - name: sleeper
                command: "if [ -e MARKER ]; then echo again; else touch MARKER; sleep 300; fi"
                resource_requirements: small
            """
                .replace("MARKER", marker.toString()));
    scheduler(wf);
    String first = scheduleNodes(wf).get(0);
    Await.until(
        "the job to run in allocation " + first,
        BOUND,
        () -> status(wf, "sleeper").equals("running") && Files.exists(marker));

    Process scancel = new ProcessBuilder("scancel", first).inheritIO().start();
    assertThat(scancel.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(scancel.exitValue()).isZero();

    Await.until(
        "sync-status to settle the job of the cancelled allocation",
        BOUND,
        () ->
            cli.json("workflows", "sync-status", String.valueOf(wf))
                        .json()
                        .get("jobs_settled")
                        .asInt()
                    > 0
                || !status(wf, "sleeper").equals("running"));
    JsonNode job = job(wf, "sleeper");
    assertThat(job.get("status").asText()).isEqualTo("ready");
    assertThat(job.get("attempt_id").asInt()).isEqualTo(2);
    assertThat(allocations(wf).get(0).state()).isEqualTo("CANCELLED");
    assertThat(cli.events(wf, "job_retry")).anyMatch(m -> m.contains("lost") && m.contains(first));

    Await.until(
        "parse-logs to find the cancellation in the allocation's log",
        BOUND,
        () -> {
          JsonNode found =
              cli.json(
                      "slurm",
                      "parse-logs",
                      String.valueOf(wf),
                      "--errors-only",
                      "-o",
                      dir.resolve("out").toString())
                  .json()
                  .get("findings");
          for (JsonNode f : found) {
            if (f.get("kind").asText().equals("cancelled")
                && f.get("file").asText().contains("_sl" + first + ".e")) {
              return true;
            }
          }
          return false;
        });

    String second = scheduleNodes(wf).get(0);
    assertThat(second).isNotEqualTo(first);
    Await.until(
        "the job to complete in allocation " + second,
        BOUND,
        () -> status(wf, "sleeper").equals("completed"));
  }

  @Test
  void sbatchRefusingAnUnknownPartitionIsAClearErrorAndRecordsNothing() throws Exception {
    long wf =
        create(
            """
            name: slurm_refused
            jobs:
              - name: one
                command: "true"
            """);
    scheduler(wf, "--partition", "no_such_partition");
    CliRunner.Result result =
        cli.run(
            "slurm",
            "schedule-nodes",
            String.valueOf(wf),
            "-n",
            "2",
            "-o",
            dir.resolve("out").toString());
    assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(result.err().strip().lines()).hasSize(1);
    assertThat(result.err())
        .contains("sbatch refused the allocation of Slurm scheduler 'one'")
        .contains("invalid partition");
    assertThat(allocations(wf)).isEmpty();
  }

  @Test
  void cancelScancelsTheWorkflowsLiveAllocations() throws Exception {
    long wf =
        create(
            """
            name: slurm_cancel_all
            resource_requirements:
              - name: small
                num_cpus: 1
                memory: 100m
                runtime: PT2M
            jobs:
              - name: sleeper
                command: sleep 300
                resource_requirements: small
            """);
    scheduler(wf);
    String id = scheduleNodes(wf).get(0);
    Await.until("the job to run", BOUND, () -> status(wf, "sleeper").equals("running"));
    JsonNode canceled = cli.json("workflows", "cancel", String.valueOf(wf)).json();
    assertThat(canceled.get("cancelled_allocations").get(0).asText()).isEqualTo(id);
    Await.until(
        "Slurm to see allocation " + id + " cancelled",
        BOUND,
        () -> {
          try {
            Process p =
                new ProcessBuilder("sacct", "-n", "-X", "--parsable2", "-j", id, "-o", "State")
                    .start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(60, TimeUnit.SECONDS);
            return out.startsWith("CANCELLED");
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }
}
