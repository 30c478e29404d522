package dev.torc.slurm.internal;

import dev.torc.exec.UsageSummary;
import dev.torc.executor.AttemptEnd;
import dev.torc.executor.AttemptHandle;
import dev.torc.executor.AttemptSpec;
import dev.torc.executor.AttemptStartException;
import dev.torc.executor.Executor;
import dev.torc.executor.ExecutorContext;
import dev.torc.model.ResourceRequirements;
import dev.torc.model.SlurmScheduler;
import dev.torc.run.RunException;
import dev.torc.slurm.SlurmException;
import dev.torc.slurm.SlurmState;
import dev.torc.slurm.hpc.SlurmTimes;
import dev.torc.store.AttemptRef;
import dev.torc.store.JobRecord;
import dev.torc.store.ResourceBudget;
import dev.torc.store.SlurmSchedulerRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each attempt as its own Slurm batch job: {@code sbatch} on a submit thread, and one {@code
 * sacct} call per poll for all live attempts. An attempt counts as started once Slurm accepted it
 * (queued), so a runner holds its resources while Slurm queues it.
 */
public final class SlurmExecutor implements Executor {
  private static final Logger LOG = LoggerFactory.getLogger(SlurmExecutor.class);

  /** The id the executor is found by. */
  public static final String ID = "slurm";

  private static final String FIELDS = "JobID,State,ExitCode,Elapsed,MaxRSS,JobName%200";

  private final ExecutorContext context;
  private final SlurmCommands commands;
  private final SlurmClient client;
  private final String host;
  private final SlurmPartitionLimits largest;
  private final ResourceBudget capacity;
  private final Map<String, SlurmScheduler> schedulers = new LinkedHashMap<>();
  private final ExecutorService submitter;
  private final Map<String, SlurmAttempt> attempts = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * @throws RunException when Slurm is not installed or has no partition
   */
  public SlurmExecutor(ExecutorContext context, SlurmCommands commands) {
    this.context = context;
    this.commands = commands;
    this.client = new SlurmClient(commands, 1, Duration.ZERO);
    this.host = context.runner().host();
    List<SlurmPartitionLimits> partitions;
    try {
      partitions = SlurmPartitionLimits.read(commands);
    } catch (SlurmException e) {
      throw new RunException(e.getMessage());
    }
    this.largest =
        SlurmPartitionLimits.largest(partitions)
            .orElseThrow(() -> new RunException("Slurm reports no partition (sinfo is empty)"));
    // The runner applies max_parallel_jobs itself; this is what the partition runs at once.
    this.capacity =
        new ResourceBudget(
            largest.cpusPerNode() * largest.nodes(),
            largest.memoryBytesPerNode() * largest.nodes(),
            largest.gpusPerNode() * largest.nodes(),
            largest.maxRuntimeSeconds());
    for (SlurmSchedulerRecord r :
        dev.torc.store.SlurmLedger.of(context.store())
            .listSlurmSchedulerRecords(context.workflow().id())) {
      schedulers.putIfAbsent(r.scheduler().name(), r.scheduler());
    }
    this.submitter =
        java.util.concurrent.Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "torc-slurm-sbatch");
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ResourceBudget capacity() {
    return capacity;
  }

  @Override
  public List<String> cannotFit(ResourceRequirements rr) {
    List<String> why = new ArrayList<>();
    String where = "the largest Slurm partition '" + largest.name() + "'";
    if (rr.numCpus() > largest.cpusPerNode()) {
      why.add(
          rr.numCpus() + " CPUs, more than the " + largest.cpusPerNode() + " per node of " + where);
    }
    if (rr.memory().bytes() > largest.memoryBytesPerNode()) {
      why.add(
          rr.memory()
              + " of memory, more than the "
              + (largest.memoryBytesPerNode() >> 20)
              + " MB per node of "
              + where);
    }
    if (rr.numGpus() > largest.gpusPerNode()) {
      why.add(
          rr.numGpus() + " GPUs, more than the " + largest.gpusPerNode() + " per node of " + where);
    }
    if (rr.runtime() != null && rr.runtime().toSeconds() > largest.maxRuntimeSeconds()) {
      why.add(
          "a runtime of "
              + SlurmTimes.format(rr.runtime())
              + ", longer than the time limit of "
              + where);
    }
    return why;
  }

  @Override
  public AttemptRef reference(AttemptSpec spec) {
    return new AttemptRef(ID, host, jobName(spec), null);
  }

  /**
   * The Slurm job name of an attempt, fixed before sbatch: {@code torc_wf{W}_j{J}_r{R}_a{A}_{S}},
   * where {@code S} stands for the store, since every new store numbers its workflows from 1 and
   * {@link #stopOrphan} must not cancel another store's job.
   */
  String jobName(AttemptSpec spec) {
    JobRecord job = spec.job();
    return "torc_wf"
        + job.workflowId()
        + "_j"
        + job.id()
        + "_r"
        + spec.runId()
        + "_a"
        + job.attemptId()
        + "_"
        + Integer.toHexString(
            (context.options().apiUrl() + "|" + context.options().outputDir().toAbsolutePath())
                .hashCode());
  }

