package dev.torc.run.internal;

import dev.torc.exec.JobContainment;
import dev.torc.exec.JobSupervisor;
import dev.torc.exec.MachineResources;
import dev.torc.exec.Signal;
import dev.torc.exec.internal.Signals;
import dev.torc.executor.AttemptEnd;
import dev.torc.executor.AttemptHandle;
import dev.torc.executor.AttemptSpec;
import dev.torc.executor.AttemptStartException;
import dev.torc.executor.Executor;
import dev.torc.executor.ExecutorContext;
import dev.torc.model.ResourceMonitorConfig;
import dev.torc.model.ResourceRequirements;
import dev.torc.run.RunOptions;
import dev.torc.store.AttemptRef;
import dev.torc.store.JobRecord;
import dev.torc.store.ResourceBudget;
import dev.torc.store.RunnerInfo;
import dev.torc.store.RunnerRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code local} executor: shell jobs as process groups on this machine under the {@link
 * JobSupervisor}'s limits and monitor, started by a few spawner threads, and Java tasks in this
 * process. Every process of an attempt carries the attempt's mark ({@link AttemptMark}), which is
 * also the attempt's external id: a dead runner's attempts are found by it on this host, and on no
 * other.
 *
 * <p>Java tasks run here rather than on a path of their own: they share the launcher's log files,
 * limits and kill, and the runner needs no second way to start, stop and record an attempt.
 */
public final class LocalExecutor implements Executor {
  /** The id of this executor. */
  public static final String ID = "local";

  private static final Logger LOG = LoggerFactory.getLogger(LocalExecutor.class);

  private static final int SPAWNER_THREADS =
      Math.min(8, Runtime.getRuntime().availableProcessors());

  private final MachineResources total;
  private final String host;
  private final RunnerRecord runner;
  private final JobSupervisor supervisor;
  private final AttemptLauncher launcher;
  private final Spawner spawner;
  private final Set<LocalHandle> live = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  LocalExecutor(ExecutorContext context) {
    RunOptions options = context.options();
    RunnerInfo process = context.runner();
    this.total = options.resources();
    this.host = process.host();
    this.runner =
        new RunnerRecord(context.runnerId(), context.workflow().id(), process, null, null);
    this.supervisor = JobSupervisor.start(supervisorSettings(context));
    this.launcher =
        new AttemptLauncher(
            supervisor, options.tasks(), options.outputDir(), context.runnerId(), process);
    launcher.taskData(taskData(context));
    this.spawner = new Spawner(launcher, SPAWNER_THREADS);
  }

  private static TaskData taskData(ExecutorContext context) {
    long workflowId = context.workflow().id();
    Map<String, String> filePaths = new HashMap<>();
    context.store().listFiles(workflowId).forEach(f -> filePaths.put(f.name(), f.path()));
    return TaskData.of(filePaths, context.store(), workflowId);
  }

