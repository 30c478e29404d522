package dev.torc.ai.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The arguments of one tool call, read by name and type. Every wrong name, type or range is a
 * {@link ToolException} that says which parameter and what was expected.
 */
public final class ToolArgs {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String tool;
  private final Map<String, Object> values;

  public ToolArgs(String tool, Map<String, Object> values, Set<String> known) {
    this.tool = tool;
    this.values = values == null ? Map.of() : values;
    Set<String> unknown = new TreeSet<>(this.values.keySet());
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      throw new ToolException(
          tool + " has no parameter " + String.join(", ", unknown) + "; it takes " + known);
    }
  }

  /** Whether the caller gave this argument (a JSON null counts as not given). */
  public boolean has(String name) {
    return values.get(name) != null;
  }

  /** A required id: a positive integer. */
  public long id(String name) {
    Long value = optionalId(name);
    if (value == null) {
      throw new ToolException(tool + " needs " + name + " (a positive integer)");
    }
    return value;
  }

  /** An optional id: a positive integer, or null. */
  public Long optionalId(String name) {
    Long value = optionalLong(name);
    if (value != null && value <= 0) {
      throw new ToolException(name + " must be a positive integer, was " + value);
    }
    return value;
  }

  /** An optional whole number (JSON integer, or a string of digits), or null. */
  public Long optionalLong(String name) {
    Object value = values.get(name);
    if (value == null) {
      return null;
    }
    if (value instanceof Number n) {
      double d = n.doubleValue();
      if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 9.0e15) {
        return n.longValue();
      }
    } else if (value instanceof String s && s.trim().matches("-?\\d{1,18}")) {
      return Long.parseLong(s.trim());
    }
    throw new ToolException(name + " must be an integer, was " + describe(value));
  }

  /** An optional whole number within [min, max], or the default when absent. */
  public int integer(String name, int defaultValue, int min, int max) {
    Long value = optionalLong(name);
    if (value == null) {
      return defaultValue;
    }
    if (value < min || value > max) {
      throw new ToolException(name + " must be between " + min + " and " + max + ", was " + value);
    }
    return value.intValue();
  }

  /** An optional number, or null. */
  public Double optionalNumber(String name) {
    Object value = values.get(name);
    if (value == null) {
      return null;
    }
    if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
      return n.doubleValue();
    }
    if (value instanceof String s) {
      try {
        double d = Double.parseDouble(s.trim());
        if (Double.isFinite(d)) {
          return d;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new ToolException(name + " must be a number, was " + describe(value));
  }

  /** An optional true/false, or the default. */
  public boolean flag(String name, boolean defaultValue) {
    Object value = values.get(name);
    if (value == null) {
      return defaultValue;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(s);
    }
    throw new ToolException(name + " must be true or false, was " + describe(value));
  }

  /** An optional string, or null. */
  public String string(String name) {
    Object value = values.get(name);
    if (value == null) {
      return null;
    }
    if (value instanceof String s) {
      return s;
    }
    throw new ToolException(name + " must be a string, was " + describe(value));
  }

  /** A required, non-blank string. */
  public String requiredString(String name) {
    String value = string(name);
    if (value == null || value.isBlank()) {
      throw new ToolException(tool + " needs " + name);
    }
    return value;
  }

  /** One of the allowed words (case-insensitive), or the default when absent. */
  public String choice(String name, String defaultValue, List<String> allowed) {
    String value = string(name);
    if (value == null) {
      return defaultValue;
    }
    String lower = value.trim().toLowerCase(Locale.ROOT);
    if (!allowed.contains(lower)) {
      throw new ToolException(name + " must be one of " + allowed + ", was \"" + value + "\"");
    }
    return lower;
  }

  /**
   * A required array of objects, each read as its own arguments; the array may also come as JSON
   * text, as some clients send it.
   */
  public List<ToolArgs> objects(String name, Set<String> known) {
    Object value = values.get(name);
    if (value instanceof String text) {
      try {
        value = JSON.readValue(text, List.class);
      } catch (JsonProcessingException e) {
        throw new ToolException(name + " must be an array of objects, was " + describe(value));
      }
    }
    if (!(value instanceof List<?> list)) {
      throw new ToolException(tool + " needs " + name + " (an array of objects)");
    }
    List<ToolArgs> items = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof Map<?, ?> map)) {
        throw new ToolException(
            name + "[" + i + "] must be an object, was " + describe(list.get(i)));
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> fields = (Map<String, Object>) map;
      items.add(new ToolArgs(name + "[" + i + "]", fields, known));
    }
    return items;
  }

  /** An argument object or array as given, for tools that pass JSON through. */
  public Object raw(String name) {
    return values.get(name);
  }

  private static String describe(Object value) {
    String text = value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    return text.length() > 60 ? text.substring(0, 57) + "..." : text;
  }
}
