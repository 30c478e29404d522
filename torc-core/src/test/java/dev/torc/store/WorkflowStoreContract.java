package dev.torc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.torc.model.FailureHandler;
import dev.torc.model.FailureRule;
import dev.torc.model.FileSpec;
import dev.torc.model.IllegalTransitionException;
import dev.torc.model.JobSpec;
import dev.torc.model.JobStatus;
import dev.torc.model.JobsSortMethod;
import dev.torc.model.Memory;
import dev.torc.model.RecoveryConfig;
import dev.torc.model.ResourceMonitorConfig;
import dev.torc.model.ResourceRequirements;
import dev.torc.model.SlurmScheduler;
import dev.torc.model.SpecException;
import dev.torc.model.UserDataSpec;
import dev.torc.model.Workflow;
import dev.torc.model.WorkflowAction;
import dev.torc.model.WorkflowAction.Trigger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link WorkflowStore} must do. Subclasses say how to open a store; each test gets a
 * fresh one whose clock the test moves by hand.
 */
abstract class WorkflowStoreContract {
  static final Instant START = Instant.parse("2025-01-02T03:04:05.678Z");
  static final long GIB = 1L << 30;
  static final ResourceBudget PLENTY = new ResourceBudget(1_000_000, Long.MAX_VALUE / 2, 1_000);

  protected MutableClock clock;
  protected WorkflowStore store;

  /** A new, empty store that takes times from this clock. */
  protected abstract WorkflowStore openStore(Clock clock);

