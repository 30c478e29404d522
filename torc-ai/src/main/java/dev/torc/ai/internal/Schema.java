package dev.torc.ai.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds a tool's input schema: an object whose properties each say what they are. */
public final class Schema {
  private final Map<String, Object> properties = new LinkedHashMap<>();
  private final List<String> required = new ArrayList<>();

  public static Schema object() {
    return new Schema();
  }

  public Schema integer(String name, String description) {
    return property(name, Map.of("type", "integer", "description", description));
  }

  public Schema integer(String name, String description, long minimum, long maximum) {
    return property(
        name,
        Map.of(
            "type", "integer", "description", description, "minimum", minimum, "maximum", maximum));
  }

  public Schema id(String name, String description) {
    return property(name, Map.of("type", "integer", "minimum", 1, "description", description));
  }

  public Schema number(String name, String description) {
    return property(name, Map.of("type", "number", "description", description));
  }

  public Schema bool(String name, String description) {
    return property(name, Map.of("type", "boolean", "description", description));
  }

  public Schema string(String name, String description) {
    return property(name, Map.of("type", "string", "description", description));
  }

  public Schema choice(String name, String description, List<String> values) {
    return property(name, Map.of("type", "string", "enum", values, "description", description));
  }

  /** A property with a free-form schema of its own. */
  public Schema property(String name, Map<String, Object> schema) {
    properties.put(name, schema);
    return this;
  }

  /** Marks these properties as required. */
  public Schema required(String... names) {
    required.addAll(List.of(names));
    return this;
  }

  /** The properties as given, in order. */
  public Map<String, Object> properties() {
    return properties;
  }

  public List<String> requiredNames() {
    return required;
  }

  /** This schema as a JSON object, for nesting inside another one. */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("type", "object");
    map.put("properties", properties);
    if (!required.isEmpty()) {
      map.put("required", required);
    }
    map.put("additionalProperties", false);
    return map;
  }
}
