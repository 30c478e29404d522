package dev.torc.recovery.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.torc.model.Memory;
import dev.torc.recovery.classify.FailureCause;
import dev.torc.recovery.policy.CauseBudgets;
import dev.torc.recovery.policy.OomSizing;
import dev.torc.recovery.policy.Resizing;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A workflow recovery policy as {@code torc recover --what-if POLICY.yaml} reads it: the settings
 * of {@code torc recover} and {@code torc watch --recover} in one YAML document, every key
 * optional.
 *
 * <pre>{@code
 * memory_multiplier: 1.5      # --memory-multiplier
 * runtime_multiplier: 1.5     # --runtime-multiplier
 * oom_headroom: 6             # the first retry after a memory kill asks for 6x; 1 turns it off
 * oom_margin: 1.2             # then the requirement is its peak x 1.2
 * retry_unknown: false        # --retry-unknown
 * retry_causes: [transient, preempted, node_fail]
 * budgets: {oom: 3, timeout: 3, transient: 3}   # retries per job and cause
 * max_memory: 16g             # default: this machine's
 * max_runtime: PT4H           # --max-runtime
 * max_passes: 3               # torc watch --max-retries
 * }</pre>
 *
 * @param memoryMultiplier growth of memory after an out-of-memory failure, above 1
 * @param runtimeMultiplier growth of runtime after a timeout, above 1
 * @param oomSizing how memory-killed jobs are sized
 * @param retryUnknown whether unknown failures run again unchanged
 * @param retryCauses causes whose jobs run again unchanged
 * @param budgets retries per job and cause
 * @param maxMemory the most memory a job may request, or {@code null} for no limit
 * @param maxRuntime the longest runtime a job may request, or {@code null} for no limit
 * @param maxPasses the most recovery passes, at least 0
 */
