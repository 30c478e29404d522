package dev.torc.recovery.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.model.JobSpec;
import dev.torc.model.JobStatus;
import dev.torc.model.Memory;
import dev.torc.model.ResourceRequirements;
import dev.torc.model.Workflow;
import dev.torc.recovery.policy.OomSizing;
import dev.torc.store.Stores;
import dev.torc.store.WorkflowStore;
import dev.torc.testkit.SimulatedWorkload;
import dev.torc.testkit.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkflowWatchTest {
  final WorkflowStore store = Stores.inMemory();
  final VirtualClock clock = VirtualClock.create();
  final List<String> heard = new ArrayList<>();

  @AfterEach
  void close() {
    store.close();
  }

  private long workflow() {
    return store.createWorkflow(
        Workflow.builder("watch")
            .resourceRequirements(
                ResourceRequirements.builder("big").memory("8g").runtime("PT1H").build())
            .job(JobSpec.builder("train").command("train").resourceRequirements("big").build())
            .job(JobSpec.builder("ok").command("ok").resourceRequirements("big").build())
            .job(JobSpec.builder("after").command("after").dependsOn("train").build())
            .build());
  }

  private WorkflowWatch.Builder watch(SimulatedWorkload workload) {
    return WorkflowWatch.builder(store)
        .driver(workload)
        .sleeper(clock::advance)
        .listener(
            new WatchListener() {
              @Override
              public void recovering(long workflowId, int attempt, int maxRetries) {
                heard.add("attempt " + attempt + "/" + maxRetries);
              }

              @Override
              public void recovered(RecoveryReport report) {
                report.jobs().stream()
                    .flatMap(j -> j.adjustments().stream())
                    .forEach(a -> heard.add(a.describe()));
              }
            });
  }

  @Test
  void recoversUntilTheJobFitsResizingOnlyTheFailingJob() throws Exception {
    long wf = workflow();
    SimulatedWorkload workload =
        SimulatedWorkload.builder(store).clock(clock).job("train", "20g", Duration.ZERO).build();

    WatchResult result = watch(workload).recovery(multiplierOnly()).build().watch(wf);

    assertThat(result.outcome()).isEqualTo(WatchResult.Outcome.SUCCEEDED);
    assertThat(result.passes()).hasSize(3);
    assertThat(result.count(JobStatus.COMPLETED)).isEqualTo(3);
    assertThat(heard)
        .containsExactly(
            "attempt 1/3",
            "OOM detected, increasing memory 8g -> 12g",
            "attempt 2/3",
            "OOM detected, increasing memory 12g -> 18g",
            "attempt 3/3",
            "OOM detected, increasing memory 18g -> 27g");
    assertThat(workload.attemptsOf("train"))
        .extracting(rr -> rr.memory().text())
        .containsExactly("8g", "12g", "18g", "27g");
    assertThat(workload.attemptsOf("ok")).hasSize(1);
    assertThat(workload.attemptsOf("after")).hasSize(1);
  }

  @Test
  void stopsAfterMaxRetriesWithTheFailuresLeft() throws Exception {
    long wf = workflow();
    SimulatedWorkload workload =
        SimulatedWorkload.builder(store).clock(clock).job("train", "20g", Duration.ZERO).build();

    WatchResult result = watch(workload).recovery(multiplierOnly()).maxRetries(2).build().watch(wf);

    assertThat(result.outcome()).isEqualTo(WatchResult.Outcome.MAX_RETRIES_EXCEEDED);
    assertThat(result.passes()).hasSize(2);
    assertThat(result.count(JobStatus.FAILED)).isEqualTo(1);
    assertThat(result.count(JobStatus.CANCELED)).isEqualTo(1);
    assertThat(workload.attemptsOf("train")).hasSize(3);
  }

  @Test
  void withoutRecoveryItReportsTheFailures() throws Exception {
    long wf = workflow();
    SimulatedWorkload workload =
        SimulatedWorkload.builder(store).clock(clock).job("train", "20g", Duration.ZERO).build();

    WatchResult result = watch(workload).build().watch(wf);

    assertThat(result.outcome()).isEqualTo(WatchResult.Outcome.FAILED);
    assertThat(result.passes()).isEmpty();
    assertThat(store.getJob(store.listJobs(wf, JobStatus.FAILED).get(0).id()).requirements())
        .extracting(rr -> rr.memory())
        .isEqualTo(Memory.parse("8g"));
  }

  @Test
  void endsWhenNothingFailedIsRecoverable() throws Exception {
    long wf = workflow();
    SimulatedWorkload workload =
        SimulatedWorkload.builder(store).clock(clock).failing("train", 1).build();

    WatchResult result =
        watch(workload).recovery(WorkflowRecovery.builder(store).build()).build().watch(wf);

    assertThat(result.outcome()).isEqualTo(WatchResult.Outcome.NOT_RECOVERABLE);
    assertThat(result.passes())
        .singleElement()
        .satisfies(p -> assertThat(p.recoverable()).isFalse());
  }

  /** The store, counting the calls made through it. */
  private static WorkflowStore counting(WorkflowStore store, int[] calls) {
    return (WorkflowStore)
        java.lang.reflect.Proxy.newProxyInstance(
            WorkflowStore.class.getClassLoader(),
            new Class<?>[] {WorkflowStore.class},
            (proxy, method, args) -> {
              calls[0]++;
              try {
                return method.invoke(store, args);
              } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Test
  void eachPollCostsOneStoreCallWhateverTheNumberOfJobs() throws Exception {
    for (int jobs : new int[] {1, 300}) {
      Workflow.Builder builder = Workflow.builder("many");
      for (int i = 0; i < jobs; i++) {
        builder.job(JobSpec.builder("j" + i).command("true").build());
      }
      long wf = store.createWorkflow(builder.build());
      SimulatedWorkload workload = SimulatedWorkload.builder(store).clock(clock).build();
      int[] calls = {0};
      int[] polls = {0};
      WorkflowWatch.builder(counting(store, calls))
          .countJobs(true)
          .sleeper(
              d -> {
                if (++polls[0] == 4) {
                  workload.drive(wf);
                }
              })
          .build()
          .watch(wf);
      // One look-up of the workflow, then one count per poll and one for the last look.
      assertThat(polls[0]).as("polls with %d jobs", jobs).isEqualTo(4);
      assertThat(calls[0]).as("store calls with %d jobs", jobs).isEqualTo(1 + 4 + 1);
    }
  }

  @Test
  void pollsWhileSomethingElseRunsTheWorkflow() throws Exception {
    long wf = workflow();
    SimulatedWorkload workload = SimulatedWorkload.builder(store).clock(clock).build();
    List<Integer> polls = new ArrayList<>();
    WatchResult result =
        WorkflowWatch.builder(store)
            .countJobs(true)
            .pollInterval(Duration.ofSeconds(30))
            .sleeper(
                d -> {
                  clock.advance(d);
                  polls.add(polls.size());
                  if (polls.size() == 3) {
                    workload.drive(wf);
                  }
                })
            .build()
            .watch(wf);

    assertThat(result.outcome()).isEqualTo(WatchResult.Outcome.SUCCEEDED);
    assertThat(polls).hasSize(3);
    assertThat(clock.instant()).isEqualTo(VirtualClock.DEFAULT_START.plusSeconds(90));
  }

  /** Recovery that sizes memory by the multiplier alone (headroom: {@link OomHeadroomTest}). */
  private WorkflowRecovery multiplierOnly() {
    return WorkflowRecovery.builder(store).oomSizing(OomSizing.OFF).build();
  }
}
