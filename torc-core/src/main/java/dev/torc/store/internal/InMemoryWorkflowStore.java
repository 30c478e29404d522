package dev.torc.store.internal;

import dev.torc.model.FailureHandler;
import dev.torc.model.FileSpec;
import dev.torc.model.JobSpec;
import dev.torc.model.JobStatus;
import dev.torc.model.RecoveryConfig;
import dev.torc.model.ResourceRequirements;
import dev.torc.model.SlurmScheduler;
import dev.torc.model.UserDataSpec;
import dev.torc.model.Workflow;
import dev.torc.store.ActionFiring;
import dev.torc.store.ActiveJob;
import dev.torc.store.AttemptRef;
import dev.torc.store.AttemptStart;
import dev.torc.store.FailureInfo;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import dev.torc.store.RecoveryLedger;
import dev.torc.store.ResourceBudget;
import dev.torc.store.RunnerInfo;
import dev.torc.store.RunnerPass;
import dev.torc.store.RunnerRecord;
import dev.torc.store.StoreException;
import dev.torc.store.StoredAction;
import dev.torc.store.WorkflowEvent;
import dev.torc.store.WorkflowRecord;
import dev.torc.store.WorkflowStore;
import dev.torc.store.internal.GraphRows.Candidate;
import dev.torc.store.internal.GraphRows.Dependent;
import dev.torc.store.internal.GraphRows.JobRow;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The {@link WorkflowStore} in this process's memory, with the same semantics as the SQLite store:
 * every change is atomic (one lock guards the whole store), and user data and metadata are kept as
 * JSON so that what comes back is what the SQLite store would return.
 */
public final class InMemoryWorkflowStore implements WorkflowStore {

  /** Ready jobs by priority, highest first, then by id. */
  private static final Comparator<Job> CLAIM_ORDER =
      (a, b) ->
          a.priority != b.priority
              ? Integer.compare(b.priority, a.priority)
              : Long.compare(a.id, b.id);

  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final TreeMap<Long, Wf> workflows = new TreeMap<>();
  private final Map<Long, Job> jobs = new HashMap<>();
  private final TreeMap<Long, Runner> runners = new TreeMap<>();
  private long nextWorkflowId = 1;
  private long nextJobId = 1;
  private long nextEventId = 1;
  private long nextRunnerId = 1;
  private boolean closed;
  private final JobGraph graph = new JobGraph(new MemoryRows());

  /** A new, empty store that takes times from the system clock. */
  public InMemoryWorkflowStore() {
    this(Clock.systemUTC());
  }

  /** A new, empty store that takes creation and event times from this clock. */
  public InMemoryWorkflowStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  private static final class Wf {
    WorkflowRecord record;
    final String metadataJson;
    final List<FileSpec> files;
    final List<FailureHandler> handlers;
    final List<SlurmScheduler> schedulers;
    final Map<String, String> userDataJson;
    RecoveryConfig recovery = RecoveryConfig.NONE;
    final Map<String, String> policyState = new java.util.TreeMap<>();
    final Map<List<Long>, FailureInfo> failures =
        new java.util.TreeMap<>(
            java.util.Comparator.<List<Long>>comparingLong(k -> k.get(0))
                .thenComparingLong(k -> k.get(1))
                .thenComparingLong(k -> k.get(2)));
    final LinkedHashMap<Long, Job> jobs = new LinkedHashMap<>();
    final TreeSet<Job> ready = new TreeSet<>(CLAIM_ORDER);
    final List<JobResult> results = new ArrayList<>();
    final Map<String, Long> resultIds = new HashMap<>();
    final Set<List<Long>> resultKeys = new HashSet<>();
    final List<WorkflowEvent> events = new ArrayList<>();
    final List<StoredAction> actions = new ArrayList<>();
    final Map<List<Long>, ActionFiring> firings = new LinkedHashMap<>();

    Wf(
        WorkflowRecord record,
        String metadataJson,
        List<FileSpec> files,
        List<FailureHandler> handlers,
        List<SlurmScheduler> schedulers,
        Map<String, String> userDataJson) {
      this.record = record;
      this.metadataJson = metadataJson;
      this.files = files;
      this.handlers = handlers;
      this.schedulers = schedulers;
      this.userDataJson = userDataJson;
    }

    void setRunAndCanceled(int runId, boolean canceled) {
      WorkflowRecord r = record;
      record =
          new WorkflowRecord(
              r.id(),
              r.name(),
              r.user(),
              r.description(),
              r.project(),
              runId,
              r.createdAt(),
              r.usePendingFailed(),
              r.resourceMonitor(),
              r.jobsSortMethod(),
              canceled);
    }
  }

  private static final class Runner {
    final long id;
    final long workflowId;
    final RunnerInfo info;
    final Instant startedAt;
    Instant heartbeatAt;
    boolean stopped;

    Runner(long id, long workflowId, RunnerInfo info, Instant startedAt) {
      this.id = id;
      this.workflowId = workflowId;
      this.info = info;
      this.startedAt = startedAt;
      this.heartbeatAt = startedAt;
    }
  }

  private static final class Job {
    long id;
    long workflowId;
    String name;
    String command;
    String invocationScript;
    JobStatus status;
    int attemptId = 1;
    int priority;
    ResourceRequirements requirements;
    String failureHandler;
    String scheduler;
    boolean cancelOnBlockingJobFailure;
    boolean supportsTermination;
    int unfinishedDeps;

    /** Before this the job is not claimed, or {@code null}; cleared by every status change. */
    Instant notBefore;

    String commandOverride;
    List<String> fallbackCommands = List.of();

    /** The runner that claimed the job (0 for none) and where its attempt runs, while active. */
    long runnerId;

    AttemptRef attempt;
    Instant startedAt;
    final List<Job> dependents = new ArrayList<>(1);
    List<String> dependsOn;
    List<String> inputFiles;
    List<String> outputFiles;
    List<String> inputUserData;
    List<String> outputUserData;

