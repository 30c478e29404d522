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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code torc watch} of a workflow run by real Slurm allocations (.ci/slurm-local-up.sh). */
@Tag("slurm")
class SlurmWatchCliTest extends RunningCliTest {
  private static final Duration BOUND = Duration.ofMinutes(4);

  private long workflowId;

  @BeforeAll
  static void cluster() {
    SlurmCluster.require();
  }

  @AfterEach
  void cancelLeftovers() throws Exception {
    if (workflowId == 0) {
      return;
    }
    List<String> command = new ArrayList<>(List.of("scancel"));
    allocations().forEach(a -> command.add(a.slurmJobId()));
    if (command.size() > 1) {
      new ProcessBuilder(command).inheritIO().start().waitFor(60, TimeUnit.SECONDS);
    }
  }

  private List<AllocationRecord> allocations() {
    try (WorkflowStore store = Stores.sqlite(dir.resolve("torc.db"))) {
      return Slurm.of(store).listAllocations(workflowId);
    }
  }

  private CliRunner.Result ok(String... args) {
    CliRunner.Result result = cli.json(args);
    assertThat(result.exitCode()).as(result.err()).isZero();
    return result;
  }

  @Test
  void watchWithAutoScheduleSettlesALostAllocationsJobAndFinishesItInANewOne() throws Exception {
    Path marker = dir.resolve("started-once");
    workflowId =
        ok(
                "workflows",
                "create",
                spec("""
                    name: slurm_watch
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
                        .replace("MARKER", marker.toString()))
                    .toString())
            .json()
            .get("workflow_id")
            .asLong();
    String wf = String.valueOf(workflowId);
    String out = dir.resolve("out").toString();
    ok("slurm", "create", wf, "--name", "one", "--account", "test", "--walltime", "00:10:00");
    String first =
        ok("slurm", "schedule-nodes", wf, "-o", out).json().get("job_ids").get(0).asText();
    Await.until(
        "the job to run in allocation " + first,
        BOUND,
        () ->
            job(workflowId, "sleeper").get("status").asText().equals("running")
                && Files.exists(marker));

    Process scancel = new ProcessBuilder("scancel", first).inheritIO().start();
    assertThat(scancel.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(scancel.exitValue()).isZero();

    CliRunner.Result watched =
        CompletableFuture.supplyAsync(
                () -> cli.run("watch", wf, "--recover", "--auto-schedule", "-p", "1", "-o", out))
            .get(BOUND.toSeconds(), TimeUnit.SECONDS);

    assertThat(watched.exitCode()).as(watched.out() + watched.err()).isZero();
    assertThat(watched.out()).contains("Workflow completed successfully");
    JsonNode job = job(workflowId, "sleeper");
    assertThat(job.get("status").asText()).isEqualTo("completed");
    assertThat(job.get("attempt_id").asInt()).isEqualTo(2);
    assertThat(cli.events(workflowId, "job_retry"))
        .anyMatch(m -> m.contains("lost") && m.contains(first));
    List<AllocationRecord> allocations = allocations();
    assertThat(allocations).hasSize(2);
    assertThat(allocations.get(0).state()).isEqualTo("CANCELLED");
  }
}
