package dev.torc.run;

import dev.torc.executor.AttemptEnd;
import dev.torc.executor.AttemptHandle;
import dev.torc.executor.AttemptSpec;
import dev.torc.executor.Executor;
import dev.torc.executor.ExecutorContext;
import dev.torc.executor.ExecutorProvider;
import dev.torc.executor.Executors;
import dev.torc.model.ResourceRequirements;
import dev.torc.store.AttemptRef;
import dev.torc.store.ResourceBudget;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A second executor provider, found through {@code META-INF/services} of the tests: it runs the
 * attempts on the local executor but, as a grid executor does, learns of their ends only when the
 * runner polls, and records every call it gets.
 */
public final class RecordingExecutorProvider implements ExecutorProvider {
  static final String ID = "recording";

  static final List<AttemptSpec> SUBMITTED = new CopyOnWriteArrayList<>();
  static final List<Integer> POLLED = new CopyOnWriteArrayList<>();
  static final List<AttemptRef> STOPPED = new CopyOnWriteArrayList<>();

  static void reset() {
    SUBMITTED.clear();
    POLLED.clear();
    STOPPED.clear();
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Executor open(ExecutorContext context) {
    return new Recording(Executors.require("local").open(context));
  }

  private static final class Recording implements Executor {
    private final Executor local;

    Recording(Executor local) {
      this.local = local;
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public ResourceBudget capacity() {
      return local.capacity();
    }

    @Override
    public List<String> cannotFit(ResourceRequirements requirements) {
      return local.cannotFit(requirements);
    }

    @Override
    public AttemptRef reference(AttemptSpec spec) {
      AttemptRef ref = local.reference(spec);
      return new AttemptRef(ID, ref.host(), ref.externalId(), ref.startedAt());
    }

    @Override
    public AttemptHandle submit(AttemptSpec spec) {
      SUBMITTED.add(spec);
      return new PolledHandle(reference(spec), local.submit(spec));
    }

    @Override
    public void poll(Collection<AttemptHandle> live) {
      POLLED.add(live.size());
      live.forEach(handle -> ((PolledHandle) handle).catchUp());
    }

    @Override
    public boolean stopOrphan(AttemptRef lost) {
      STOPPED.add(lost);
      return true;
    }

    @Override
    public void close() {
      local.close();
    }
  }

  /** An attempt whose end is reported only by a poll after it ended. */
  private static final class PolledHandle implements AttemptHandle {
    private final AttemptRef ref;
    private final AttemptHandle inner;
    private final CompletableFuture<AttemptEnd> end = new CompletableFuture<>();

    PolledHandle(AttemptRef ref, AttemptHandle inner) {
      this.ref = ref;
      this.inner = inner;
    }

    void catchUp() {
      if (inner.end().isDone()) {
        end.complete(inner.end().join());
      }
    }

    @Override
    public AttemptRef ref() {
      return ref;
    }

    @Override
    public CompletableFuture<Void> started() {
      return inner.started();
    }

    @Override
    public CompletableFuture<AttemptEnd> end() {
      return end;
    }

    @Override
    public void kill() {
      inner.kill();
    }
  }
}
