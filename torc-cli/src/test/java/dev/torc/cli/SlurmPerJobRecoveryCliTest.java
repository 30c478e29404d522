package dev.torc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.torc.slurm.Slurm;
import dev.torc.slurm.SlurmCluster;
import dev.torc.slurm.hpc.HpcProfiles;
import dev.torc.store.AllocationRecord;
import dev.torc.store.JobResult;
import dev.torc.store.Stores;
import dev.torc.store.WorkflowStore;
import java.io.IOException;
import java.io.UncheckedIOException;
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

/**
 * Recovery of attempts run by the per-job {@code slurm} executor on the real cluster
 * (.ci/slurm-local-up.sh, with accounting): a node failure under an attempt, and a job Slurm kills
 * over its memory request.
 */
@Tag("slurm")
class SlurmPerJobRecoveryCliTest extends RunningCliTest {
  private static final Duration BOUND = Duration.ofMinutes(4);

  private long workflowId;
  private String node;

  @BeforeAll
  static void cluster() {
    SlurmCluster.require();
  }

  @AfterEach
  void cleanUp() throws Exception {
    System.clearProperty(HpcProfiles.FILE_PROPERTY);
    if (node != null) {
      slurm("scontrol", "update", "nodename=" + node, "state=resume");
    }
    List<String> ids = new ArrayList<>();
    if (Files.exists(dir.resolve("ids"))) {
      ids.addAll(Files.readAllLines(dir.resolve("ids")));
    }
    if (workflowId != 0) {
      allocations().forEach(a -> ids.add(a.slurmJobId()));
    }
    if (!ids.isEmpty()) {
      List<String> command = new ArrayList<>(List.of("scancel"));
      command.addAll(ids);
      slurm(command.toArray(String[]::new));
    }
  }

