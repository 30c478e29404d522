package dev.torc.executor;

import dev.torc.run.RunException;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** Finds executor providers by id on the class path. */
public final class Executors {
  private Executors() {}

  /**
   * The provider with this id, if one is on the class path.
   *
   * @param id an executor id such as {@code local}
   * @return the provider, or empty
   */
  public static Optional<ExecutorProvider> find(String id) {
    return providers().stream().filter(provider -> provider.id().equals(id)).findFirst();
  }

  /**
   * The provider with this id.
   *
   * @param id an executor id such as {@code local}
   * @return the provider
   * @throws RunException when no provider has this id, naming those there are
   */
  public static ExecutorProvider require(String id) {
    return find(id)
        .orElseThrow(
            () ->
                new RunException(
                    "no executor '"
                        + id
                        + "' is available; known executors: "
                        + String.join(
                            ", ", providers().stream().map(ExecutorProvider::id).toList())));
  }

  private static List<ExecutorProvider> providers() {
    return ServiceLoader.load(ExecutorProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .toList();
  }
}
