package dev.torc.cli;

import dev.torc.ai.AgentClassifier;
import dev.torc.sdk.PendingFailedClassifier;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --ai-recovery}: an AI agent classifies pending_failed jobs through torc's MCP server. */
final class AiRecoveryOptions {
  @Option(
      names = "--ai-recovery",
      description =
          "When jobs are pending_failed, run an AI agent non-interactively with torc's MCP server"
              + " (torc mcp-server on the same store) to classify them (retry or fail). If the"
              + " agent is missing, fails or times out, the jobs stay pending_failed.")
  boolean enabled;

  @Option(
      names = "--ai-agent",
      paramLabel = "AGENT",
      defaultValue = "claude",
      description =
          "claude (Claude Code), copilot (GitHub Copilot CLI) or a command line that gets the"
              + " prompt as its last argument and $TORC_MCP_CONFIG, $TORC_WORKFLOW_ID"
              + " (default: ${DEFAULT-VALUE}).")
  String agent;

  @Option(
      names = "--ai-timeout",
      paramLabel = "SECONDS",
      defaultValue = "600",
      description = "Stop the agent after this many seconds (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  /** The agent's classifier when {@code --ai-recovery} is on, else null. */
  PendingFailedClassifier classifier(String database, Path outputDir) {
    if (!enabled) {
      return null;
    }
    if (timeoutSeconds < 1) {
      throw new InvalidInputException("--ai-timeout must be at least 1, was " + timeoutSeconds);
    }
    return AgentClassifier.builder(agent)
        .timeout(Duration.ofSeconds(timeoutSeconds))
        .torcCommand(AgentClassifier.thisJvm(Main.class.getName()))
        .database(database)
        .outputDir(outputDir)
        .build();
  }
}
