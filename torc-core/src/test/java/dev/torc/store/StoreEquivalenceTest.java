package dev.torc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.torc.model.JobSpec;
import dev.torc.model.JobStatus;
import dev.torc.model.ResourceRequirements;
import dev.torc.model.Workflow;
import dev.torc.store.internal.InMemoryWorkflowStore;
import dev.torc.store.internal.SqliteWorkflowStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the SQLite and the in-memory store through the same random runs (random DAGs, claims with
 * random budgets, random outcomes, retries, classifications and illegal moves) and checks that they
 * agree at every step, and that no job is ready while it waits for an unfinished job nor blocked
 * when nothing it waits for is unfinished.
 */
class StoreEquivalenceTest {
  private static final JobStatus[] OUTCOMES = {
    JobStatus.COMPLETED,
    JobStatus.COMPLETED,
    JobStatus.FAILED,
    JobStatus.TERMINATED,
    JobStatus.PENDING_FAILED,
    JobStatus.CANCELED,
    JobStatus.READY
  };

  @TempDir Path tempDir;
  private final AtomicInteger example = new AtomicInteger();

  @Test
  void sqliteAndInMemoryStoresAgreeOnRandomRuns() {
    qt().withExamples(40)
        .withShrinkCycles(30)
        .forAll(integers().between(1, 25), longs().all())
        .checkAssert(this::runBoth);
  }

  private void runBoth(int jobCount, long seed) {
    Random random = new Random(seed);
    MutableClock clock = new MutableClock(WorkflowStoreContract.START);
    Path db = tempDir.resolve("eq" + example.incrementAndGet() + ".db");
    try (WorkflowStore sqlite = SqliteWorkflowStore.open(db, clock);
        WorkflowStore memory = new InMemoryWorkflowStore(clock)) {
      Workflow wf = randomWorkflow(jobCount, random);
      long id = sqlite.createWorkflow(wf);
      assertThat(memory.createWorkflow(wf)).isEqualTo(id);
      assertSame(sqlite, memory, id, wf);

      for (int step = 0; step < 80; step++) {
        clock.advance(Duration.ofMillis(1 + random.nextInt(1000)));
        List<JobRecord> jobs = memory.listJobs(id, null);
        int action = random.nextInt(10);
        if (action < 3) {
          ResourceBudget budget =
              new ResourceBudget(
                  random.nextInt(6), random.nextInt(5) * (1L << 30), random.nextInt(2));
          int maxJobs = random.nextInt(4);
          Object a = outcome(() -> sqlite.claimReadyJobs(id, budget, maxJobs));
          Object b = outcome(() -> memory.claimReadyJobs(id, budget, maxJobs));
          assertThat(a).isEqualTo(b);
        } else {
          List<JobRecord> active =
              jobs.stream().filter(j -> j.status() != JobStatus.BLOCKED).toList();
          List<JobRecord> pool = active.isEmpty() || random.nextInt(5) == 0 ? jobs : active;
          JobRecord job = pool.get(random.nextInt(pool.size()));
          if (action < 8 && job.status() == JobStatus.RUNNING) {
            JobStatus status = OUTCOMES[random.nextInt(OUTCOMES.length)];
            int attempt = random.nextInt(3) == 0 ? 1 : job.attemptId() + step;
            JobResult result =
                new JobResult(
                    job.id(),
                    id,
                    1,
                    attempt,
                    status == JobStatus.COMPLETED ? 0 : 1,
                    status,
                    1.0,
                    clock.instant(),
                    null,
                    null,
                    null,
                    null);
            assertThat(outcome(() -> sqlite.completeJob(result)))
                .isEqualTo(outcome(() -> memory.completeJob(result)));
          } else {
            JobStatus to =
                random.nextBoolean()
                    ? naturalNext(job.status(), random)
                    : JobStatus.values()[random.nextInt(JobStatus.values().length)];
            if (to == JobStatus.BLOCKED || to == JobStatus.UNINITIALIZED) {
              to = JobStatus.RUNNING;
            }
            if (job.status() == JobStatus.BLOCKED && to == JobStatus.READY) {
              to = JobStatus.PENDING;
            }
            JobStatus target = to;
            assertThat(outcome(() -> sqlite.updateJobStatus(job.id(), target)))
                .isEqualTo(outcome(() -> memory.updateJobStatus(job.id(), target)));
          }
        }
        assertSame(sqlite, memory, id, wf);
      }
    }
  }