  @Override
  public AttemptHandle submit(AttemptSpec spec) {
    SlurmAttempt attempt = new SlurmAttempt(reference(spec), this::cancel);
    if (spec.job().isJavaTask()) {
      attempt.started.completeExceptionally(
          new AttemptStartException(
              1, "the slurm executor runs only shell commands, not Java tasks"));
      return attempt;
    }
    try {
      if (closed) {
        throw new RejectedExecutionException("closed");
      }
      submitter.execute(() -> sbatch(spec, attempt));
    } catch (RejectedExecutionException e) {
      attempt.started.completeExceptionally(
          new AttemptStartException(1, "the slurm executor is closed"));
    }
    return attempt;
  }

  private void sbatch(AttemptSpec spec, SlurmAttempt attempt) {
    SlurmScheduler scheduler = schedulerOf(spec.job());
    String what =
        scheduler == null
            ? "job " + spec.job().name() + " (no Slurm scheduler)"
            : "job " + spec.job().name() + " of Slurm scheduler '" + scheduler.name() + "'";
    try {
      Files.createDirectories(spec.stdout().toAbsolutePath().getParent());
      String id =
          client.submit(
              what,
              SlurmJobScript.options(spec, jobName(spec), scheduler),
              SlurmJobScript.script(spec));
      attempt.slurmId(id);
      attempts.put(id, attempt);
      LOG.info("job {} ({}) is Slurm job {}", spec.job().id(), spec.job().name(), id);
      if (attempt.killed || closed) {
        client.cancel(List.of(id));
      }
      attempt.started.complete(null);
    } catch (SlurmException | IOException e) {
      attempt.started.completeExceptionally(new AttemptStartException(1, e.getMessage()));
    }
  }

  /** The job's scheduler by name, else the workflow's first, else one from the environment. */
  private SlurmScheduler schedulerOf(JobRecord job) {
    if (job.scheduler() != null && schedulers.containsKey(job.scheduler())) {
      return schedulers.get(job.scheduler());
    }
    if (!schedulers.isEmpty()) {
      return schedulers.values().iterator().next();
    }
    String account = System.getenv("TORC_SLURM_ACCOUNT");
    String partition = System.getenv("TORC_SLURM_PARTITION");
    if (account == null && partition == null) {
      return null;
    }
    return new SlurmScheduler(
        "environment", account, partition, 1, null, null, null, null, null, null, null);
  }

  @Override
  public void poll(Collection<AttemptHandle> live) {
    Map<String, SlurmAttempt> byId = new LinkedHashMap<>();
    for (AttemptHandle handle : live) {
      if (handle instanceof SlurmAttempt a && a.slurmId() != null && !a.end.isDone()) {
        byId.put(a.slurmId(), a);
      }
    }
    if (byId.isEmpty()) {
      return;
    }
    String text;
    try {
      text = client.sacct(byId.keySet(), FIELDS);
    } catch (SlurmException e) {
      LOG.warn("cannot ask Slurm for the state of its jobs: {}", e.getMessage());
      return;
    }
    if (text == null) {
      return;
    }
    Map<String, Accounting> accounting = Accounting.parse(text);
    byId.forEach(
        (id, attempt) -> {
          // Keyed by id and name: a cluster whose controller state was reset reuses job ids, and
          // sacct then reports the old jobs of the same id too.
          Accounting a = accounting.get(Accounting.key(id, attempt.name.externalId()));
          if (a != null && a.state().ended()) {
            attempts.remove(id);
            attempt.end.complete(a.toEnd());
          }
        });
  }

  @Override
  public boolean stopOrphan(AttemptRef lost) {
    if (lost.externalId() == null) {
      return false;
    }
    try {
      String id = lost.externalId();
      List<String> ids;
      if (id.matches("\\d+")) {
        ids = List.of(id);
      } else {
        SlurmCommands.Output out =
            commands.run(List.of("squeue", "-h", "-n", id, "-o", "%i"), null);
        ids =
            out.exitCode() == 0
                ? out.stdout().lines().map(String::strip).filter(s -> !s.isEmpty()).toList()
                : List.of();
      }
      return !ids.isEmpty() && client.cancel(ids);
    } catch (IOException | SlurmException e) {
      LOG.warn("cannot stop Slurm job {}: {}", lost.externalId(), e.getMessage());
      return false;
    }
  }