  /** Runs a Slurm command; its standard output. */
  private static String slurm(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** sacct's {@code --parsable2} line of the job itself (not its steps), with these fields. */
  private static String sacct(String slurmId, String fields) {
    return slurm("sacct", "-n", "-X", "--parsable2", "-j", slurmId, "-o", fields).strip();
  }

  private List<AllocationRecord> allocations() {
    try (WorkflowStore store = Stores.sqlite(dir.resolve("torc.db"))) {
      return Slurm.of(store).listAllocations(workflowId);
    }
  }

  private List<JobResult> results() {
    try (WorkflowStore store = Stores.sqlite(dir.resolve("torc.db"))) {
      return store.listResults(workflowId);
    }
  }

  private CliRunner.Result ok(String... args) {
    CliRunner.Result result = cli.json(args);
    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    return result;
  }

  /** Creates the workflow with one scheduler (the account is not enforced on the local cluster). */
  private String create(String spec) throws Exception {
    workflowId =
        ok("workflows", "create", spec(spec).toString()).json().get("workflow_id").asLong();
    String wf = String.valueOf(workflowId);
    ok("slurm", "create", wf, "--name", "one", "--account", "test", "--walltime", "00:10:00");
    return wf;
  }

  private CliRunner.Result runPerJob(String wf) {
    return cli.json(
        "workflows",
        "run",
        wf,
        "--quiet",
        "-o",
        dir.resolve("out").toString(),
        "--poll-interval",
        "0.2",
        "--executor",
        "slurm");
  }

  /** The Slurm job ids the job's attempts ran in, as they wrote them to DIR/ids, oldest first. */
  private List<String> slurmIds() {
    Path ids = dir.resolve("ids");
    try {
      return Files.exists(ids) ? Files.readAllLines(ids) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aNodeFailureUnderAnAttemptRunsTheJobAgainWithoutSpendingItsRetries() throws Exception {
    String wf =
        create(
            """
            name: node_fail
            failure_handlers:
              - name: never_retry
                rules:
                  - match_all_exit_codes: true
                    max_retries: 0
            jobs:
              - name: victim
                command: 'echo "$SLURM_JOB_ID" >> DIR/ids; [ -e DIR/ran ] || { touch DIR/ran; sleep 300; }'
                failure_handler: never_retry
            """);
    node = slurm("sinfo", "-h", "-N", "-o", "%N").lines().findFirst().orElseThrow().strip();

    CompletableFuture<CliRunner.Result> run = CompletableFuture.supplyAsync(() -> runPerJob(wf));
    Await.until(
        "the first attempt to run in Slurm",
        BOUND,
        () -> Files.exists(dir.resolve("ran")) && slurmIds().size() == 1);
    String first = slurmIds().get(0);
    slurm("scontrol", "update", "nodename=" + node, "state=down", "reason=torc-test");
    Await.until(
        "Slurm to end job " + first + " as NODE_FAIL",
        BOUND,
        () -> sacct(first, "State").equals("NODE_FAIL"));
    slurm("scontrol", "update", "nodename=" + node, "state=resume");
    node = null;
    CliRunner.Result result = run.get(BOUND.toSeconds(), TimeUnit.SECONDS);

    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    JsonNode victim = job(workflowId, "victim");
    assertThat(victim.get("status").asText()).isEqualTo("completed");
    assertThat(victim.get("attempt_id").asInt()).isEqualTo(2);
    assertThat(slurmIds()).hasSize(2).doesNotHaveDuplicates();
    assertThat(results())
        .extracting(JobResult::attemptId, JobResult::returnCode)
        .containsExactly(tuple(1, JobResult.LOST_RETURN_CODE), tuple(2, 0));
    assertThat(cli.events(workflowId, "job_retry"))
        .singleElement()
        .satisfies(m -> assertThat(m).contains("attempt 1 lost").contains("NODE_FAIL"))
        .satisfies(m -> assertThat(m).doesNotContain("max_retries"));
  }

  @Test
  void recoverResizesAJobSlurmKilledOverItsMemoryByItsMaxRssAndItsNewAllocationRunsIt()
      throws Exception {
    Path profile = dir.resolve("local.yaml");
    ok("hpc", "generate", "--name", "local", "-o", profile.toString());
    System.setProperty(HpcProfiles.FILE_PROPERTY, profile.toString());
    // tail holds what it read until its input ends: 250 MB, five seconds long, past the 1 s
    // sampling of OverMemoryKill.
    String wf =
        create(
            """
            name: over_memory
            resource_requirements:
              - name: small
                num_cpus: 1
                memory: 100m
                runtime: PT5M
            jobs:
              - name: hog
                command: 'echo "$SLURM_JOB_ID" >> DIR/ids; (head -c 250M /dev/zero; sleep 5) | tail > /dev/null'
                resource_requirements: small
            """);

    CliRunner.Result first = runPerJob(wf);

    assertThat(first.exitCode()).as(first.out() + first.err()).isNotZero();
    String killed = slurmIds().get(0);
    String accounting = sacct(killed, "State,ExitCode");
    // OverMemoryKill (the local cluster has no cgroups) ends the job FAILED by SIGKILL, after its
    // sampler saw the whole peak. (With SLURM_LOCAL_CGROUP=v1 the kernel kills it at its limit:
    // OUT_OF_MEMORY 0:125, and MaxRSS stays below the request.)
    assertThat(accounting).isEqualTo("FAILED|0:9");
    long maxRss = maxRssBytes(killed);
    assertThat(maxRss).isGreaterThan(100L << 20);
    JobResult killedAttempt = results().get(0);
    assertThat(killedAttempt.returnCode()).isEqualTo(137);
    assertThat(killedAttempt.peakMemoryBytes()).isEqualTo(maxRss);

    CliRunner.Result recovered =
        cli.run(
            "recover",
            wf,
            "--hpc-profile",
            "local",
            "--oom-headroom",
            "1",
            "-o",
            dir.resolve("out").toString());
    assertThat(recovered.exitCode()).as(recovered.out() + recovered.err()).isZero();
    Await.until(
        "the resized job to complete",
        BOUND,
        () -> job(workflowId, "hog").get("status").asText().equals("completed"));

    JsonNode hog = job(workflowId, "hog");
    long resized;
    try (WorkflowStore store = Stores.sqlite(dir.resolve("torc.db"))) {
      resized = store.getJob(hog.get("id").asLong()).requirements().memory().bytes();
    }
    // max(request, peak) x 1.5, rounded up: the peak Slurm measured decided the new size.
    assertThat(resized).isGreaterThanOrEqualTo((long) (maxRss * 1.5));
    List<AllocationRecord> allocations = allocations();
    assertThat(allocations).hasSize(1);
    AllocationRecord regenerated = allocations.get(0);
    assertThat(regenerated.schedulerName()).isNotEqualTo("one");
    assertThat(hog.get("scheduler").asText()).isEqualTo(regenerated.schedulerName());
    assertThat(slurmIds()).containsExactly(killed, regenerated.slurmJobId());
  }

  /** The largest MaxRSS of the job's steps, as sacct reports it (bytes with --noconvert). */
  private static long maxRssBytes(String slurmId) throws Exception {
    long max = 0;
    for (String line :
        slurm("sacct", "-n", "--parsable2", "--noconvert", "-j", slurmId, "-o", "MaxRSS")
            .lines()
            .toList()) {
      String bytes = line.strip();
      if (!bytes.isEmpty()) {
        max = Math.max(max, Long.parseLong(bytes));
      }
    }
    return max;
  }
}
