package dev.torc.recovery.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torc.model.JobSpec;
import dev.torc.model.JobStatus;
import dev.torc.model.Memory;
import dev.torc.model.ResourceRequirements;
import dev.torc.model.Workflow;
import dev.torc.recovery.classify.FailureCause;
import dev.torc.recovery.policy.OomSizing;
import dev.torc.store.Stores;
import dev.torc.store.WorkflowStore;
import dev.torc.testkit.SimulatedWorkload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkflowRecoveryTest {
  @TempDir Path dir;
  WorkflowStore store;

  @BeforeEach
  void open() {
    store = Stores.sqlite(dir.resolve("torc.db"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** train (8g, PT1H) fans out from prep; report waits for all; bug always fails. */
  private long workflow() {
    Workflow wf =
        Workflow.builder("recovery")
            .resourceRequirements(
                ResourceRequirements.builder("big").memory("8g").runtime("PT1H").build())
            .job(JobSpec.builder("prep").command("prep").build())
            .job(
                JobSpec.builder("train")
                    .command("train")
                    .resourceRequirements("big")
                    .dependsOn("prep")
                    .build())
            .job(
                JobSpec.builder("slow")
                    .command("slow")
                    .resourceRequirements("big")
                    .dependsOn("prep")
                    .build())
            .job(JobSpec.builder("fine").command("fine").resourceRequirements("big").build())
            .job(JobSpec.builder("bug").command("bug").build())
            .job(JobSpec.builder("report").command("report").dependsOn("train").build())
            .build();
    return store.createWorkflow(wf);
  }

  private SimulatedWorkload workload() {
    return SimulatedWorkload.builder(store)
        .job("train", "10g", Duration.ofMinutes(10))
        .job("slow", "1g", Duration.ofMinutes(80))
        .job("fine", "2g", Duration.ofMinutes(5))
        .failing("bug", 2)
        .build();
  }

  private JobRecovery of(RecoveryReport report, String name) {
    return report.jobs().stream().filter(j -> j.jobName().equals(name)).findFirst().orElseThrow();
  }

  private ResourceRequirements requirements(long wf, String name) {
    return store.listJobs(wf, null).stream()
        .filter(j -> j.name().equals(name))
        .findFirst()
        .orElseThrow()
        .requirements();
  }

  private JobStatus status(long wf, String name) {
    return store.listJobs(wf, null).stream()
        .filter(j -> j.name().equals(name))
        .findFirst()
        .orElseThrow()
        .status();
  }

  @Test
  void resizesOutOfMemoryAndTimedOutJobsAndResetsThemWithTheirDownstream() {
    long wf = workflow();
    workload().drive(wf);
    assertThat(status(wf, "report")).isEqualTo(JobStatus.CANCELED);

    RecoveryReport report =
        WorkflowRecovery.builder(store).oomSizing(OomSizing.OFF).build().recover(wf, false);

    JobRecovery train = of(report, "train");
    assertThat(train.action()).isEqualTo(JobRecovery.Action.RESIZE);
    assertThat(train.failed().cause()).isEqualTo(FailureCause.OOM);
    assertThat(train.adjustments())
        .extracting(Adjustment::describe)
        .containsExactly("OOM detected, increasing memory 8g -> 12g");
    JobRecovery slow = of(report, "slow");
    assertThat(slow.adjustments())
        .extracting(Adjustment::describe)
        .containsExactly("Timeout detected, increasing runtime PT1H -> PT1H30M");
    assertThat(of(report, "bug").action()).isEqualTo(JobRecovery.Action.SKIP);
    assertThat(report.fixes("OOM")).isEqualTo(1);
    assertThat(report.fixes("Timeout")).isEqualTo(1);
    assertThat(report.resetCount()).isEqualTo(3);

    assertThat(requirements(wf, "train").memory()).isEqualTo(Memory.parse("12g"));
    assertThat(requirements(wf, "train").runtime()).isEqualTo(Duration.ofHours(1));
    assertThat(requirements(wf, "slow").runtime()).isEqualTo(Duration.ofMinutes(90));
    assertThat(requirements(wf, "fine").memory()).isEqualTo(Memory.parse("8g"));
    assertThat(status(wf, "train")).isEqualTo(JobStatus.READY);
    assertThat(status(wf, "report")).isEqualTo(JobStatus.BLOCKED);
    assertThat(status(wf, "bug")).isEqualTo(JobStatus.FAILED);
    assertThat(status(wf, "fine")).isEqualTo(JobStatus.COMPLETED);
  }

  @Test
  void theNewMemoryIsTheMeasuredPeakTimesTheMultiplierRoundedUpToAWholeUnit() {
    long wf = workflow();
    workload().drive(wf);
    FailedJob train = FailureDiagnosis.of(store, wf).get(0);
    assertThat(train.job().name()).isEqualTo("train");
    FailedJob peaked = new FailedJob(train.job(), null, null, FailureCause.OOM, "unsampled");
    FailedJob withPeak =
        FailureDiagnosis.diagnose(
            train.job(),
            new dev.torc.store.JobResult(
                train.job().id(),
                wf,
                1,
                1,
                137,
                JobStatus.FAILED,
                1.0,
                train.result().completionTime(),
                (long) (7.3 * (1L << 30)) + (1L << 30),
                null,
                null,
                null),
            null);
    assertThat(withPeak.evidence()).isEqualTo("memory_exceeded");
    ResourceHeuristic oom = ResourceHeuristic.oom(1.5);
    assertThat(oom.adjust(withPeak, train.job().requirements()).orElseThrow().to())
        .isEqualTo("13g");
    assertThat(oom.adjust(peaked, train.job().requirements()).orElseThrow().to()).isEqualTo("12g");
    ResourceRequirements small = train.job().requirements().toBuilder().memory("100m").build();
    assertThat(oom.adjust(peaked, small).orElseThrow().to()).isEqualTo("150m");
    assertThat(ResourceHeuristic.oom(2.0).adjust(peaked, small).orElseThrow().to())
        .isEqualTo("200m");
    ResourceRequirements seven = small.toBuilder().memory("700m").build();
    assertThat(oom.adjust(peaked, seven).orElseThrow().to()).isEqualTo("2g");
  }

  @Test
  void aDryRunChangesNothingAndPlansWhatTheRealPassDoes() throws Exception {
    long wf = workflow();
    workload().drive(wf);
    WorkflowRecovery recovery =
        WorkflowRecovery.builder(store)
            .recoveryHook(
                RecoveryHook.command(
                    "echo -n ran > "
                        + dir.resolve("hook")
                        + "; echo -n \" $TORC_WORKFLOW_ID\" >> "
                        + dir.resolve("hook")
                        + "; true"))
            .build();
    byte[] before = Files.readAllBytes(dir.resolve("torc.db"));
    String dumpBefore = dump(wf);

    RecoveryReport dry = recovery.recover(wf, true);

    assertThat(dump(wf)).isEqualTo(dumpBefore);
    assertThat(Files.readAllBytes(dir.resolve("torc.db"))).isEqualTo(before);
    assertThat(dir.resolve("hook")).doesNotExist();
    assertThat(dry.dryRun()).isTrue();
    assertThat(dry.hookRan()).isFalse();

    RecoveryReport real = recovery.recover(wf, false);
    assertThat(real.jobs()).isEqualTo(dry.jobs());
    assertThat(real.hookRan()).isTrue();
    assertThat(Files.readString(dir.resolve("hook"))).isEqualTo("ran " + wf);
    assertThat(dump(wf)).isNotEqualTo(dumpBefore);
  }

  private String dump(long wf) {
    return store.listJobs(wf, null)
        + "\n"
        + store.listResults(wf)
        + "\n"
        + store.listEvents(wf)
        + "\n"
        + store.listFailureRecords(wf)
        + "\n"
        + store.getWorkflow(wf);
  }

  @Test
  void unknownFailuresAreLeftAloneUnlessAskedOrAHookRuns() {
    long wf = workflow();
    workload().drive(wf);
    assertThat(WorkflowRecovery.builder(store).build().recover(wf, true))
        .satisfies(r -> assertThat(of(r, "bug").action()).isEqualTo(JobRecovery.Action.SKIP))
        .satisfies(r -> assertThat(of(r, "bug").note()).contains("unknown failure cause"));
    assertThat(WorkflowRecovery.builder(store).retryUnknown(true).build().recover(wf, true))
        .satisfies(r -> assertThat(of(r, "bug").action()).isEqualTo(JobRecovery.Action.RETRY));
    assertThat(WorkflowRecovery.builder(store).recoveryHook(id -> {}).build().recover(wf, true))
        .satisfies(r -> assertThat(of(r, "bug").action()).isEqualTo(JobRecovery.Action.RETRY));
  }

  @Test
  void otherCausesComeFromTheFailureRecordsAndTransientOnesRetryUnchanged() {
    long wf = workflow();
    workload().drive(wf);
    JobRecovery bug = of(WorkflowRecovery.builder(store).build().recover(wf, true), "bug");
    store.addFailureRecord(
        new dev.torc.store.FailureInfo(
            wf,
            bug.jobId(),
            1,
            1,
            "transient",
            "connection refused",
            "pattern: Connection refused",
            0.9,
            2,
            null,
            null,
            null,
            60.0,
            3600.0,
            null));

    RecoveryReport report = WorkflowRecovery.builder(store).build().recover(wf, false);

    assertThat(of(report, "bug").failed().cause()).isEqualTo(FailureCause.TRANSIENT);
    assertThat(of(report, "bug").failed().evidence()).isEqualTo("pattern: Connection refused");
    assertThat(of(report, "bug").action()).isEqualTo(JobRecovery.Action.RETRY);
    assertThat(status(wf, "bug")).isEqualTo(JobStatus.READY);
    assertThat(requirements(wf, "bug")).isEqualTo(bug.requirements());
  }

  @Test
  void multipliersMustBeAboveOne() {
    assertThatThrownBy(() -> WorkflowRecovery.builder(store).memoryMultiplier(1.0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WorkflowRecovery.builder(store).runtimeMultiplier(0.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ResourceHeuristic.oom(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aJobWhoseRequestWouldPassTheMachineFailsWithAReasonInsteadOfRetrying() {
    long wf = workflow();
    workload().drive(wf);

    RecoveryReport report =
        WorkflowRecovery.builder(store).maxMemory(Memory.parse("10g")).build().recover(wf, false);

    JobRecovery train = of(report, "train");
    assertThat(train.action()).isEqualTo(JobRecovery.Action.OVER_LIMIT);
    assertThat(train.note()).isEqualTo("memory 12g exceeds the 10g available; not retrying");
    assertThat(status(wf, "train")).isEqualTo(JobStatus.FAILED);
    assertThat(requirements(wf, "train").memory()).isEqualTo(Memory.parse("8g"));
    assertThat(store.listEvents(wf))
        .filteredOn(e -> e.kind().equals(WorkflowRecovery.EVENT_OVER_LIMIT))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("train").contains("12g"));
    assertThat(status(wf, "slow")).isEqualTo(JobStatus.READY);
  }

  @Test
  void aResizePastTheLargestPartitionThatFitsFailsTheJobWithALineNamingTheLimit() {
    long wf = workflow();
    workload().drive(wf);

    RecoveryReport report =
        WorkflowRecovery.builder(store)
            .limit(
                rr ->
                    rr.memory().bytes() > Memory.parse("10g").bytes()
                        ? "memory "
                            + rr.memory().text()
                            + " > 10240m per node of partition standard"
                        : null)
            .build()
            .recover(wf, false);

    JobRecovery train = of(report, "train");
    assertThat(train.action()).isEqualTo(JobRecovery.Action.OVER_LIMIT);
    assertThat(train.note())
        .isEqualTo("memory 48g > 10240m per node of partition standard; not retrying");
    assertThat(status(wf, "train")).isEqualTo(JobStatus.FAILED);
    assertThat(store.listEvents(wf))
        .filteredOn(e -> e.kind().equals(WorkflowRecovery.EVENT_OVER_LIMIT))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("partition standard"));
    assertThat(status(wf, "slow")).isEqualTo(JobStatus.READY);
  }

  @Test
  void aFailingHookStopsRecoveryBeforeAnythingChanges() {
    long wf = workflow();
    workload().drive(wf);
    String dumpBefore = dump(wf);
    WorkflowRecovery recovery =
        WorkflowRecovery.builder(store).recoveryHook(RecoveryHook.command("exit 3;")).build();

    assertThatThrownBy(() -> recovery.recover(wf, false))
        .isInstanceOf(RecoveryHook.RecoveryHookException.class)
        .hasMessageContaining("exited with 3");
    assertThat(dump(wf)).isEqualTo(dumpBefore);
  }

  @Test
  void aCommandHookGetsTheWorkflowIdAsArgumentAndVariable() throws Exception {
    Path out = dir.resolve("hook.txt");
    RecoveryHook.command("echo \"$TORC_WORKFLOW_ID\" >> " + out + "; echo").run(42);
    assertThat(Files.readString(out)).isEqualTo("42\n");
    RecoveryHook.command("echo >> " + out).run(7);
    assertThat(Files.readAllLines(out)).containsExactly("42", "7");
  }

  @Test
  void usersAddTheirOwnHeuristics() {
    long wf = workflow();
    workload().drive(wf);
    ResourceHeuristic moreCpus =
        (job, current) ->
            job.cause() == FailureCause.UNKNOWN
                ? Optional.of(
                    new Adjustment(
                        "Exit " + job.result().returnCode(),
                        "CPUs",
                        String.valueOf(current.numCpus()),
                        String.valueOf(current.numCpus() * 2),
                        current.toBuilder().numCpus(current.numCpus() * 2).build()))
                : Optional.empty();

    RecoveryReport report =
        WorkflowRecovery.builder(store)
            .heuristics(List.of(ResourceHeuristic.oom(2.0), moreCpus))
            .build()
            .recover(wf, false);

    assertThat(of(report, "train").adjustments())
        .extracting(Adjustment::describe)
        .containsExactly("OOM detected, increasing memory 8g -> 16g");
    assertThat(of(report, "bug").adjustments())
        .extracting(Adjustment::describe)
        .containsExactly("Exit 2 detected, increasing CPUs 1 -> 2");
    assertThat(of(report, "slow").action()).isEqualTo(JobRecovery.Action.SKIP);
    assertThat(requirements(wf, "bug").numCpus()).isEqualTo(2);
  }

  @Test
  void refusesWhileJobsRun() {
    long wf = workflow();
    store.claimReadyJobs(wf, new dev.torc.store.ResourceBudget(8, 1L << 40, 0), 1);
    assertThatThrownBy(() -> WorkflowRecovery.builder(store).build().recover(wf, true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("pending or running");
    assertThat(store.countJobsByStatus(wf)).containsEntry(JobStatus.PENDING, 1);
  }
}
