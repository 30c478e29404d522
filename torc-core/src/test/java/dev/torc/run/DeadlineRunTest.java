package dev.torc.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.exec.MachineResources;
import dev.torc.model.JobSpec;
import dev.torc.model.JobStatus;
import dev.torc.model.ResourceRequirements;
import dev.torc.model.Workflow;
import dev.torc.store.JobRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runner with a deadline (a worker in a Slurm allocation) starts only jobs that end before it.
 */
class DeadlineRunTest {
  @TempDir Path dir;
  LocalRuns torc;

  @BeforeEach
  void open() {
    torc = LocalRuns.open(dir.resolve("torc.db"));
  }

  @AfterEach
  void close() {
    torc.close();
  }

  /** Runs the workflow on 2 CPUs with this deadline. */
  private void runUntil(long id, Instant deadline) {
    torc.run(
        id,
        RunOptions.builder()
            .outputDir(dir.resolve("out"))
            .resources(new MachineResources(2, 4L << 30, 0))
            .pollInterval(Duration.ofMillis(100))
            .deadline(deadline)
            .build());
  }

  private static ResourceRequirements rr(String name, Duration runtime, int cpus) {
    return ResourceRequirements.builder(name).numCpus(cpus).memory("100m").runtime(runtime).build();
  }

  @Test
  void leavesJobsThatCannotEndBeforeTheDeadlineOrDoNotFitToOthersAndStops() {
    Workflow workflow =
        Workflow.builder("bounded")
            .resourceRequirements(rr("short", Duration.ofMinutes(1), 1))
            .resourceRequirements(rr("long", Duration.ofHours(2), 1))
            .resourceRequirements(rr("wide", Duration.ofMinutes(1), 64))
            .job(JobSpec.builder("first").command("true").resourceRequirements("short").build())
            .job(
                JobSpec.builder("then")
                    .command("true")
                    .resourceRequirements("short")
                    .dependsOn("first")
                    .build())
            .job(JobSpec.builder("long").command("true").resourceRequirements("long").build())
            .job(JobSpec.builder("wide").command("true").resourceRequirements("wide").build())
            .build();
    long id = torc.submit(workflow);

    runUntil(id, Instant.now().plus(Duration.ofMinutes(30)));

    Map<String, JobRecord> jobs =
        torc.store().listJobs(id, null).stream()
            .collect(Collectors.toMap(JobRecord::name, Function.identity()));
    assertThat(jobs.get("first").status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(jobs.get("then").status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(jobs.get("long").status()).isEqualTo(JobStatus.READY);
    assertThat(jobs.get("long").attemptId()).isEqualTo(1);
    assertThat(jobs.get("wide").status()).isEqualTo(JobStatus.READY);
    assertThat(torc.store().listResults(id)).hasSize(2);
  }

  @Test
  void shortJobsClaimedAheadAreGivenBackOnceTheyCanNoLongerEndBeforeTheDeadline() {
    // Jobs shorter than a second are claimed ahead; each declares two seconds, so none may start
    // once less than two seconds are left, although some were claimed before that.
    Workflow.Builder builder =
        Workflow.builder("ahead").resourceRequirements(rr("two_seconds", Duration.ofSeconds(2), 1));
    for (int i = 0; i < 40; i++) {
      builder.job(
          JobSpec.builder("job" + i)
              .command("sleep 0.2")
              .resourceRequirements("two_seconds")
              .build());
    }
    long id = torc.submit(builder.build());
    Instant deadline = Instant.now().plus(Duration.ofSeconds(4));

    runUntil(id, deadline);

    Map<Long, Instant> started =
        torc.store().listEvents(id).stream()
            .filter(e -> e.kind().equals("job_running"))
            .collect(Collectors.toMap(e -> e.jobId(), e -> e.timestamp()));
    assertThat(started).isNotEmpty().hasSizeLessThan(40);
    assertThat(started.values())
        .allSatisfy(at -> assertThat(at).isBefore(deadline.minus(Duration.ofMillis(1_900))));
    assertThat(torc.store().listJobs(id, null))
        .allSatisfy(
            job ->
                assertThat(job.status()).as(job.name()).isIn(JobStatus.COMPLETED, JobStatus.READY));
    assertThat(torc.store().listEvents(id))
        .anySatisfy(e -> assertThat(e.message()).contains("cannot end it before its deadline"));
  }
}
