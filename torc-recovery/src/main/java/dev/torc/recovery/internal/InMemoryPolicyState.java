package dev.torc.recovery.internal;

import dev.torc.recovery.policy.PolicyState;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** Policy state in a concurrent map. */
public final class InMemoryPolicyState implements PolicyState {
  private final ConcurrentHashMap<String, Record> values = new ConcurrentHashMap<>();

  public InMemoryPolicyState(Map<String, Record> initial) {
    values.putAll(initial);
  }

  @Override
  public <T extends Record> Optional<T> get(String key, Class<T> type) {
    Record value = values.get(key);
    return type.isInstance(value) ? Optional.of(type.cast(value)) : Optional.empty();
  }

  @Override
  public <T extends Record> T update(String key, Class<T> type, Function<Optional<T>, T> change) {
    Record updated =
        values.compute(
            key,
            (k, old) -> {
              T next =
                  change.apply(
                      type.isInstance(old) ? Optional.of(type.cast(old)) : Optional.empty());
              if (next == null) {
                throw new IllegalArgumentException("a policy state update returned null for " + k);
              }
              return next;
            });
    return type.cast(updated);
  }

  @Override
  public Map<String, Record> snapshot() {
    return Map.copyOf(new TreeMap<>(values));
  }

  @Override
  public String toString() {
    return "InMemoryPolicyState" + new TreeMap<>(values);
  }
}
