package dev.torc.slurm;

import dev.torc.model.JobStatus;
import dev.torc.model.SlurmScheduler;
import dev.torc.run.NodeRequest;
import dev.torc.slurm.internal.BatchScript;
import dev.torc.slurm.internal.SlurmClient;
import dev.torc.store.ActiveJob;
import dev.torc.store.AllocationRecord;
import dev.torc.store.JobResult;
import dev.torc.store.RunnerInfo;
import dev.torc.store.RunnerRecord;
import dev.torc.store.SlurmLedger;
import dev.torc.store.SlurmSchedulerRecord;
import dev.torc.store.StoreException;
import dev.torc.store.WorkflowStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What torc does with Slurm for a stored workflow: its scheduler configurations, the allocations
 * that run workers, their states (asked of Slurm in one call for all of them), and what is left
 * when an allocation is gone. {@code torc slurm ...} and {@code torc workflows sync-status|cancel}
 * are thin faces of it. Thread-safe as far as its store is.
 */
public final class Slurm {
  private static final Logger LOG = LoggerFactory.getLogger(Slurm.class);

  /** The return code recorded for an attempt whose allocation was lost under it (as Orphans). */
  private static final String SACCT_FIELDS =
      "JobID,JobName,Partition,Account,AllocCPUS,State,ExitCode,Elapsed,MaxRSS,Start,End,NodeList";

  private final WorkflowStore store;
  private final SlurmLedger ledger;
  private final SlurmClient client;

  Slurm(WorkflowStore store, SlurmClient client) {
    this.store = store;
    this.ledger = SlurmLedger.of(store);
    this.client = client;
  }

  /**
   * Slurm for this store, through this machine's Slurm commands.
   *
   * @throws StoreException when the store keeps no Slurm records (the in-memory one)
   * @param store the store that keeps the workflows
   * @return the Slurm operations
   */
  public static Slurm of(WorkflowStore store) {
    return new Slurm(store, SlurmClient.local());
  }

  // ---- scheduler configurations --------------------------------------------------------------

  /**
   * Adds a scheduler configuration to the workflow.
   *
   * @param workflowId the workflow's id
   * @param scheduler the configuration
   * @return the configuration as stored, with its id
   */
  public SlurmSchedulerRecord createScheduler(long workflowId, SlurmScheduler scheduler) {
    store.getWorkflow(workflowId);
    return ledger.addSlurmScheduler(workflowId, scheduler);
  }

  /**
   * The configuration with this id.
   *
   * @throws StoreException when there is none
   * @param schedulerId the configuration's id
   * @return the configuration
   */
  public SlurmSchedulerRecord getScheduler(long schedulerId) {
    return ledger
        .findSlurmScheduler(schedulerId)
        .orElseThrow(() -> new StoreException("no Slurm scheduler with id " + schedulerId));
  }

  /**
   * The workflow's configurations in the order they were added.
   *
   * @param workflowId the workflow's id
   * @return the configurations
   */
  public List<SlurmSchedulerRecord> listSchedulers(long workflowId) {
    store.getWorkflow(workflowId);
    return ledger.listSlurmSchedulerRecords(workflowId);
  }

  /**
   * Replaces a configuration.
   *
   * @throws StoreException when there is none
   * @param schedulerId the configuration's id
   * @param scheduler the new configuration
   * @return the configuration as stored
   */
  public SlurmSchedulerRecord updateScheduler(long schedulerId, SlurmScheduler scheduler) {
    return ledger.updateSlurmScheduler(schedulerId, scheduler);
  }

  /**
   * Deletes a configuration; false when there was none.
   *
   * @param schedulerId the configuration's id
   * @return true when one was deleted
   */
  public boolean deleteScheduler(long schedulerId) {
    return ledger.deleteSlurmScheduler(schedulerId);
  }

  // ---- allocations ---------------------------------------------------------------------------

