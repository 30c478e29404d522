package dev.torc.slurm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.executor.AttemptEnd;
import dev.torc.executor.AttemptHandle;
import dev.torc.executor.AttemptSpec;
import dev.torc.executor.ExecutorContext;
import dev.torc.model.JobSpec;
import dev.torc.model.JobStatus;
import dev.torc.model.SlurmScheduler;
import dev.torc.model.Workflow;
import dev.torc.run.JobRunner;
import dev.torc.run.RunOptions;
import dev.torc.run.RunResult;
import dev.torc.slurm.SlurmCluster;
import dev.torc.store.JobRecord;
import dev.torc.store.RunnerInfo;
import dev.torc.store.Stores;
import dev.torc.store.WorkflowStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each attempt its own Slurm job on the real local cluster (.ci/slurm-local-up.sh). */
@Tag("slurm")
class SlurmExecutorTest {
  private static final Duration BOUND = Duration.ofMinutes(4);

  private static final String ID = "echo slurm=$SLURM_JOB_ID";

  @TempDir Path dir;

  @BeforeAll
  static void cluster() {
    SlurmCluster.require();
  }

  private static SlurmScheduler scheduler(String partition) {
    return new SlurmScheduler(
        "one", "test", partition, 1, "00:10:00", null, null, null, null, null, null);
  }

  private RunOptions options() {
    return RunOptions.builder()
        .executor("slurm")
        .outputDir(dir.resolve("out"))
        .pollInterval(Duration.ofMillis(500))
        .build();
  }

  @Test
  void aDiamondRunsEachAttemptAsItsOwnSlurmJobWithItsLogs() throws Exception {
    Workflow diamond =
        Workflow.builder("diamond")
            .slurmScheduler(scheduler(null))
            .job(JobSpec.builder("top").command(ID + "; echo top-out").build())
            .job(
                JobSpec.builder("left")
                    .command(ID + "; echo left-err >&2")
                    .dependsOn("top")
                    .build())
            .job(JobSpec.builder("right").command(ID).dependsOn("top").build())
            .job(JobSpec.builder("bottom").command(ID).dependsOn("left", "right").build())
            .job(JobSpec.builder("fails").command(ID + "; exit 3").build())
            .build();
    try (WorkflowStore store = Stores.sqlite(dir.resolve("torc.db"))) {
      long wf = store.createWorkflow(diamond);
      RunResult result = new JobRunner(store, wf, options()).run();

      assertThat(result.count(JobStatus.COMPLETED)).isEqualTo(4);
      assertThat(result.job("fails").orElseThrow().status()).isEqualTo(JobStatus.FAILED);
      assertThat(result.job("fails").orElseThrow().returnCode()).isEqualTo(3);
      Path stdio = dir.resolve("out").resolve("job_stdio");
      long top = result.job("top").orElseThrow().jobId();
      long left = result.job("left").orElseThrow().jobId();
      assertThat(stdio.resolve("job_wf" + wf + "_j" + top + "_r1_a1.o"))
          .content()
          .contains("top-out");
      assertThat(stdio.resolve("job_wf" + wf + "_j" + left + "_r1_a1.e"))
          .content()
          .contains("left-err");

      Map<String, String> namesBySlurmId = new java.util.HashMap<>();
      for (RunResult.JobOutcome job : result.jobs()) {
        String out =
            Files.readString(stdio.resolve("job_wf" + wf + "_j" + job.jobId() + "_r1_a1.o"));
        String slurmId = out.lines().filter(l -> l.startsWith("slurm=")).findFirst().orElseThrow();
        namesBySlurmId.put(slurmId.substring(6), "torc_wf" + wf + "_j" + job.jobId() + "_r1_a1");
      }
      assertThat(namesBySlurmId).hasSize(5);
      // A cluster whose controller state was reset reuses ids: sacct may list older jobs too.
      java.util.Set<String> accounted = sacctNames(namesBySlurmId.keySet());
      namesBySlurmId.forEach(
          (slurmId, name) ->
              assertThat(accounted).anyMatch(line -> line.startsWith(slurmId + "|" + name + "_")));
    }
  }

