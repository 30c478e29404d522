package dev.torc.recovery.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.model.JobStatus;
import dev.torc.model.Memory;
import dev.torc.recovery.policy.OomSizing;
import dev.torc.run.JobRunner;
import dev.torc.run.RunResult;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import dev.torc.store.Stores;
import dev.torc.store.WorkflowEvent;
import dev.torc.store.WorkflowStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs that really grow to 2×, 3× and 4× their 100m request under the real runner, which kills them
 * at the limit well before their need: one resize fixes each (its retry runs with headroom), and
 * the requirement recovery leaves is the real need with a margin, enough for a run without any
 * memory kill.
 */
class OomHeadroomTest {
  @TempDir Path dir;

  private static final String SPEC =
      """
      name: oom_needs
      use_pending_failed: true
      resource_monitor:
        sample_interval_seconds: 0.2
      resource_requirements:
        - {name: hundred, num_cpus: 1, memory: 100m, runtime: PT1M}
      jobs:
      """
          + grower("need_2x", 24)
          + grower("need_3x", 36)
          + grower("need_4x", 48);

  /** Grows by 8 MiB every 20 ms to {@code chunks} × 8 MiB, then holds it for a second. */
  private static String grower(String name, int chunks) {
    return "  - name: "
        + name
        + "\n    command: python3 -c \"import time; a = []; [(a.append(b'x' * 8 * 2**20),"
        + " time.sleep(0.02)) for _ in range("
        + chunks
        + ")]; time.sleep(1)\"\n    resource_requirements: hundred\n";
  }

  @Test
  void jobsNeedingTwoToFourTimesTheirRequestAreFixedByOneResizeToTheirRealNeed() throws Exception {
    try (WorkflowStore store = Stores.sqlite(dir.resolve("torc.db"))) {
      long wf = RealRuns.create(store, SPEC);
      WorkflowRecovery recovery =
          WorkflowRecovery.builder(store)
              .outputDir(dir.resolve("out"))
              .maxMemory(Memory.parse("4g"))
              .build();

      WatchResult watched =
          WorkflowWatch.builder(store)
              .driver(id -> new JobRunner(store, id, RealRuns.options(dir)).run())
              .recovery(recovery)
              .maxRetries(3)
              .pollInterval(Duration.ofMillis(100))
              .build()
              .watch(wf);

      assertThat(watched.outcome()).isEqualTo(WatchResult.Outcome.SUCCEEDED);
      assertThat(watched.passes()).hasSize(1);
      List<WorkflowEvent> events = store.listEvents(wf);
      for (JobRecord job : RealRuns.jobs(store, wf).values()) {
        assertThat(job.status()).as(job.name()).isEqualTo(JobStatus.COMPLETED);
        assertThat(job.attemptId()).as(job.name()).isEqualTo(2);
        List<JobResult> results = store.listJobResults(job.id());
        JobResult killed = results.get(0);
        JobResult completed = results.get(results.size() - 1);
        long need = completed.peakMemoryBytes();
        // The kill came well below the need, so its peak alone could not size the job.
        assertThat(killed.peakMemoryBytes()).as(job.name()).isLessThan(need);
        assertThat(need).as(job.name()).isGreaterThan(Memory.parse("180m").bytes());
        long required = job.requirements().memory().bytes();
        assertThat(required).as(job.name()).isGreaterThanOrEqualTo(need);
        assertThat(required).as(job.name()).isLessThanOrEqualTo((long) (need * 1.2) + (1 << 20));
        assertThat(events)
            .filteredOn(
                e ->
                    Long.valueOf(job.id()).equals(e.jobId())
                        && e.message().contains("OOM detected"))
            .as(job.name())
            .singleElement()
            .satisfies(e -> assertThat(e.message()).contains("100m -> 600m", "headroom"));
        assertThat(events)
            .filteredOn(
                e ->
                    Long.valueOf(job.id()).equals(e.jobId())
                        && e.kind().equals(WorkflowRecovery.EVENT_RIGHT_SIZED))
            .as(job.name())
            .singleElement()
            .satisfies(
                e -> assertThat(e.message()).contains("600m -> " + job.requirements().memory()));
      }

      // The requirements recovery left are enough: a new run of every job has no memory kill.
      store.resetJobs(wf, false);
      RunResult again = new JobRunner(store, wf, RealRuns.options(dir)).run();
      assertThat(again.count(JobStatus.COMPLETED)).isEqualTo(3);
      assertThat(RealRuns.jobs(store, wf).values())
          .allSatisfy(j -> assertThat(j.status()).isEqualTo(JobStatus.COMPLETED));
      assertThat(recovery.rightSize(wf)).isEmpty();
    }
  }

  @Test
  void aJobNeedingMoreThanItsHeadroomIsKilledThereAndThenGrowsByTheMultiplier() throws Exception {
    String runaway =
        SPEC.substring(0, SPEC.indexOf("  - name:"))
            + grower("beyond", 100).replace("hundred", "small");
    runaway =
        runaway.replace(
            "- {name: hundred, num_cpus: 1, memory: 100m, runtime: PT1M}",
            "- {name: small, num_cpus: 1, memory: 64m, runtime: PT1M}");
    try (WorkflowStore store = Stores.sqlite(dir.resolve("torc.db"))) {
      long wf = RealRuns.create(store, runaway);
      WorkflowRecovery recovery =
          WorkflowRecovery.builder(store)
              .outputDir(dir.resolve("out"))
              .oomSizing(OomSizing.DEFAULT)
              .maxMemory(Memory.parse("4g"))
              .build();
      WorkflowWatch.builder(store)
          .driver(id -> new JobRunner(store, id, RealRuns.options(dir)).run())
          .recovery(recovery)
          .maxRetries(2)
          .pollInterval(Duration.ofMillis(100))
          .build()
          .watch(wf);

      JobRecord job = RealRuns.jobs(store, wf).get("beyond");
      // Needs 800m: killed at 64m, killed again at its 384m of headroom, then grown by the
      // multiplier.
      assertThat(job.attemptId()).isEqualTo(3);
      assertThat(job.status()).isNotEqualTo(JobStatus.COMPLETED);
      List<String> resizes =
          store.listEvents(wf).stream()
              .filter(e -> e.message().contains("OOM detected"))
              .map(WorkflowEvent::message)
              .toList();
      assertThat(resizes).hasSize(2);
      assertThat(resizes.get(0)).contains("64m -> 384m");
      assertThat(resizes.get(1)).contains("384m -> ").doesNotContain("headroom");
      assertThat(job.requirements().memory().bytes()).isGreaterThan(Memory.parse("384m").bytes());
      assertThat(store.listEvents(wf))
          .noneMatch(e -> e.kind().equals(WorkflowRecovery.EVENT_RIGHT_SIZED));
    }
  }
}