  /**
   * Submits the allocations the request asks for, each running torc workers for the workflow, and
   * records them. When sbatch refuses one, those already submitted for the request are cancelled
   * and nothing is recorded.
   *
   * @throws SlurmException when sbatch refuses (naming the scheduler and sbatch's message) or Slurm
   *     is not installed
   * @throws StoreException when there is no such workflow or scheduler configuration
   * @param request the workflow, scheduler and number of allocations
   * @return the allocations submitted
   */
  public List<AllocationRecord> scheduleNodes(NodeRequest request) {
    long workflowId = request.workflowId();
    store.getWorkflow(workflowId);
    SlurmSchedulerRecord chosen = chooseScheduler(workflowId, request.schedulerName());
    SlurmScheduler s = chosen.scheduler();
    List<String> options = BatchScript.options(s, workflowId, request.outputDirectory());
    String script =
        BatchScript.script(
            request.databaseLocation(),
            workflowId,
            request.outputDirectory(),
            request.maxParallelJobs(),
            request.oneWorkerPerNode());
    try {
      Files.createDirectories(request.outputDirectory());
    } catch (IOException e) {
      throw new SlurmException(
          "cannot create the output directory "
              + request.outputDirectory()
              + ": "
              + e.getMessage());
    }
    String what = "Slurm scheduler '" + s.name() + "' (id " + chosen.id() + ")";
    List<String> submitted = new ArrayList<>();
    try {
      for (int i = 0; i < request.count(); i++) {
        submitted.add(client.submit(what, options, script));
      }
    } catch (SlurmException refused) {
      if (!submitted.isEmpty()) {
        client.cancel(submitted);
      }
      throw refused;
    }
    List<AllocationRecord> records = new ArrayList<>();
    for (String id : submitted) {
      records.add(ledger.recordAllocation(workflowId, chosen.id(), s.name(), id, s.nodes()));
    }
    LOG.info("submitted allocations {} for workflow {} with {}", submitted, workflowId, what);
    return records;
  }

  private SlurmSchedulerRecord chooseScheduler(long workflowId, String name) {
    List<SlurmSchedulerRecord> all = ledger.listSlurmSchedulerRecords(workflowId);
    if (name != null) {
      return all.stream()
          .filter(r -> r.scheduler().name().equals(name))
          .findFirst()
          .orElseThrow(
              () ->
                  new StoreException(
                      "workflow " + workflowId + " has no Slurm scheduler named '" + name + "'"));
    }
    if (all.size() == 1) {
      return all.get(0);
    }
    if (all.isEmpty()) {
      throw new StoreException(
          "workflow " + workflowId + " has no Slurm scheduler; add one with torc slurm create");
    }
    throw new StoreException(
        "workflow "
            + workflowId
            + " has "
            + all.size()
            + " Slurm schedulers ("
            + String.join(", ", all.stream().map(r -> r.id() + ":" + r.scheduler().name()).toList())
            + "); choose one with --scheduler-config-id");
  }

  /**
   * The workflow's allocations as recorded, oldest first (see {@link #syncStatus}).
   *
   * @param workflowId the workflow's id
   * @return the allocations
   */
  public List<AllocationRecord> listAllocations(long workflowId) {
    store.getWorkflow(workflowId);
    return ledger.listAllocations(workflowId);
  }

  /**
   * Asks Slurm, in one call, for the state of every allocation of the workflow not yet seen to end,
   * and records what it says; an unanswered call changes nothing.
   *
   * @return the workflow's allocations as now recorded
   * @param workflowId the workflow's id
   */
  public List<AllocationRecord> refreshAllocations(long workflowId) {
    store.getWorkflow(workflowId);
    List<AllocationRecord> live =
        ledger.listAllocations(workflowId).stream().filter(AllocationRecord::live).toList();
    if (!live.isEmpty()) {
      Map<String, SlurmJobStatus> states =
          client.status(live.stream().map(AllocationRecord::slurmJobId).toList());
      for (AllocationRecord a : live) {
        SlurmJobStatus st = states.get(a.slurmJobId());
        if (st == null) {
          continue;
        }
        Instant end = st.state().ended() ? firstNonNull(st.end(), Instant.now()) : null;
        ledger.updateAllocation(a.id(), st.state().name(), st.start(), end);
      }
    }
    return ledger.listAllocations(workflowId);
  }

