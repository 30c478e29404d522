package dev.torc.testkit;

import dev.torc.exec.MachineResources;
import dev.torc.exec.UsageSummary;
import dev.torc.executor.AttemptEnd;
import dev.torc.executor.AttemptHandle;
import dev.torc.executor.AttemptSpec;
import dev.torc.executor.Executor;
import dev.torc.model.Memory;
import dev.torc.model.ResourceRequirements;
import dev.torc.store.AttemptRef;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import dev.torc.store.ResourceBudget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code simulated} executor of one run: attempts start at once, with empty log files, and end
 * as the workload's machine ends them when a poll has moved the virtual clock to their end.
 */
final class SimulatedMachine implements Executor {
  private final SimulatedWorkload workload;
  private final long workflowId;
  private final MachineResources resources;

  /** Attempts under way by their end on the virtual clock; the runner's thread only. */
  private final PriorityQueue<Playing> playing =
      new PriorityQueue<>(Comparator.comparing(Playing::at).thenComparing(Playing::seq));

  private long seq;

  private record Playing(Instant at, long seq, Handle handle, SimulatedWorkload.Ending ending) {}

  SimulatedMachine(SimulatedWorkload workload, long workflowId, MachineResources resources) {
    this.workload = workload;
    this.workflowId = workflowId;
    this.resources = resources;
  }

  @Override
  public String id() {
    return SimulatedExecutorProvider.ID;
  }

  @Override
  public ResourceBudget capacity() {
    return new ResourceBudget(resources.cpus(), resources.memoryBytes(), resources.gpus());
  }

  @Override
  public List<String> cannotFit(ResourceRequirements rr) {
    List<String> over = new ArrayList<>();
    if (rr.numCpus() > resources.cpus()) {
      over.add(rr.numCpus() + " CPUs, more than the simulated machine's " + resources.cpus());
    }
    if (rr.memory().bytes() > resources.memoryBytes()) {
      over.add(
          "memory "
              + rr.memory()
              + ", more than the simulated machine's "
              + Memory.ofBytes(resources.memoryBytes()));
    }
    if (rr.numGpus() > resources.gpus()) {
      over.add(rr.numGpus() + " GPUs, more than the simulated machine's " + resources.gpus());
    }
    return over;
  }

  @Override
  public AttemptRef reference(AttemptSpec spec) {
    JobRecord job = spec.job();
    return new AttemptRef(
        SimulatedExecutorProvider.ID,
        "virtual",
        job.workflowId() + "/" + job.id() + "/" + spec.runId() + "/" + job.attemptId(),
        null);
  }

  @Override
  public AttemptHandle submit(AttemptSpec spec) {
    Handle handle = new Handle(reference(spec));
    try {
      touch(spec.stdout());
      touch(spec.stderr());
    } catch (UncheckedIOException e) {
      handle.started.completeExceptionally(e);
      return handle;
    }
    SimulatedWorkload.Ending ending = workload.start(spec.job());
    playing.add(new Playing(workload.clock().instant().plus(ending.ran()), seq++, handle, ending));
    handle.started.complete(null);
    return handle;
  }

  private static void touch(Path file) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, new byte[0]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Moves the virtual clock to the next end of an attempt or the next delayed retry of the
   * workflow, whichever comes first, and ends every attempt due by then.
   */
  @Override
  public void poll(Collection<AttemptHandle> live) {
    VirtualClock clock = workload.clock();
    Instant next = playing.isEmpty() ? null : playing.peek().at();
    Instant retry = workload.store().nextNotBefore(workflowId).orElse(null);
    if (retry != null && retry.isAfter(clock.instant()) && (next == null || retry.isBefore(next))) {
      next = retry;
    }
    if (next == null) {
      return;
    }
    clock.advanceTo(next);
    while (!playing.isEmpty() && !playing.peek().at().isAfter(clock.instant())) {
      Playing done = playing.poll();
      done.handle().end.complete(end(done.ending()));
    }
  }

  private static AttemptEnd end(SimulatedWorkload.Ending ending) {
    if (ending.code() == JobResult.LOST_RETURN_CODE) {
      return AttemptEnd.lost(ending.ran(), null, "its simulated node failed");
    }
    String note =
        switch (ending.code()) {
          case 137 -> "killed at its memory limit";
          case 152 -> "stopped at its runtime limit";
          default -> null;
        };
    return new AttemptEnd(
        ending.code(),
        ending.code() == 152,
        ending.ran(),
        new UsageSummary(ending.peakBytes(), ending.peakBytes(), 50.0, 50.0, 1, List.of()),
        note);
  }

  /** Nothing of a simulated attempt outlives its runner. */
  @Override
  public boolean stopOrphan(AttemptRef lost) {
    return false;
  }

  @Override
  public void close() {}

  private static final class Handle implements AttemptHandle {
    private final AttemptRef ref;
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final CompletableFuture<AttemptEnd> end = new CompletableFuture<>();

    Handle(AttemptRef ref) {
      this.ref = ref;
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

    /** A killed attempt is simply never ended: the runner that kills stops taking ends in. */
    @Override
    public void kill() {}
  }
}