  @Test
  void oneStatusCallPerPollWhateverTheNumberOfLiveJobs() throws Exception {
    List<String> calls = new CopyOnWriteArrayList<>();
    SlurmCommands real = SlurmCommands.processes();
    SlurmCommands counting =
        (command, stdin) -> {
          calls.add(command.get(0));
          return real.run(command, stdin);
        };
    Workflow.Builder b = Workflow.builder("wide").slurmScheduler(scheduler(null));
    for (int i = 0; i < 4; i++) {
      b.job(JobSpec.builder("j" + i).command("sleep 1; exit " + i).build());
    }
    Workflow wide = b.build();
    try (WorkflowStore store = Stores.sqlite(dir.resolve("torc.db"))) {
      long wf = store.createWorkflow(wide);
      List<JobRecord> jobs = store.listJobs(wf, null);
      ExecutorContext context =
          new ExecutorContext(
              store.getWorkflow(wf),
              0,
              new RunnerInfo("localhost", ProcessHandle.current().pid(), Instant.now()),
              options(),
              store);
      List<AttemptHandle> live = new ArrayList<>();
      try (SlurmExecutor executor = new SlurmExecutor(context, counting)) {
        for (JobRecord job : jobs) {
          live.add(
              executor.submit(
                  new AttemptSpec(
                      job,
                      1,
                      Map.of(),
                      dir.resolve("out/" + job.name() + ".o"),
                      dir.resolve("out/" + job.name() + ".e"))));
        }
        for (AttemptHandle h : live) {
          h.started().get(BOUND.toSeconds(), TimeUnit.SECONDS);
        }
        long deadline = System.nanoTime() + BOUND.toNanos();
        int polls = 0;
        while (live.stream().anyMatch(h -> !h.end().isDone()) && System.nanoTime() < deadline) {
          calls.clear();
          executor.poll(live.stream().filter(h -> !h.end().isDone()).toList());
          polls++;
          assertThat(calls).as("status calls in one poll").containsExactly("sacct");
          TimeUnit.MILLISECONDS.sleep(300); // the poll interval of a runner, not a synchronisation
        }
        assertThat(polls).isPositive();
        List<Integer> codes = new ArrayList<>();
        for (AttemptHandle h : live) {
          AttemptEnd end = h.end().getNow(null);
          assertThat(end).isNotNull();
          codes.add(end.returnCode());
        }
        assertThat(codes).containsExactlyInAnyOrder(0, 1, 2, 3);
      }
    }
  }

  @Test
  void anUnknownPartitionFailsTheJobNamingTheSchedulerAndSbatchsReason() throws Exception {
    Workflow wf =
        Workflow.builder("bad")
            .slurmScheduler(scheduler("no_such_partition"))
            .job(JobSpec.builder("j").command("true").scheduler("one").build())
            .build();
    try (WorkflowStore store = Stores.sqlite(dir.resolve("torc.db"))) {
      long id = store.createWorkflow(wf);
      RunResult result = new JobRunner(store, id, options()).run();
      assertThat(result.job("j").orElseThrow().status()).isEqualTo(JobStatus.FAILED);
      long job = result.job("j").orElseThrow().jobId();
      assertThat(dir.resolve("out/job_stdio/job_wf" + id + "_j" + job + "_r1_a1.e"))
          .content()
          .contains("Slurm scheduler 'one'")
          .containsIgnoringCase("partition");
    }
  }

  /** Slurm's accounting: {@code id|name} of the jobs with these ids. */
  private static java.util.Set<String> sacctNames(java.util.Set<String> ids) throws Exception {
    Process p =
        new ProcessBuilder(
                "sacct",
                "-n",
                "-X",
                "--parsable2",
                "-j",
                String.join(",", ids),
                "-o",
                "JobID,JobName%200")
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor(60, TimeUnit.SECONDS);
    return out.lines().map(String::strip).collect(java.util.stream.Collectors.toSet());
  }
}