  @BeforeEach
  void openFreshStore() {
    clock = new MutableClock(START);
    store = openStore(clock);
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Actions

  private long workflowWithActions() {
    return store.createWorkflow(
        Workflow.builder("acts")
            .job(job("prep"))
            .job(job("train_1", "prep"))
            .job(job("train_2", "prep"))
            .job(job("report", "train_1", "train_2"))
            .action(WorkflowAction.runCommands(Trigger.ON_WORKFLOW_START, List.of("echo start")))
            .action(
                WorkflowAction.scheduleNodes(Trigger.ON_JOBS_READY, "local", null, 2)
                    .onJobs(List.of(), List.of("train_.*")))
            .action(
                WorkflowAction.runCommands(Trigger.ON_JOBS_COMPLETE, List.of("echo done"))
                    .onJobs(List.of("report", "prep"), List.of())
                    .withPersistent(true))
            .build());
  }

  @Test
  void actionsAreStoredWithTheJobsTheyWaitFor() {
    long wf = workflowWithActions();
    List<StoredAction> actions = store.listActions(wf);
    assertThat(actions).extracting(StoredAction::index).containsExactly(0, 1, 2);
    assertThat(actions.get(0).action().commands()).containsExactly("echo start");
    assertThat(actions.get(0).jobIds()).isEmpty();
    assertThat(actions.get(1).action().schedulerType()).isEqualTo("local");
    assertThat(actions.get(1).action().numAllocations()).isEqualTo(2);
    assertThat(actions.get(1).action().jobNameRegexes()).containsExactly("train_.*");
    assertThat(actions.get(1).jobIds()).containsExactly(id(wf, "train_1"), id(wf, "train_2"));
    assertThat(actions.get(2).action().persistent()).isTrue();
    assertThat(actions.get(2).jobIds()).containsExactly(id(wf, "prep"), id(wf, "report"));
    assertThat(store.countJobsByStatus(wf, actions.get(1).jobIds()))
        .isEqualTo(Map.of(JobStatus.BLOCKED, 2));
  }

  @Test
  void aFiringIsClaimedOncePerRunAndPersistentOnesOncePerRunner() {
    long wf = workflowWithActions();
    assertThat(store.claimActionFiring(wf, 0, 1, 0, "first")).isTrue();
    assertThat(store.claimActionFiring(wf, 0, 1, 0, "again")).isFalse();
    assertThat(store.claimActionFiring(wf, 0, 2, 0, "next run")).isTrue();
    assertThat(store.claimActionFiring(wf, 2, 1, 7, "runner 7")).isTrue();
    assertThat(store.claimActionFiring(wf, 2, 1, 8, "runner 8")).isTrue();
    assertThat(store.claimActionFiring(wf, 2, 1, 7, "runner 7 again")).isFalse();
    assertThat(store.listActionFirings(wf))
        .extracting(ActionFiring::actionIndex, ActionFiring::runId, ActionFiring::runnerId)
        .containsExactlyInAnyOrder(
            tuple(0, 1, 0L), tuple(0, 2, 0L), tuple(2, 1, 7L), tuple(2, 1, 8L));
    assertThat(store.listEvents(wf))
        .filteredOn(e -> e.kind().equals("action_fired"))
        .extracting(WorkflowEvent::message)
        .containsExactly("first", "next run", "runner 7", "runner 8");
    assertThatThrownBy(() -> store.claimActionFiring(wf, 3, 1, 0, "none"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("no action #4");
  }

  @Test
  void concurrentClaimsOfOneFiringHaveOneWinner() throws Exception {
    long wf = workflowWithActions();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Boolean>> claims = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        claims.add(
            pool.submit(
                () -> {
                  go.await();
                  return store.claimActionFiring(wf, 1, 1, 0, "race");
                }));
      }
      go.countDown();
      int won = 0;
      for (Future<Boolean> claim : claims) {
        won += claim.get(60, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(won).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void deletingAWorkflowDeletesItsActionsAndFirings() {
    long wf = workflowWithActions();
    store.claimActionFiring(wf, 0, 1, 0, "fired");
    assertThat(store.deleteWorkflow(wf)).isTrue();
    assertThat(store.listActions(wf)).isEmpty();
    assertThat(store.listActionFirings(wf)).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  static JobSpec job(String name, String... dependsOn) {
    return JobSpec.builder(name).command("echo " + name).dependsOn(dependsOn).build();
  }

  static Workflow workflow(JobSpec... jobs) {
    return Workflow.builder("wf").jobs(List.of(jobs)).build();
  }

  Map<String, JobRecord> jobsByName(long workflowId) {
    return store.listJobs(workflowId, null).stream()
        .collect(Collectors.toMap(JobRecord::name, Function.identity()));
  }

  JobStatus status(long workflowId, String name) {
    return jobsByName(workflowId).get(name).status();
  }

  long id(long workflowId, String name) {
    return jobsByName(workflowId).get(name).id();
  }

  /** Moves a ready job to running the way a runner would, without a claim. */
  void start(long jobId) {
    store.updateJobStatus(jobId, JobStatus.PENDING);
    store.updateJobStatus(jobId, JobStatus.RUNNING);
  }

  JobResult result(long workflowId, long jobId, int attempt, JobStatus status, int returnCode) {
    return new JobResult(
        jobId,
        workflowId,
        1,
        attempt,
        returnCode,
        status,
        0.5,
        START.plusSeconds(30).plusNanos(123_456_789),
        512L * 1024 * 1024,
        256L * 1024 * 1024,
        180.5,
        90.25);
  }

  /** Starts the job and records a first attempt ending in this status. */
  void finish(long workflowId, String name, JobStatus status) {
    long jobId = id(workflowId, name);
    start(jobId);
    store.completeJob(result(workflowId, jobId, 1, status, status == JobStatus.COMPLETED ? 0 : 1));
  }

  static ResourceRequirements rr(String name, int cpus, String memory, int gpus) {
    return ResourceRequirements.builder(name).numCpus(cpus).memory(memory).numGpus(gpus).build();
  }

  // ---------------------------------------------------------------------------------------------
  // Creating and reading back

  /** The ids of the jobs a claim with plenty of resources gets, at most {@code max}. */
  private List<Long> claimedIds(long wf, int max, long runner) {
    return store.claimReadyJobs(wf, PLENTY, max, runner).stream().map(JobRecord::id).toList();
  }

  @Test
  void storesAWorkflowAndReadsItBack() {
    ResourceRequirements big =
        ResourceRequirements.builder("big")
            .numCpus(4)
            .memory("1.5g")
            .numGpus(1)
            .numNodes(2)
            .runtime("PT2H30M")
            .build();
    FailureHandler handler =
        FailureHandler.of(
            "retry_oom",
            FailureRule.forExitCodes(3, "echo fix", 137, 139),
            FailureRule.forAnyExitCode(1, null));
    SlurmScheduler scheduler =
        new SlurmScheduler(
            "gpu", "acct", "debug", 2, "1-02:00:00", "64g", "gpu:2", "high", 4, null, "--x");
    Workflow wf =
        Workflow.builder("pipeline")
            .user("ada")
            .description("a test")
            .project("proj")
            .metadata(Map.of("k", 1))
            .usePendingFailed(true)
            .resourceMonitor(
                new ResourceMonitorConfig(
                    false, ResourceMonitorConfig.Granularity.TIME_SERIES, 2.5, true))
            .jobsSortMethod(JobsSortMethod.GPUS_MEMORY_RUNTIME)
            .resourceRequirements(big)
            .failureHandler(handler)
            .slurmScheduler(scheduler)
            .file("raw", "data/raw.csv")
            .file("clean", "data/clean.csv")
            .file("report", "out/report.html")
            .userData(
                UserDataSpec.of("params", Map.of("alpha", 0.5, "names", List.of("x", "y"), "n", 3)))
            .userData(UserDataSpec.of("result", null))
            .job(
                JobSpec.builder("prep")
                    .command("prep.sh ${files.input.raw}")
                    .invocationScript("srun")
                    .resourceRequirements("big")
                    .failureHandler("retry_oom")
                    .scheduler("gpu")
                    .cancelOnBlockingJobFailure(false)
                    .supportsTermination(true)
                    .priority(7)
                    .inputFiles("raw")
                    .outputFiles("clean")
                    .inputUserData("params")
                    .build())
            .job(
                JobSpec.builder("report")
                    .command("report.sh")
                    .dependsOn("prep", "java")
                    .inputFiles("clean")
                    .outputFiles("report")
                    .outputUserData("result")
                    .build())
            .job(JobSpec.builder("java").task(context -> {}).build())
            .build();

    long wfId = store.createWorkflow(wf);

    WorkflowRecord record = store.getWorkflow(wfId);
    assertThat(record.id()).isEqualTo(wfId);
    assertThat(record.name()).isEqualTo("pipeline");
    assertThat(record.user()).isEqualTo("ada");
    assertThat(record.description()).isEqualTo("a test");
    assertThat(record.project()).isEqualTo("proj");
    assertThat(record.runId()).isEqualTo(1);
    assertThat(record.createdAt()).isEqualTo(START);
    assertThat(record.usePendingFailed()).isTrue();
    assertThat(record.resourceMonitor())
        .isEqualTo(
            new ResourceMonitorConfig(
                false, ResourceMonitorConfig.Granularity.TIME_SERIES, 2.5, true));
    assertThat(record.jobsSortMethod()).isEqualTo(JobsSortMethod.GPUS_MEMORY_RUNTIME);
    assertThat(store.listWorkflows()).containsExactly(record);

    List<JobRecord> jobs = store.listJobs(wfId, null);
    assertThat(jobs).extracting(JobRecord::name).containsExactly("prep", "report", "java");
    assertThat(jobs).extracting(JobRecord::id).isSorted().doesNotHaveDuplicates();
    JobRecord prep = jobs.get(0);
    assertThat(prep.workflowId()).isEqualTo(wfId);
    // The builder substitutes file variables; the store keeps the command it is given.
    assertThat(prep.command()).isEqualTo("prep.sh data/raw.csv");
    assertThat(prep.invocationScript()).isEqualTo("srun");
    assertThat(prep.status()).isEqualTo(JobStatus.READY);
    assertThat(prep.attemptId()).isEqualTo(1);
    assertThat(prep.priority()).isEqualTo(7);
    assertThat(prep.requirements()).isEqualTo(big);
    assertThat(prep.requirements().memory()).isEqualTo(new Memory(1536L * 1024 * 1024, "1.5g"));
    assertThat(prep.failureHandler()).isEqualTo("retry_oom");
    assertThat(prep.scheduler()).isEqualTo("gpu");
    assertThat(prep.cancelOnBlockingJobFailure()).isFalse();
    assertThat(prep.supportsTermination()).isTrue();
    assertThat(prep.dependsOn()).isEmpty();
    assertThat(prep.inputFiles()).containsExactly("raw");
    assertThat(prep.outputFiles()).containsExactly("clean");
    assertThat(prep.isJavaTask()).isFalse();

    JobRecord report = jobs.get(1);
    assertThat(report.status()).isEqualTo(JobStatus.BLOCKED);
    assertThat(report.dependsOn()).containsExactly("java", "prep");
    assertThat(report.inputFiles()).containsExactly("clean");
    assertThat(report.outputFiles()).containsExactly("report");
    assertThat(report.requirements()).isEqualTo(ResourceRequirements.DEFAULT);
    assertThat(report.failureHandler()).isNull();
    assertThat(report.scheduler()).isNull();
    assertThat(report.cancelOnBlockingJobFailure()).isTrue();
    assertThat(report.supportsTermination()).isFalse();

    JobRecord java = jobs.get(2);
    assertThat(java.isJavaTask()).isTrue();
    assertThat(java.command()).isNull();
    assertThat(java.status()).isEqualTo(JobStatus.READY);

    assertThat(store.getJob(report.id())).isEqualTo(report);
    assertThat(store.listFiles(wfId))
        .containsExactly(
            FileSpec.of("raw", "data/raw.csv"),
            FileSpec.of("clean", "data/clean.csv"),
            FileSpec.of("report", "out/report.html"));
    assertThat(store.listFailureHandlers(wfId)).containsExactly(handler);
    assertThat(store.listSlurmSchedulers(wfId)).containsExactly(scheduler);
    assertThat(store.listUserData(wfId))
        .containsExactly(
            UserDataSpec.of("params", Map.of("alpha", 0.5, "names", List.of("x", "y"), "n", 3)),
            UserDataSpec.of("result", null));
    assertThat(store.listResults(wfId)).isEmpty();
  }

  @Test
  void keepsTheRecoveryConfigOfEachWorkflow() {
    RecoveryConfig config =
        new RecoveryConfig(
            List.of(
                new RecoveryConfig.ClassificationRuleSpec("Connection refused", "transient", 0.9),
                new RecoveryConfig.ClassificationRuleSpec("bad input", "permanent", 1.0)),
            new RecoveryConfig.Backoff(Duration.ofMillis(1500), 1.5, 0.0, Duration.ofSeconds(90)),
            Map.of("transient", 3, "timeout", 1),
            new RecoveryConfig.CircuitBreaker(25, 4, 2, Duration.ofSeconds(30), 2, "fail"));
    long configured =
        store.createWorkflow(Workflow.builder("wf").recoveryConfig(config).job(job("a")).build());
    long plain = store.createWorkflow(workflow(job("a")));
    assertThat(store.getRecoveryConfig(configured)).isEqualTo(config);
    assertThat(store.getRecoveryConfig(plain)).isEqualTo(RecoveryConfig.NONE);
    assertThat(store.getRecoveryConfig(plain + 1000)).isNull();
  }

  @Test
  void jobIdsAreUniqueAcrossWorkflows() {
    long first = store.createWorkflow(workflow(job("a"), job("b", "a")));
    long second = store.createWorkflow(workflow(job("a"), job("b", "a")));

    assertThat(second).isNotEqualTo(first);
    Set<Long> ids = new HashSet<>();
    store.listJobs(first, null).forEach(j -> ids.add(j.id()));
    store.listJobs(second, null).forEach(j -> ids.add(j.id()));
    assertThat(ids).hasSize(4);
    assertThat(store.listWorkflows()).extracting(WorkflowRecord::id).containsExactly(first, second);
  }

  @Test
  void jobIdsAreNeverReused() {
    long first = store.createWorkflow(workflow(job("a"), job("b")));
    long maxId = store.listJobs(first, null).get(1).id();
    store.deleteWorkflow(first);

    long second = store.createWorkflow(workflow(job("a")));

    assertThat(second).isGreaterThan(first);
    assertThat(store.listJobs(second, null).get(0).id()).isGreaterThan(maxId);
  }

  @Test
  void unknownIdsAreReportedOrEmpty() {
    assertThat(store.findWorkflow(42)).isEmpty();
    assertThat(store.findJob(42)).isEmpty();
    assertThatThrownBy(() -> store.getWorkflow(42)).isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> store.getJob(42)).isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> store.updateJobStatus(42, JobStatus.PENDING))
        .isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> store.addEvent(42, null, "note", "x"))
        .isInstanceOf(StoreException.class);
    assertThat(store.listJobs(42, null)).isEmpty();
    assertThat(store.countJobsByStatus(42)).isEmpty();
    assertThat(store.claimReadyJobs(42, PLENTY, 10)).isEmpty();
    assertThat(store.deleteWorkflow(42)).isFalse();
  }

  @Test
  void initializesJobsWithoutDependenciesReadyAndOthersBlocked() {
    long wf =
        store.createWorkflow(
            workflow(job("a"), job("b"), job("c", "a"), job("d", "a", "b"), job("e", "d", "d")));

    assertThat(store.countJobsByStatus(wf))
        .containsExactlyInAnyOrderEntriesOf(Map.of(JobStatus.READY, 2, JobStatus.BLOCKED, 3));
    assertThat(store.listJobs(wf, JobStatus.READY))
        .extracting(JobRecord::name)
        .containsExactly("a", "b");
    assertThat(store.listJobs(wf, JobStatus.BLOCKED))
        .extracting(JobRecord::name)
        .containsExactly("c", "d", "e");
    assertThat(jobsByName(wf).get("e").dependsOn()).containsExactly("d");
    assertThat(store.listJobs(wf, JobStatus.RUNNING)).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // Atomic creation

  @Test
  void invalidWorkflowsAreRejectedBeforeTheyReachTheStore() {
    long kept = store.createWorkflow(workflow(job("a")));
    List<WorkflowRecord> before = store.listWorkflows();

    // Workflow.Builder#build resolves and validates, so a store only ever sees valid workflows;
    // its own checks are a second line of defence that the public API cannot reach.
    assertThatThrownBy(
            () ->
                Workflow.builder("bad")
                    .file("f", "f.txt")
                    .userData(UserDataSpec.of("u", 1))
                    .job(JobSpec.builder("x").command("x").outputFiles("f").build())
                    .job(job("y", "x"))
                    .job(job("z", "nope"))
                    .build())
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("nope");
    assertThatThrownBy(() -> workflow(job("x"), job("y", "x"), job("x")))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("duplicate job name 'x'");
    assertThatThrownBy(
            () ->
                Workflow.builder("bad")
                    .file("f", "f.txt")
                    .job(job("x"))
                    .job(
                        JobSpec.builder("y")
                            .command("y")
                            .dependsOn("x")
                            .inputFiles("missing")
                            .build())
                    .build())
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("missing");
    assertThatThrownBy(
            () -> workflow(JobSpec.builder("a").command("a").resourceRequirements("x").build()))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("'x'");
    assertThatThrownBy(
            () -> workflow(JobSpec.builder("a").command("a").failureHandler("h").build()))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("'h'");
    assertThatThrownBy(() -> workflow(job("a", "a"))).isInstanceOf(SpecException.class);

    assertThat(store.listWorkflows()).isEqualTo(before);
    assertThat(store.listJobs(kept, null)).hasSize(1);
  }

  // ---------------------------------------------------------------------------------------------
  // Claiming

  @Test
  void claimsByPriorityThenIdAndMovesJobsToPending() {
    long wf =
        store.createWorkflow(
            workflow(
                job("low"),
                JobSpec.builder("high").command("h").priority(10).build(),
                job("low2"),
                JobSpec.builder("mid").command("m").priority(5).build(),
                job("blocked", "low")));

    List<JobRecord> first = store.claimReadyJobs(wf, PLENTY, 3);

    assertThat(first).extracting(JobRecord::name).containsExactly("high", "mid", "low");
    assertThat(first).allSatisfy(j -> assertThat(j.status()).isEqualTo(JobStatus.PENDING));
    assertThat(status(wf, "high")).isEqualTo(JobStatus.PENDING);
    assertThat(store.claimReadyJobs(wf, PLENTY, 10))
        .extracting(JobRecord::name)
        .containsExactly("low2");
    assertThat(store.claimReadyJobs(wf, PLENTY, 10)).isEmpty();
    assertThat(store.claimReadyJobs(wf, PLENTY, 0)).isEmpty();
    assertThat(status(wf, "blocked")).isEqualTo(JobStatus.BLOCKED);
  }

  @Test
  void claimsOnlyWhatFitsTheBudgetPassingOverJobsThatDoNot() {
    Workflow wf =
        Workflow.builder("budget")
            .resourceRequirements(rr("cpu4", 4, "1g", 0))
            .resourceRequirements(rr("cpu2", 2, "1g", 0))
            .resourceRequirements(rr("mem8", 1, "8g", 0))
            .resourceRequirements(rr("gpu", 1, "1g", 1))
            .job(JobSpec.builder("a_cpu4").command("a").resourceRequirements("cpu4").build())
            .job(JobSpec.builder("b_mem8").command("b").resourceRequirements("mem8").build())
            .job(JobSpec.builder("c_gpu").command("c").resourceRequirements("gpu").build())
            .job(JobSpec.builder("d_cpu2").command("d").resourceRequirements("cpu2").build())
            .job(JobSpec.builder("e_cpu2").command("e").resourceRequirements("cpu2").build())
            .job(JobSpec.builder("f_cpu2").command("f").resourceRequirements("cpu2").build())
            .build();
    long id = store.createWorkflow(wf);

    // 5 CPUs, 4 GiB, no GPU: a (4 CPUs) fits; b needs 8g, c a GPU, d..f two CPUs of one left.
    List<JobRecord> claimed = store.claimReadyJobs(id, new ResourceBudget(5, 4 * GIB, 0), 10);
    assertThat(claimed).extracting(JobRecord::name).containsExactly("a_cpu4");

    // 5 CPUs, 16 GiB, 1 GPU: b, c and d fit together (4 CPUs); e and f would need 2 more.
    claimed = store.claimReadyJobs(id, new ResourceBudget(5, 16 * GIB, 1), 10);
    assertThat(claimed).extracting(JobRecord::name).containsExactly("b_mem8", "c_gpu", "d_cpu2");

    // 4 CPUs but 1.5 GiB: e takes 1 GiB, f does not fit in the half left.
    claimed = store.claimReadyJobs(id, new ResourceBudget(4, 3 * GIB / 2, 0), 10);
    assertThat(claimed).extracting(JobRecord::name).containsExactly("e_cpu2");
    assertThat(claimed.get(0).requirements().numCpus()).isEqualTo(2);

    assertThat(store.claimReadyJobs(id, new ResourceBudget(1, 64 * GIB, 4), 10)).isEmpty();
    assertThat(store.claimReadyJobs(id, new ResourceBudget(2, 1 * GIB, 0), 1))
        .extracting(JobRecord::name)
        .containsExactly("f_cpu2");
    assertThat(store.countJobsByStatus(id)).containsExactly(Map.entry(JobStatus.PENDING, 6));
  }

  @Test
  void aClaimOfFewJobsPassesOverTheJobsFirstInLineThatDoNotFit() {
    Workflow.Builder line =
        Workflow.builder("line")
            .resourceRequirements(rr("cpu4", 4, "1g", 0))
            .resourceRequirements(rr("cpu1", 1, "1g", 0));
    for (String name : List.of("a_cpu4", "b_cpu4", "c_cpu1", "d_cpu4", "e_cpu1", "f_cpu1")) {
      line.job(JobSpec.builder(name).command(name).resourceRequirements(name.substring(2)).build());
    }
    long id = store.createWorkflow(line.build());
    ResourceBudget twoCpus = new ResourceBudget(2, 4 * GIB, 0);

    assertThat(store.claimReadyJobs(id, twoCpus, 1))
        .extracting(JobRecord::name)
        .containsExactly("c_cpu1");
    assertThat(store.claimReadyJobs(id, twoCpus, 2))
        .extracting(JobRecord::name)
        .containsExactly("e_cpu1", "f_cpu1");
    assertThat(store.claimReadyJobs(id, twoCpus, 1)).isEmpty();
  }

  @Test
  void claimRespectsMaxJobs() {
    long wf =
        store.createWorkflow(
            workflow(IntStream.range(0, 10).mapToObj(i -> job("j" + i)).toArray(JobSpec[]::new)));

    assertThat(store.claimReadyJobs(wf, PLENTY, 4)).hasSize(4);
    assertThat(store.claimReadyJobs(wf, new ResourceBudget(2, 100 * GIB, 0), 100)).hasSize(2);
    assertThat(store.claimReadyJobs(wf, PLENTY, 100)).hasSize(4);
  }

  @Test
  void claimStopsAfterPassingOverAThousandJobsThatDoNotFit() {
    Workflow.Builder many =
        Workflow.builder("window").resourceRequirements(rr("huge", 64, "1g", 0));
    for (int i = 0; i < 1000; i++) {
      many.job(JobSpec.builder("huge" + i).command("x").resourceRequirements("huge").build());
    }
    many.job(job("small"));
    long wf = store.createWorkflow(many.build());
    ResourceBudget small = new ResourceBudget(2, GIB, 0);

    assertThat(store.claimReadyJobs(wf, small, 10)).isEmpty();

    store.updateJobStatus(id(wf, "huge0"), JobStatus.DISABLED);
    assertThat(store.claimReadyJobs(wf, small, 10))
        .extracting(JobRecord::name)
        .containsExactly("small");
  }

  @Test
  void concurrentClaimsNeverHandOutAJobTwice() throws Exception {
    int jobCount = 600;
    long wf =
        store.createWorkflow(
            workflow(
                IntStream.range(0, jobCount).mapToObj(i -> job("j" + i)).toArray(JobSpec[]::new)));

    List<Long> claimed = claimConcurrently(List.of(store, store, store, store), wf);

    assertThat(claimed).doesNotHaveDuplicates().hasSize(jobCount);
    assertThat(store.countJobsByStatus(wf)).containsExactly(Map.entry(JobStatus.PENDING, jobCount));
  }

  /** Claims from these stores, one thread each, until nothing is ready; returns all claimed ids. */
  static List<Long> claimConcurrently(List<WorkflowStore> stores, long wf) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(stores.size());
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<List<Long>>> futures = new ArrayList<>();
      for (WorkflowStore s : stores) {
        Callable<List<Long>> claimer =
            () -> {
              go.await();
              List<Long> mine = new ArrayList<>();
              List<JobRecord> batch;
              int round = 0;
              while (!(batch = s.claimReadyJobs(wf, PLENTY, 1 + round++ % 3)).isEmpty()) {
                batch.forEach(j -> mine.add(j.id()));
              }
              return mine;
            };
        futures.add(pool.submit(claimer));
      }
      go.countDown();
      List<Long> all = Collections.synchronizedList(new ArrayList<>());
      for (Future<List<Long>> f : futures) {
        all.addAll(f.get(60, TimeUnit.SECONDS));
      }
      return all;
    } finally {
      pool.shutdownNow();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Completion and dependents

  @Test
  void updatesAWorkflowsNameDescriptionOwnerAndProjectLeavingOthersAsTheyAre() {
    long wf = store.createWorkflow(workflow(job("a")));
    WorkflowRecord before = store.getWorkflow(wf);

    store.updateWorkflow(wf, "renamed", null, "zoe", "proj");

    WorkflowRecord after = store.getWorkflow(wf);
    assertThat(after.name()).isEqualTo("renamed");
    assertThat(after.user()).isEqualTo("zoe");
    assertThat(after.project()).isEqualTo("proj");
    assertThat(after.description()).isEqualTo(before.description());
    assertThat(after.runId()).isEqualTo(before.runId());
    store.updateWorkflow(wf, null, "described", null, null);
    assertThat(store.getWorkflow(wf).description()).isEqualTo("described");
    assertThat(store.getWorkflow(wf).name()).isEqualTo("renamed");
    assertThatThrownBy(() -> store.updateWorkflow(424242, "x", null, null, null))
        .isInstanceOf(StoreException.class);
  }

  @Test
  void everyResultHasAnIdOfItsOwn() {
    long wf = store.createWorkflow(workflow(job("a"), job("b", "a")));
    long other = store.createWorkflow(workflow(job("a")));
    assertThat(store.resultIds(wf)).isEmpty();

    finish(wf, "a", JobStatus.COMPLETED);
    finish(wf, "b", JobStatus.COMPLETED);
    finish(other, "a", JobStatus.COMPLETED);

    Map<String, Long> ids = store.resultIds(wf);
    assertThat(ids)
        .containsOnlyKeys(
            RecoveryLedger.resultKey(id(wf, "a"), 1, 1),
            RecoveryLedger.resultKey(id(wf, "b"), 1, 1));
    assertThat(ids.get(RecoveryLedger.resultKey(id(wf, "a"), 1, 1)))
        .isLessThan(ids.get(RecoveryLedger.resultKey(id(wf, "b"), 1, 1)));
    assertThat(store.resultIds(other).values()).doesNotContainAnyElementsOf(ids.values());
    assertThat(store.resultIds(424242)).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // Editing jobs of a stored workflow

  @Test
  void anAddedJobWaitsOnlyForDependenciesThatHaveNotEnded() {
    long wf = store.createWorkflow(workflow(job("a"), job("b", "a")));
    long free = store.addJob(wf, job("free"), null);
    long afterA = store.addJob(wf, job("after_a", "a"), rr("big", 4, "2g", 0));
    assertThat(store.getJob(free).status()).isEqualTo(JobStatus.READY);
    assertThat(store.getJob(afterA).status()).isEqualTo(JobStatus.BLOCKED);
    assertThat(store.getJob(afterA).dependsOn()).containsExactly("a");
    assertThat(store.getJob(afterA).requirements().numCpus()).isEqualTo(4);
    assertThat(store.getJob(free).requirements()).isEqualTo(ResourceRequirements.DEFAULT);

    finish(wf, "a", JobStatus.COMPLETED);
    assertThat(store.getJob(afterA).status()).isEqualTo(JobStatus.READY);
    assertThat(status(wf, "b")).isEqualTo(JobStatus.READY);

    long late = store.addJob(wf, job("late", "a", "b"), null);
    assertThat(store.getJob(late).status()).isEqualTo(JobStatus.BLOCKED);
    finish(wf, "b", JobStatus.COMPLETED);
    assertThat(store.getJob(late).status()).isEqualTo(JobStatus.READY);
    assertThat(store.listEvents(wf)).anyMatch(e -> e.kind().equals("job_created"));
  }

  @Test
  void addingAJobRefusesUnknownDependenciesTakenNamesAndFiles() {
    long wf = store.createWorkflow(workflow(job("a")));
    assertThatThrownBy(() -> store.addJob(wf, job("x", "nope"), null))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("nope");
    assertThatThrownBy(() -> store.addJob(wf, job("a"), null))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("duplicate job name 'a'");
    assertThatThrownBy(() -> store.addJob(99, job("x"), null)).isInstanceOf(StoreException.class);
    assertThatThrownBy(
            () ->
                store.addJob(
                    wf, JobSpec.builder("f").command("true").inputFiles("in").build(), null))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("unknown file 'in'");
    assertThat(store.listJobs(wf, null)).hasSize(1);
  }

  @Test
  void anAddedJobWaitsForTheJobsThatWriteWhatItReads() {
    long wf = workflowWithFilesAndData();
    long report =
        store.addJob(
            wf,
            JobSpec.builder("report")
                .command("report")
                .inputFiles("clean")
                .outputFiles("raw")
                .inputUserData("params")
                .build(),
            null);
    JobRecord added = store.getJob(report);
    assertThat(added.status()).isEqualTo(JobStatus.BLOCKED);
    assertThat(added.dependsOn()).containsExactly("prep");
    assertThat(added.inputFiles()).containsExactly("clean");
    assertThat(added.outputFiles()).containsExactly("raw");
    assertThatThrownBy(() -> store.deleteFile(wf, "raw"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("'report'");
    assertThatThrownBy(() -> store.deleteJob(id(wf, "prep")))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("'report' (id " + report + ")");

    finish(wf, "prep", JobStatus.COMPLETED);
    assertThat(store.getJob(report).status()).isEqualTo(JobStatus.READY);

    assertThatThrownBy(
            () ->
                store.addJob(
                    wf, JobSpec.builder("w").command("w").outputFiles("clean").build(), null))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("cannot write file 'clean'");
    assertThat(store.listJobs(wf, null)).hasSize(3);
  }

  @Test
  void updatesAJobThatIsNotRunningAndRefusesOneThatIs() {
    long wf = store.createWorkflow(workflow(job("a"), job("b", "a")));
    long b = id(wf, "b");
    store.updateJob(b, "echo new", rr("more", 2, "1g", 0), 7);
    JobRecord updated = store.getJob(b);
    assertThat(updated.command()).isEqualTo("echo new");
    assertThat(updated.originalCommand()).isEqualTo("echo new");
    assertThat(updated.requirements().numCpus()).isEqualTo(2);
    assertThat(updated.priority()).isEqualTo(7);
    assertThat(updated.status()).isEqualTo(JobStatus.BLOCKED);
    store.updateJob(b, null, null, 3);
    assertThat(store.getJob(b).command()).isEqualTo("echo new");
    assertThat(store.getJob(b).priority()).isEqualTo(3);

    long a = id(wf, "a");
    start(a);
    assertThatThrownBy(() -> store.updateJob(a, "echo x", null, null))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("is running");
    assertThat(store.getJob(a).command()).isNotEqualTo("echo x");
  }

  @Test
  void aReadyJobWhosePriorityChangesIsClaimedInItsNewPlace() {
    long wf = store.createWorkflow(workflow(job("a"), job("b")));
    store.updateJob(id(wf, "b"), null, null, 9);
    assertThat(claimedIds(wf, 1, 0)).containsExactly(id(wf, "b"));
  }

  @Test
  void deletesAJobNoOneWaitsForAndRefusesOneOthersDependOn() {
    long wf = store.createWorkflow(workflow(job("a"), job("b", "a"), job("c", "a")));
    long a = id(wf, "a");
    assertThatThrownBy(() -> store.deleteJob(a))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("'b' (id " + id(wf, "b") + ")")
        .hasMessageContaining("'c' (id " + id(wf, "c") + ")");
    store.deleteJob(id(wf, "c"));
    store.deleteJob(id(wf, "b"));
    assertThat(store.listJobs(wf, null)).extracting(JobRecord::name).containsExactly("a");
    finish(wf, "a", JobStatus.COMPLETED);
    store.deleteJob(a);
    assertThat(store.listJobs(wf, null)).isEmpty();
    assertThat(store.listResults(wf)).isEmpty();
    assertThat(store.findJob(a)).isEmpty();
    assertThat(store.listEvents(wf)).filteredOn(e -> e.kind().equals("job_deleted")).hasSize(3);
  }

  @Test
  void aRunningJobIsNotDeleted() {
    long wf = store.createWorkflow(workflow(job("a")));
    long a = id(wf, "a");
    start(a);
    assertThatThrownBy(() -> store.deleteJob(a))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("running");
    assertThat(store.findJob(a)).isPresent();
  }

  private long workflowWithFilesAndData() {
    return store.createWorkflow(
        Workflow.builder("io")
            .file("raw", "/data/raw.csv")
            .file("clean", "/data/clean.csv")
            .userData(UserDataSpec.of("params", Map.of("alpha", 1)))
            .job(JobSpec.builder("prep").command("prep").outputFiles("clean").build())
            .job(
                JobSpec.builder("fit")
                    .command("fit")
                    .inputFiles("clean")
                    .inputUserData("params")
                    .build())
            .build());
  }

  @Test
  void addsUpdatesAndDeletesFilesNoJobUses() {
    long wf = workflowWithFilesAndData();
    store.addFile(wf, FileSpec.of("extra", "/data/extra.csv"));
    store.updateFilePath(wf, "raw", "/data/raw2.csv");
    assertThat(store.listFiles(wf))
        .extracting(FileSpec::name, FileSpec::path)
        .containsExactly(
            tuple("raw", "/data/raw2.csv"),
            tuple("clean", "/data/clean.csv"),
            tuple("extra", "/data/extra.csv"));
    assertThatThrownBy(() -> store.addFile(wf, FileSpec.of("raw", "/x")))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("duplicate file name 'raw'");
    assertThatThrownBy(() -> store.updateFilePath(wf, "nope", "/x"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("no file 'nope'");
    assertThatThrownBy(() -> store.deleteFile(wf, "clean"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("'prep' (id " + id(wf, "prep") + ")")
        .hasMessageContaining("'fit' (id " + id(wf, "fit") + ")");
    store.deleteFile(wf, "raw");
    store.deleteFile(wf, "extra");
    assertThat(store.listFiles(wf)).extracting(FileSpec::name).containsExactly("clean");
    assertThatThrownBy(() -> store.addFile(99, FileSpec.of("a", "/a")))
        .isInstanceOf(StoreException.class);
  }

  @Test
  void addsUpdatesAndDeletesUserDataNoJobUses() {
    long wf = workflowWithFilesAndData();
    store.addUserData(wf, UserDataSpec.of("extra", List.of(1, 2)));
    store.updateUserData(wf, "params", Map.of("alpha", 2, "beta", "b"));
    assertThat(store.listUserData(wf))
        .extracting(UserDataSpec::name, UserDataSpec::data)
        .containsExactly(
            tuple("params", Map.of("alpha", 2, "beta", "b")), tuple("extra", List.of(1, 2)));
    assertThatThrownBy(() -> store.addUserData(wf, UserDataSpec.of("extra", 1)))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("duplicate user data name 'extra'");
    assertThatThrownBy(() -> store.deleteUserData(wf, "params"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("'fit' (id " + id(wf, "fit") + ") reads or writes it");
    assertThatThrownBy(() -> store.updateUserData(wf, "nope", 1))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("no user data 'nope'");
    store.deleteUserData(wf, "extra");
    assertThat(store.listUserData(wf)).extracting(UserDataSpec::name).containsExactly("params");
  }

  @Test
  void aDeletedJobNoLongerKeepsItsFilesInUse() {
    long wf = workflowWithFilesAndData();
    store.deleteJob(id(wf, "fit"));
    store.deleteUserData(wf, "params");
    assertThatThrownBy(() -> store.deleteFile(wf, "clean"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("'prep'");
    store.deleteJob(id(wf, "prep"));
    store.deleteFile(wf, "clean");
    assertThat(store.listFiles(wf)).extracting(FileSpec::name).containsExactly("raw");
  }

  @Test
  void completionUnblocksADiamond() {
    long wf =
        store.createWorkflow(workflow(job("a"), job("b", "a"), job("c", "a"), job("d", "b", "c")));

    finish(wf, "a", JobStatus.COMPLETED);
    assertThat(status(wf, "a")).isEqualTo(JobStatus.COMPLETED);
    assertThat(status(wf, "b")).isEqualTo(JobStatus.READY);
    assertThat(status(wf, "c")).isEqualTo(JobStatus.READY);
    assertThat(status(wf, "d")).isEqualTo(JobStatus.BLOCKED);

    finish(wf, "b", JobStatus.COMPLETED);
    assertThat(status(wf, "d")).isEqualTo(JobStatus.BLOCKED);

    finish(wf, "c", JobStatus.COMPLETED);
    assertThat(status(wf, "d")).isEqualTo(JobStatus.READY);
    finish(wf, "d", JobStatus.COMPLETED);
    assertThat(store.countJobsByStatus(wf)).containsExactly(Map.entry(JobStatus.COMPLETED, 4));
  }

  @Test
  void fanInWaitsForEveryDependency() {
    List<JobSpec> jobs = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      jobs.add(job("w" + i));
    }
    jobs.add(job("sink", jobs.stream().map(JobSpec::name).toArray(String[]::new)));
    long wf = store.createWorkflow(workflow(jobs.toArray(JobSpec[]::new)));

    for (int i = 0; i < 49; i++) {
      finish(wf, "w" + i, JobStatus.COMPLETED);
      assertThat(status(wf, "sink")).isEqualTo(JobStatus.BLOCKED);
    }
    finish(wf, "w49", JobStatus.COMPLETED);
    assertThat(status(wf, "sink")).isEqualTo(JobStatus.READY);
  }

  @Test
  void aFailureCancelsDependentsDownAChain() {
    int length = 5_000;
    List<JobSpec> jobs = new ArrayList<>();
    jobs.add(job("c0"));
    for (int i = 1; i < length; i++) {
      jobs.add(job("c" + i, "c" + (i - 1)));
    }
    jobs.add(job("other"));
    long wf = store.createWorkflow(workflow(jobs.toArray(JobSpec[]::new)));

    finish(wf, "c0", JobStatus.FAILED);

    assertThat(store.countJobsByStatus(wf))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(JobStatus.FAILED, 1, JobStatus.CANCELED, length - 1, JobStatus.READY, 1));
    List<WorkflowEvent> canceled =
        store.listEvents(wf).stream().filter(e -> e.kind().equals("job_canceled")).toList();
    assertThat(canceled).hasSize(length - 1);
    assertThat(canceled.get(0).message()).contains("'c1'", "'c0'", "failed");
    assertThat(canceled.get(length - 2).jobId()).isEqualTo(id(wf, "c" + (length - 1)));
  }

  @Test
  void aFailureCancelsADependentAtOnceEvenWhileItsOtherDependenciesRun() {
    long wf =
        store.createWorkflow(
            workflow(job("a"), job("b"), job("c", "a", "b"), job("d", "c"), job("e", "b")));

    start(id(wf, "b"));
    finish(wf, "a", JobStatus.TERMINATED);

    assertThat(status(wf, "c")).isEqualTo(JobStatus.CANCELED);
    assertThat(status(wf, "d")).isEqualTo(JobStatus.CANCELED);
    assertThat(status(wf, "e")).isEqualTo(JobStatus.BLOCKED);
    store.completeJob(result(wf, id(wf, "b"), 1, JobStatus.COMPLETED, 0));
    assertThat(status(wf, "c")).isEqualTo(JobStatus.CANCELED);
    assertThat(status(wf, "e")).isEqualTo(JobStatus.READY);
  }

  @Test
  void aDependentThatDoesNotCancelRunsOnceAllItsDependenciesEnd() {
    JobSpec tolerant =
        JobSpec.builder("tolerant")
            .command("t")
            .dependsOn("a", "b")
            .cancelOnBlockingJobFailure(false)
            .build();
    long wf =
        store.createWorkflow(workflow(job("a"), job("b"), tolerant, job("after", "tolerant")));

    finish(wf, "a", JobStatus.FAILED);
    assertThat(status(wf, "tolerant")).isEqualTo(JobStatus.BLOCKED);
    finish(wf, "b", JobStatus.COMPLETED);
    assertThat(status(wf, "tolerant")).isEqualTo(JobStatus.READY);
    assertThat(status(wf, "after")).isEqualTo(JobStatus.BLOCKED);
  }

  @Test
  void cancellationStopsAtADependentThatDoesNotCancel() {
    JobSpec tolerant =
        JobSpec.builder("tolerant")
            .command("t")
            .dependsOn("mid")
            .cancelOnBlockingJobFailure(false)
            .build();
    long wf =
        store.createWorkflow(
            workflow(job("root"), job("mid", "root"), tolerant, job("leaf", "tolerant")));

    finish(wf, "root", JobStatus.FAILED);

    assertThat(status(wf, "mid")).isEqualTo(JobStatus.CANCELED);
    assertThat(status(wf, "tolerant")).isEqualTo(JobStatus.READY);
    assertThat(status(wf, "leaf")).isEqualTo(JobStatus.BLOCKED);
  }

  @Test
  void pendingFailedKeepsDependentsBlockedUntilClassified() {
    long wf = store.createWorkflow(workflow(job("a"), job("b", "a"), job("c", "b")));

    finish(wf, "a", JobStatus.PENDING_FAILED);
    assertThat(status(wf, "a")).isEqualTo(JobStatus.PENDING_FAILED);
    assertThat(status(wf, "b")).isEqualTo(JobStatus.BLOCKED);
    assertThat(status(wf, "c")).isEqualTo(JobStatus.BLOCKED);

    store.updateJobStatus(id(wf, "a"), JobStatus.FAILED);
    assertThat(status(wf, "b")).isEqualTo(JobStatus.CANCELED);
    assertThat(status(wf, "c")).isEqualTo(JobStatus.CANCELED);
  }

  @Test
  void aRetriedJobBlocksDependentsThatWereReadyAgain() {
    JobSpec tolerant =
        JobSpec.builder("tolerant")
            .command("t")
            .dependsOn("a")
            .cancelOnBlockingJobFailure(false)
            .build();
    long wf = store.createWorkflow(workflow(job("a"), tolerant));

    finish(wf, "a", JobStatus.FAILED);
    assertThat(status(wf, "tolerant")).isEqualTo(JobStatus.READY);

    long a = id(wf, "a");
    store.updateJobStatus(a, JobStatus.READY);
    assertThat(status(wf, "tolerant")).isEqualTo(JobStatus.BLOCKED);
    start(a);
    store.completeJob(result(wf, a, 2, JobStatus.COMPLETED, 0));
    assertThat(status(wf, "tolerant")).isEqualTo(JobStatus.READY);
  }

  @Test
  void aJobAskedToBeReadyWhileAJobItWaitsForIsReopenedIsBlockedInstead() {
    JobSpec tolerant =
        JobSpec.builder("b").command("b").dependsOn("a").cancelOnBlockingJobFailure(false).build();
    long wf = store.createWorkflow(workflow(job("a"), tolerant));
    long a = id(wf, "a");
    long b = id(wf, "b");
    finish(wf, "a", JobStatus.FAILED);
    start(b);
    store.updateJobStatus(a, JobStatus.READY);

    store.completeJob(result(wf, b, 1, JobStatus.READY, 1));
    assertThat(status(wf, "b")).isEqualTo(JobStatus.BLOCKED);
    assertThat(store.listEvents(wf).get(store.listEvents(wf).size() - 1).kind())
        .isEqualTo("job_blocked");

    start(a);
    store.completeJob(result(wf, a, 2, JobStatus.COMPLETED, 0));
    assertThat(status(wf, "b")).isEqualTo(JobStatus.READY);
    start(b);
    store.updateJobStatus(b, JobStatus.READY);
    assertThat(status(wf, "b")).isEqualTo(JobStatus.READY);
  }

  @Test
  void cancelingAJobByHandCancelsItsDependentsAndDisablingOneReleasesThem() {
    long wf =
        store.createWorkflow(
            workflow(job("a"), job("b", "a"), job("x"), job("y", "x"), job("z", "y")));

    store.updateJobStatus(id(wf, "a"), JobStatus.CANCELED);
    assertThat(status(wf, "b")).isEqualTo(JobStatus.CANCELED);

    store.updateJobStatus(id(wf, "x"), JobStatus.DISABLED);
    assertThat(status(wf, "y")).isEqualTo(JobStatus.READY);
    assertThat(status(wf, "z")).isEqualTo(JobStatus.BLOCKED);
  }

  @Test
  void illegalTransitionsThrowAndChangeNothing() {
    long wf = store.createWorkflow(workflow(job("a"), job("b", "a")));
    long a = id(wf, "a");

    assertThatThrownBy(() -> store.updateJobStatus(a, JobStatus.COMPLETED))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessageContaining("ready -> completed");
    assertThatThrownBy(() -> store.completeJob(result(wf, a, 1, JobStatus.COMPLETED, 0)))
        .isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> store.updateJobStatus(id(wf, "b"), JobStatus.RUNNING))
        .isInstanceOf(IllegalTransitionException.class);

    assertThat(status(wf, "a")).isEqualTo(JobStatus.READY);
    assertThat(status(wf, "b")).isEqualTo(JobStatus.BLOCKED);
    assertThat(store.listResults(wf)).isEmpty();
  }

  @Test
  void rejectsASecondResultForTheSameAttempt() {
    long wf = store.createWorkflow(workflow(job("a"), job("b", "a")));
    long a = id(wf, "a");
    start(a);
    JobResult first = result(wf, a, 1, JobStatus.FAILED, 1);
    store.completeJob(first);
    store.updateJobStatus(a, JobStatus.READY);
    start(a);

    assertThatThrownBy(() -> store.completeJob(result(wf, a, 1, JobStatus.COMPLETED, 0)))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("exists already");
    assertThat(status(wf, "a")).isEqualTo(JobStatus.RUNNING);
    assertThat(store.listResults(wf)).containsExactly(first);

    JobResult second = result(wf, a, 2, JobStatus.COMPLETED, 0);
    store.completeJob(second);
    assertThat(store.listResults(wf)).containsExactly(first, second);
    // b was canceled by the first failure; only a reset brings it back.
    assertThat(status(wf, "b")).isEqualTo(JobStatus.CANCELED);
  }

  @Test
  void rejectsAResultThatNamesAnotherWorkflow() {
    long wf = store.createWorkflow(workflow(job("a")));
    long other = store.createWorkflow(workflow(job("a")));
    long a = id(wf, "a");
    start(a);

    assertThatThrownBy(() -> store.completeJob(result(other, a, 1, JobStatus.COMPLETED, 0)))
        .isInstanceOf(StoreException.class);
    assertThat(status(wf, "a")).isEqualTo(JobStatus.RUNNING);
  }

  @Test
  void resultsKeepEveryField() {
    long wf = store.createWorkflow(workflow(job("a"), job("b")));
    long a = id(wf, "a");
    long b = id(wf, "b");
    start(a);
    start(b);
    JobResult full = result(wf, b, 1, JobStatus.COMPLETED, 0);
    JobResult sparse =
        new JobResult(a, wf, 1, 1, 137, JobStatus.FAILED, 12.75, START, null, null, null, null);

    store.completeJob(full);
    store.completeJob(sparse);

    assertThat(store.listResults(wf)).containsExactly(full, sparse);
  }

  // ---------------------------------------------------------------------------------------------
  // Runners and the attempts they run

  static final RunnerInfo HOST_A = new RunnerInfo("node-a", 4242, START.minusNanos(123_456_789));
  static final RunnerInfo HOST_B = new RunnerInfo("node-b", 7, null);

  /** An attempt of the local executor on node-a, known by this external id. */
  static AttemptRef process(long pid) {
    return new AttemptRef(
        "local", "node-a", Long.toString(pid), START.plusSeconds(pid).plusNanos(1));
  }

  /** An attempt started from this runner's host, with no external id. */
  static AttemptRef on(RunnerInfo host) {
    return new AttemptRef("local", host.host(), null, null);
  }

  /** The job's first attempt of run 1 ended in this status, as a runner reports it. */
  JobResult attempt(long workflowId, long jobId, int attempt, JobStatus status) {
    return result(workflowId, jobId, attempt, status, status == JobStatus.COMPLETED ? 0 : 1);
  }

  List<WorkflowEvent> eventsOfKind(long workflowId, String kind) {
    return store.listEvents(workflowId).stream().filter(e -> e.kind().equals(kind)).toList();
  }

  @Test
  void registersRunnersAndListsTheActiveOnes() {
    long wf = store.createWorkflow(workflow(job("a")));
    long other = store.createWorkflow(workflow(job("a")));

    long first = store.registerRunner(wf, HOST_A);
    clock.advance(Duration.ofSeconds(1));
    long second = store.registerRunner(wf, HOST_B);
    long elsewhere = store.registerRunner(other, HOST_B);
    assertThat(List.of(first, second, elsewhere)).doesNotHaveDuplicates().doesNotContain(0L);

    clock.advance(Duration.ofSeconds(5));
    store.heartbeat(first);
    assertThat(store.listActiveRunners(wf))
        .containsExactly(
            new RunnerRecord(first, wf, HOST_A, START, START.plusSeconds(6)),
            new RunnerRecord(second, wf, HOST_B, START.plusSeconds(1), START.plusSeconds(1)));

    store.unregisterRunner(second);
    store.unregisterRunner(second);
    assertThat(store.listActiveRunners(wf)).extracting(RunnerRecord::id).containsExactly(first);
    assertThat(store.listActiveRunners(other))
        .extracting(RunnerRecord::id)
        .containsExactly(elsewhere);
    assertThatThrownBy(() -> store.heartbeat(second))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("stopped");
    assertThatThrownBy(() -> store.heartbeat(999)).isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> store.unregisterRunner(999)).isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> store.registerRunner(999, HOST_A)).isInstanceOf(StoreException.class);
    assertThat(store.listEvents(wf))
        .extracting(WorkflowEvent::kind)
        .containsExactly("workflow_created", "runner_started", "runner_started", "runner_stopped");

    store.deleteWorkflow(wf);
    assertThat(store.listActiveRunners(wf)).isEmpty();
    assertThat(store.registerRunner(other, HOST_A)).isGreaterThan(elsewhere);
  }

  @Test
  void completesSeveralJobsAtOnceOrNoneOfThem() {
    long wf =
        store.createWorkflow(
            workflow(job("a"), job("b"), job("c"), job("after_a", "a"), job("after_ab", "a", "b")));
    long a = id(wf, "a");
    long b = id(wf, "b");
    long c = id(wf, "c");
    start(a);
    start(b);
    start(c);
    JobResult aDone = attempt(wf, a, 1, JobStatus.COMPLETED);
    JobResult bDone = attempt(wf, b, 1, JobStatus.COMPLETED);
    JobResult cDone = attempt(wf, c, 1, JobStatus.COMPLETED);

    // b's result twice, or a result for a job that is not running: nothing is recorded.
    assertThatThrownBy(() -> store.completeJobs(List.of(aDone, bDone, bDone)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                store.completeJobs(
                    List.of(aDone, attempt(wf, id(wf, "after_a"), 1, JobStatus.COMPLETED))))
        .isInstanceOf(IllegalTransitionException.class);
    assertThat(store.listResults(wf)).isEmpty();
    assertThat(status(wf, "a")).isEqualTo(JobStatus.RUNNING);
    assertThat(status(wf, "after_a")).isEqualTo(JobStatus.BLOCKED);

    store.completeJobs(List.of(bDone, aDone));

    assertThat(store.listResults(wf)).containsExactly(bDone, aDone);
    assertThat(status(wf, "a")).isEqualTo(JobStatus.COMPLETED);
    assertThat(status(wf, "b")).isEqualTo(JobStatus.COMPLETED);
    assertThat(status(wf, "after_a")).isEqualTo(JobStatus.READY);
    assertThat(status(wf, "after_ab")).isEqualTo(JobStatus.READY);
    assertThat(eventsOfKind(wf, "job_completed"))
        .extracting(WorkflowEvent::jobId)
        .containsExactly(b, a);

    // A result that exists already: the others of the batch are not recorded either.
    assertThatThrownBy(() -> store.completeJobs(List.of(cDone, aDone)))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("exists already");
    assertThat(status(wf, "c")).isEqualTo(JobStatus.RUNNING);
    assertThat(store.listResults(wf)).containsExactly(bDone, aDone);

    store.completeJobs(List.of());
    assertThat(store.listResults(wf)).hasSize(2);
  }

  @Test
  void aPassOfManyJobsRecordsEveryEventInTheOrderItHappened() {
    int count = 45;
    JobSpec[] jobs = new JobSpec[count];
    for (int i = 0; i < count; i++) {
      jobs[i] = job("j" + i);
    }
    long wf = store.createWorkflow(workflow(jobs));
    long runner = store.registerRunner(wf, HOST_A);
    List<JobRecord> claimed =
        store
            .runnerPass(
                wf, runner, List.of(), List.of(), PLENTY, count, (job, run) -> process(job.id()))
            .claimed();
    assertThat(claimed).hasSize(count);
    List<AttemptStart> starts = new ArrayList<>();
    List<JobResult> results = new ArrayList<>();
    for (JobRecord job : claimed) {
      starts.add(new AttemptStart(job.id(), process(job.id()), START.plusSeconds(job.id())));
      results.add(attempt(wf, job.id(), 1, JobStatus.COMPLETED));
    }

    store.runnerPass(wf, runner, starts, results, PLENTY, 0, (job, run) -> process(job.id()));

    List<Long> ids = claimed.stream().map(JobRecord::id).toList();
    List<WorkflowEvent> events =
        store.listEvents(wf).stream()
            .filter(e -> e.kind().equals("job_running") || e.kind().equals("job_completed"))
            .toList();
    assertThat(
            events.stream().filter(e -> e.kind().equals("job_running")).map(WorkflowEvent::jobId))
        .containsExactlyElementsOf(ids);
    assertThat(events.subList(0, count)).allMatch(e -> e.kind().equals("job_running"));
    assertThat(
            events.stream().filter(e -> e.kind().equals("job_completed")).map(WorkflowEvent::jobId))
        .containsExactlyElementsOf(ids);
    assertThat(store.listEvents(wf)).extracting(WorkflowEvent::id).isSorted();
  }

  @Test
  void aRunnerPassRecordsStartsThenResultsThenClaimsWhatTheyMadeReady() {
    long wf = store.createWorkflow(workflow(job("a"), job("b"), job("after_a", "a")));
    long runner = store.registerRunner(wf, HOST_A);
    long a = id(wf, "a");
    long b = id(wf, "b");
    long afterA = id(wf, "after_a");
    assertThat(
            store.runnerPass(
                wf,
                runner,
                List.of(),
                List.of(),
                PLENTY,
                0,
                (job, run) -> {
                  throw new AssertionError("nothing is claimed");
                }))
        .isEqualTo(RunnerPass.NOTHING);
    assertThat(status(wf, "a")).isEqualTo(JobStatus.READY);

    // A claim is pending, with the attempt it is to run as recorded.
    ResourceBudget oneCpu = new ResourceBudget(1, PLENTY.memoryBytes(), 0);
    RunnerPass first =
        store.runnerPass(
            wf, runner, List.of(), List.of(), oneCpu, 5, (job, run) -> process(job.id()));
    assertThat(first.claimed()).extracting(JobRecord::name).containsExactly("a");
    assertThat(first.claimed()).extracting(JobRecord::status).containsExactly(JobStatus.PENDING);
    assertThat(first.runId()).isEqualTo(store.getWorkflow(wf).runId());
    assertThat(store.listActiveJobs(wf))
        .containsExactly(new ActiveJob(a, "a", JobStatus.PENDING, 1, runner, process(a), null));
    assertThat(eventsOfKind(wf, "job_running")).isEmpty();

    // a's start and result in one pass: a runs, then completes, which makes after_a ready, and the
    // same pass claims it with b.
    Instant aStart = START.plusSeconds(7);
    JobResult aDone = attempt(wf, a, 1, JobStatus.COMPLETED);
    List<Integer> runs = new ArrayList<>();
    RunnerPass second =
        store.runnerPass(
            wf,
            runner,
            List.of(new AttemptStart(a, process(a), aStart)),
            List.of(aDone),
            PLENTY,
            5,
            (job, run) -> {
              runs.add(run);
              return process(job.id());
            });
    assertThat(second.claimed()).extracting(JobRecord::name).containsExactly("b", "after_a");
    assertThat(runs).containsOnly(second.runId());
    assertThat(store.listResults(wf)).containsExactly(aDone);
    assertThat(status(wf, "a")).isEqualTo(JobStatus.COMPLETED);
    assertThat(eventsOfKind(wf, "job_running"))
        .extracting(WorkflowEvent::jobId, WorkflowEvent::timestamp)
        .containsExactly(tuple(a, aStart));
    assertThat(store.listActiveJobs(wf))
        .extracting(ActiveJob::jobId, ActiveJob::status, ActiveJob::attempt)
        .containsExactly(
            tuple(b, JobStatus.PENDING, process(b)),
            tuple(afterA, JobStatus.PENDING, process(afterA)));

    // Starts alone: b runs from the time it started.
    Instant bStart = START.plusSeconds(9);
    assertThat(
            store.runnerPass(
                wf,
                runner,
                List.of(new AttemptStart(b, process(b), bStart)),
                List.of(),
                PLENTY,
                0,
                (job, run) -> null))
        .isEqualTo(RunnerPass.NOTHING);
    assertThat(store.listActiveJobs(wf))
        .extracting(ActiveJob::jobId, ActiveJob::status, ActiveJob::startedAt)
        .containsExactly(
            tuple(b, JobStatus.RUNNING, bStart), tuple(afterA, JobStatus.PENDING, null));

    // Results alone, with nothing left to claim.
    JobResult bDone = attempt(wf, b, 1, JobStatus.COMPLETED);
    assertThat(
            store.runnerPass(wf, runner, List.of(), List.of(bDone), PLENTY, 5, (job, run) -> null))
        .isEqualTo(RunnerPass.NOTHING);
    assertThat(status(wf, "b")).isEqualTo(JobStatus.COMPLETED);
  }

  @Test
  void aRunnerPassPassesOverTheStartOfAJobNoLongerPendingUnderIt() {
    long wf = store.createWorkflow(workflow(job("a"), job("b")));
    long runner = store.registerRunner(wf, HOST_A);
    long a = id(wf, "a");
    long b = id(wf, "b");
    store.runnerPass(wf, runner, List.of(), List.of(), PLENTY, 5, (job, run) -> process(job.id()));
    // a's claim is given back meanwhile (a reset, a settle): its start is passed over.
    assertThat(store.releaseClaim(a, runner, "given back")).isTrue();

    store.runnerPass(
        wf,
        runner,
        List.of(
            new AttemptStart(a, process(a), START.plusSeconds(1)),
            new AttemptStart(b, process(b), START.plusSeconds(2))),
        List.of(),
        PLENTY,
        0,
        (job, run) -> null);

    assertThat(status(wf, "a")).isEqualTo(JobStatus.READY);
    assertThat(status(wf, "b")).isEqualTo(JobStatus.RUNNING);
    assertThat(eventsOfKind(wf, "job_running")).extracting(WorkflowEvent::jobId).containsExactly(b);
  }

  @Test
  void aRunnerPassRecordsEachStartOnceAtItsOwnTimeWhateverTheOrderOfTheStarts() {
    long wf = store.createWorkflow(workflow(job("a"), job("b"), job("c")));
    long runner = store.registerRunner(wf, HOST_A);
    long a = id(wf, "a");
    long b = id(wf, "b");
    long c = id(wf, "c");
    store.runnerPass(wf, runner, List.of(), List.of(), PLENTY, 5, (job, run) -> process(job.id()));

    // Out of id order, and c's start twice: the first start of each job is the one recorded.
    store.runnerPass(
        wf,
        runner,
        List.of(
            new AttemptStart(c, process(300), START.plusSeconds(3)),
            new AttemptStart(a, process(100), START.plusSeconds(1)),
            new AttemptStart(c, process(301), START.plusSeconds(4)),
            new AttemptStart(b, process(200), START.plusSeconds(2))),
        List.of(),
        PLENTY,
        0,
        (job, run) -> null);

    assertThat(store.listActiveJobs(wf))
        .containsExactly(
            new ActiveJob(a, "a", JobStatus.RUNNING, 1, runner, process(100), START.plusSeconds(1)),
            new ActiveJob(b, "b", JobStatus.RUNNING, 1, runner, process(200), START.plusSeconds(2)),
            new ActiveJob(
                c, "c", JobStatus.RUNNING, 1, runner, process(300), START.plusSeconds(3)));
    assertThat(eventsOfKind(wf, "job_running"))
        .extracting(WorkflowEvent::jobId)
        .containsExactly(c, a, b);
  }

  @Test
  void aRunnerMarksTheJobsOfAClaimRunningAllOrNone() {
    long wf = store.createWorkflow(workflow(job("a"), job("b"), job("c")));
    long runner = store.registerRunner(wf, HOST_A);
    long a = id(wf, "a");
    long b = id(wf, "b");
    long c = id(wf, "c");
    assertThat(store.claimReadyJobs(wf, PLENTY, 2, runner)).hasSize(2);

    // c is not claimed: neither a nor b is recorded running.
    Map<Long, AttemptRef> withUnclaimed = new LinkedHashMap<>();
    withUnclaimed.put(a, process(100));
    withUnclaimed.put(c, process(300));
    assertThatThrownBy(() -> store.markJobsRunning(runner, withUnclaimed))
        .isInstanceOf(IllegalTransitionException.class);
    assertThat(status(wf, "a")).isEqualTo(JobStatus.PENDING);
    assertThat(eventsOfKind(wf, "job_running")).isEmpty();

    clock.advance(Duration.ofSeconds(2));
    Map<Long, AttemptRef> both = new LinkedHashMap<>();
    both.put(b, process(200));
    both.put(a, process(100));
    store.markJobsRunning(runner, both);
    store.markJobsRunning(runner, Map.of());
    assertThat(store.listActiveJobs(wf))
        .containsExactly(
            new ActiveJob(a, "a", JobStatus.RUNNING, 1, runner, process(100), START.plusSeconds(2)),
            new ActiveJob(
                b, "b", JobStatus.RUNNING, 1, runner, process(200), START.plusSeconds(2)));
    assertThat(eventsOfKind(wf, "job_running"))
        .extracting(WorkflowEvent::jobId)
        .containsExactly(b, a);
    assertThat(store.claimReadyJobs(wf, PLENTY, 1)).extracting(JobRecord::id).containsExactly(c);
    assertThatThrownBy(() -> store.markJobsRunning(runner, Map.of(c, process(300))))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("runner");
    assertThat(status(wf, "c")).isEqualTo(JobStatus.PENDING);
  }

  @Test
  void claimedJobsCarryTheirRunnerAndRunningOnesTheirProcess() {
    long wf = store.createWorkflow(workflow(job("a"), job("b"), job("c"), job("d", "a")));
    long runner = store.registerRunner(wf, HOST_A);
    long a = id(wf, "a");
    long b = id(wf, "b");
    long c = id(wf, "c");

    assertThat(store.claimReadyJobs(wf, PLENTY, 2, runner))
        .extracting(JobRecord::name)
        .containsExactly("a", "b");
    assertThat(store.claimReadyJobs(wf, PLENTY, 5))
        .extracting(JobRecord::name)
        .containsExactly("c");
    assertThat(store.listActiveJobs(wf))
        .containsExactly(
            new ActiveJob(a, "a", JobStatus.PENDING, 1, runner, null, null),
            new ActiveJob(b, "b", JobStatus.PENDING, 1, runner, null, null),
            new ActiveJob(c, "c", JobStatus.PENDING, 1, 0, null, null));

    clock.advance(Duration.ofSeconds(3));
    store.markJobRunning(a, runner, process(100));
    clock.advance(Duration.ofSeconds(1));
    store.markJobRunning(c, 0, process(300));
    assertThatThrownBy(() -> store.markJobRunning(b, runner + 1, process(200)))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("runner " + runner);
    assertThatThrownBy(() -> store.markJobRunning(b, 0, process(200)))
        .isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> store.markJobRunning(a, runner, process(100)))
        .isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> store.markJobRunning(id(wf, "d"), 0, process(1)))
        .isInstanceOf(IllegalTransitionException.class);

    assertThat(store.listActiveJobs(wf))
        .containsExactly(
            new ActiveJob(a, "a", JobStatus.RUNNING, 1, runner, process(100), START.plusSeconds(3)),
            new ActiveJob(b, "b", JobStatus.PENDING, 1, runner, null, null),
            new ActiveJob(c, "c", JobStatus.RUNNING, 1, 0, process(300), START.plusSeconds(4)));
    assertThat(status(wf, "a")).isEqualTo(JobStatus.RUNNING);
    assertThat(eventsOfKind(wf, "job_running"))
        .extracting(WorkflowEvent::jobId)
        .containsExactly(a, c);

    // Leaving pending or running forgets the runner and the process.
    store.completeJob(attempt(wf, a, 1, JobStatus.COMPLETED));
    store.updateJobStatus(b, JobStatus.READY);
    assertThat(store.listActiveJobs(wf)).extracting(ActiveJob::jobId).containsExactly(c);
    assertThat(store.claimReadyJobs(wf, PLENTY, 5)).extracting(JobRecord::name).contains("b");
    assertThat(store.listActiveJobs(wf))
        .filteredOn(j -> j.jobId() == b)
        .singleElement()
        .isEqualTo(new ActiveJob(b, "b", JobStatus.PENDING, 1, 0, null, null));
    assertThat(store.listActiveJobs(42)).isEmpty();
  }

  @Test
  void onlyAnActiveRunnerOfTheWorkflowClaims() {
    long wf = store.createWorkflow(workflow(job("a")));
    long other = store.createWorkflow(workflow(job("a")));
    long foreign = store.registerRunner(other, HOST_A);
    long stopped = store.registerRunner(wf, HOST_A);
    store.unregisterRunner(stopped);

    assertThatThrownBy(() -> store.claimReadyJobs(wf, PLENTY, 5, foreign))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("workflow " + other);
    assertThatThrownBy(() -> store.claimReadyJobs(wf, PLENTY, 5, stopped))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("stopped");
    assertThatThrownBy(() -> store.claimReadyJobs(wf, PLENTY, 5, 999))
        .isInstanceOf(StoreException.class);
    assertThat(status(wf, "a")).isEqualTo(JobStatus.READY);
  }

  /** Claims the job for this runner (it must be the only ready one) and starts it. */
  void run(long wf, long jobId, long runner) {
    assertThat(claimedIds(wf, 1, runner)).containsExactly(jobId);
    store.markJobRunning(jobId, runner, process(jobId));
  }

  @Test
  void aRetriedAttemptKeepsDependentsBlockedAndEveryAttemptKeepsItsResult() {
    long wf = store.createWorkflow(workflow(job("a"), job("b", "a"), job("c", "b")));
    long runner = store.registerRunner(wf, HOST_A);
    long a = id(wf, "a");

    run(wf, a, runner);
    JobResult first = attempt(wf, a, 1, JobStatus.FAILED);
    store.retryAttempt(first, "exit code 1 matched a failure handler rule");

    JobRecord afterFirst = store.getJob(a);
    assertThat(afterFirst.status()).isEqualTo(JobStatus.READY);
    assertThat(afterFirst.attemptId()).isEqualTo(2);
    assertThat(status(wf, "b")).isEqualTo(JobStatus.BLOCKED);
    assertThat(status(wf, "c")).isEqualTo(JobStatus.BLOCKED);
    assertThat(store.listActiveJobs(wf)).isEmpty();
    assertThat(eventsOfKind(wf, "job_retry"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.jobId()).isEqualTo(a);
              assertThat(e.message())
                  .contains("'a'", "failed", "attempt 1", "attempt 2", "failure handler rule");
            });
    assertThat(eventsOfKind(wf, "job_canceled")).isEmpty();

    run(wf, a, runner);
    JobResult second = attempt(wf, a, 2, JobStatus.TERMINATED);
    store.retryAttempt(second, "lost when its runner died");
    assertThat(store.getJob(a).attemptId()).isEqualTo(3);
    assertThat(status(wf, "b")).isEqualTo(JobStatus.BLOCKED);

    run(wf, a, runner);
    JobResult third = attempt(wf, a, 3, JobStatus.COMPLETED);
    store.completeJob(third);
    assertThat(status(wf, "b")).isEqualTo(JobStatus.READY);
    assertThat(store.listResults(wf)).containsExactly(first, second, third);
  }

  @Test
  void aDelayedRetryIsNotClaimedBeforeItsTimeAndTheDelayIsForgottenOnceClaimed() {
    long wf = store.createWorkflow(workflow(job("a"), job("b")));
    long runner = store.registerRunner(wf, HOST_A);
    long a = id(wf, "a");
    long b = id(wf, "b");
    assertThat(claimedIds(wf, 1, runner)).containsExactly(a);
    store.markJobRunning(a, runner, process(a));
    assertThat(store.nextNotBefore(wf)).isEmpty();

    Instant due = clock.instant().plus(Duration.ofSeconds(30));
    store.retryAttempt(attempt(wf, a, 1, JobStatus.FAILED), "transient; back off", due);

    assertThat(store.getJob(a).status()).isEqualTo(JobStatus.READY);
    assertThat(store.getJob(a).attemptId()).isEqualTo(2);
    assertThat(store.nextNotBefore(wf)).contains(due);
    assertThat(claimedIds(wf, 5, runner)).containsExactly(b);
    clock.advance(Duration.ofSeconds(29));
    assertThat(store.claimReadyJobs(wf, PLENTY, 5, runner)).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(store.nextNotBefore(wf)).isEmpty();
    assertThat(claimedIds(wf, 5, runner)).containsExactly(a);
    store.markJobRunning(a, runner, process(a));

    // The delay belonged to that retry only: the next one without a delay is claimable at once.
    store.retryAttempt(attempt(wf, a, 2, JobStatus.FAILED), "again");
    assertThat(store.nextNotBefore(wf)).isEmpty();
    assertThat(claimedIds(wf, 5, runner)).containsExactly(a);
  }

  @Test
  void aHeldJobGoesBackToReadyAndIsNotClaimedBeforeItsTimeUnlessReleased() {
    long wf = store.createWorkflow(workflow(job("a"), job("b")));
    long runner = store.registerRunner(wf, HOST_A);
    long a = id(wf, "a");
    long b = id(wf, "b");
    assertThat(claimedIds(wf, 1, runner)).containsExactly(a);

    Instant due = clock.instant().plus(Duration.ofMinutes(1));
    store.holdJob(a, due, "breaker open");

    assertThat(store.getJob(a).status()).isEqualTo(JobStatus.READY);
    assertThat(store.getJob(a).attemptId()).isEqualTo(1);
    assertThat(store.listActiveJobs(wf)).isEmpty();
    assertThat(store.nextNotBefore(wf)).contains(due);
    assertThat(claimedIds(wf, 5, runner)).containsExactly(b);
    clock.advance(Duration.ofSeconds(30));
    assertThat(store.claimReadyJobs(wf, PLENTY, 5, runner)).isEmpty();

    store.holdJob(a, null, "breaker closed");
    assertThat(store.nextNotBefore(wf)).isEmpty();
    assertThat(claimedIds(wf, 5, runner)).containsExactly(a);
    assertThat(store.listEvents(wf))
        .extracting(WorkflowEvent::kind)
        .containsSubsequence("job_held", "job_released");
    assertThat(store.listEvents(wf).stream().filter(e -> e.kind().equals("job_held")))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("breaker open").contains(due.toString()));

    store.markJobRunning(a, runner, process(a));
    assertThatThrownBy(() -> store.holdJob(a, due, "too late"))
        .isInstanceOf(IllegalTransitionException.class);
  }

  @Test
  void aRecoveryProcessReplacesTheRecordedProcessOfARunningJob() {
    long wf = store.createWorkflow(workflow(job("a"), job("b")));
    long runner = store.registerRunner(wf, HOST_A);
    long a = id(wf, "a");
    long b = id(wf, "b");
    store.claimReadyJobs(wf, PLENTY, 5, runner);
    store.markJobRunning(a, runner, process(a));
    assertThatThrownBy(() -> store.recordRecoveryProcess(b, runner, process(99)))
        .isInstanceOf(IllegalTransitionException.class);
    store.markJobRunning(b, runner, process(b));
    assertThatThrownBy(() -> store.recordRecoveryProcess(a, runner + 1, process(99)))
        .isInstanceOf(StoreException.class);

    store.recordRecoveryProcess(a, runner, process(99));

    assertThat(store.listActiveJobs(wf))
        .filteredOn(j -> j.jobId() == a)
        .singleElement()
        .satisfies(
            j -> {
              assertThat(j.attempt()).isEqualTo(process(99));
              assertThat(j.status()).isEqualTo(JobStatus.RUNNING);
              assertThat(j.runnerId()).isEqualTo(runner);
            });
    assertThat(store.listEvents(wf))
        .filteredOn(e -> e.kind().equals("recovery_script_started"))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("local 99 on node-a"));
  }

  @Test
  void aRetryWithAFallbackRunsItNextUntilAPlainRetryOrAReset() {
    long wf =
        store.createWorkflow(
            Workflow.builder("wf")
                .job(
                    JobSpec.builder("a")
                        .command("primary")
                        .fallbackCommands("mirror1", "mirror2")
                        .build())
                .build());
    long runner = store.registerRunner(wf, HOST_A);
    long a = id(wf, "a");
    JobRecord fresh = store.getJob(a);
    assertThat(fresh.command()).isEqualTo("primary");
    assertThat(fresh.originalCommand()).isEqualTo("primary");
    assertThat(fresh.fallbackCommands()).containsExactly("mirror1", "mirror2");
    assertThat(fresh.runsFallback()).isFalse();

    store.claimReadyJobs(wf, PLENTY, 1, runner);
    store.markJobRunning(a, runner, process(a));
    store.retryAttempt(attempt(wf, a, 1, JobStatus.FAILED), "fallback 1", null, "mirror1");
    JobRecord claimed = store.claimReadyJobs(wf, PLENTY, 1, runner).get(0);
    assertThat(claimed.command()).isEqualTo("mirror1");
    assertThat(claimed.originalCommand()).isEqualTo("primary");
    assertThat(claimed.runsFallback()).isTrue();
    store.markJobRunning(a, runner, process(a));

    store.retryAttempt(attempt(wf, a, 2, JobStatus.FAILED), "plain");
    assertThat(store.getJob(a).command()).isEqualTo("primary");
    store.claimReadyJobs(wf, PLENTY, 1, runner);
    store.markJobRunning(a, runner, process(a));
    store.retryAttempt(attempt(wf, a, 3, JobStatus.FAILED), "fallback 2", null, "mirror2");
    store.claimReadyJobs(wf, PLENTY, 1, runner);
    store.markJobRunning(a, runner, process(a));
    store.completeJob(attempt(wf, a, 4, JobStatus.FAILED));
    assertThat(store.getJob(a).command()).isEqualTo("mirror2");

    store.resetJobs(wf, true);
    assertThat(store.getJob(a).command()).isEqualTo("primary");
    assertThat(store.getJob(a).runsFallback()).isFalse();
  }

  @Test
  void keepsOneFailureRecordPerAttemptInJobAndAttemptOrder() {
    long wf = store.createWorkflow(workflow(job("a"), job("b")));
    long a = id(wf, "a");
    long b = id(wf, "b");
    FailureInfo b1 =
        new FailureInfo(
            wf, b, 1, 1, "oom", "exit 137", "SIGKILL", 0.6, 137, 9, 10L, 20L, 1.5, 60.0, null);
    FailureInfo a2 =
        new FailureInfo(
            wf,
            a,
            1,
            2,
            "transient",
            "refused",
            "Connection refused",
            0.9,
            7,
            null,
            null,
            null,
            null,
            null,
            null);
    FailureInfo a1 =
        new FailureInfo(
            wf, a, 1, 1, "unknown", "x", "first", 0.0, 1, null, null, null, null, null, "FAILED");
    store.addFailureRecord(b1);
    store.addFailureRecord(a2);
    store.addFailureRecord(a1);
    assertThat(store.listFailureRecords(wf)).containsExactly(a1, a2, b1);

    FailureInfo again =
        new FailureInfo(
            wf, a, 1, 1, "permanent", "x", "second", 1.0, 1, null, null, null, null, null, null);
    store.addFailureRecord(again);
    assertThat(store.listFailureRecords(wf)).containsExactly(again, a2, b1);
    assertThat(store.listFailureRecords(wf + 1000)).isEmpty();

    store.deleteWorkflow(wf);
    assertThat(store.listFailureRecords(wf)).isEmpty();
  }

  @Test
  void policyStateIsUpdatedFromItsCurrentValuePerWorkflowAndKey() {
    long wf = store.createWorkflow(workflow(job("a")));
    long other = store.createWorkflow(workflow(job("x")));
    assertThat(store.updatePolicyState(wf, "k", current -> current == null ? "1" : current + "1"))
        .isEqualTo("1");
    assertThat(store.updatePolicyState(wf, "k", current -> current == null ? "1" : current + "1"))
        .isEqualTo("11");
    store.updatePolicyState(wf, "a", current -> "x");
    assertThat(store.listPolicyState(wf))
        .containsExactly(Map.entry("a", "x"), Map.entry("k", "11"));
    assertThat(store.listPolicyState(other)).isEmpty();
    assertThatThrownBy(() -> store.updatePolicyState(other + 1000, "k", c -> "1"))
        .isInstanceOf(StoreException.class);
    store.deleteWorkflow(wf);
    assertThat(store.listPolicyState(wf)).isEmpty();
  }

  @Test
  void aRetriedAttemptMustBeTheCurrentFailedAttemptOfARunningJob() {
    long wf = store.createWorkflow(workflow(job("a"), job("b", "a")));
    long other = store.createWorkflow(workflow(job("x")));
    long a = id(wf, "a");

    assertThatThrownBy(() -> store.retryAttempt(attempt(wf, a, 1, JobStatus.COMPLETED), "no"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.retryAttempt(attempt(wf, a, 1, JobStatus.PENDING_FAILED), "no"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.retryAttempt(attempt(wf, a, 1, JobStatus.FAILED), "not running"))
        .isInstanceOf(IllegalTransitionException.class);

    start(a);
    assertThatThrownBy(() -> store.retryAttempt(attempt(other, a, 1, JobStatus.FAILED), "x"))
        .isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> store.retryAttempt(attempt(wf, a, 2, JobStatus.FAILED), "x"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("attempt 1");
    assertThatThrownBy(() -> store.retryAttempt(attempt(wf, 999, 1, JobStatus.FAILED), "x"))
        .isInstanceOf(StoreException.class);

    // A result for the attempt exists already (a retry recorded through completeJob).
    store.completeJob(attempt(wf, a, 1, JobStatus.READY));
    start(a);
    assertThatThrownBy(() -> store.retryAttempt(attempt(wf, a, 1, JobStatus.FAILED), "again"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("exists already");

    JobRecord job = store.getJob(a);
    assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(job.attemptId()).isEqualTo(1);
    assertThat(store.listResults(wf)).hasSize(1);
    assertThat(eventsOfKind(wf, "job_retry")).isEmpty();
  }

  @Test
  void retryingAPendingFailedJobWithNewRequirementsChangesOnlyThatJob() {
    ResourceRequirements small = rr("small", 1, "1g", 0);
    ResourceRequirements big = rr("big", 8, "64g", 1);
    long wf =
        store.createWorkflow(
            Workflow.builder("wf")
                .resourceRequirements(small)
                .job(JobSpec.builder("a").command("a").resourceRequirements("small").build())
                .job(JobSpec.builder("b").command("b").resourceRequirements("small").build())
                .job(job("c", "a"))
                .build());
    long a = id(wf, "a");
    finish(wf, "a", JobStatus.PENDING_FAILED);

    store.retryJob(a, big, "out of memory");

    JobRecord retried = store.getJob(a);
    assertThat(retried.status()).isEqualTo(JobStatus.READY);
    assertThat(retried.attemptId()).isEqualTo(2);
    assertThat(retried.requirements()).isEqualTo(big);
    assertThat(jobsByName(wf).get("b").requirements()).isEqualTo(small);
    assertThat(jobsByName(wf).get("b").attemptId()).isEqualTo(1);
    assertThat(status(wf, "c")).isEqualTo(JobStatus.BLOCKED);
    assertThat(eventsOfKind(wf, "job_retry"))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("pending_failed", "big", "out of memory"));

    start(a);
    store.completeJob(attempt(wf, a, 2, JobStatus.COMPLETED));
    assertThat(status(wf, "c")).isEqualTo(JobStatus.READY);
  }

  @Test
  void retryingAnEndedJobBlocksReadyDependentsAgainAndLeavesCanceledOnesCanceled() {
    JobSpec tolerant =
        JobSpec.builder("t").command("t").dependsOn("a").cancelOnBlockingJobFailure(false).build();
    long wf = store.createWorkflow(workflow(job("a"), tolerant, job("c", "a"), job("d", "c")));
    long a = id(wf, "a");
    long c = id(wf, "c");
    finish(wf, "a", JobStatus.FAILED);
    assertThat(status(wf, "t")).isEqualTo(JobStatus.READY);
    assertThat(status(wf, "c")).isEqualTo(JobStatus.CANCELED);

    assertThatThrownBy(() -> store.retryJob(id(wf, "t"), null, "ready already"))
        .isInstanceOf(IllegalTransitionException.class);
    store.retryJob(a, null, "try again");
    assertThat(status(wf, "a")).isEqualTo(JobStatus.READY);
    assertThat(status(wf, "t")).isEqualTo(JobStatus.BLOCKED);
    assertThat(status(wf, "c")).isEqualTo(JobStatus.CANCELED);
    assertThat(status(wf, "d")).isEqualTo(JobStatus.CANCELED);

    // A canceled job waits for the re-opened job it depends on.
    store.retryJob(c, null, "bring it back too");
    assertThat(status(wf, "c")).isEqualTo(JobStatus.BLOCKED);
    assertThat(store.getJob(c).attemptId()).isEqualTo(2);

    start(a);
    store.completeJob(attempt(wf, a, 2, JobStatus.COMPLETED));
    assertThat(status(wf, "t")).isEqualTo(JobStatus.READY);
    assertThat(status(wf, "c")).isEqualTo(JobStatus.READY);
    assertThat(status(wf, "d")).isEqualTo(JobStatus.CANCELED);
    assertThatThrownBy(() -> store.retryJob(999, null, "x")).isInstanceOf(StoreException.class);
  }

  @Test
  void updatesTheRequirementsOfOneJob() {
    long wf = store.createWorkflow(workflow(job("a"), job("b")));
    ResourceRequirements more =
        ResourceRequirements.builder("more")
            .numCpus(3)
            .memory("2.5g")
            .numGpus(2)
            .numNodes(2)
            .runtime("PT90M")
            .build();

    store.updateJobRequirements(id(wf, "a"), more);

    assertThat(jobsByName(wf).get("a").requirements()).isEqualTo(more);
    assertThat(jobsByName(wf).get("b").requirements()).isEqualTo(ResourceRequirements.DEFAULT);
    assertThat(store.claimReadyJobs(wf, new ResourceBudget(2, 64 * GIB, 4), 5))
        .extracting(JobRecord::name)
        .containsExactly("b");
    assertThatThrownBy(() -> store.updateJobRequirements(999, more))
        .isInstanceOf(StoreException.class);
  }

  // ---------------------------------------------------------------------------------------------
  // Whole-workflow changes

  @Test
  void aFailedOnlyResetAfterACascadeReReadiesTheChain() {
    JobSpec tolerant =
        JobSpec.builder("t").command("t").dependsOn("a").cancelOnBlockingJobFailure(false).build();
    long wf =
        store.createWorkflow(
            workflow(
                job("root"),
                job("a", "root"),
                job("b", "a"),
                job("c", "b"),
                tolerant,
                job("side", "root"),
                job("pf"),
                job("after_pf", "pf"),
                job("busy"),
                job("off")));
    finish(wf, "root", JobStatus.COMPLETED);
    finish(wf, "side", JobStatus.COMPLETED);
    finish(wf, "a", JobStatus.FAILED);
    finish(wf, "t", JobStatus.COMPLETED);
    finish(wf, "pf", JobStatus.PENDING_FAILED);
    start(id(wf, "busy"));
    store.updateJobStatus(id(wf, "off"), JobStatus.DISABLED);
    assertThat(status(wf, "b")).isEqualTo(JobStatus.CANCELED);
    assertThat(status(wf, "c")).isEqualTo(JobStatus.CANCELED);

    int reset = store.resetJobs(wf, true);

    // a, b, c and t (downstream of a, though it completed), pf and after_pf.
    assertThat(reset).isEqualTo(6);
    Map<String, JobRecord> jobs = jobsByName(wf);
    assertThat(jobs.get("a").status()).isEqualTo(JobStatus.READY);
    assertThat(jobs.get("a").attemptId()).isEqualTo(2);
    assertThat(jobs.get("b").status()).isEqualTo(JobStatus.BLOCKED);
    assertThat(jobs.get("b").attemptId()).isEqualTo(1);
    assertThat(jobs.get("c").status()).isEqualTo(JobStatus.BLOCKED);
    assertThat(jobs.get("t").status()).isEqualTo(JobStatus.BLOCKED);
    assertThat(jobs.get("t").attemptId()).isEqualTo(2);
    assertThat(jobs.get("pf").status()).isEqualTo(JobStatus.READY);
    assertThat(jobs.get("pf").attemptId()).isEqualTo(2);
    assertThat(jobs.get("after_pf").status()).isEqualTo(JobStatus.BLOCKED);
    assertThat(jobs.get("root").status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(jobs.get("root").attemptId()).isEqualTo(1);
    assertThat(jobs.get("side").status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(jobs.get("busy").status()).isEqualTo(JobStatus.RUNNING);
    assertThat(jobs.get("off").status()).isEqualTo(JobStatus.DISABLED);
    assertThat(eventsOfKind(wf, "workflow_reset")).hasSize(1);

    long a = id(wf, "a");
    start(a);
    store.completeJob(attempt(wf, a, 2, JobStatus.COMPLETED));
    assertThat(status(wf, "b")).isEqualTo(JobStatus.READY);
    assertThat(status(wf, "t")).isEqualTo(JobStatus.READY);
    finish(wf, "b", JobStatus.COMPLETED);
    assertThat(status(wf, "c")).isEqualTo(JobStatus.READY);
    assertThat(store.resetJobs(wf, true)).isZero();
    assertThat(store.listResults(wf)).hasSize(7);
  }

  @Test
  void aResetOfChosenJobsResetsThemAndTheirDownstreamWithNewRequirements() {
    long wf =
        store.createWorkflow(
            workflow(
                job("root"),
                job("oom", "root"),
                job("after_oom", "oom"),
                job("bug", "root"),
                job("after_bug", "bug"),
                job("pf"),
                job("ok")));
    finish(wf, "root", JobStatus.COMPLETED);
    finish(wf, "oom", JobStatus.FAILED);
    finish(wf, "bug", JobStatus.FAILED);
    finish(wf, "pf", JobStatus.PENDING_FAILED);
    finish(wf, "ok", JobStatus.COMPLETED);
    store.cancelWorkflow(wf);
    long oom = id(wf, "oom");
    long pf = id(wf, "pf");
    ResourceRequirements bigger =
        ResourceRequirements.builder("bigger").memory("12g").runtime("PT2H").build();
    ResourceRequirements before = store.getJob(pf).requirements();

    int reset = store.resetJobs(wf, Set.of(oom, pf), Map.of(oom, bigger), "recovery pass 1");

    assertThat(reset).isEqualTo(3);
    Map<String, JobRecord> jobs = jobsByName(wf);
    assertThat(jobs.get("oom").status()).isEqualTo(JobStatus.READY);
    assertThat(jobs.get("oom").attemptId()).isEqualTo(2);
    assertThat(jobs.get("oom").requirements()).isEqualTo(bigger);
    assertThat(jobs.get("after_oom").status()).isEqualTo(JobStatus.BLOCKED);
    assertThat(jobs.get("pf").status()).isEqualTo(JobStatus.READY);
    assertThat(jobs.get("pf").requirements()).isEqualTo(before);
    assertThat(jobs.get("bug").status()).isEqualTo(JobStatus.FAILED);
    assertThat(jobs.get("after_bug").status()).isEqualTo(JobStatus.CANCELED);
    assertThat(jobs.get("root").status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(jobs.get("ok").status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(store.getWorkflow(wf).canceled()).isFalse();
    assertThat(eventsOfKind(wf, "job_requirements")).hasSize(1);
    assertThat(eventsOfKind(wf, "workflow_reset"))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("recovery pass 1"));
  }

  @Test
  void aResetOfChosenJobsRefusesJobsThatDidNotFailAndChangesNothing() {
    long wf = store.createWorkflow(workflow(job("a"), job("b"), job("c", "b")));
    finish(wf, "a", JobStatus.FAILED);
    finish(wf, "b", JobStatus.COMPLETED);
    long a = id(wf, "a");
    long b = id(wf, "b");
    ResourceRequirements bigger = ResourceRequirements.builder("bigger").memory("3g").build();
    int events = store.listEvents(wf).size();

    assertThatThrownBy(() -> store.resetJobs(wf, Set.of(a, b), Map.of(a, bigger), "x"))
        .isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> store.resetJobs(wf, Set.of(a), Map.of(b, bigger), "x"))
        .isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> store.resetJobs(wf, Set.of(a, 999L), Map.of(), "x"))
        .isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> store.resetJobs(999, Set.of(a), Map.of(), "x"))
        .isInstanceOf(StoreException.class);

    assertThat(status(wf, "a")).isEqualTo(JobStatus.FAILED);
    assertThat(store.getJob(a).requirements()).isNotEqualTo(bigger);
    assertThat(store.listEvents(wf)).hasSize(events);
  }

  @Test
  void aFullResetRefusesWhileJobsRunAndThenResetsEveryJob() {
    long wf = store.createWorkflow(workflow(job("a"), job("b", "a"), job("off")));
    store.updateJobStatus(id(wf, "off"), JobStatus.DISABLED);
    finish(wf, "a", JobStatus.COMPLETED);
    long b = id(wf, "b");
    store.claimReadyJobs(wf, PLENTY, 5);

    assertThatThrownBy(() -> store.resetJobs(wf, false))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("stop its runners first");
    assertThat(status(wf, "b")).isEqualTo(JobStatus.PENDING);
    assertThatThrownBy(() -> store.resetJobs(999, false)).isInstanceOf(StoreException.class);

    store.updateJobStatus(b, JobStatus.RUNNING);
    store.completeJob(attempt(wf, b, 1, JobStatus.COMPLETED));
    assertThat(store.resetJobs(wf, false)).isEqualTo(2);

    Map<String, JobRecord> jobs = jobsByName(wf);
    assertThat(jobs.get("a").status()).isEqualTo(JobStatus.READY);
    assertThat(jobs.get("a").attemptId()).isEqualTo(2);
    assertThat(jobs.get("b").status()).isEqualTo(JobStatus.BLOCKED);
    assertThat(jobs.get("b").attemptId()).isEqualTo(2);
    assertThat(jobs.get("off").status()).isEqualTo(JobStatus.DISABLED);

    // Nothing ran since: a second reset moves no attempt on.
    assertThat(store.resetJobs(wf, false)).isEqualTo(2);
    assertThat(jobsByName(wf).get("a").attemptId()).isEqualTo(2);
  }

  @Test
  void cancelingAWorkflowCancelsEveryJobThatHasNotEnded() {
    long wf =
        store.createWorkflow(
            workflow(
                job("done"),
                job("running"),
                job("pending"),
                job("ready"),
                job("blocked", "running"),
                job("pf"),
                job("after_pf", "pf")));
    long runner = store.registerRunner(wf, HOST_A);
    finish(wf, "done", JobStatus.COMPLETED);
    finish(wf, "pf", JobStatus.PENDING_FAILED);
    store.claimReadyJobs(wf, PLENTY, 2, runner);
    store.markJobRunning(id(wf, "running"), runner, process(1));
    assertThat(store.getWorkflow(wf).canceled()).isFalse();
    int eventsBefore = store.listEvents(wf).size();

    store.cancelWorkflow(wf);

    assertThat(store.getWorkflow(wf).canceled()).isTrue();
    assertThat(store.countJobsByStatus(wf))
        .containsExactlyInAnyOrderEntriesOf(Map.of(JobStatus.COMPLETED, 1, JobStatus.CANCELED, 6));
    assertThat(store.listActiveJobs(wf)).isEmpty();
    List<WorkflowEvent> events = store.listEvents(wf);
    assertThat(events.subList(eventsBefore, events.size()))
        .extracting(WorkflowEvent::kind)
        .containsExactly(
            "workflow_canceled",
            "job_canceled",
            "job_canceled",
            "job_canceled",
            "job_canceled",
            "job_canceled",
            "job_canceled");
    assertThatThrownBy(() -> store.cancelWorkflow(999)).isInstanceOf(StoreException.class);

    // A reset brings the workflow back.
    assertThat(store.resetJobs(wf, true)).isEqualTo(6);
    assertThat(store.getWorkflow(wf).canceled()).isFalse();
    Map<String, JobRecord> jobs = jobsByName(wf);
    assertThat(jobs.get("done").status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(jobs.get("running").status()).isEqualTo(JobStatus.READY);
    assertThat(jobs.get("blocked").status()).isEqualTo(JobStatus.BLOCKED);
    assertThat(jobs.get("pf").status()).isEqualTo(JobStatus.READY);
    assertThat(jobs.get("pf").attemptId()).isEqualTo(2);
    assertThat(jobs.get("after_pf").status()).isEqualTo(JobStatus.BLOCKED);
  }

  @Test
  void reinitializeStartsANewRunForTheGivenJobsAndTheirDownstream() {
    long wf = store.createWorkflow(workflow(job("a"), job("b", "a"), job("c", "b"), job("d")));
    long runner = store.registerRunner(wf, HOST_A);
    long d = id(wf, "d");
    for (String name : List.of("a", "b", "c")) {
      finish(wf, name, JobStatus.COMPLETED);
    }
    run(wf, d, runner);
    store.retryAttempt(attempt(wf, d, 1, JobStatus.FAILED), "flaky");
    run(wf, d, runner);
    store.completeJob(attempt(wf, d, 2, JobStatus.COMPLETED));
    store.cancelWorkflow(wf);
    long b = id(wf, "b");

    Set<Long> affected = store.reinitialize(wf, Set.of(b));

    assertThat(affected).containsExactly(b, id(wf, "c"));
    assertThat(store.getWorkflow(wf).runId()).isEqualTo(2);
    assertThat(store.getWorkflow(wf).canceled()).isFalse();
    Map<String, JobRecord> jobs = jobsByName(wf);
    assertThat(jobs.get("a").status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(jobs.get("b").status()).isEqualTo(JobStatus.READY);
    assertThat(jobs.get("b").attemptId()).isEqualTo(1);
    assertThat(jobs.get("c").status()).isEqualTo(JobStatus.BLOCKED);
    assertThat(jobs.get("c").attemptId()).isEqualTo(1);
    assertThat(jobs.get("d").status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(jobs.get("d").attemptId()).isEqualTo(2);
    assertThat(eventsOfKind(wf, "workflow_reinitialized")).hasSize(1);

    // Attempt 1 of run 2 is a new attempt: its result does not clash with run 1's.
    start(b);
    JobResult rerun =
        new JobResult(b, wf, 2, 1, 0, JobStatus.COMPLETED, 0.1, START, null, null, null, null);
    store.completeJob(rerun);
    assertThat(status(wf, "c")).isEqualTo(JobStatus.READY);
    assertThat(store.listResults(wf)).contains(rerun);

    assertThatThrownBy(() -> store.reinitialize(wf, Set.of(999L)))
        .isInstanceOf(StoreException.class);
    store.claimReadyJobs(wf, PLENTY, 5);
    assertThatThrownBy(() -> store.reinitialize(wf, Set.of(b)))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("stop its runners first");
    assertThat(store.getWorkflow(wf).runId()).isEqualTo(2);
  }

  // ---------------------------------------------------------------------------------------------
  // Events

  @Test
  void recordsEventsInOrderWithTimes() {
    long wf = store.createWorkflow(workflow(job("a"), job("b", "a"), job("c", "b")));
    long a = id(wf, "a");
    clock.advance(Duration.ofSeconds(1));
    store.updateJobStatus(a, JobStatus.PENDING);
    clock.advance(Duration.ofSeconds(1));
    store.updateJobStatus(a, JobStatus.RUNNING);
    clock.advance(Duration.ofSeconds(1));
    store.addEvent(wf, null, "note", "hello");
    clock.advance(Duration.ofSeconds(1));
    store.completeJob(result(wf, a, 1, JobStatus.FAILED, 2));

    List<WorkflowEvent> events = store.listEvents(wf);
    assertThat(events)
        .extracting(WorkflowEvent::kind)
        .containsExactly(
            "workflow_created",
            "job_pending",
            "job_running",
            "note",
            "job_failed",
            "job_canceled",
            "job_canceled");
    assertThat(events).extracting(WorkflowEvent::id).isSorted().doesNotHaveDuplicates();
    assertThat(events).allSatisfy(e -> assertThat(e.workflowId()).isEqualTo(wf));
    assertThat(events)
        .extracting(WorkflowEvent::timestamp)
        .containsExactly(
            START,
            START.plusSeconds(1),
            START.plusSeconds(2),
            START.plusSeconds(3),
            START.plusSeconds(4),
            START.plusSeconds(4),
            START.plusSeconds(4));
    assertThat(events.get(0).jobId()).isNull();
    assertThat(events.get(3).message()).isEqualTo("hello");
    assertThat(events.get(4).jobId()).isEqualTo(a);
    assertThat(events.get(4).message()).contains("'a'", "return code 2", "attempt 1");
    assertThat(events.get(5).jobId()).isEqualTo(id(wf, "b"));
    assertThat(events.get(6).jobId()).isEqualTo(id(wf, "c"));
  }

  // ---------------------------------------------------------------------------------------------
  // Deleting

  @Test
  void deletesAWorkflowWithEverythingInIt() {
    Workflow wf =
        Workflow.builder("gone")
            .file("f", "f.txt")
            .userData(UserDataSpec.of("u", List.of(1, 2)))
            .failureHandler(FailureHandler.of("h", FailureRule.forAnyExitCode(1, null)))
            .job(JobSpec.builder("a").command("a").outputFiles("f").outputUserData("u").build())
            .job(JobSpec.builder("b").command("b").dependsOn("a").inputFiles("f").build())
            .build();
    long gone = store.createWorkflow(wf);
    long kept = store.createWorkflow(wf);
    long a = id(gone, "a");
    finish(gone, "a", JobStatus.COMPLETED);
    finish(kept, "a", JobStatus.COMPLETED);

    assertThat(store.deleteWorkflow(gone)).isTrue();

    assertThat(store.findWorkflow(gone)).isEmpty();
    assertThat(store.findJob(a)).isEmpty();
    assertThat(store.listJobs(gone, null)).isEmpty();
    assertThat(store.listFiles(gone)).isEmpty();
    assertThat(store.listUserData(gone)).isEmpty();
    assertThat(store.listFailureHandlers(gone)).isEmpty();
    assertThat(store.listResults(gone)).isEmpty();
    assertThat(store.listEvents(gone)).isEmpty();
    assertThat(store.countJobsByStatus(gone)).isEmpty();
    assertThat(store.deleteWorkflow(gone)).isFalse();

    assertThat(store.listWorkflows()).extracting(WorkflowRecord::id).containsExactly(kept);
    assertThat(store.listJobs(kept, null)).hasSize(2);
    assertThat(store.listResults(kept)).hasSize(1);
    assertThat(status(kept, "b")).isEqualTo(JobStatus.READY);
  }

  @Test
  void aClosedStoreRefusesWork() {
    store.close();
    assertThatThrownBy(() -> store.listWorkflows()).isInstanceOf(StoreException.class);
    store.close();
  }

  // ---------------------------------------------------------------------------------------------
  // Settling a dead runner's claims and per-job queries

  @Test
  void aDeadRunnersClaimIsReleasedOnceAndOnlyWhileItHoldsIt() {
    long wf = store.createWorkflow(workflow(job("a"), job("b")));
    long dead = store.registerRunner(wf, HOST_A);
    long alive = store.registerRunner(wf, HOST_B);
    List<JobRecord> claimed = store.claimReadyJobs(wf, PLENTY, 1, dead);
    long a = claimed.get(0).id();
    long b = store.claimReadyJobs(wf, PLENTY, 1, alive).get(0).id();

    assertThat(store.releaseClaim(b, dead, "not its claim")).isFalse();
    assertThat(store.getJob(b).status()).isEqualTo(JobStatus.PENDING);
    assertThat(store.releaseClaim(a, dead, "released the claim of dead runner")).isTrue();
    assertThat(store.releaseClaim(a, dead, "again")).isFalse();

    assertThat(store.getJob(a).status()).isEqualTo(JobStatus.READY);
    assertThat(store.listEvents(wf))
        .filteredOn(e -> e.kind().equals("claim_released"))
        .extracting(WorkflowEvent::message)
        .containsExactly("released the claim of dead runner");
    assertThat(store.claimReadyJobs(wf, PLENTY, 5, alive))
        .extracting(JobRecord::id)
        .containsExactly(a);
    assertThatThrownBy(() -> store.releaseClaim(999, dead, "none"))
        .isInstanceOf(StoreException.class);
  }

  @Test
  void aDeadRunnersAttemptIsRecordedLostOnceAndOnlyWhileItHoldsIt() {
    long wf = store.createWorkflow(workflow(job("a"), job("b"), job("c")));
    long dead = store.registerRunner(wf, HOST_A);
    long alive = store.registerRunner(wf, HOST_B);
    long a = store.claimReadyJobs(wf, PLENTY, 1, dead).get(0).id();
    long b = store.claimReadyJobs(wf, PLENTY, 1, dead).get(0).id();
    long c = store.claimReadyJobs(wf, PLENTY, 1, alive).get(0).id();
    store.markJobRunning(a, dead, on(HOST_A));
    store.markJobRunning(c, alive, on(HOST_B));

    assertThat(store.recordLostAttempt(attempt(wf, c, 1, JobStatus.FAILED), dead, "not its job"))
        .isFalse();
    assertThat(
            store.recordLostAttempt(attempt(wf, a, 2, JobStatus.FAILED), dead, "not the attempt"))
        .isFalse();
    assertThat(store.recordLostAttempt(attempt(wf, a, 1, JobStatus.FAILED), dead, "lost")).isTrue();
    assertThat(store.recordLostAttempt(attempt(wf, a, 1, JobStatus.FAILED), dead, "again"))
        .isFalse();
    assertThat(store.recordLostAttempt(attempt(wf, b, 1, JobStatus.FAILED), dead, "started"))
        .as("a pending attempt found started")
        .isTrue();

    assertThat(store.getJob(a).status()).isEqualTo(JobStatus.READY);
    assertThat(store.getJob(a).attemptId()).isEqualTo(2);
    assertThat(store.getJob(b).status()).isEqualTo(JobStatus.READY);
    assertThat(store.getJob(b).attemptId()).isEqualTo(2);
    assertThat(store.getJob(c).status()).isEqualTo(JobStatus.RUNNING);
    assertThat(store.listResults(wf))
        .extracting(JobResult::jobId, JobResult::attemptId)
        .containsExactlyInAnyOrder(tuple(a, 1), tuple(b, 1));
    assertThat(eventsOfKind(wf, "job_retry")).hasSize(2);
    assertThatThrownBy(
            () -> store.recordLostAttempt(attempt(wf, 999, 1, JobStatus.FAILED), dead, "none"))
        .isInstanceOf(StoreException.class);
  }

  @Test
  void perJobQueriesReturnWhatTheWholeWorkflowListsHoldForThatJob() {
    long wf = store.createWorkflow(workflow(job("a"), job("b")));
    finish(wf, "a", JobStatus.FAILED);
    finish(wf, "b", JobStatus.COMPLETED);
    long a = id(wf, "a");
    long b = id(wf, "b");
    store.addFailureRecord(
        new FailureInfo(wf, a, 1, 1, "oom", "sig", "killed", 0.9, 137, 9, 1L, 2L, 3.0, 4.0, null));

    assertThat(store.listJobResults(a))
        .isEqualTo(store.listResults(wf).stream().filter(r -> r.jobId() == a).toList())
        .hasSize(1);
    assertThat(store.listJobResults(b))
        .extracting(JobResult::status)
        .containsExactly(JobStatus.COMPLETED);
    assertThat(store.listJobResults(999)).isEmpty();
    assertThat(store.listJobFailureRecords(a)).isEqualTo(store.listFailureRecords(wf));
    assertThat(store.listJobFailureRecords(b)).isEmpty();

    assertThat(store.getPolicyState(wf, "breaker")).isEmpty();
    store.updatePolicyState(wf, "breaker", old -> "{\"open\":true}");
    store.updatePolicyState(wf, "other", old -> "1");
    assertThat(store.getPolicyState(wf, "breaker")).contains("{\"open\":true}");
    assertThat(store.getPolicyState(wf, "other")).contains("1");
  }
}
