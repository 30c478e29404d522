package dev.torc.model.internal;

import dev.torc.model.ResourceRequirements;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What a workflow's resource requirements may not ask for: no memory, or absurd amounts. */
public final class RequirementLimits {
  private RequirementLimits() {}

  /** What is wrong with these requirements, one sentence each; empty when nothing is. */
  public static List<String> problems(ResourceRequirements rr) {
    String what = "resource requirements '" + rr.name() + "': ";
    List<String> problems = new ArrayList<>();
    if (rr.memory().bytes() == 0) {
      problems.add(what + "memory must be more than 0");
    } else if (rr.memory().compareTo(ResourceRequirements.MAX_MEMORY) > 0) {
      problems.add(atMost(what, "memory", rr.memory(), ResourceRequirements.MAX_MEMORY));
    }
    if (rr.numCpus() > ResourceRequirements.MAX_CPUS) {
      problems.add(atMost(what, "num_cpus", rr.numCpus(), ResourceRequirements.MAX_CPUS));
    }
    if (rr.numGpus() > ResourceRequirements.MAX_GPUS) {
      problems.add(atMost(what, "num_gpus", rr.numGpus(), ResourceRequirements.MAX_GPUS));
    }
    if (rr.numNodes() > ResourceRequirements.MAX_NODES) {
      problems.add(atMost(what, "num_nodes", rr.numNodes(), ResourceRequirements.MAX_NODES));
    }
    if (rr.runtime().compareTo(ResourceRequirements.MAX_RUNTIME) > 0) {
      long most = ResourceRequirements.MAX_RUNTIME.toDays();
      problems.add(
          String.format(
              Locale.ROOT,
              "%sruntime of %,d days is longer than the most, %d days (P%dD)",
              what,
              rr.runtime().toDays(),
              most,
              most));
    }
    return problems;
  }

  private static String atMost(String what, String field, Object value, Object most) {
    return what + field + " " + value + " is more than the most, " + most;
  }
}
