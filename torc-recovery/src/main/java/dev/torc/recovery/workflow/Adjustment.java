package dev.torc.recovery.workflow;

import dev.torc.model.Memory;
import dev.torc.model.ResourceRequirements;
import java.util.Objects;

/**
 * One change a {@link ResourceHeuristic} makes to a failed job's requirements, such as more memory
 * after an out-of-memory failure.
 *
 * @param label what was detected, as printed and counted: {@code OOM}, {@code Timeout}, or a user
 *     heuristic's own
 * @param resource what changes, such as {@code memory} or {@code runtime}
 * @param from the old value as printed, such as {@code 8g}
 * @param to the new value as printed, such as {@code 12g}
 * @param requirements the job's requirements with the change
 */
public record Adjustment(
    String label, String resource, String from, String to, ResourceRequirements requirements) {

  /**
   * Checks the values.
   *
   * @param label what was detected, as printed and counted: {@code OOM}, {@code Timeout}, or a user
   *     heuristic's own
   * @param resource what changes, such as {@code memory} or {@code runtime}
   * @param from the old value as printed, such as {@code 8g}
   * @param to the new value as printed, such as {@code 12g}
   * @param requirements the job's requirements with the change
   */
  public Adjustment {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(requirements, "requirements");
  }

  /**
   * More memory after an out-of-memory failure: {@code current} with its memory set to {@code to}.
   *
   * @param current the current value
   * @param to the new value
   * @return the adjustment
   */
  public static Adjustment oomMemory(ResourceRequirements current, Memory to) {
    return new Adjustment(
        "OOM",
        "memory",
        current.memory().text(),
        to.text(),
        current.toBuilder().memory(to).build());
  }

  /**
   * The change as recovery prints it: {@code OOM detected, increasing memory 8g -> 12g}.
   *
   * @return the change as recovery prints it: {@code OOM detected, increasing memory 8g -> 12g}
   */
  public String describe() {
    return label + " detected, increasing " + resource + " " + from + " -> " + to;
  }
}