  private void cancel(String slurmId) {
    try {
      client.cancel(List.of(slurmId));
    } catch (SlurmException e) {
      LOG.warn("cannot cancel Slurm job {}: {}", slurmId, e.getMessage());
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    submitter.shutdownNow();
    List<String> ids = new ArrayList<>();
    attempts.forEach(
        (id, a) -> {
          if (!a.end.isDone()) {
            ids.add(id);
          }
        });
    if (!ids.isEmpty()) {
      try {
        client.cancel(ids);
      } catch (SlurmException e) {
        LOG.warn("cannot cancel Slurm jobs {}: {}", ids, e.getMessage());
      }
    }
  }

  /** One attempt's handle; {@link #slurmId} is known once sbatch answered. */
  private static final class SlurmAttempt implements AttemptHandle {
    final CompletableFuture<Void> started = new CompletableFuture<>();
    final CompletableFuture<AttemptEnd> end = new CompletableFuture<>();
    final AttemptRef name;
    private final java.util.function.Consumer<String> cancel;
    private volatile String slurmId;
    volatile boolean killed;

    SlurmAttempt(AttemptRef name, java.util.function.Consumer<String> cancel) {
      this.name = name;
      this.cancel = cancel;
    }

    void slurmId(String id) {
      this.slurmId = id;
    }

    String slurmId() {
      return slurmId;
    }

    @Override
    public AttemptRef ref() {
      String id = slurmId;
      return id == null ? name : new AttemptRef(name.executor(), name.host(), id, Instant.now());
    }

    @Override
    public CompletableFuture<Void> started() {
      return started;
    }

    @Override
    public CompletableFuture<AttemptEnd> end() {
      return end;
    }

    @Override
    public void kill() {
      killed = true;
      String id = slurmId;
      if (id != null) {
        cancel.accept(id);
      }
    }
  }

  /** What sacct says of one job: its own line, and the largest MaxRSS of its steps. */
  record Accounting(SlurmState state, String exitCode, Duration elapsed, Long maxRssBytes) {

    /** The key of a job in {@link #parse}'s answer. */
    static String key(String jobId, String jobName) {
      return jobId + "/" + jobName;
    }

    /**
     * sacct's lines ({@code FIELDS}), by {@link #key}; each step's MaxRSS counts for the job line
     * before it, as sacct lists a job's steps right after the job.
     */
    static Map<String, Accounting> parse(String text) {
      Map<String, Accounting> jobs = new HashMap<>();
      String current = null;
      String currentId = null;
      for (String line : text.split("\n")) {
        String[] f = line.split("\\|", -1);
        if (f.length < 6 || f[0].isBlank()) {
          continue;
        }
        String id = f[0].strip();
        int dot = id.indexOf('.');
        Long bytes = bytes(f[4]);
        if (dot < 0) {
          currentId = id;
          current = key(id, f[5].strip());
          jobs.put(
              current, new Accounting(SlurmState.parse(f[1]), f[2].strip(), elapsed(f[3]), bytes));
        } else if (bytes != null && current != null && id.substring(0, dot).equals(currentId)) {
          Accounting a = jobs.get(current);
          long peak = a.maxRssBytes == null ? bytes : Math.max(bytes, a.maxRssBytes);
          jobs.put(current, new Accounting(a.state, a.exitCode, a.elapsed, peak));
        }
      }
      return jobs;
    }

    AttemptEnd toEnd() {
      int code = 0;
      int signal = 0;
      String[] parts = exitCode.split(":");
      try {
        code = Integer.parseInt(parts[0]);
        signal = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
      } catch (NumberFormatException e) {
        code = 1;
      }
      int rc = code != 0 ? code : signal != 0 ? 128 + signal : 0;
      UsageSummary usage =
          maxRssBytes == null
              ? null
              : new UsageSummary(maxRssBytes, maxRssBytes, 0, 0, 1, List.of());
      return switch (state) {
        case COMPLETED -> new AttemptEnd(0, false, elapsed, usage, null);
        case TIMEOUT ->
            new AttemptEnd(
                152, true, elapsed, usage, "stopped at its runtime limit (Slurm TIMEOUT)");
        case OUT_OF_MEMORY ->
            new AttemptEnd(
                137, false, elapsed, usage, "killed at its memory limit (Slurm OUT_OF_MEMORY)");
        case CANCELLED ->
            new AttemptEnd(
                rc == 0 ? 143 : rc, false, elapsed, usage, "canceled in Slurm (scancel)");
        case NODE_FAIL, PREEMPTED, BOOT_FAIL ->
            AttemptEnd.lost(
                elapsed,
                usage,
                "its Slurm job ended "
                    + state
                    + ": Slurm took its node away, through no fault of the job");
        default ->
            new AttemptEnd(
                rc == 0 ? 1 : rc,
                false,
                elapsed,
                usage,
                state == SlurmState.FAILED ? null : "Slurm job ended " + state);
      };
    }

    private static Duration elapsed(String text) {
      try {
        Duration d = SlurmTimes.parse(text);
        return d == null ? Duration.ZERO : d;
      } catch (IllegalArgumentException e) {
        return Duration.ZERO;
      }
    }

    static Long bytes(String text) {
      String t = text.strip();
      if (t.isEmpty()) {
        return null;
      }
      char unit = Character.toUpperCase(t.charAt(t.length() - 1));
      String number = Character.isDigit(unit) ? t : t.substring(0, t.length() - 1);
      long factor =
          switch (unit) {
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            case 'G' -> 1L << 30;
            case 'T' -> 1L << 40;
            default -> 1;
          };
      try {
        return (long) (Double.parseDouble(number) * factor);
      } catch (NumberFormatException e) {
        return null;
      }
    }
  }
}
