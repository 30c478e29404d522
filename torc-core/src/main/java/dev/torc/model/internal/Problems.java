package dev.torc.model.internal;

import dev.torc.model.SpecProblem;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects problems without repeats, keeping at most {@link #LIMIT} and counting the rest, so that
 * a template expanded a million times cannot produce a million messages.
 */
public final class Problems {
  /** The most problems kept. */
  public static final int LIMIT = 100;

  private final Set<SpecProblem> problems = new LinkedHashSet<>();
  private int dropped;

  /** Records a problem with no position. */
  public void add(String message) {
    add(SpecProblem.of(message));
  }

  /** Records a problem. */
  public void add(SpecProblem problem) {
    if (problems.size() < LIMIT) {
      problems.add(problem);
    } else if (!problems.contains(problem)) {
      dropped++;
    }
  }

  /** Whether no problem was recorded. */
  public boolean isEmpty() {
    return problems.isEmpty();
  }

  /** How many problems were recorded, counting those beyond the limit. */
  public int count() {
    return problems.size() + dropped;
  }

  /** The problems, with a last one saying how many were left out. */
  public List<SpecProblem> toList() {
    List<SpecProblem> list = new ArrayList<>(problems.size() + 1);
    list.addAll(problems);
    if (dropped > 0) {
      list.add(SpecProblem.of("... and " + dropped + " more problems"));
    }
    return list;
  }
}