    JobRecord toRecord() {
      return toRecord(status);
    }

    /** The job as a record, as it will be once in this status. */
    JobRecord toRecord(JobStatus status) {
      return new JobRecord(
          id,
          workflowId,
          name,
          commandOverride != null ? commandOverride : command,
          invocationScript,
          status,
          attemptId,
          priority,
          requirements,
          failureHandler,
          scheduler,
          cancelOnBlockingJobFailure,
          supportsTermination,
          dependsOn,
          inputFiles,
          outputFiles,
          command,
          fallbackCommands);
    }
  }

  private <T> T locked(Supplier<T> work) {
    lock.lock();
    try {
      if (closed) {
        throw new StoreException("the in-memory store is closed");
      }
      return work.get();
    } finally {
      lock.unlock();
    }
  }

  private void lockedRun(Runnable work) {
    locked(
        () -> {
          work.run();
          return null;
        });
  }

  private Instant now() {
    return StoreSupport.now(clock);
  }

  // ---------------------------------------------------------------------------------------------
  // Workflows

  @Override
  public long createWorkflow(Workflow wf) {
    Objects.requireNonNull(wf, "workflow");
    Map<String, ResourceRequirements> requirements = StoreSupport.requirementsByName(wf);
    return locked(
        () -> {
          // Everything is built aside and published at the end, so a failure leaves no trace.
          long workflowId = nextWorkflowId;
          Instant createdAt = now();
          Set<String> handlerNames = new HashSet<>();
          for (FailureHandler handler : wf.failureHandlers()) {
            if (!handlerNames.add(handler.name())) {
              throw new StoreException("duplicate failure handler name '" + handler.name() + "'");
            }
          }
          Set<String> schedulerNames = new HashSet<>();
          for (SlurmScheduler scheduler : wf.slurmSchedulers()) {
            if (!schedulerNames.add(scheduler.name())) {
              throw new StoreException("duplicate Slurm scheduler name '" + scheduler.name() + "'");
            }
          }
          Set<String> fileNames = new HashSet<>();
          List<FileSpec> files = new ArrayList<>(wf.files().size());
          for (FileSpec f : wf.files()) {
            if (!fileNames.add(f.name())) {
              throw new StoreException("duplicate file name '" + f.name() + "'");
            }
            files.add(FileSpec.of(f.name(), f.path()));
          }
          Map<String, String> userData = new LinkedHashMap<>();
          for (UserDataSpec d : wf.userData()) {
            if (userData.put(d.name(), StoreSupport.toJson(d.data())) != null) {
              throw new StoreException("duplicate user data name '" + d.name() + "'");
            }
          }
          Wf state =
              new Wf(
                  new WorkflowRecord(
                      workflowId,
                      wf.name(),
                      wf.user(),
                      wf.description(),
                      wf.project(),
                      1,
                      createdAt,
                      wf.usePendingFailed(),
                      wf.resourceMonitor(),
                      wf.jobsSortMethod(),
                      false),
                  StoreSupport.toJson(wf.metadata()),
                  files,
                  List.copyOf(wf.failureHandlers()),
                  List.copyOf(wf.slurmSchedulers()),
                  userData);
          state.recovery = wf.recoveryConfig();

          Map<String, Job> byName = new HashMap<>();
          List<Set<String>> dependencies = new ArrayList<>(wf.jobs().size());
          long jobId = nextJobId;
          for (JobSpec spec : wf.jobs()) {
            Set<String> deps = StoreSupport.checkedDependencies(spec, handlerNames, schedulerNames);
            Job job =
                newJob(
                    jobId++,
                    workflowId,
                    spec,
                    StoreSupport.requirementsOf(spec, requirements),
                    deps.size());
            if (byName.put(spec.name(), job) != null) {
              throw new StoreException("duplicate job name '" + spec.name() + "'");
            }
            dependencies.add(deps);
            state.jobs.put(job.id, job);
          }
          int i = 0;
          for (JobSpec spec : wf.jobs()) {
            Job job = byName.get(spec.name());
            List<String> depNames = new ArrayList<>();
            for (String dep : dependencies.get(i++)) {
              Job parent = byName.get(dep);
              if (parent == null) {
                throw StoreSupport.unknownReference(spec, "job in depends_on", dep);
              }
              parent.dependents.add(job);
              depNames.add(dep);
            }
            job.dependsOn = sortedCopy(depNames);
          }
          for (JobSpec spec : wf.jobs()) {
            Job job = byName.get(spec.name());
            job.inputFiles = checkedNames(spec, spec.inputFiles(), fileNames, "file");
            job.outputFiles = checkedNames(spec, spec.outputFiles(), fileNames, "file");
            job.inputUserData =
                checkedNames(spec, spec.inputUserData(), userData.keySet(), "user data");
            job.outputUserData =
                checkedNames(spec, spec.outputUserData(), userData.keySet(), "user data");
          }

          for (int a = 0; a < wf.actions().size(); a++) {
            List<Long> ids = new ArrayList<>();
            for (String name : wf.actionJobs(a)) {
              ids.add(byName.get(name).id);
            }
            state.actions.add(new StoredAction(a, wf.actions().get(a), ids));
          }

          // Publish.
          nextWorkflowId++;
          nextJobId = jobId;
          workflows.put(workflowId, state);
          for (Job job : state.jobs.values()) {
            jobs.put(job.id, job);
            if (job.status == JobStatus.READY) {
              state.ready.add(job);
            }
          }
          addEventLocked(
              state,
              null,
              StoreSupport.EVENT_WORKFLOW_CREATED,
              "created workflow '" + wf.name() + "' with " + wf.jobs().size() + " jobs",
              createdAt);
          return workflowId;
        });
  }