  /**
   * {@code torc workflows sync-status}: refreshes the allocations ({@link #refreshAllocations}),
   * then settles the jobs that workers of ended allocations left pending or running: a running
   * job's attempt is recorded lost (return code -1) and the job becomes ready again as its next
   * attempt, without spending a retry; a pending job's claim is released. The workers are then
   * unregistered.
   *
   * @param workflowId the workflow's id
   * @return what was refreshed and settled
   */
  public SyncReport syncStatus(long workflowId) {
    List<AllocationRecord> allocations = refreshAllocations(workflowId);
    Map<String, AllocationRecord> byWorker = new HashMap<>();
    for (AllocationRecord a : allocations) {
      if (!a.live()) {
        for (RunnerInfo w : ledger.listWorkers(a.id())) {
          byWorker.put(w.host() + "/" + w.pid(), a);
        }
      }
    }
    int settled = 0;
    if (!byWorker.isEmpty()) {
      Map<Long, AllocationRecord> goneRunners = new HashMap<>();
      for (RunnerRecord r : store.listActiveRunners(workflowId)) {
        AllocationRecord a = byWorker.get(r.process().host() + "/" + r.process().pid());
        if (a != null) {
          goneRunners.put(r.id(), a);
        }
      }
      int runId = store.getWorkflow(workflowId).runId();
      for (ActiveJob job : store.listActiveJobs(workflowId)) {
        AllocationRecord a = goneRunners.get(job.runnerId());
        if (a != null && settle(workflowId, runId, job, a)) {
          settled++;
        }
      }
      goneRunners.keySet().forEach(store::unregisterRunner);
    }
    if (settled > 0) {
      LOG.info("settled {} jobs of workflow {} whose allocation was gone", settled, workflowId);
    }
    return new SyncReport(workflowId, ledger.listAllocations(workflowId), settled);
  }

  private boolean settle(long workflowId, int runId, ActiveJob job, AllocationRecord a) {
    String why =
        "Slurm allocation " + a.slurmJobId() + " (" + a.schedulerName() + ") ended as " + a.state();
    if (job.status() == JobStatus.PENDING) {
      return store.releaseClaim(job.jobId(), job.runnerId(), "released: " + why);
    }
    return store.recordLostAttempt(
        JobResult.lost(job, workflowId, runId, Instant.now()),
        job.runnerId(),
        "attempt " + job.attemptId() + " lost: " + why);
  }

  /**
   * Cancels (scancel, one call) every allocation of the workflow not yet seen to end, and records
   * them cancelled.
   *
   * @return the Slurm job ids cancelled
   * @param workflowId the workflow's id
   */
  public List<String> cancelAllocations(long workflowId) {
    List<AllocationRecord> live =
        ledger.listAllocations(workflowId).stream().filter(AllocationRecord::live).toList();
    if (live.isEmpty()) {
      return List.of();
    }
    List<String> ids = live.stream().map(AllocationRecord::slurmJobId).toList();
    client.cancel(ids);
    Instant now = Instant.now();
    live.forEach(a -> ledger.updateAllocation(a.id(), SlurmState.CANCELLED.name(), null, now));
    return ids;
  }

  /**
   * {@code torc slurm worker}: the bounds of the allocation this process runs in, with this process
   * recorded as one of its workers (see {@link AllocationWorker#join}).
   *
   * @param env the process's environment
   * @param machine what this node has, for what the environment does not say
   * @param workflowId the workflow's id
   * @return the worker, registered
   */
  public AllocationWorker joinAllocation(
      long workflowId, Map<String, String> env, dev.torc.exec.MachineResources machine) {
    store.getWorkflow(workflowId);
    return AllocationWorker.join(store, workflowId, env, machine);
  }

  // ---- accounting and logs -------------------------------------------------------------------

