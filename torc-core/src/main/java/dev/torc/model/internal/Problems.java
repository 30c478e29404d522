package dev.torc.model.internal;

import dev.torc.model.SpecProblem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Collects problems without repeats, keeping at most {@link #LIMIT} and counting the rest, so that
 * a template expanded a million times cannot produce a million messages. A mistake that the
 * instances of one template repeat is one problem naming the template and how many instances it
 * hits.
 */
public final class Problems {
  /** The most problems kept. */
  public static final int LIMIT = 100;

  private final List<Object> entries = new ArrayList<>();
  private final Set<SpecProblem> seen = new HashSet<>();
  private final Map<String, Repeated> repeated = new HashMap<>();
  private int dropped;

  /** One problem shared by instances of a template. */
  private static final class Repeated {
    final String summary;
    final String firstMessage;
    final String firstJob;
    final int instances;
    int hits = 1;

    Repeated(String summary, String firstMessage, String firstJob, int instances) {
      this.summary = summary;
      this.firstMessage = firstMessage;
      this.firstJob = firstJob;
      this.instances = instances;
    }

    SpecProblem problem() {
      if (hits == 1) {
        return SpecProblem.of(firstMessage);
      }
      String where =
          hits >= instances
              ? "in all " + instances + " of its jobs"
              : "in " + hits + " of its " + instances + " jobs, such as '" + firstJob + "'";
      return SpecProblem.of(summary + " (" + where + ")");
    }
  }

  /** Records a problem with no position. */
  public void add(String message) {
    add(SpecProblem.of(message));
  }

  /** Records a problem. */
  public void add(SpecProblem problem) {
    if (seen.contains(problem)) {
      return;
    }
    if (entries.size() < LIMIT) {
      seen.add(problem);
      entries.add(problem);
    } else {
      dropped++;
    }
  }

  /**
   * Records a problem of one job expanded from a template. Instances whose problems read the same
   * in the template's terms make one problem: {@code summary}, followed by how many of the
   * template's jobs it hits; a problem that only one instance has keeps its own {@code message}.
   *
   * @param summary the problem in the template's terms, such as {@code job 'work_{i}' depends on
   *     unknown job 'prep_{i}'}
   * @param message the problem in this instance's terms, asked for only when it may be shown
   * @param jobName the instance's name
   * @param instances how many jobs the template expands to
   */
  public void addInstance(String summary, Supplier<String> message, String jobName, int instances) {
    Repeated known = repeated.get(summary);
    if (known != null) {
      known.hits++;
      return;
    }
    if (entries.size() < LIMIT) {
      Repeated fresh = new Repeated(summary, message.get(), jobName, instances);
      repeated.put(summary, fresh);
      entries.add(fresh);
    } else {
      dropped++;
    }
  }

  /** Whether no problem was recorded. */
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** How many problems were recorded, counting those beyond the limit. */
  public int count() {
    return entries.size() + dropped;
  }

  /** The problems, with a last one saying how many were left out. */
  public List<SpecProblem> toList() {
    List<SpecProblem> list = new ArrayList<>(entries.size() + 1);
    for (Object entry : entries) {
      list.add(entry instanceof Repeated r ? r.problem() : (SpecProblem) entry);
    }
    if (dropped > 0) {
      list.add(SpecProblem.of("... and " + dropped + " more problems"));
    }
    return list;
  }
}