  @Override
  public void addFile(long workflowId, FileSpec file) {
    Objects.requireNonNull(file, "file");
    lockedRun(
        () -> {
          Wf wf = workflow(workflowId);
          if (fileIndex(wf, file.name()) >= 0) {
            throw new StoreException("duplicate file name '" + file.name() + "'");
          }
          wf.files.add(FileSpec.of(file.name(), file.path()));
        });
  }

  @Override
  public void updateFilePath(long workflowId, String name, String path) {
    Objects.requireNonNull(path, "path");
    lockedRun(
        () -> {
          Wf wf = workflow(workflowId);
          wf.files.set(existingFile(wf, name), FileSpec.of(name, path));
        });
  }

  @Override
  public void deleteFile(long workflowId, String name) {
    lockedRun(
        () -> {
          Wf wf = workflow(workflowId);
          int index = existingFile(wf, name);
          refuseIfUsed(wf, "file", name, j -> j.inputFiles, j -> j.outputFiles);
          wf.files.remove(index);
        });
  }

  private static int fileIndex(Wf wf, String name) {
    for (int i = 0; i < wf.files.size(); i++) {
      if (wf.files.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private static int existingFile(Wf wf, String name) {
    int index = fileIndex(wf, name);
    if (index < 0) {
      throw StoreSupport.noSuch("file", name, wf.record.id());
    }
    return index;
  }

  @Override
  public void addUserData(long workflowId, UserDataSpec data) {
    Objects.requireNonNull(data, "data");
    lockedRun(
        () -> {
          Wf wf = workflow(workflowId);
          if (wf.userDataJson.containsKey(data.name())) {
            throw new StoreException("duplicate user data name '" + data.name() + "'");
          }
          wf.userDataJson.put(data.name(), StoreSupport.toJson(data.data()));
        });
  }

  @Override
  public void updateUserData(long workflowId, String name, Object data) {
    lockedRun(
        () -> {
          Wf wf = workflow(workflowId);
          existingUserData(wf, name);
          wf.userDataJson.put(name, StoreSupport.toJson(data));
        });
  }

  @Override
  public void deleteUserData(long workflowId, String name) {
    lockedRun(
        () -> {
          Wf wf = workflow(workflowId);
          existingUserData(wf, name);
          refuseIfUsed(wf, "user data", name, j -> j.inputUserData, j -> j.outputUserData);
          wf.userDataJson.remove(name);
        });
  }

  private static void refuseReaders(
      JobSpec spec, String what, List<String> outputs, Job other, List<String> otherInputs) {
    for (String name : outputs) {
      if (otherInputs.contains(name)) {
        throw StoreSupport.readByOthers(spec, what, name, List.of(other.id));
      }
    }
  }

  private static void existingUserData(Wf wf, String name) {
    if (!wf.userDataJson.containsKey(name)) {
      throw StoreSupport.noSuch("user data", name, wf.record.id());
    }
  }

  private static void refuseIfUsed(
      Wf wf,
      String what,
      String name,
      java.util.function.Function<Job, List<String>> inputs,
      java.util.function.Function<Job, List<String>> outputs) {
    List<String> users =
        wf.jobs.values().stream()
            .filter(j -> inputs.apply(j).contains(name) || outputs.apply(j).contains(name))
            .map(j -> StoreSupport.jobRef(j.name, j.id))
            .toList();
    if (!users.isEmpty()) {
      throw StoreSupport.inUse(what, name, users);
    }
  }

  /** A new job: ready when it waits for nothing, else blocked. */
  private static Job newJob(
      long id, long workflowId, JobSpec spec, ResourceRequirements rr, int unfinishedDeps) {
    Job job = new Job();
    job.id = id;
    job.workflowId = workflowId;
    job.name = spec.name();
    job.requirements = rr;
    job.command = spec.command();
    job.fallbackCommands = spec.fallbackCommands();
    job.invocationScript = spec.invocationScript();
    job.priority = spec.priority();
    job.failureHandler = spec.failureHandler();
    job.scheduler = spec.scheduler();
    job.cancelOnBlockingJobFailure = spec.cancelOnBlockingJobFailure();
    job.supportsTermination = spec.supportsTermination();
    job.unfinishedDeps = unfinishedDeps;
    job.status = unfinishedDeps == 0 ? JobStatus.READY : JobStatus.BLOCKED;
    return job;
  }

  @Override
  public long addJob(long workflowId, JobSpec spec, ResourceRequirements requirements) {
    Objects.requireNonNull(spec, "job");
    return locked(
        () -> {
          Wf wf = workflow(workflowId);
          Map<String, Job> byName = new HashMap<>();
          wf.jobs.values().forEach(j -> byName.put(j.name, j));
          if (byName.containsKey(spec.name())) {
            throw new StoreException("duplicate job name '" + spec.name() + "'");
          }
          Set<String> handlerNames = new HashSet<>();
          wf.handlers.forEach(h -> handlerNames.add(h.name()));
          Set<String> schedulerNames = new HashSet<>();
          wf.schedulers.forEach(sc -> schedulerNames.add(sc.name()));
          Set<String> deps = StoreSupport.checkedDependencies(spec, handlerNames, schedulerNames);
          List<Job> parents = new ArrayList<>();
          for (String dep : deps) {
            Job parent = byName.get(dep);
            if (parent == null) {
              throw StoreSupport.unknownReference(spec, "job in depends_on", dep);
            }
            parents.add(parent);
          }
          Set<String> fileNames = new HashSet<>();
          wf.files.forEach(f -> fileNames.add(f.name()));
          List<String> inputFiles = checkedNames(spec, spec.inputFiles(), fileNames, "file");
          List<String> outputFiles = checkedNames(spec, spec.outputFiles(), fileNames, "file");
          Set<String> dataNames = wf.userDataJson.keySet();
          List<String> inputData = checkedNames(spec, spec.inputUserData(), dataNames, "user data");
          List<String> outputData =
              checkedNames(spec, spec.outputUserData(), dataNames, "user data");
          for (Job other : wf.jobs.values()) {
            refuseReaders(spec, "file", outputFiles, other, other.inputFiles);
            refuseReaders(spec, "user data", outputData, other, other.inputUserData);
            boolean produces =
                other.outputFiles.stream().anyMatch(inputFiles::contains)
                    || other.outputUserData.stream().anyMatch(inputData::contains);
            if (produces && !parents.contains(other)) {
              parents.add(other);
            }
          }
          Job job =
              newJob(
                  nextJobId++,
                  workflowId,
                  spec,
                  requirements == null ? ResourceRequirements.DEFAULT : requirements,
                  parents.size());
          job.status = JobStatus.BLOCKED;
          job.dependsOn = sortedCopy(parents.stream().map(p -> p.name).toList());
          job.inputFiles = inputFiles;
          job.outputFiles = outputFiles;
          job.inputUserData = inputData;
          job.outputUserData = outputData;
          parents.forEach(parent -> parent.dependents.add(job));
          wf.jobs.put(job.id, job);
          jobs.put(job.id, job);
          graph.initializeAdded(workflowId, job.id, now());
          return job.id;
        });
  }

  @Override
  public void updateJob(
      long jobId, String command, ResourceRequirements requirements, Integer priority) {
    lockedRun(() -> graph.updateJob(jobId, command, requirements, priority, now()));
  }

  @Override
  public void deleteJob(long jobId) {
    lockedRun(() -> graph.deleteJob(jobId, now()));
  }

  private static List<String> checkedNames(
      JobSpec spec, List<String> names, Set<String> known, String what) {
    if (names.isEmpty()) {
      return List.of();
    }
    Set<String> distinct = new LinkedHashSet<>(names);
    for (String name : distinct) {
      if (!known.contains(name)) {
        throw StoreSupport.unknownReference(spec, what, name);
      }
    }
    return sortedCopy(distinct);
  }

  private static List<String> sortedCopy(java.util.Collection<String> names) {
    if (names.isEmpty()) {
      return List.of();
    }
    List<String> sorted = new ArrayList<>(names);
    Collections.sort(sorted);
    return Collections.unmodifiableList(sorted);
  }

  @Override
  public Optional<WorkflowRecord> findWorkflow(long workflowId) {
    return locked(() -> Optional.ofNullable(workflows.get(workflowId)).map(wf -> wf.record));
  }

  @Override
  public List<WorkflowRecord> listWorkflows() {
    return locked(() -> workflows.values().stream().map(wf -> wf.record).toList());
  }

  @Override
  public boolean deleteWorkflow(long workflowId) {
    return locked(
        () -> {
          Wf wf = workflows.remove(workflowId);
          if (wf == null) {
            return false;
          }
          wf.jobs.keySet().forEach(jobs::remove);
          runners.values().removeIf(r -> r.workflowId == workflowId);
          return true;
        });
  }

  // ---------------------------------------------------------------------------------------------
  // Jobs

  @Override
  public List<JobRecord> listJobs(long workflowId, JobStatus status) {
    return locked(
        () -> {
          Wf wf = workflows.get(workflowId);
          if (wf == null) {
            return List.of();
          }
          List<JobRecord> records = new ArrayList<>();
          for (Job job : wf.jobs.values()) {
            if (status == null || job.status == status) {
              records.add(job.toRecord());
            }
          }
          return records;
        });
  }

  @Override
  public Optional<JobRecord> findJob(long jobId) {
    return locked(() -> Optional.ofNullable(jobs.get(jobId)).map(Job::toRecord));
  }

  @Override
  public Map<JobStatus, Integer> countJobsByStatus(long workflowId) {
    return locked(
        () -> {
          Map<JobStatus, Integer> counts = new EnumMap<>(JobStatus.class);
          Wf wf = workflows.get(workflowId);
          if (wf != null) {
            for (Job job : wf.jobs.values()) {
              counts.merge(job.status, 1, Integer::sum);
            }
          }
          return Collections.unmodifiableMap(counts);
        });
  }

  @Override
  public List<FileSpec> listFiles(long workflowId) {
    return locked(() -> workflowOrEmpty(workflowId, wf -> wf.files));
  }

  @Override
  public void addFailureRecord(FailureInfo failure) {
    Objects.requireNonNull(failure, "failure");
    lockedRun(
        () ->
            workflow(failure.workflowId())
                .failures
                .put(
                    List.of(failure.jobId(), (long) failure.runId(), (long) failure.attemptId()),
                    failure));
  }

  @Override
  public List<FailureInfo> listFailureRecords(long workflowId) {
    return locked(() -> workflowOrEmpty(workflowId, wf -> List.copyOf(wf.failures.values())));
  }

  @Override
  public List<FailureInfo> listJobFailureRecords(long jobId) {
    return locked(
        () -> {
          Job job = jobs.get(jobId);
          return job == null
              ? List.of()
              : workflows.get(job.workflowId).failures.values().stream()
                  .filter(f -> f.jobId() == jobId)
                  .toList();
        });
  }

  @Override
  public String updatePolicyState(
      long workflowId, String key, java.util.function.UnaryOperator<String> change) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(change, "change");
    return locked(
        () -> {
          Wf wf = workflow(workflowId);
          String next =
              Objects.requireNonNull(change.apply(wf.policyState.get(key)), "new policy state");
          wf.policyState.put(key, next);
          return next;
        });
  }

  @Override
  public Map<String, String> listPolicyState(long workflowId) {
    return locked(
        () -> {
          Wf wf = workflows.get(workflowId);
          return wf == null
              ? Map.of()
              : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(wf.policyState));
        });
  }

  @Override
  public RecoveryConfig getRecoveryConfig(long workflowId) {
    return locked(
        () -> {
          Wf wf = workflows.get(workflowId);
          return wf == null ? null : wf.recovery;
        });
  }

  @Override
  public List<FailureHandler> listFailureHandlers(long workflowId) {
    return locked(() -> workflowOrEmpty(workflowId, wf -> wf.handlers));
  }

  @Override
  public List<SlurmScheduler> listSlurmSchedulers(long workflowId) {
    return locked(() -> workflowOrEmpty(workflowId, wf -> wf.schedulers));
  }

  @Override
  public List<UserDataSpec> listUserData(long workflowId) {
    return locked(
        () ->
            workflowOrEmpty(
                workflowId,
                wf ->
                    wf.userDataJson.entrySet().stream()
                        .map(e -> UserDataSpec.of(e.getKey(), StoreSupport.fromJson(e.getValue())))
                        .toList()));
  }

  private <T> List<T> workflowOrEmpty(long workflowId, java.util.function.Function<Wf, List<T>> f) {
    Wf wf = workflows.get(workflowId);
    return wf == null ? List.of() : List.copyOf(f.apply(wf));
  }

  // ---------------------------------------------------------------------------------------------
  // Claiming and status changes

  @Override
  public List<JobRecord> claimReadyJobs(
      long workflowId, ResourceBudget budget, int maxJobs, long runnerId) {
    Objects.requireNonNull(budget, "budget");
    return locked(
        () -> {
          checkClaimingRunner(workflowId, runnerId);
          List<Long> claimed = graph.claim(workflowId, budget, maxJobs, runnerId, now());
          List<JobRecord> records = new ArrayList<>(claimed.size());
          claimed.forEach(id -> records.add(jobs.get(id).toRecord()));
          return records;
        });
  }

  @Override
  public RunnerPass runnerPass(
      long workflowId,
      long runnerId,
      List<AttemptStart> starts,
      List<JobResult> results,
      ResourceBudget budget,
      int maxJobs,
      AttemptNamer attempts) {
    StoreSupport.checkRunnerPass(starts, results, budget, attempts);
    return locked(
        () ->
            graph.runnerPass(
                workflowId, runnerId, starts, results, budget, maxJobs, attempts, now()));
  }

  private Job job(long jobId) {
    return found(jobs, jobId, "job");
  }

  /** The entry with this id, or a {@link StoreException} saying there is no such {@code what}. */
  private static <T> T found(Map<Long, T> byId, long id, String what) {
    T value = byId.get(id);
    if (value == null) {
      throw new StoreException("no " + what + " with id " + id);
    }
    return value;
  }

  @Override
  public void updateJobStatus(long jobId, JobStatus status) {
    Objects.requireNonNull(status, "status");
    lockedRun(() -> graph.updateStatus(jobId, status, now()));
  }

  @Override
  public boolean releaseClaim(long jobId, long runnerId, String message) {
    return locked(() -> graph.releaseClaim(jobId, runnerId, message, now()));
  }

  @Override
  public boolean recordLostAttempt(JobResult lostAttempt, long runnerId, String reason) {
    StoreSupport.checkRetriedAttempt(lostAttempt);
    return locked(() -> graph.recordLostAttempt(lostAttempt, runnerId, reason, now()));
  }

  @Override
  public void completeJob(JobResult result) {
    completeJobs(List.of(result));
  }

  @Override
  public void completeJobs(List<JobResult> results) {
    results.forEach(StoreSupport::checkResult);
    lockedRun(() -> graph.completeAll(results, now()));
  }

  private static boolean hasResult(Wf wf, long jobId, int runId, int attemptId) {
    return wf.resultKeys.contains(List.of(jobId, (long) runId, (long) attemptId));
  }

  private static void addResult(Wf wf, JobResult result) {
    wf.resultKeys.add(List.of(result.jobId(), (long) result.runId(), (long) result.attemptId()));
    wf.results.add(result);
    wf.resultIds.put(
        RecoveryLedger.resultKey(result.jobId(), result.runId(), result.attemptId()),
        NEXT_RESULT_ID.incrementAndGet());
  }

  /** Result ids, unique within this process as a database's are within it. */
  private static final java.util.concurrent.atomic.AtomicLong NEXT_RESULT_ID =
      new java.util.concurrent.atomic.AtomicLong();

  @Override
  public Map<String, Long> resultIds(long workflowId) {
    return locked(
        () -> {
          Wf wf = workflows.get(workflowId);
          return wf == null ? Map.<String, Long>of() : Map.copyOf(wf.resultIds);
        });
  }

  private static void setStatus(Wf wf, Job job, JobStatus to) {
    if (job.status == JobStatus.READY) {
      wf.ready.remove(job);
    }
    job.status = to;
    job.notBefore = null;
    if (!StoreSupport.isActive(to)) {
      job.runnerId = 0;
      job.attempt = null;
      job.startedAt = null;
    }
    if (to == JobStatus.READY) {
      wf.ready.add(job);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Runners and the attempts they run

  private Wf workflow(long workflowId) {
    return found(workflows, workflowId, "workflow");
  }

  private Runner runner(long runnerId) {
    return found(runners, runnerId, "runner");
  }

  /** A runner that claims must be an active runner of the workflow; 0 claims without one. */
  private void checkClaimingRunner(long workflowId, long runnerId) {
    if (runnerId == 0) {
      return;
    }
    Runner runner = runner(runnerId);
    if (runner.workflowId != workflowId) {
      throw new StoreException(
          "runner " + runnerId + " runs workflow " + runner.workflowId + ", not " + workflowId);
    }
    if (runner.stopped) {
      throw new StoreException("runner " + runnerId + " has stopped and cannot claim jobs");
    }
  }

  @Override
  public long registerRunner(long workflowId, RunnerInfo info) {
    StoreSupport.checkRunnerInfo(info, "runner");
    return locked(
        () -> {
          Wf wf = workflow(workflowId);
          Instant now = now();
          Runner runner = new Runner(nextRunnerId++, workflowId, info, now);
          runners.put(runner.id, runner);
          addEventLocked(
              wf,
              null,
              StoreSupport.EVENT_RUNNER_STARTED,
              StoreSupport.describeRunner(runner.id, info) + " started",
              now);
          return runner.id;
        });
  }

  @Override
  public void heartbeat(long runnerId) {
    lockedRun(
        () -> {
          Runner runner = runner(runnerId);
          if (runner.stopped) {
            throw new StoreException("runner " + runnerId + " has stopped");
          }
          runner.heartbeatAt = now();
        });
  }

  @Override
  public void unregisterRunner(long runnerId) {
    lockedRun(
        () -> {
          Runner runner = runner(runnerId);
          if (runner.stopped) {
            return;
          }
          runner.stopped = true;
          addEventLocked(
              workflows.get(runner.workflowId),
              null,
              StoreSupport.EVENT_RUNNER_STOPPED,
              "runner " + runnerId + " stopped",
              now());
        });
  }

  @Override
  public List<RunnerRecord> listActiveRunners(long workflowId) {
    return locked(
        () -> {
          List<RunnerRecord> active = new ArrayList<>();
          for (Runner r : runners.values()) {
            if (r.workflowId == workflowId && !r.stopped) {
              active.add(new RunnerRecord(r.id, r.workflowId, r.info, r.startedAt, r.heartbeatAt));
            }
          }
          return active;
        });
  }

  @Override
  public void markJobRunning(long jobId, long runnerId, AttemptRef attempt) {
    StoreSupport.checkAttemptRef(attempt, "attempt");
    lockedRun(() -> graph.markRunning(jobId, runnerId, attempt, now()));
  }

  @Override
  public void markJobsRunning(long runnerId, Map<Long, AttemptRef> attempts) {
    attempts.values().forEach(attempt -> StoreSupport.checkAttemptRef(attempt, "attempt"));
    lockedRun(() -> graph.markAllRunning(runnerId, attempts, now()));
  }

  @Override
  public void recordRecoveryProcess(long jobId, long runnerId, AttemptRef process) {
    StoreSupport.checkAttemptRef(process, "process");
    lockedRun(() -> graph.recordRecoveryProcess(jobId, runnerId, process, now()));
  }

  @Override
  public void holdJob(long jobId, Instant notBefore, String reason) {
    lockedRun(() -> graph.hold(jobId, notBefore, reason, now()));
  }

  @Override
  public List<ActiveJob> listActiveJobs(long workflowId) {
    return locked(
        () -> {
          Wf wf = workflows.get(workflowId);
          if (wf == null) {
            return List.of();
          }
          List<ActiveJob> active = new ArrayList<>();
          for (Job job : wf.jobs.values()) {
            if (StoreSupport.isActive(job.status)) {
              active.add(
                  new ActiveJob(
                      job.id,
                      job.name,
                      job.status,
                      job.attemptId,
                      job.runnerId,
                      job.attempt,
                      job.startedAt));
            }
          }
          return active;
        });
  }

  @Override
  public void retryAttempt(
      JobResult failedAttempt, String reason, Instant notBefore, String commandOverride) {
    StoreSupport.checkRetriedAttempt(failedAttempt);
    lockedRun(() -> graph.retryAttempt(failedAttempt, reason, notBefore, commandOverride, now()));
  }

  @Override
  public Optional<Instant> nextNotBefore(long workflowId) {
    return locked(
        () -> {
          Wf wf = workflows.get(workflowId);
          if (wf == null) {
            return Optional.<Instant>empty();
          }
          Instant now = now();
          return wf.ready.stream()
              .map(job -> job.notBefore)
              .filter(t -> t != null && t.isAfter(now))
              .min(Instant::compareTo);
        });
  }

  @Override
  public void retryJob(long jobId, ResourceRequirements requirements, String reason) {
    lockedRun(() -> graph.retryJob(jobId, requirements, reason, now()));
  }

  @Override
  public void updateJobRequirements(long jobId, ResourceRequirements requirements) {
    Objects.requireNonNull(requirements, "requirements");
    lockedRun(() -> graph.updateRequirements(jobId, requirements, now()));
  }

  // ---------------------------------------------------------------------------------------------
  // Whole-workflow changes

  @Override
  public int resetJobs(long workflowId, boolean failedOnly) {
    return locked(() -> graph.reset(workflowId, failedOnly, now()));
  }

  @Override
  public int resetJobs(
      long workflowId,
      Set<Long> jobIds,
      Map<Long, ResourceRequirements> requirements,
      String reason) {
    Objects.requireNonNull(jobIds, "jobIds");
    Objects.requireNonNull(requirements, "requirements");
    return locked(() -> graph.resetChosen(workflowId, jobIds, requirements, reason, now()));
  }

  @Override
  public Set<Long> reinitialize(long workflowId, Set<Long> jobIds) {
    Objects.requireNonNull(jobIds, "jobIds");
    return locked(() -> graph.reinitialize(workflowId, jobIds, now()));
  }

  @Override
  public void cancelWorkflow(long workflowId) {
    lockedRun(() -> graph.cancel(workflowId, now()));
  }

  @Override
  public void updateWorkflow(
      long workflowId, String name, String description, String user, String project) {
    lockedRun(
        () -> {
          Wf wf = workflows.get(workflowId);
          if (wf == null) {
            throw new StoreException("no workflow with id " + workflowId);
          }
          WorkflowRecord r = wf.record;
          wf.record =
              new WorkflowRecord(
                  r.id(),
                  name != null ? name : r.name(),
                  user != null ? user : r.user(),
                  description != null ? description : r.description(),
                  project != null ? project : r.project(),
                  r.runId(),
                  r.createdAt(),
                  r.usePendingFailed(),
                  r.resourceMonitor(),
                  r.jobsSortMethod(),
                  r.canceled());
        });
  }

  // ---------------------------------------------------------------------------------------------
  // Results and events

  @Override
  public List<JobResult> listResults(long workflowId) {
    return locked(() -> workflowOrEmpty(workflowId, wf -> wf.results));
  }

  @Override
  public List<JobResult> listJobResults(long jobId) {
    return locked(
        () -> {
          Job job = jobs.get(jobId);
          return job == null
              ? List.of()
              : workflows.get(job.workflowId).results.stream()
                  .filter(r -> r.jobId() == jobId)
                  .toList();
        });
  }

  @Override
  public void addEvent(long workflowId, Long jobId, String kind, String message) {
    Objects.requireNonNull(kind, "kind");
    lockedRun(
        () -> {
          Wf wf = workflows.get(workflowId);
          if (wf == null) {
            throw new StoreException("no workflow with id " + workflowId);
          }
          addEventLocked(wf, jobId, kind, Objects.requireNonNullElse(message, ""), now());
        });
  }

  @Override
  public List<StoredAction> listActions(long workflowId) {
    return locked(() -> workflowOrEmpty(workflowId, wf -> List.copyOf(wf.actions)));
  }

  @Override
  public Map<JobStatus, Integer> countJobsByStatus(long workflowId, Collection<Long> jobIds) {
    return locked(
        () -> {
          Map<JobStatus, Integer> counts = new java.util.EnumMap<>(JobStatus.class);
          Wf wf = workflows.get(workflowId);
          if (wf != null) {
            for (Long id : jobIds) {
              Job job = wf.jobs.get(id);
              if (job != null) {
                counts.merge(job.status, 1, Integer::sum);
              }
            }
          }
          return Collections.unmodifiableMap(counts);
        });
  }

  @Override
  public boolean claimActionFiring(
      long workflowId, int actionIndex, int runId, long runnerId, String message) {
    return locked(
        () -> {
          Wf wf = workflows.get(workflowId);
          if (wf == null || actionIndex < 0 || actionIndex >= wf.actions.size()) {
            throw new StoreException(
                "workflow " + workflowId + " has no action #" + (actionIndex + 1));
          }
          List<Long> key = List.of((long) actionIndex, (long) runId, runnerId);
          if (wf.firings.containsKey(key)) {
            return false;
          }
          Instant at = now();
          wf.firings.put(key, new ActionFiring(workflowId, actionIndex, runId, runnerId, at));
          addEventLocked(wf, null, "action_fired", message, at);
          return true;
        });
  }

  @Override
  public List<ActionFiring> listActionFirings(long workflowId) {
    return locked(() -> workflowOrEmpty(workflowId, wf -> List.copyOf(wf.firings.values())));
  }

  private void addEventLocked(Wf wf, Long jobId, String kind, String message, Instant ts) {
    wf.events.add(new WorkflowEvent(nextEventId++, wf.record.id(), ts, kind, jobId, message));
  }

  @Override
  public List<WorkflowEvent> listEvents(long workflowId) {
    return locked(() -> workflowOrEmpty(workflowId, wf -> wf.events));
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "InMemoryWorkflowStore[" + workflows.size() + " workflows]";
  }

  // ---------------------------------------------------------------------------------------------
  // Rows for the job graph

  /** The job graph's rows: this store's objects, changed under its lock. */
  private final class MemoryRows implements GraphRows {
    @Override
    public JobRow job(long jobId) {
      Job job = InMemoryWorkflowStore.this.job(jobId);
      return new JobRow(
          job.id,
          job.workflowId,
          job.name,
          job.status,
          job.unfinishedDeps,
          job.attemptId,
          job.runnerId);
    }

    @Override
    public int runId(long workflowId) {
      return workflow(workflowId).record.runId();
    }

    @Override
    public boolean rollsBack() {
      return false;
    }

    @Override
    public int runIdForClaim(long workflowId, long runnerId) {
      checkClaimingRunner(workflowId, runnerId);
      return runId(workflowId);
    }

    @Override
    public List<JobRecord> claimedRecords(List<Long> jobIds) {
      List<JobRecord> claimed = new ArrayList<>(jobIds.size());
      jobIds.forEach(id -> claimed.add(jobs.get(id).toRecord(JobStatus.PENDING)));
      return claimed;
    }

    @Override
    public boolean hasResult(long jobId, int runId, int attemptId) {
      Job job = jobs.get(jobId);
      return InMemoryWorkflowStore.hasResult(
          workflows.get(job.workflowId), jobId, runId, attemptId);
    }

    @Override
    public void insertResult(JobResult result) {
      addResult(workflows.get(result.workflowId()), result);
    }

    @Override
    public void insertEvent(long workflowId, Long jobId, String kind, String message, Instant at) {
      addEventLocked(workflows.get(workflowId), jobId, kind, message, at);
    }

    @Override
    public void setStatus(long jobId, JobStatus status) {
      Job job = jobs.get(jobId);
      InMemoryWorkflowStore.setStatus(workflows.get(job.workflowId), job, status);
    }

    @Override
    public void addToUnfinishedOfDependents(long jobId, int delta) {
      for (Job dependent : jobs.get(jobId).dependents) {
        dependent.unfinishedDeps += delta;
      }
    }

    @Override
    public List<Dependent> blockedDependents(long jobId) {
      List<Dependent> blocked = new ArrayList<>();
      for (Job dependent : jobs.get(jobId).dependents) {
        if (dependent.status == JobStatus.BLOCKED) {
          blocked.add(
              new Dependent(
                  dependent.id,
                  dependent.name,
                  dependent.unfinishedDeps,
                  dependent.cancelOnBlockingJobFailure));
        }
      }
      return blocked;
    }

    @Override
    public void blockReadyDependents(long jobId) {
      Job job = jobs.get(jobId);
      Wf wf = workflows.get(job.workflowId);
      for (Job dependent : job.dependents) {
        if (dependent.status == JobStatus.READY) {
          InMemoryWorkflowStore.setStatus(wf, dependent, JobStatus.BLOCKED);
        }
      }
    }

    @Override
    public void nextAttempt(long jobId, String commandOverride) {
      Job job = jobs.get(jobId);
      job.attemptId++;
      job.commandOverride = commandOverride;
    }

    @Override
    public void setNotBefore(long jobId, Instant notBefore) {
      jobs.get(jobId).notBefore = notBefore;
    }

    @Override
    public void setRequirements(long jobId, ResourceRequirements requirements) {
      jobs.get(jobId).requirements = requirements;
    }

    @Override
    public void setCommand(long jobId, String command) {
      jobs.get(jobId).command = command;
    }

    @Override
    public void setPriority(long jobId, int priority) {
      Job job = jobs.get(jobId);
      Wf wf = workflows.get(job.workflowId);
      // The ready set is ordered by priority: take the job out while its priority changes.
      boolean ready = wf.ready.remove(job);
      job.priority = priority;
      if (ready) {
        wf.ready.add(job);
      }
    }

    @Override
    public void deleteJob(long jobId) {
      Job job = jobs.remove(jobId);
      Wf wf = workflows.get(job.workflowId);
      wf.ready.remove(job);
      wf.jobs.remove(jobId);
      wf.jobs.values().forEach(other -> other.dependents.remove(job));
      wf.results.removeIf(r -> r.jobId() == jobId);
      wf.resultKeys.removeIf(k -> k.get(0) == jobId);
      wf.failures.keySet().removeIf(k -> k.get(0) == jobId);
    }

    @Override
    public void markRunning(long jobId, AttemptRef attempt, Instant startedAt) {
      Job job = jobs.get(jobId);
      InMemoryWorkflowStore.setStatus(workflows.get(job.workflowId), job, JobStatus.RUNNING);
      job.attempt = attempt;
      job.startedAt = startedAt;
    }

    @Override
    public void setAttempt(long jobId, AttemptRef attempt) {
      jobs.get(jobId).attempt = attempt;
    }

    @Override
    public Iterable<Candidate> claimable(long workflowId, Instant now, long limit) {
      Wf wf = workflows.get(workflowId);
      if (wf == null) {
        return List.of();
      }
      return () ->
          wf.ready.stream()
              .filter(job -> job.notBefore == null || !job.notBefore.isAfter(now))
              .limit(limit)
              .map(
                  job ->
                      new Candidate(
                          job.id,
                          job.requirements.numCpus(),
                          job.requirements.memory().bytes(),
                          job.requirements.numGpus(),
                          job.requirements.runtime().toSeconds()))
              .iterator();
    }

    @Override
    public void claim(List<Long> jobIds, long runnerId) {
      for (long id : jobIds) {
        Job job = jobs.get(id);
        InMemoryWorkflowStore.setStatus(workflows.get(job.workflowId), job, JobStatus.PENDING);
        job.runnerId = runnerId;
      }
    }

    @Override
    public int countActive(long workflowId) {
      int active = 0;
      for (Job job : workflows.get(workflowId).jobs.values()) {
        if (StoreSupport.isActive(job.status)) {
          active++;
        }
      }
      return active;
    }

    @Override
    public JobGraph.Shape shape(long workflowId) {
      Map<Long, JobStatus> status = new TreeMap<>();
      Map<Long, List<Long>> dependents = new HashMap<>();
      for (Job job : workflows.get(workflowId).jobs.values()) {
        status.put(job.id, job.status);
        if (!job.dependents.isEmpty()) {
          dependents.put(job.id, job.dependents.stream().map(d -> d.id).toList());
        }
      }
      return new JobGraph.Shape(status, dependents);
    }

    @Override
    public List<JobRow> openJobs(long workflowId) {
      List<JobRow> open = new ArrayList<>();
      for (Job job : new TreeMap<>(workflows.get(workflowId).jobs).values()) {
        if (!job.status.isTerminal()) {
          open.add(job(job.id));
        }
      }
      return open;
    }

    @Override
    public void advanceAttemptsThatRan(int runId, List<Long> jobIds) {
      for (long id : jobIds) {
        Job job = jobs.get(id);
        if (InMemoryWorkflowStore.hasResult(
            workflows.get(job.workflowId), id, runId, job.attemptId)) {
          job.attemptId++;
        }
      }
    }

    @Override
    public void startRun(long workflowId, int runId, List<Long> jobIds) {
      Wf wf = workflows.get(workflowId);
      wf.setRunAndCanceled(runId, wf.record.canceled());
      for (long id : jobIds) {
        jobs.get(id).attemptId = 1;
      }
    }

    @Override
    public void blockForRerun(List<Long> jobIds) {
      for (long id : jobIds) {
        Job job = jobs.get(id);
        InMemoryWorkflowStore.setStatus(workflows.get(job.workflowId), job, JobStatus.BLOCKED);
        job.commandOverride = null;
      }
    }

    @Override
    public void recountUnfinished(long workflowId) {
      Collection<Job> all = workflows.get(workflowId).jobs.values();
      all.forEach(job -> job.unfinishedDeps = 0);
      for (Job job : all) {
        if (!job.status.isTerminal()) {
          job.dependents.forEach(dependent -> dependent.unfinishedDeps++);
        }
      }
    }

    @Override
    public void readyIfNotWaiting(List<Long> jobIds) {
      for (long id : jobIds) {
        Job job = jobs.get(id);
        if (job.unfinishedDeps == 0) {
          InMemoryWorkflowStore.setStatus(workflows.get(job.workflowId), job, JobStatus.READY);
        }
      }
    }

    @Override
    public void clearUnfinished(long workflowId) {
      workflows.get(workflowId).jobs.values().forEach(job -> job.unfinishedDeps = 0);
    }

    @Override
    public void setCanceled(long workflowId, boolean canceled) {
      Wf wf = workflows.get(workflowId);
      wf.setRunAndCanceled(wf.record.runId(), canceled);
    }
  }
}
