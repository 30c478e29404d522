package dev.torc.model.internal;

import dev.torc.model.SpecProblem;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects problem messages without repeats, keeping at most {@link #LIMIT} and counting the rest,
 * so that a template expanded a million times cannot produce a million messages.
 */
public final class Problems {
  /** The most problems kept. */
  public static final int LIMIT = 100;

  private final Set<String> messages = new LinkedHashSet<>();
  private int dropped;

  /** Records a problem. */
  public void add(String message) {
    if (messages.size() < LIMIT) {
      messages.add(message);
    } else if (!messages.contains(message)) {
      dropped++;
    }
  }

  /** Whether no problem was recorded. */
  public boolean isEmpty() {
    return messages.isEmpty();
  }

  /** How many problems were recorded, counting those beyond the limit. */
  public int count() {
    return messages.size() + dropped;
  }

  /** The problems, with a last one saying how many were left out. */
  public List<SpecProblem> toList() {
    List<SpecProblem> list = new ArrayList<>(messages.size() + 1);
    for (String message : messages) {
      list.add(SpecProblem.of(message));
    }
    if (dropped > 0) {
      list.add(SpecProblem.of("... and " + dropped + " more problems"));
    }
    return list;
  }
}
