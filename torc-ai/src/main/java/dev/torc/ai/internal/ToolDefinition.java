package dev.torc.ai.internal;

import java.util.Map;

/**
 * One MCP tool: what clients see (name, description, parameters) and the one operations call it
 * makes.
 *
 * @param mutating whether a call can change the store or files (left out in read-only mode)
 */
public record ToolDefinition(
    String name, String description, Schema schema, boolean mutating, Handler handler) {

  /** Makes the tool's one call and returns the result's JSON view. */
  @FunctionalInterface
  public interface Handler {
    /**
     * @param actor who makes the change: {@code mcp:<client name>}
     */
    Map<String, Object> call(ToolArgs args, String actor);
  }
}