  /** A move a runner or a classifier would make from this status. */
  private static JobStatus naturalNext(JobStatus status, Random random) {
    return switch (status) {
      case READY -> random.nextInt(4) == 0 ? JobStatus.CANCELED : JobStatus.PENDING;
      case PENDING -> JobStatus.RUNNING;
      case FAILED, TERMINATED -> JobStatus.READY;
      case PENDING_FAILED -> random.nextBoolean() ? JobStatus.READY : JobStatus.FAILED;
      default -> JobStatus.DISABLED;
    };
  }

  private static Workflow randomWorkflow(int jobCount, Random random) {
    Workflow.Builder b =
        Workflow.builder("random")
            .resourceRequirements(ResourceRequirements.builder("two").numCpus(2).build())
            .resourceRequirements(
                ResourceRequirements.builder("gpu").numCpus(1).memory("2g").numGpus(1).build());
    String[] requirements = {null, null, "two", "gpu"};
    for (int i = 0; i < jobCount; i++) {
      JobSpec.Builder job =
          JobSpec.builder("j" + i)
              .command("run " + i)
              .priority(random.nextInt(3))
              .cancelOnBlockingJobFailure(random.nextBoolean())
              .resourceRequirements(requirements[random.nextInt(requirements.length)]);
      for (int d = 0; d < i; d++) {
        if (random.nextInt(Math.max(1, i / 2)) == 0) {
          job.dependsOn("j" + d);
        }
      }
      b.job(job.build());
    }
    return b.build();
  }

  /** What an operation returned, or the class of what it threw. */
  private static Object outcome(Runnable operation) {
    return outcome(
        () -> {
          operation.run();
          return "ok";
        });
  }

  private static Object outcome(java.util.function.Supplier<?> operation) {
    try {
      return operation.get();
    } catch (RuntimeException e) {
      return e.getClass();
    }
  }

  private static void assertSame(WorkflowStore sqlite, WorkflowStore memory, long id, Workflow wf) {
    List<JobRecord> jobs = sqlite.listJobs(id, null);
    assertThat(jobs).isEqualTo(memory.listJobs(id, null));
    assertThat(sqlite.countJobsByStatus(id)).isEqualTo(memory.countJobsByStatus(id));
    assertThat(sqlite.listResults(id)).isEqualTo(memory.listResults(id));
    assertThat(sqlite.listEvents(id)).isEqualTo(memory.listEvents(id));

    Map<String, JobStatus> statusOf =
        jobs.stream().collect(Collectors.toMap(JobRecord::name, JobRecord::status));
    for (JobRecord job : jobs) {
      Set<JobStatus> depStatuses =
          job.dependsOn().stream().map(statusOf::get).collect(Collectors.toSet());
      boolean allDepsTerminal = depStatuses.stream().allMatch(JobStatus::isTerminal);
      if (job.status() == JobStatus.READY) {
        assertThat(allDepsTerminal).as("%s is ready: %s", job.name(), depStatuses).isTrue();
      }
      if (job.status() == JobStatus.BLOCKED) {
        assertThat(allDepsTerminal).as("%s is blocked: %s", job.name(), depStatuses).isFalse();
      }
    }
    assertThat(jobs.stream().map(JobRecord::name).toList())
        .isEqualTo(wf.jobs().stream().map(JobSpec::name).toList());
  }
}
