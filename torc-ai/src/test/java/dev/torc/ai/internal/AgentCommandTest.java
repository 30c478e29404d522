package dev.torc.ai.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentCommandTest {
  private static final Path CONFIG = Path.of("/tmp/torc-ai-1/mcp.json");
  private static final List<String> TOOLS = List.of("list_pending_failed_jobs", "get_job_logs");

  @Test
  void claudeRunsInPrintModeWithTheConfigurationAndOnlyTheNamedTools() {
    AgentCommand claude = AgentCommand.of("claude", "PROMPT", CONFIG, 4, TOOLS);

    assertThat(claude.argv())
        .containsExactly(
            "claude",
            "-p",
            "PROMPT",
            "--mcp-config",
            CONFIG.toString(),
            "--allowedTools",
            "mcp__torc__list_pending_failed_jobs,mcp__torc__get_job_logs");
    assertThat(claude.copilot()).isFalse();
  }

  @Test
  void copilotRunsItsProgrammaticModeWithTheConfigurationForThisSession() {
    AgentCommand copilot = AgentCommand.of("copilot", "PROMPT", CONFIG, 4, TOOLS);

    assertThat(copilot.argv())
        .containsExactly(
            "copilot",
            "-p",
            "PROMPT",
            "-s",
            "--additional-mcp-config",
            "@" + CONFIG,
            "--allow-tool",
            "torc");
    assertThat(copilot.copilot()).isTrue();
  }

  @Test
  void aCommandLineGetsThePromptLastAndTheConfigurationInItsEnvironment() {
    AgentCommand custom =
        AgentCommand.of("node '/my dir/agent.mjs' --fast", "PROMPT", CONFIG, 4, TOOLS);

    assertThat(custom.argv()).containsExactly("node", "/my dir/agent.mjs", "--fast", "PROMPT");
    assertThat(custom.environment())
        .containsEntry("TORC_MCP_CONFIG", CONFIG.toString())
        .containsEntry("TORC_WORKFLOW_ID", "4");
  }

  @Test
  void splitsCommandLinesLikeAShell() {
    assertThat(CommandLineWords.split("sh -c 'echo \"a b\"; exit 3'"))
        .containsExactly("sh", "-c", "echo \"a b\"; exit 3");
    assertThat(CommandLineWords.split("a\\ b \"c \\\"d\\\"\" ''"))
        .containsExactly("a b", "c \"d\"", "");
    assertThatThrownBy(() -> CommandLineWords.split("sh -c 'oops"))
        .hasMessageContaining("unclosed '");
    assertThatThrownBy(() -> CommandLineWords.split("   ")).hasMessageContaining("empty");
  }
}
