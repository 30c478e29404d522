package dev.torc.run.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.exec.MachineResources;
import dev.torc.executor.AttemptHandle;
import dev.torc.executor.AttemptSpec;
import dev.torc.executor.Executor;
import dev.torc.executor.ExecutorContext;
import dev.torc.model.JobSpec;
import dev.torc.model.Workflow;
import dev.torc.run.RunOptions;
import dev.torc.store.JobRecord;
import dev.torc.store.ResourceBudget;
import dev.torc.store.RunnerInfo;
import dev.torc.store.Stores;
import dev.torc.store.WorkflowStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local executor starts an attempt submitted after another the moment that one ends. */
class LocalExecutorFollowTest {
  private static final long GIB = 1L << 30;

  @TempDir Path dir;
  WorkflowStore store;
  Executor executor;
  List<JobRecord> jobs;

  @BeforeEach
  void open() {
    store = Stores.sqlite(dir.resolve("torc.db"));
    Path ledger = dir.resolve("ledger");
    long workflowId =
        store.createWorkflow(
            Workflow.builder("follow")
                .job(
                    JobSpec.builder("first")
                        .command("sleep 0.3; echo \"first ended $EPOCHREALTIME\" >> " + ledger)
                        .build())
                .job(
                    JobSpec.builder("second")
                        .command("echo \"second started $EPOCHREALTIME\" >> " + ledger)
                        .build())
                .job(JobSpec.builder("third").command("true").build())
                .build());
    RunnerInfo self = new RunnerInfo("localhost", ProcessHandle.current().pid(), Instant.now());
    long runnerId = store.registerRunner(workflowId, self);
    jobs = store.claimReadyJobs(workflowId, new ResourceBudget(3, 3 * GIB, 0), 3, runnerId);
    RunOptions options =
        RunOptions.builder()
            .outputDir(dir.resolve("out"))
            .resources(new MachineResources(1, GIB, 0))
            .build();
    executor =
        new LocalExecutorProvider()
            .open(
                new ExecutorContext(store.getWorkflow(workflowId), runnerId, self, options, store));
  }

  @AfterEach
  void close() {
    executor.close();
    store.close();
  }

  private AttemptSpec spec(String name) {
    JobRecord job = jobs.stream().filter(j -> j.name().equals(name)).findFirst().orElseThrow();
    return new AttemptSpec(job, 1, Map.of(), dir.resolve(name + ".o"), dir.resolve(name + ".e"));
  }

  @Test
  void theFollowerStartsOnlyOnceTheAttemptItFollowsHasEndedAndOnlyOneMayFollow() throws Exception {
    AttemptHandle first = executor.submit(spec("first"));
    first.started().get(10, TimeUnit.SECONDS);

    AttemptHandle second = executor.submitAfter(first, spec("second")).orElseThrow();
    assertThat(executor.submitAfter(first, spec("third"))).isEmpty();
    assertThat(second.started()).isNotDone();

    first.end().get(10, TimeUnit.SECONDS);
    second.end().get(10, TimeUnit.SECONDS);
    List<String> ledger = Files.readAllLines(dir.resolve("ledger"));
    assertThat(ledger).hasSize(2);
    assertThat(ledger.get(0)).startsWith("first ended");
    assertThat(ledger.get(1)).startsWith("second started");
    assertThat(time(ledger.get(1))).isGreaterThanOrEqualTo(time(ledger.get(0)));
    assertThat(second.end().get().returnCode()).isZero();
  }

  @Test
  void nothingFollowsAnAttemptThatHasEnded() throws Exception {
    AttemptHandle third = executor.submit(spec("third"));
    third.end().get(10, TimeUnit.SECONDS);

    assertThat(executor.submitAfter(third, spec("second"))).isEmpty();
  }

  @Test
  void aFollowerTakenBackNeverStartsAndAnotherMayFollowInstead() throws Exception {
    AttemptHandle first = executor.submit(spec("first"));
    first.started().get(10, TimeUnit.SECONDS);
    AttemptHandle second = executor.submitAfter(first, spec("second")).orElseThrow();

    assertThat(executor.withdraw(second)).isTrue();
    assertThat(executor.withdraw(second)).isFalse();
    AttemptHandle third = executor.submitAfter(first, spec("third")).orElseThrow();

    first.end().get(10, TimeUnit.SECONDS);
    assertThat(third.end().get(10, TimeUnit.SECONDS).returnCode()).isZero();
    assertThat(second.started()).isNotDone();
    assertThat(Files.readAllLines(dir.resolve("ledger"))).hasSize(1);
  }

  @Test
  void aFollowerCannotBeTakenBackOnceTheAttemptItFollowsHasEnded() throws Exception {
    AttemptHandle first = executor.submit(spec("first"));
    first.started().get(10, TimeUnit.SECONDS);
    AttemptHandle second = executor.submitAfter(first, spec("second")).orElseThrow();

    first.end().get(10, TimeUnit.SECONDS);

    assertThat(executor.withdraw(second)).isFalse();
    assertThat(second.end().get(10, TimeUnit.SECONDS).returnCode()).isZero();
  }

  private static double time(String line) {
    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
  }
}
