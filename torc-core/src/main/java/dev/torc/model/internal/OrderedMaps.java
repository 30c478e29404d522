package dev.torc.model.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Immutable copies of maps that keep their order. */
public final class OrderedMaps {
  private OrderedMaps() {}

  /** An unmodifiable copy in the same order; the shared empty map for {@code null} or empty. */
  public static <K, V> Map<K, V> copyOf(Map<K, V> map) {
    if (map == null || map.isEmpty()) {
      return Map.of();
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