  /**
   * {@code torc slurm sacct}: Slurm's accounting of the workflow's allocations and their steps, one
   * map per line with sacct's field names in snake case (job_id, state, max_rss, ...).
   *
   * @throws SlurmException when sacct fails
   * @param workflowId the workflow's id
   * @return one map per line of sacct's output
   */
  public List<Map<String, String>> sacct(long workflowId) {
    List<String> ids =
        listAllocations(workflowId).stream().map(AllocationRecord::slurmJobId).toList();
    if (ids.isEmpty()) {
      return List.of();
    }
    String text = client.sacct(ids, SACCT_FIELDS);
    if (text == null) {
      throw new SlurmException("sacct failed for allocations " + String.join(",", ids));
    }
    String[] names = SACCT_FIELDS.split(",");
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] values = line.split("\\|", -1);
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < names.length && i < values.length; i++) {
        row.put(snake(names[i]), values[i]);
      }
      rows.add(row);
    }
    return rows;
  }

  private static String snake(String name) {
    return switch (name) {
      case "JobID" -> "job_id";
      case "MaxRSS" -> "max_rss";
      case "AllocCPUS" -> "alloc_cpus";
      case "NodeList" -> "node_list";
      default -> name.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    };
  }

  private record Pattern2(Pattern pattern, String kind, boolean error) {}

  private static final List<Pattern2> KNOWN =
      List.of(
          known("DUE TO TIME LIMIT|TIME LIMIT", "timeout", true),
          known("oom[-_ ]kill|Out Of Memory|OUT_OF_MEMORY|Exceeded job memory limit", "oom", true),
          known("DUE TO NODE FAILURE|NODE_FAIL|Node failure", "node_fail", true),
          known("DUE TO PREEMPTION|PREEMPTED", "preempted", true),
          known("CANCELLED AT", "cancelled", true),
          known("Segmentation fault|Bus error|core dumped", "crash", true),
          known("(slurmstepd|srun)(-\\S+)?: error:", "slurm_error", true),
          known("(slurmstepd|srun|sbatch)(-\\S+)?: warning:", "slurm_warning", false));

  private static Pattern2 known(String regex, String kind, boolean error) {
    return new Pattern2(Pattern.compile(regex, Pattern.CASE_INSENSITIVE), kind, error);
  }

  /**
   * {@code torc slurm parse-logs}: the known slurmstepd/srun error (and, unless {@code errorsOnly},
   * warning) lines in the sbatch logs of the workflow's allocations under {@code outputDir}, file
   * by file.
   *
   * @param workflowId the workflow's id
   * @param outputDir the workflow's output directory
   * @param errorsOnly whether to leave out warnings
   * @return the findings, file by file
   */
  public List<LogFinding> parseLogs(long workflowId, Path outputDir, boolean errorsOnly) {
    store.getWorkflow(workflowId);
    List<LogFinding> found = new ArrayList<>();
    Set<Path> files = new HashSet<>();
    String prefix = "slurm_output_wf" + workflowId + "_sl";
    if (Files.isDirectory(outputDir)) {
      try (Stream<Path> list = Files.list(outputDir)) {
        list.filter(p -> p.getFileName().toString().startsWith(prefix)).forEach(files::add);
      } catch (IOException e) {
        throw new SlurmException("cannot list " + outputDir + ": " + e.getMessage());
      }
    }
    for (Path file : files.stream().sorted().toList()) {
      List<String> lines;
      try {
        lines = Files.readAllLines(file, java.nio.charset.StandardCharsets.ISO_8859_1);
      } catch (IOException e) {
        LOG.warn("cannot read {}: {}", file, e.getMessage());
        continue;
      }
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        for (Pattern2 k : KNOWN) {
          if (k.pattern().matcher(line).find()) {
            if (k.error() || !errorsOnly) {
              found.add(new LogFinding(file.toString(), i + 1, k.kind(), k.error(), line.strip()));
            }
            break;
          }
        }
      }
    }
    return found;
  }

  private static <T> T firstNonNull(T a, T b) {
    return a != null ? a : b;
  }
}
