package dev.torc.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.exec.MachineResources;
import dev.torc.model.JobSpec;
import dev.torc.model.SlurmScheduler;
import dev.torc.model.Workflow;
import dev.torc.model.WorkflowAction;
import dev.torc.model.WorkflowAction.Trigger;
import dev.torc.store.ActionFiring;
import dev.torc.store.Stores;
import dev.torc.store.WorkflowEvent;
import dev.torc.store.WorkflowStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActionTriggersTest {
  private static final long GIB = 1L << 30;

  @TempDir Path dir;

  private RunOptions options(Path database) {
    return RunOptions.builder()
        .outputDir(dir.resolve("out"))
        .resources(new MachineResources(2, 4 * GIB, 0))
        .pollInterval(Duration.ofMillis(100))
        .build()
        .withDefaults(Map.of(), Stores.apiUrl(database.toString()));
  }

  /** A command that appends a line to {@code marks/NAME}, in the output directory. */
  private static String mark(String name) {
    return "mkdir -p marks && echo \"$TORC_WORKFLOW_ID\" >> marks/" + name;
  }

  private List<String> marks(String name) throws IOException {
    Path file = dir.resolve("out").resolve("marks").resolve(name);
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }

  private static Workflow pipeline() {
    return Workflow.builder("pipeline")
        .job(JobSpec.builder("prep").command("true").build())
        .job(JobSpec.builder("work_1").command("true").dependsOn("prep").build())
        .job(JobSpec.builder("work_2").command("true").dependsOn("prep").build())
        .job(JobSpec.builder("report").command("true").dependsOn("work_1", "work_2").build())
        .action(WorkflowAction.runCommands(Trigger.ON_WORKFLOW_START, List.of(mark("start"))))
        .action(
            WorkflowAction.runCommands(Trigger.ON_JOBS_READY, List.of(mark("work_ready")))
                .onJobs(List.of(), List.of("work_\\d")))
        .action(
            WorkflowAction.runCommands(
                    Trigger.ON_JOBS_COMPLETE,
                    List.of(mark("work_done"), "echo to-stdout; echo to-stderr >&2"))
                .onJobs(List.of(), List.of("work_.*")))
        .action(WorkflowAction.runCommands(Trigger.ON_WORKFLOW_COMPLETE, List.of(mark("end"))))
        .action(
            WorkflowAction.runCommands(Trigger.ON_WORKFLOW_START, List.of(mark("every_runner")))
                .withPersistent(true))
        .build();
  }

  @Test
  void eachTriggerFiresItsCommandsOnceWithTheirOutputLogged() throws IOException {
    Path database = dir.resolve("torc.db");
    try (WorkflowStore store = Stores.sqlite(database)) {
      long wf = store.createWorkflow(pipeline());
      RunResult result = new JobRunner(store, wf, options(database)).run();
      assertThat(result.outcome()).isEqualTo(RunResult.Outcome.COMPLETED);

      for (String name : List.of("start", "work_ready", "work_done", "end", "every_runner")) {
        assertThat(marks(name)).as(name).containsExactly(Long.toString(wf));
      }
      Path logs = dir.resolve("out").resolve("actions");
      assertThat(Files.readString(logs.resolve("action_wf" + wf + "_a3_r1.o")))
          .isEqualTo("to-stdout\n");
      assertThat(Files.readString(logs.resolve("action_wf" + wf + "_a3_r1.e")))
          .isEqualTo("to-stderr\n");
      assertThat(store.listEvents(wf))
          .filteredOn(e -> e.kind().equals("action_completed"))
          .hasSize(5);
      assertThat(store.listEvents(wf)).noneMatch(e -> e.kind().equals("action_failed"));
    }
  }

  @Test
  void twoConcurrentRunnersFireEachActionOnceAndPersistentOnesOncePerRunner() throws Exception {
    Path database = dir.resolve("torc.db");
    long wf;
    try (WorkflowStore store = Stores.sqlite(database)) {
      wf = store.createWorkflow(pipeline());
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<RunResult>> runs =
          List.of(
              pool.submit(() -> runInOwnStore(database, wf, go)),
              pool.submit(() -> runInOwnStore(database, wf, go)));
      go.countDown();
      for (Future<RunResult> run : runs) {
        assertThat(run.get(120, TimeUnit.SECONDS).outcome()).isEqualTo(RunResult.Outcome.COMPLETED);
      }
    } finally {
      pool.shutdownNow();
    }
    for (String name : List.of("start", "work_ready", "work_done", "end")) {
      assertThat(marks(name)).as(name).hasSize(1);
    }
    assertThat(marks("every_runner")).hasSize(2);
    try (WorkflowStore store = Stores.sqlite(database)) {
      assertThat(store.listActionFirings(wf))
          .extracting(ActionFiring::actionIndex)
          .containsExactlyInAnyOrder(0, 1, 2, 3, 4, 4);
    }
  }

  private RunResult runInOwnStore(Path database, long wf, CountDownLatch go) throws Exception {
    go.await();
    try (WorkflowStore store = Stores.sqlite(database)) {
      return new JobRunner(store, wf, options(database)).run();
    }
  }

  @Test
  void aRestartedRunnerDoesNotFireAgainButANewRunDoes() throws IOException {
    Path database = dir.resolve("torc.db");
    long wf;
    try (WorkflowStore store = Stores.sqlite(database)) {
      wf = store.createWorkflow(pipeline());
      new JobRunner(store, wf, options(database)).run();
    }
    try (WorkflowStore store = Stores.sqlite(database)) {
      new JobRunner(store, wf, options(database)).run();
      for (String name : List.of("start", "work_ready", "work_done", "end")) {
        assertThat(marks(name)).as(name).hasSize(1);
      }
      // The persistent action fires for the new runner too.
      assertThat(marks("every_runner")).hasSize(2);

      store.reinitialize(wf, java.util.Set.of(store.listJobs(wf, null).get(0).id()));
      new JobRunner(store, wf, options(database)).run();
      for (String name : List.of("start", "work_ready", "work_done", "end")) {
        assertThat(marks(name)).as(name).hasSize(2);
      }
    }
  }

  @Test
  void scheduleNodesWithoutAProviderOfItsTypeFailsWithAClearEvent() {
    Path database = dir.resolve("torc.db");
    try (WorkflowStore store = Stores.sqlite(database)) {
      long wf =
          store.createWorkflow(
              Workflow.builder("slurmy")
                  .slurmScheduler(SlurmScheduler.of("sched", "acct"))
                  .job(JobSpec.builder("a").command("true").build())
                  .action(
                      WorkflowAction.scheduleNodes(Trigger.ON_WORKFLOW_START, "slurm", "sched", 1))
                  .build());
      RunResult result = new JobRunner(store, wf, options(database)).run();
      assertThat(result.outcome()).isEqualTo(RunResult.Outcome.COMPLETED);
      assertThat(store.listEvents(wf))
          .filteredOn(e -> e.kind().equals("action_failed"))
          .extracting(WorkflowEvent::message)
          .singleElement()
          .asString()
          .contains("action #1 (on_workflow_start schedule_nodes (slurm sched)) failed")
          .contains("no node scheduler of type 'slurm'");
    }
  }

  @Test
  void theOriginalsStagedSlurmExampleRunsLocallyEachScheduleNodesActionFiringOnce()
      throws Exception {
    Path database = dir.resolve("torc.db");
    Workflow example =
        dev.torc.spec.WorkflowSpecs.load(
            Path.of(
                getClass()
                    .getResource("/dev/torc/spec/original/workflow_actions_simple_slurm.yaml")
                    .toURI()));
    try (WorkflowStore store = Stores.sqlite(database)) {
      long wf = store.createWorkflow(example);
      RunOptions big =
          RunOptions.builder()
              .outputDir(dir.resolve("out"))
              .resources(new MachineResources(32, 64 * GIB, 0))
              .enforceLimits(false)
              .pollInterval(Duration.ofMillis(100))
              .build()
              .withDefaults(Map.of(), Stores.apiUrl(database.toString()));
      RunResult result = new JobRunner(store, wf, big).run();
      assertThat(result.outcome()).isEqualTo(RunResult.Outcome.COMPLETED);
      assertThat(store.listActionFirings(wf))
          .extracting(ActionFiring::actionIndex)
          .containsExactly(0, 1, 2);
      assertThat(store.listEvents(wf))
          .filteredOn(e -> e.kind().equals("action_failed"))
          .extracting(WorkflowEvent::message)
          .hasSize(3)
          .allSatisfy(m -> assertThat(m).contains("no node scheduler of type 'slurm'"));
    }
  }

  @Test
  void aFailingCommandStopsItsActionButNotTheWorkflow() throws IOException {
    Path database = dir.resolve("torc.db");
    try (WorkflowStore store = Stores.sqlite(database)) {
      long wf =
          store.createWorkflow(
              Workflow.builder("failing")
                  .job(JobSpec.builder("a").command("true").build())
                  .action(
                      WorkflowAction.runCommands(
                          Trigger.ON_WORKFLOW_START, List.of("exit 3", mark("never"))))
                  .build());
      RunResult result = new JobRunner(store, wf, options(database)).run();
      assertThat(result.outcome()).isEqualTo(RunResult.Outcome.COMPLETED);
      assertThat(marks("never")).isEmpty();
      assertThat(store.listEvents(wf))
          .filteredOn(e -> e.kind().equals("action_failed"))
          .extracting(WorkflowEvent::message)
          .singleElement()
          .asString()
          .contains("command 'exit 3' exited with 3");
    }
  }
}
