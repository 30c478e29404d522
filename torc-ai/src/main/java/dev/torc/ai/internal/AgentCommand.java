package dev.torc.ai.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line that runs an AI agent non-interactively with torc's MCP server.
 *
 * <p>Claude Code: {@code claude -p PROMPT --mcp-config FILE --allowedTools mcp__torc__TOOL,...}
 * (print mode; MCP servers from a JSON file; tools allowed without a permission prompt), as in
 * Anthropic's Claude Code CLI reference and headless-mode page
 * (docs.anthropic.com/en/docs/claude-code/cli-reference, .../sdk/sdk-headless).
 *
 * <p>GitHub Copilot CLI: {@code copilot -p PROMPT -s --additional-mcp-config @FILE --allow-tool
 * torc} (non-interactive prompt; output without decoration; an MCP configuration for this session
 * only, {@code @} marking a file path; every tool of the {@code torc} server allowed), as in
 * GitHub's "Copilot CLI programmatic reference" and "command reference"
 * (docs.github.com/en/copilot/reference/copilot-cli-reference/).
 *
 * <p>Any other agent is a command line: it gets the prompt as its last argument and the environment
 * variables {@code TORC_MCP_CONFIG} and {@code TORC_WORKFLOW_ID}.
 */
public record AgentCommand(String name, List<String> argv, Map<String, String> environment) {
  /** The MCP server's name in the configuration: its tools are {@code mcp__torc__*} in Claude. */
  public static final String SERVER_NAME = "torc";

  /** Builds the command line for this agent ("claude", "copilot" or a command line). */
  public static AgentCommand of(
      String agent, String prompt, Path mcpConfig, long workflowId, List<String> tools) {
    String trimmed = agent.strip();
    Map<String, String> env =
        Map.of(
            "TORC_MCP_CONFIG", mcpConfig.toString(), "TORC_WORKFLOW_ID", Long.toString(workflowId));
    List<String> argv = new ArrayList<>();
    switch (trimmed) {
      case "claude" -> {
        argv.addAll(List.of("claude", "-p", prompt, "--mcp-config", mcpConfig.toString()));
        argv.add("--allowedTools");
        argv.add(
            String.join(",", tools.stream().map(t -> "mcp__" + SERVER_NAME + "__" + t).toList()));
      }
      case "copilot" ->
          argv.addAll(
              List.of(
                  "copilot",
                  "-p",
                  prompt,
                  "-s",
                  "--additional-mcp-config",
                  "@" + mcpConfig,
                  "--allow-tool",
                  SERVER_NAME));
      default -> {
        argv.addAll(CommandLineWords.split(trimmed));
        argv.add(prompt);
      }
    }
    return new AgentCommand(trimmed, List.copyOf(argv), env);
  }

  /** Whether the agent reads Copilot's configuration format (servers with "tools"). */
  public boolean copilot() {
    return name.equals("copilot");
  }
}
