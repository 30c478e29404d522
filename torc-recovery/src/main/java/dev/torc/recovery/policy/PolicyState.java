package dev.torc.recovery.policy;

import dev.torc.recovery.internal.InMemoryPolicyState;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Durable state that policies keep between decisions, such as circuit breakers, as records under
 * string keys. A store-backed implementation keeps it across restarts, so that the same history and
 * state give the same decisions; values are records of strings, numbers, booleans, instants, enums
 * and lists of such records, so that they serialize to JSON.
 *
 * <p>Implementations are thread-safe; {@link #update} is atomic per key.
 */
public interface PolicyState {

  /**
   * The value under the key, if there is one and it has the type.
   *
   * @param <T> the type of the value
   * @param key the key
   * @param type the type of the value
   * @return the value, or empty
   */
  <T extends Record> Optional<T> get(String key, Class<T> type);

  /**
   * Atomically replaces the value under the key with what the function makes of the current one
   * (empty when absent), and returns the new value. The function may run more than once and must
   * not have side effects.
   *
   * @param <T> the type of the value
   * @param key the key
   * @param type the type of the value
   * @param change makes the new value from the current one
   * @return the new value
   */
  <T extends Record> T update(String key, Class<T> type, Function<Optional<T>, T> change);

  /**
   * All keys and values, for inspection and for copying into another state.
   *
   * @return the keys and their values
   */
  Map<String, Record> snapshot();

  /**
   * A new, empty, thread-safe state held in memory.
   *
   * @return a new, empty, thread-safe state held in memory
   */
  static PolicyState inMemory() {
    return new InMemoryPolicyState(Map.of());
  }

  /**
   * A state held in memory that starts with the given values (as after a restart).
   *
   * @param initial the first value
   * @return a state held in memory that starts with the given values (as after a restart)
   */
  static PolicyState inMemory(Map<String, Record> initial) {
    return new InMemoryPolicyState(initial);
  }
}
