package dev.torc.run.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.model.JobSpec;
import dev.torc.model.JobStatus;
import dev.torc.model.Workflow;
import dev.torc.store.ActiveJob;
import dev.torc.store.AttemptRef;
import dev.torc.store.JobRecord;
import dev.torc.store.ResourceBudget;
import dev.torc.store.RunnerInfo;
import dev.torc.store.Stores;
import dev.torc.store.WorkflowStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settling dead runners while other runners start, run and settle at the same moment. */
class OrphansTest {
  private static final String HOST = "this-host";
  private static final ResourceBudget PLENTY = new ResourceBudget(1_000, 1L << 40, 0);

  @TempDir Path dir;
  private WorkflowStore store;

  @BeforeEach
  void open() {
    store = Stores.sqlite(dir.resolve("torc.db"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private long workflow(int jobs) {
    Workflow.Builder builder = Workflow.builder("orphans");
    for (int i = 0; i < jobs; i++) {
      builder.job(JobSpec.builder("job" + i).command("true").build());
    }
    return store.createWorkflow(builder.build());
  }

  /** This JVM, as a runner that is alive. */
  private static RunnerInfo alive() {
    ProcessHandle self = ProcessHandle.current();
    return new RunnerInfo(HOST, self.pid(), self.info().startInstant().orElse(null));
  }

  /** A process of this host that has exited, as a runner that died. */
  private static RunnerInfo dead() throws Exception {
    Process process = new ProcessBuilder("true").start();
    Instant start = process.toHandle().info().startInstant().orElse(null);
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return new RunnerInfo(HOST, process.pid(), start);
  }

  @Test
  void aRunnerThatRegistersAndStartsAJobWhileAnotherSettlesIsNotTakenForDead() {
    long wf = workflow(1);
    AtomicBoolean joined = new AtomicBoolean();
    long[] newcomer = new long[1];
    // Right after the settler's first look at the store, a new runner registers and starts a job.
    WorkflowStore racing =
        (WorkflowStore)
            Proxy.newProxyInstance(
                WorkflowStore.class.getClassLoader(),
                new Class<?>[] {WorkflowStore.class},
                (proxy, method, args) -> {
                  Object answer;
                  try {
                    answer = method.invoke(store, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                  if (method.getName().startsWith("listActive") && !joined.getAndSet(true)) {
                    newcomer[0] = store.registerRunner(wf, alive());
                    JobRecord job = store.claimReadyJobs(wf, PLENTY, 1, newcomer[0]).get(0);
                    store.markJobRunning(
                        job.id(), newcomer[0], new AttemptRef("local", HOST, null, null));
                  }
                  return answer;
                });

    int settled = Orphans.settle(racing, wf, -1, HOST, null);

    assertThat(settled).isZero();
    assertThat(store.listActiveJobs(wf))
        .singleElement()
        .satisfies(
            job -> {
              assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
              assertThat(job.runnerId()).isEqualTo(newcomer[0]);
              assertThat(job.attemptId()).isEqualTo(1);
            });
    assertThat(store.listResults(wf)).isEmpty();
  }

  @Test
  void aDeadRunnersClaimWithARecordedAttemptIsRecordedLostAndOneWithoutIsReleased()
      throws Exception {
    long wf = workflow(2);
    long deadRunner = store.registerRunner(wf, dead());
    // job0 claimed as a runner's pass claims, with the attempt it was to run as (on another host,
    // so nothing here can tell whether it started); job1 claimed without one.
    JobRecord launched =
        store
            .runnerPass(
                wf,
                deadRunner,
                List.of(),
                List.of(),
                new ResourceBudget(1, 1L << 40, 0),
                1,
                (job, run) -> new AttemptRef("local", "other-host", "mark-" + job.id(), null))
            .claimed()
            .get(0);
    JobRecord claimed = store.claimReadyJobs(wf, PLENTY, 1, deadRunner).get(0);

    int settled = Orphans.settle(store, wf, -1, HOST, null);

    assertThat(settled).isEqualTo(2);
    assertThat(store.getJob(launched.id()).attemptId()).as("recorded lost").isEqualTo(2);
    assertThat(store.getJob(claimed.id()).attemptId()).as("released").isEqualTo(1);
    assertThat(store.listJobs(wf, null))
        .allSatisfy(job -> assertThat(job.status()).isEqualTo(JobStatus.READY));
    assertThat(store.listResults(wf))
        .singleElement()
        .satisfies(
            lost -> {
              assertThat(lost.jobId()).isEqualTo(launched.id());
              assertThat(lost.returnCode()).isEqualTo(Orphans.LOST_RETURN_CODE);
            });
    assertThat(store.listEvents(wf))
        .anySatisfy(e -> assertThat(e.message()).contains("attempt 1 lost", "after claiming it"));
  }

  @Test
  void runnersSettlingOneDeadRunnerAtOnceSettleEachJobOnceAndAllSurvive() throws Exception {
    int jobs = 24;
    long wf = workflow(jobs);
    long deadRunner = store.registerRunner(wf, dead());
    List<JobRecord> claimed = store.claimReadyJobs(wf, PLENTY, jobs, deadRunner);
    for (JobRecord job : claimed.subList(0, jobs / 2)) {
      store.markJobRunning(job.id(), deadRunner, new AttemptRef("local", HOST, null, null));
    }
    int settlers = 4;
    CyclicBarrier together = new CyclicBarrier(settlers);
    ExecutorService threads = Executors.newFixedThreadPool(settlers);
    List<Future<Integer>> counts = new ArrayList<>();
    try {
      for (int i = 0; i < settlers; i++) {
        counts.add(
            threads.submit(
                () -> {
                  try (WorkflowStore own = Stores.sqlite(dir.resolve("torc.db"))) {
                    long self = own.registerRunner(wf, alive());
                    together.await();
                    return Orphans.settle(own, wf, self, HOST, null);
                  }
                }));
      }
      int total = 0;
      for (Future<Integer> count : counts) {
        total += count.get(60, TimeUnit.SECONDS);
      }

      assertThat(total).as("each job settled by exactly one runner").isEqualTo(jobs);
    } finally {
      threads.shutdownNow();
    }
    assertThat(store.listActiveJobs(wf))
        .extracting(ActiveJob::runnerId)
        .as("only the settlers' own runners are left")
        .isEmpty();
    assertThat(store.listJobs(wf, null))
        .allSatisfy(job -> assertThat(job.status()).isEqualTo(JobStatus.READY));
    assertThat(store.listJobs(wf, null)).filteredOn(job -> job.attemptId() == 2).hasSize(jobs / 2);
    assertThat(store.listResults(wf))
        .hasSize(jobs / 2)
        .allSatisfy(r -> assertThat(r.returnCode()).isEqualTo(Orphans.LOST_RETURN_CODE));
    assertThat(store.listActiveRunners(wf)).extracting(r -> r.id()).doesNotContain(deadRunner);
  }
}
