package dev.torc.cli;

import dev.torc.sdk.LogAnalysis;
import dev.torc.sdk.Torc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code torc logs ...}: what jobs' logs say. */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    description = "Analyze the logs jobs left behind.",
    subcommands = {LogsCommand.Analyze.class})
final class LogsCommand {

  @Command(
      name = "analyze",
      mixinStandardHelpOptions = true,
      description = {
        "Scan the logs of each job's latest attempt in a workflow's current run for known error"
            + " patterns (out of memory, killed, timeouts, connection and file-system errors,"
            + " segmentation faults, Python tracebacks, ...) and count them by type.",
        "PATH is an output directory (the one given to torc run, holding job_stdio/). When it"
            + " holds the logs of several workflows, name one with --workflow-id. Log bundles"
            + " (.tar.gz) are not read: extract them first.",
        "With -f json: {\"workflow_id\", \"files_scanned\", \"error_count\", \"errors_by_type\":"
            + " [{\"type\", \"cause\", \"count\", \"jobs\": [...]}], \"truncated\"}."
      },
      footer = {"", "Example: torc logs analyze output --workflow-id 1"})
  static final class Analyze extends StoreCommand {
    @Parameters(
        paramLabel = "PATH",
        arity = "0..1",
        description = "The output directory (default: the default output directory).")
    Path path;

    @Option(
        names = {"-w", "--workflow-id"},
        paramLabel = "WORKFLOW_ID",
        description = "The workflow whose logs to analyze (default: the only one in PATH).")
    Long workflowId;

    @Override
    int run(Torc torc) {
      Path dir = path != null ? path : torc.outputDir();
      if (!Files.isDirectory(dir)) {
        throw new InvalidInputException(
            dir
                + (Files.exists(dir)
                    ? " is not a directory (log bundles are not read: extract them first)"
                    : " does not exist"));
      }
      long id;
      if (workflowId != null) {
        id = workflowId;
      } else {
        List<Long> found = torc.workflowsWithLogs(dir);
        if (found.isEmpty()) {
          throw new InvalidInputException(
              "no job logs in " + dir + " (expected " + dir.resolve("job_stdio") + ")");
        }
        if (found.size() > 1) {
          throw new InvalidInputException(
              dir
                  + " holds logs of workflows "
                  + found.stream().map(String::valueOf).collect(Collectors.joining(", "))
                  + "; name one with --workflow-id");
        }
        id = found.get(0);
      }
      LogAnalysis analysis = torc.analyzeLogs(id, dir);
      if (json()) {
        output().json(analysis.toJson());
        return ExitCodes.OK;
      }
      output()
          .line(
              "Workflow "
                  + id
                  + ": "
                  + analysis.filesScanned()
                  + " log files scanned, "
                  + analysis.errorCount()
                  + " errors found"
                  + (analysis.truncated() ? " (some logs were not read: too many)" : ""));
      output()
          .table(
              List.of("Type", "Cause", "Count", "Jobs"),
              analysis.errorsByType().stream()
                  .map(
                      t ->
                          List.of(
                              t.type(),
                              t.cause(),
                              String.valueOf(t.count()),
                              t.jobs().stream()
                                  .map(m -> m.jobId() + " (" + m.name() + ")")
                                  .distinct()
                                  .collect(Collectors.joining(", "))))
                  .toList());
      return ExitCodes.OK;
    }
  }
}
