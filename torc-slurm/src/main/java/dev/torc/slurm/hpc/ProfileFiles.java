package dev.torc.slurm.hpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * HPC profiles as YAML: a map {@code profiles} from profile name to its fields ({@code
 * display_name}, {@code description}, {@code detect_env_var: NAME=value}, {@code detect_hostname:
 * REGEX}, {@code default_account}, {@code partitions}), each partition with {@code name}, {@code
 * cpus_per_node}, {@code memory_mb}, {@code max_walltime_secs}, {@code gpus_per_node}, {@code
 * gpu_type}, {@code min_nodes}, {@code max_nodes}, {@code shared}, {@code
 * requires_explicit_request} and {@code description}: the field names of the original torc's custom
 * profiles.
 */
public final class ProfileFiles {
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
              .build());
  private static final Set<String> PROFILE_FIELDS =
      Set.of(
          "display_name",
          "description",
          "detect_env_var",
          "detect_hostname",
          "default_account",
          "partitions");
  private static final Set<String> PARTITION_FIELDS =
      Set.of(
          "name",
          "description",
          "cpus_per_node",
          "memory_mb",
          "max_walltime_secs",
          "gpus_per_node",
          "gpu_type",
          "min_nodes",
          "max_nodes",
          "shared",
          "requires_explicit_request");

  private ProfileFiles() {}

  /**
   * The profiles in YAML text.
   *
   * @param source what to call the text in messages (its file)
   * @throws IllegalArgumentException naming the source and the field when the text is not valid
   * @param text the YAML text
   * @return the profiles, in the order the text lists them
   */
  public static List<HpcProfile> parse(String text, String source) {
    Object root;
    try {
      root = YAML.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(source + ": " + e.getOriginalMessage(), e);
    }
    if (root == null) {
      return List.of();
    }
    Map<String, Object> top = map(root, source, "the file");
    for (String key : top.keySet()) {
      if (!key.equals("profiles")) {
        throw new IllegalArgumentException(
            source + ": unknown field '" + key + "' (expected 'profiles')");
      }
    }
    Map<String, Object> profiles = map(top.getOrDefault("profiles", Map.of()), source, "profiles");
    List<HpcProfile> out = new ArrayList<>();
    for (Map.Entry<String, Object> e : profiles.entrySet()) {
      out.add(profile(e.getKey(), map(e.getValue(), source, "profile " + e.getKey()), source));
    }
    return out;
  }

  private static HpcProfile profile(String name, Map<String, Object> m, String source) {
    String what = source + ": profile " + name;
    checkFields(m, PROFILE_FIELDS, what);
    List<HpcPartition> partitions = new ArrayList<>();
    Object list = m.getOrDefault("partitions", List.of());
    if (!(list instanceof List<?> items)) {
      throw new IllegalArgumentException(what + ": 'partitions' must be a list");
    }
    for (Object item : items) {
      partitions.add(partition(map(item, source, "a partition of " + name), what));
    }
    try {
      return new HpcProfile(
          name,
          text(m, "display_name"),
          text(m, "description"),
          text(m, "detect_env_var"),
          text(m, "detect_hostname"),
          text(m, "default_account"),
          partitions);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
    }
  }

  private static HpcPartition partition(Map<String, Object> m, String what) {
    String name = text(m, "name");
    String here = what + ", partition " + (name == null ? "?" : name);
    checkFields(m, PARTITION_FIELDS, here);
    if (name == null) {
      throw new IllegalArgumentException(here + ": needs a 'name'");
    }
    try {
      Long maxNodes = number(m, "max_nodes", null, here);
      return new HpcPartition(
          name,
          text(m, "description"),
          Math.toIntExact(number(m, "cpus_per_node", -1L, here)),
          number(m, "memory_mb", -1L, here),
          Duration.ofSeconds(number(m, "max_walltime_secs", -1L, here)),
          Math.toIntExact(number(m, "gpus_per_node", 0L, here)),
          text(m, "gpu_type"),
          Math.toIntExact(number(m, "min_nodes", 1L, here)),
          maxNodes == null ? null : Math.toIntExact(maxNodes),
          bool(m, "shared", here),
          bool(m, "requires_explicit_request", here));
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(here + ": a number is too large", e);
    } catch (IllegalArgumentException e) {
      throw e.getMessage().startsWith(here)
          ? e
          : new IllegalArgumentException(here + ": " + e.getMessage(), e);
    }
  }

  /**
   * The profiles as YAML text that {@link #parse} reads back.
   *
   * @param profiles the profiles to write
   * @return the YAML text
   */
  public static String write(List<HpcProfile> profiles) {
    Map<String, Object> all = new LinkedHashMap<>();
    for (HpcProfile p : profiles) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("display_name", p.displayName());
      putIf(m, "description", p.description().isEmpty() ? null : p.description());
      putIf(m, "detect_env_var", p.detectEnvVar());
      putIf(m, "detect_hostname", p.detectHostname());
      putIf(m, "default_account", p.defaultAccount());
      List<Object> parts = new ArrayList<>();
      for (HpcPartition q : p.partitions()) {
        Map<String, Object> pm = new LinkedHashMap<>();
        pm.put("name", q.name());
        putIf(pm, "description", q.description().isEmpty() ? null : q.description());
        pm.put("cpus_per_node", q.cpusPerNode());
        pm.put("memory_mb", q.memoryMb());
        pm.put("max_walltime_secs", q.maxWalltime().toSeconds());
        if (q.gpusPerNode() > 0) {
          pm.put("gpus_per_node", q.gpusPerNode());
        }
        putIf(pm, "gpu_type", q.gpuType());
        if (q.minNodes() != 1) {
          pm.put("min_nodes", q.minNodes());
        }
        putIf(pm, "max_nodes", q.maxNodes());
        pm.put("shared", q.shared());
        if (q.requiresExplicitRequest()) {
          pm.put("requires_explicit_request", true);
        }
        parts.add(pm);
      }
      m.put("partitions", parts);
      all.put(p.name(), m);
    }
    try {
      return YAML.writeValueAsString(Map.of("profiles", all));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write profiles", e);
    }
  }

  private static void putIf(Map<String, Object> m, String key, Object value) {
    if (value != null) {
      m.put(key, value);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value, String source, String what) {
    if (value instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new IllegalArgumentException(source + ": " + what + " must be a map");
  }

  private static void checkFields(Map<String, Object> m, Set<String> allowed, String what) {
    for (String key : m.keySet()) {
      if (!allowed.contains(key)) {
        throw new IllegalArgumentException(what + ": unknown field '" + key + "'");
      }
    }
  }

  private static String text(Map<String, Object> m, String key) {
    Object v = m.get(key);
    return v == null ? null : v.toString();
  }

  private static Long number(Map<String, Object> m, String key, Long fallback, String what) {
    Object v = m.get(key);
    if (v == null) {
      if (fallback != null && fallback < 0) {
        throw new IllegalArgumentException(what + ": needs '" + key + "'");
      }
      return fallback;
    }
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.longValue();
    }
    throw new IllegalArgumentException(what + ": '" + key + "' must be a whole number, not " + v);
  }

  private static boolean bool(Map<String, Object> m, String key, String what) {
    Object v = m.get(key);
    if (v == null) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    throw new IllegalArgumentException(what + ": '" + key + "' must be true or false, not " + v);
  }
}
