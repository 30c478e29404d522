package dev.torc.cli;

import dev.torc.executor.ExecutorProvider;
import java.util.Iterator;
import java.util.ServiceLoader;

/** The ids of the executors on the class path, for {@code --executor}'s help and errors. */
final class KnownExecutors implements Iterable<String> {
  @Override
  public Iterator<String> iterator() {
    return ServiceLoader.load(ExecutorProvider.class).stream()
        .map(provider -> provider.get().id())
        .sorted()
        .iterator();
  }
}
