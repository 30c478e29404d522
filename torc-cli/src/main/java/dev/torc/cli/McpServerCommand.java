package dev.torc.cli;

import dev.torc.ai.TorcMcpServer;
import dev.torc.sdk.Torc;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code torc mcp-server}: the MCP server on stdio, for AI agents and other MCP clients. */
@Command(
    name = "mcp-server",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the torc MCP tools on stdin/stdout to one MCP client (Claude Code, GitHub Copilot,"
          + " the MCP Inspector, any MCP client) until it closes stdin. Stdout carries nothing but"
          + " JSON-RPC; logs go to stderr.",
      "Tools: create_workflow, get_execution_plan, get_job_details, list_jobs_by_status,"
          + " get_workflow_status, get_workflow_summary, list_results, analyze_workflow_logs,"
          + " get_job_logs, list_failed_jobs, check_resource_utilization, get_slurm_sacct,"
          + " update_job_resources, recover_workflow, list_pending_failed_jobs,"
          + " classify_and_resolve_failures.",
      "Every change is recorded in the workflow's events as made by mcp:<client name>."
    },
    footer = {
      "",
      "Example: claude mcp add torc -- torc --database output/torc.db mcp-server"
          + " --output-dir output"
    })
final class McpServerCommand implements Callable<Integer> {
  @ParentCommand TorcCommand root;

  @Option(
      names = {"-o", "--output-dir"},
      paramLabel = "DIR",
      defaultValue = TorcCommand.DEFAULT_OUTPUT_DIR,
      description =
          "Where job logs are; logs are read only from inside it"
              + TorcCommand.OUTPUT_DIR_HELP
              + ".")
  Path outputDir;

  @Option(
      names = "--read-only",
      description =
          "List only the tools that change nothing (no create_workflow, update_job_resources,"
              + " recover_workflow, classify_and_resolve_failures).")
  boolean readOnly;

  @Override
  public Integer call() throws InterruptedException {
    Path workingDirectory = Path.of("").toAbsolutePath();
    try (Torc torc =
        Torc.builder()
            .database(root.databaseLocation())
            .outputDir(outputDir)
            .saveRoot(workingDirectory)
            .build()) {
      TorcMcpServer.builder(torc)
          .outputDir(outputDir)
          .readOnly(readOnly)
          .workingDirectory(workingDirectory)
          .build()
          .serveStdio();
    }
    return ExitCodes.OK;
  }
}
