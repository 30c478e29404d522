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
import dev.torc.store.internal.PostgresWorkflowStore;
import dev.torc.store.internal.SqliteWorkflowStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives a SQL store (SQLite, and PostgreSQL when there is a server) and the in-memory store
 * through the same random runs (random DAGs, claims with random budgets and runners, random
 * outcomes, retries, classifications, illegal moves, resets, reinitializations and cancellations)
 * and checks that they agree at every step, and that no job is ready while it waits for an
 * unfinished job nor blocked when nothing it waits for is unfinished.
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
  private final List<String> schemas = new ArrayList<>();

  @Test
  void sqliteAndInMemoryStoresAgreeOnRandomRuns() {
    agreeOnRandomRuns(
        clock ->
            SqliteWorkflowStore.open(
                tempDir.resolve("eq" + example.incrementAndGet() + ".db"), clock));
  }

  @Test
  void postgresAndInMemoryStoresAgreeOnRandomRuns() {
    PostgresTestDatabase.url();
    agreeOnRandomRuns(
        clock -> {
          String schema = PostgresTestDatabase.newSchema("equivalence");
          schemas.add(schema);
          return PostgresWorkflowStore.open(PostgresTestDatabase.location(schema), clock);
        });
  }

  @AfterEach
  void dropSchemas() {
    schemas.forEach(PostgresTestDatabase::drop);
  }

  private void agreeOnRandomRuns(Function<Clock, WorkflowStore> sqlStore) {
    qt().withExamples(40)
        .withShrinkCycles(30)
        .forAll(integers().between(1, 25), longs().all())
        .checkAssert((jobCount, seed) -> runBoth(sqlStore, jobCount, seed));
  }

  private void runBoth(Function<Clock, WorkflowStore> sqlStore, int jobCount, long seed) {
    Random random = new Random(seed);
    MutableClock clock = new MutableClock(WorkflowStoreContract.START);
    try (WorkflowStore sqlite = sqlStore.apply(clock);
        WorkflowStore memory = new InMemoryWorkflowStore(clock)) {
      Workflow wf = randomWorkflow(jobCount, random);
      long id = sqlite.createWorkflow(wf);
      assertThat(memory.createWorkflow(wf)).isEqualTo(id);
      RunnerInfo host = new RunnerInfo("host", 1, WorkflowStoreContract.START);
      long runner = sqlite.registerRunner(id, host);
      assertThat(memory.registerRunner(id, host)).isEqualTo(runner);
      assertSame(sqlite, memory, id, wf);

      for (int step = 0; step < 80; step++) {
        clock.advance(Duration.ofMillis(1 + random.nextInt(1000)));
        List<JobRecord> jobs = memory.listJobs(id, null);
        long claimer = random.nextBoolean() ? runner : 0;
        int action = random.nextInt(14);
        if (action < 3) {
          ResourceBudget budget =
              new ResourceBudget(
                  random.nextInt(6), random.nextInt(5) * (1L << 30), random.nextInt(2));
          int maxJobs = random.nextInt(4);
          Object a = outcome(() -> sqlite.claimReadyJobs(id, budget, maxJobs, claimer));
          Object b = outcome(() -> memory.claimReadyJobs(id, budget, maxJobs, claimer));
          assertThat(a).isEqualTo(b);
        } else if (action >= 10) {
          List<JobRecord> running =
              jobs.stream().filter(j -> j.status() == JobStatus.RUNNING).toList();
          List<JobRecord> pool = running.isEmpty() || random.nextBoolean() ? jobs : running;
          JobRecord job = pool.get(random.nextInt(pool.size()));
          long opSeed = random.nextLong();
          int at = step;
          assertThat(outcome(() -> newOperation(sqlite, id, job, claimer, new Random(opSeed), at)))
              .isEqualTo(
                  outcome(() -> newOperation(memory, id, job, claimer, new Random(opSeed), at)));
        } else if (action == 9) {
          List<JobRecord> pending =
              jobs.stream().filter(j -> j.status() == JobStatus.PENDING).toList();
          List<JobRecord> pool = pending.isEmpty() ? jobs : pending;
          JobRecord job = pool.get(random.nextInt(pool.size()));
          AttemptRef process =
              new AttemptRef("local", "host", Long.toString(100 + step), clock.instant());
          assertThat(outcome(() -> sqlite.markJobRunning(job.id(), claimer, process)))
              .isEqualTo(outcome(() -> memory.markJobRunning(job.id(), claimer, process)));
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

  private static final JobStatus[] RETRY_STATUSES = {JobStatus.FAILED, JobStatus.TERMINATED};
  private static final ResourceRequirements BIGGER =
      ResourceRequirements.builder("bigger").numCpus(3).memory("3g").build();

  /**
   * One of the operations runners and recovery use, chosen by {@code own}: each store gets a random
   * stream with the same seed, so both are asked the same.
   */
  private static Object newOperation(
      WorkflowStore store, long id, JobRecord job, long runner, Random own, int step) {
    int kind = own.nextInt(10);
    switch (kind) {
      case 0, 1, 2 -> {
        int attempt = own.nextInt(4) == 0 ? job.attemptId() + 1 : job.attemptId();
        JobStatus status = RETRY_STATUSES[own.nextInt(2)];
        store.retryAttempt(
            new JobResult(
                job.id(),
                id,
                store.getWorkflow(id).runId(),
                attempt,
                1,
                status,
                1.0,
                WorkflowStoreContract.START.plusSeconds(step),
                null,
                null,
                null,
                null),
            "step " + step);
      }
      case 3, 4 -> store.retryJob(job.id(), own.nextBoolean() ? BIGGER : null, "step " + step);
      case 5 -> store.updateJobRequirements(job.id(), BIGGER);
      case 6 -> {
        return store.resetJobs(id, own.nextBoolean());
      }
      case 7 -> {
        boolean bigger = own.nextBoolean();
        return store.resetJobs(
            id, Set.of(job.id()), bigger ? Map.of(job.id(), BIGGER) : Map.of(), "step " + step);
      }
      case 8 -> {
        return store.reinitialize(id, Set.of(job.id()));
      }
      default -> {
        if (own.nextInt(3) == 0) {
          store.cancelWorkflow(id);
        } else {
          store.heartbeat(runner == 0 ? -1 : runner);
        }
      }
    }
    return "ok";
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
    assertThat(sqlite.getWorkflow(id)).isEqualTo(memory.getWorkflow(id));
    assertThat(sqlite.listActiveJobs(id)).isEqualTo(memory.listActiveJobs(id));
    assertThat(sqlite.listActiveRunners(id)).isEqualTo(memory.listActiveRunners(id));

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
