package dev.torc.sdk.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Orders jobs into stages: each stage's jobs wait only for jobs of earlier stages. */
public final class Stages {
  private Stages() {}

  /**
   * The stages of these jobs, in time linear in jobs and dependencies.
   *
   * @param dependsOn each job's name with the names of the jobs it waits for, in job order
   * @param done names of jobs that ended: waiting for them (or for jobs not planned) costs nothing
   * @return the job names of each stage, in job order; jobs caught in a cycle are left out
   */
  public static List<List<String>> of(Map<String, List<String>> dependsOn, Set<String> done) {
    Map<String, Integer> order = new HashMap<>();
    Map<String, Integer> waiting = new HashMap<>();
    Map<String, List<String>> dependents = new HashMap<>();
    List<String> frontier = new ArrayList<>();
    for (Map.Entry<String, List<String>> job : dependsOn.entrySet()) {
      order.put(job.getKey(), order.size());
      int open = 0;
      for (String dep : job.getValue()) {
        if (dependsOn.containsKey(dep) && !done.contains(dep)) {
          open++;
          dependents.computeIfAbsent(dep, k -> new ArrayList<>()).add(job.getKey());
        }
      }
      waiting.put(job.getKey(), open);
      if (open == 0) {
        frontier.add(job.getKey());
      }
    }
    List<List<String>> stages = new ArrayList<>();
    while (!frontier.isEmpty()) {
      stages.add(frontier);
      List<String> next = new ArrayList<>();
      for (String name : frontier) {
        for (String dependent : dependents.getOrDefault(name, List.of())) {
          if (waiting.merge(dependent, -1, Integer::sum) == 0) {
            next.add(dependent);
          }
        }
      }
      next.sort(Comparator.comparing(order::get));
      frontier = next;
    }
    return stages;
  }
}
