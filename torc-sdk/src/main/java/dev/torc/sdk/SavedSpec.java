package dev.torc.sdk;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A spec file {@link Torc#saveSpec} wrote.
 *
 * @param path the file written
 * @param bytes its size in bytes
 */
public record SavedSpec(Path path, long bytes) implements JsonView {
  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("status", "success");
    json.put("path", path.toString());
    json.put("bytes", bytes);
    return json;
  }
}