  private static JobSupervisor.Settings supervisorSettings(ExecutorContext context) {
    RunOptions options = context.options();
    ResourceMonitorConfig monitor = context.workflow().resourceMonitor();
    if (options.sampleIntervalSeconds() != null) {
      monitor =
          new ResourceMonitorConfig(
              monitor.enabled(), monitor.granularity(), options.sampleIntervalSeconds());
    }
    return JobSupervisor.Settings.DEFAULT
        .withEnforceLimits(options.enforceLimits())
        .withTerminationGrace(options.terminationGrace())
        .withMonitor(monitor);
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ResourceBudget capacity() {
    return new ResourceBudget(total.cpus(), total.memoryBytes(), total.gpus());
  }

  @Override
  public List<String> cannotFit(ResourceRequirements requirements) {
    return MachineFit.excess(requirements, total);
  }

  @Override
  public AttemptRef reference(AttemptSpec spec) {
    return new AttemptRef(ID, host, launcher.mark(spec.job(), spec.runId()), null);
  }

  /** Starts a shell job on a spawner thread, a Java task on the calling thread. */
  @Override
  public AttemptHandle submit(AttemptSpec spec) {
    LocalHandle handle = new LocalHandle(reference(spec));
    live.add(handle);
    JobRecord job = spec.job();
    if (!job.isJavaTask()) {
      spawner.start(spec, handle::take);
    } else if (!launcher.hasTask(job.name())) {
      handle.take(
          new Spawner.Spawned(
              null,
              new AttemptStartException(
                  1, "no Java task is registered for job '" + job.name() + "' in this process")));
    } else {
      handle.take(Spawner.startHere(launcher, spec));
    }
    return handle;
  }

  /**
   * Follows {@code previous} with a shell job started on the thread that sees {@code previous} end,
   * before anything else of that end is handled: the next job starts without waiting for the
   * runner's thread or a spawner thread.
   */
  @Override
  public Optional<AttemptHandle> submitAfter(AttemptHandle previous, AttemptSpec spec) {
    if (!(previous instanceof LocalHandle before)
        || !live.contains(before)
        || spec.job().isJavaTask()) {
      return Optional.empty();
    }
    LocalHandle handle = new LocalHandle(reference(spec));
    // Live before it can start: it may start, and end, before follow returns.
    live.add(handle);
    if (!before.follow(handle, spec)) {
      live.remove(handle);
      return Optional.empty();
    }
    return Optional.of(handle);
  }

  @Override
  public boolean withdraw(AttemptHandle waiting) {
    if (!(waiting instanceof LocalHandle handle) || !handle.withdraw()) {
      return false;
    }
    live.remove(handle);
    return true;
  }

  @Override
  public boolean stopOrphan(AttemptRef lost) {
    return stopOrphanHere(lost, host);
  }

  /**
   * Stops what is left on this host of an attempt the local executor recorded: the processes that
   * carry its mark, or the process group of a recorded process (a recovery script's, or one
   * recorded by an earlier version) that is still the process recorded. Never signals anything for
   * an attempt recorded on another host.
   */
  static boolean stopOrphanHere(AttemptRef lost, String host) {
    if (!ID.equals(lost.executor())
        || !host.equals(lost.host())
        || lost.externalId() == null
        || lost.externalId().isEmpty()) {
      return false;
    }
    String id = lost.externalId();
    if (id.chars().allMatch(Character::isDigit)) {
      RunnerInfo process = new RunnerInfo(host, Long.parseLong(id), lost.startedAt());
      return Orphans.isRunning(process) && Signals.send(-process.pid(), Signal.KILL);
    }
    if (AttemptMark.parse(id) == null) {
      return false;
    }
    return !JobContainment.detect().killAll(id::equals).isEmpty();
  }

  /**
   * Kills every attempt under way and whatever process any attempt of this runner left on this
   * host, found by its mark (also a recovery script's): the last word on a run, and a no-op after
   * one whose attempts all ended.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    spawner.close();
    live.forEach(LocalHandle::kill);
    try {
      JobContainment.detect()
          .killAll(
              text -> {
                AttemptMark mark = AttemptMark.parse(text);
                return mark != null && mark.startedBy(runner);
              });
    } catch (RuntimeException e) {
      LOG.warn("cannot look for processes this runner's attempts left: {}", e.getMessage());
    }
    launcher.close();
    supervisor.close();
  }

  /** An attempt from its submit on; a kill before its start stops it as it starts. */
  private final class LocalHandle implements AttemptHandle {
    private final AttemptRef ref;
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final CompletableFuture<AttemptEnd> end = new CompletableFuture<>();
    private Attempt attempt;
    private boolean killed;
    // Guarded by this handle: whether the attempt has ended (or never started), and the one to
    // start then.
    private boolean ended;
    private LocalHandle next;
    private AttemptSpec nextSpec;
    // The attempt this one follows, set before it is published.
    private volatile LocalHandle previous;

    LocalHandle(AttemptRef ref) {
      this.ref = ref;
    }

    void take(Spawner.Spawned spawned) {
      if (spawned.error() != null) {
        startNext();
        live.remove(this);
        started.completeExceptionally(spawned.error());
        return;
      }
      Attempt running = spawned.attempt();
      boolean kill;
      synchronized (this) {
        attempt = running;
        kill = killed;
      }
      if (kill) {
        running.kill();
      }
      started.complete(null);
      running
          .end()
          .thenAccept(
              ended -> {
                startNext();
                live.remove(this);
                end.complete(ended);
              });
    }

    /**
     * Makes {@code successor} start as this attempt ends; false when it has ended or already has
     * one to follow it.
     */
    synchronized boolean follow(LocalHandle successor, AttemptSpec spec) {
      if (ended || next != null) {
        return false;
      }
      next = successor;
      nextSpec = spec;
      successor.previous = this;
      return true;
    }

    /** Unlinks this attempt from the one it follows, unless that one has ended. */
    boolean withdraw() {
      LocalHandle before = previous;
      if (before == null) {
        return false;
      }
      synchronized (before) {
        if (before.ended || before.next != this) {
          return false;
        }
        before.next = null;
        before.nextSpec = null;
        return true;
      }
    }

    /** Starts the attempt that follows this one, if any, here and now; this one has ended. */
    private void startNext() {
      LocalHandle successor;
      AttemptSpec spec;
      synchronized (this) {
        ended = true;
        successor = next;
        spec = nextSpec;
      }
      if (successor == null) {
        return;
      }
      successor.take(
          closed
              ? new Spawner.Spawned(null, new IllegalStateException("the runner is stopping"))
              : Spawner.startHere(launcher, spec));
    }

    @Override
    public AttemptRef ref() {
      return ref;
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
      Attempt running;
      synchronized (this) {
        killed = true;
        running = attempt;
      }
      if (running != null) {
        running.kill();
      }
    }
  }
}