public record WhatIfPolicy(
    double memoryMultiplier,
    double runtimeMultiplier,
    OomSizing oomSizing,
    boolean retryUnknown,
    Set<FailureCause> retryCauses,
    CauseBudgets.Config budgets,
    Memory maxMemory,
    Duration maxRuntime,
    int maxPasses) {

  private static final List<String> KEYS =
      List.of(
          "memory_multiplier",
          "runtime_multiplier",
          "oom_headroom",
          "oom_margin",
          "retry_unknown",
          "retry_causes",
          "budgets",
          "max_memory",
          "max_runtime",
          "max_passes");

  /**
   * What {@code torc watch --recover} does with its defaults, bounded by this memory.
   *
   * @param maxMemory the most memory a job may get
   * @return what {@code torc watch --recover} does with its defaults, bounded by this memory
   */
  public static WhatIfPolicy defaults(Memory maxMemory) {
    return new WhatIfPolicy(
        1.5,
        1.5,
        OomSizing.DEFAULT,
        false,
        EnumSet.of(FailureCause.TRANSIENT, FailureCause.PREEMPTED, FailureCause.NODE_FAIL),
        RetryBudgets.DEFAULT,
        maxMemory,
        null,
        3);
  }

  /**
   * Checks the values.
   *
   * @param memoryMultiplier growth of memory after an out-of-memory failure, above 1
   * @param runtimeMultiplier growth of runtime after a timeout, above 1
   * @param oomSizing how memory-killed jobs are sized
   * @param retryUnknown whether unknown failures run again unchanged
   * @param retryCauses causes whose jobs run again unchanged
   * @param budgets retries per job and cause
   * @param maxMemory the most memory a job may request, or {@code null} for no limit
   * @param maxRuntime the longest runtime a job may request, or {@code null} for no limit
   * @param maxPasses the most recovery passes, at least 0
   */
  public WhatIfPolicy {
    Resizing.requireMultiplier(memoryMultiplier);
    Resizing.requireMultiplier(runtimeMultiplier);
    Objects.requireNonNull(oomSizing, "oomSizing");
    retryCauses =
        retryCauses.isEmpty()
            ? Set.of()
            : Set.copyOf(EnumSet.copyOf(Objects.requireNonNull(retryCauses)));
    Objects.requireNonNull(budgets, "budgets");
    if (maxPasses < 0) {
      throw new IllegalArgumentException("max_passes cannot be negative: " + maxPasses);
    }
  }

  /**
   * Reads a policy: each key given replaces the default's.
   *
   * @param yaml the policy document
   * @param defaults the values of the keys not given
   * @throws IllegalArgumentException when the document is not a valid policy, with what is wrong
   * @return the policy
   */
  public static WhatIfPolicy parse(String yaml, WhatIfPolicy defaults) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a YAML document: " + e.getOriginalMessage(), e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return defaults;
    }
    if (!root.isObject()) {
      throw new IllegalArgumentException("a recovery policy is a mapping of " + KEYS);
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!KEYS.contains(name)) {
        throw new IllegalArgumentException("unknown key '" + name + "'; the keys are " + KEYS);
      }
    }
    return new WhatIfPolicy(
        number(root, "memory_multiplier", defaults.memoryMultiplier()),
        number(root, "runtime_multiplier", defaults.runtimeMultiplier()),
        new OomSizing(
            number(root, "oom_headroom", defaults.oomSizing().headroomFactor()),
            number(root, "oom_margin", defaults.oomSizing().margin())),
        root.has("retry_unknown") ? bool(root.get("retry_unknown")) : defaults.retryUnknown(),
        root.has("retry_causes") ? causes(root.get("retry_causes")) : defaults.retryCauses(),
        root.has("budgets") ? budgets(root.get("budgets")) : defaults.budgets(),
        root.has("max_memory")
            ? Memory.parse(root.get("max_memory").asText())
            : defaults.maxMemory(),
        root.has("max_runtime") ? duration(root.get("max_runtime")) : defaults.maxRuntime(),
        root.has("max_passes") ? (int) number(root, "max_passes", 0) : defaults.maxPasses());
  }

  /** The budget for a cause, or {@code null} for no limit. */
  Integer budget(FailureCause cause) {
    return budgets.budgets().get(cause);
  }

  private static double number(JsonNode root, String key, double fallback) {
    JsonNode n = root.get(key);
    if (n == null) {
      return fallback;
    }
    if (!n.isNumber()) {
      throw new IllegalArgumentException(key + " must be a number, was '" + n.asText() + "'");
    }
    return n.asDouble();
  }

  private static boolean bool(JsonNode n) {
    if (!n.isBoolean()) {
      throw new IllegalArgumentException("retry_unknown must be true or false");
    }
    return n.asBoolean();
  }

  private static Set<FailureCause> causes(JsonNode n) {
    if (!n.isArray()) {
      throw new IllegalArgumentException("retry_causes must be a list of causes");
    }
    List<FailureCause> causes = new ArrayList<>();
    n.forEach(c -> causes.add(cause(c.asText())));
    return causes.isEmpty() ? Set.of() : EnumSet.copyOf(causes);
  }

  private static CauseBudgets.Config budgets(JsonNode n) {
    if (!n.isObject()) {
      throw new IllegalArgumentException("budgets must map causes to retries, such as {oom: 2}");
    }
    Map<FailureCause, Integer> budgets = new EnumMap<>(FailureCause.class);
    n.fields()
        .forEachRemaining(
            e -> {
              if (!e.getValue().canConvertToInt()) {
                throw new IllegalArgumentException(
                    "the budget of " + e.getKey() + " must be a whole number");
              }
              budgets.put(cause(e.getKey()), e.getValue().asInt());
            });
    return new CauseBudgets.Config(budgets);
  }

  private static FailureCause cause(String text) {
    try {
      return FailureCause.valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown cause '" + text + "'; one of " + EnumSet.allOf(FailureCause.class), e);
    }
  }

  private static Duration duration(JsonNode n) {
    try {
      Duration d = Duration.parse(n.asText());
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException("max_runtime must be positive, was " + n.asText());
      }
      return d;
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "max_runtime must be an ISO-8601 duration such as PT4H, was '" + n.asText() + "'", e);
    }
  }
}
