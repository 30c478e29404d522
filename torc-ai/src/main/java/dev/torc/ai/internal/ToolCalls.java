package dev.torc.ai.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.torc.TorcException;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns tool definitions into MCP tool specifications: one call at a time (the operations layer is
 * not thread-safe), the result as JSON text, and every refusal or failure as an error result with
 * one clear message instead of a protocol error or a stack trace.
 */
public final class ToolCalls {
  /** Answers longer than this are refused with a hint to ask for less. */
  public static final int MAX_ANSWER_CHARS = 256 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(ToolCalls.class);

  private final ObjectMapper json =
      new ObjectMapper()
          .findAndRegisterModules()
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  private final ReentrantLock lock = new ReentrantLock();

  /** The MCP specification of one tool. */
  public SyncToolSpecification specification(ToolDefinition tool) {
    Schema schema = tool.schema();
    McpSchema.Tool described =
        McpSchema.Tool.builder(tool.name(), schema.toMap())
            .description(tool.description())
            .annotations(
                McpSchema.ToolAnnotations.builder()
                    .readOnlyHint(!tool.mutating())
                    .openWorldHint(false)
                    .build())
            .build();
    Set<String> known = new HashSet<>(schema.properties().keySet());
    return SyncToolSpecification.builder()
        .tool(described)
        .callHandler((exchange, request) -> call(tool, known, exchange, request))
        .build();
  }

  private CallToolResult call(
      ToolDefinition tool,
      Set<String> known,
      McpSyncServerExchange exchange,
      CallToolRequest request) {
    String actor = actor(exchange);
    lock.lock();
    try {
      ToolArgs args = new ToolArgs(tool.name(), request.arguments(), known);
      Map<String, Object> answer = tool.handler().call(args, actor);
      String text = json.writerWithDefaultPrettyPrinter().writeValueAsString(answer);
      if (text.length() > MAX_ANSWER_CHARS) {
        return error(
            tool.name()
                + " would answer "
                + text.length()
                + " characters, more than the "
                + MAX_ANSWER_CHARS
                + " this server sends at once: ask for less (a limit, an offset, fewer"
                + " tail_lines, a filter)");
      }
      return CallToolResult.builder().addTextContent(text).isError(false).build();
    } catch (ToolException | TorcException | IllegalArgumentException e) {
      LOG.debug("{} refused: {}", tool.name(), e.getMessage());
      return error(e.getMessage());
    } catch (JsonProcessingException | RuntimeException e) {
      LOG.warn("{} failed", tool.name(), e);
      return error(tool.name() + " failed: " + e);
    } finally {
      lock.unlock();
    }
  }

  /** {@code mcp:<name>} of the client that called, from its initialize request. */
  static String actor(McpSyncServerExchange exchange) {
    McpSchema.Implementation client = exchange == null ? null : exchange.getClientInfo();
    String name = client == null || client.name() == null ? "" : client.name().strip();
    return "mcp:" + (name.isEmpty() ? "unknown-client" : name);
  }

  private static CallToolResult error(String message) {
    String text = message == null || message.isBlank() ? "the call failed" : message;
    return CallToolResult.builder().addTextContent(text).isError(true).build();
  }
}
