package dev.torc.cli;

import dev.torc.sdk.Listed;
import dev.torc.sdk.Torc;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code torc files ...}: the files a workflow's jobs read and write. */
@Command(
    name = "files",
    mixinStandardHelpOptions = true,
    description = "Inspect the files of a workflow: what its jobs read and write.",
    subcommands = {FilesCommand.ListFiles.class})
final class FilesCommand {

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "List a workflow's files in the order of its spec, with the jobs that write and read"
            + " each.",
        "With -f json: {\"files\": [...], \"total_count\"}, each with workflow_id, name, path,"
            + " st_mtime (seconds since the epoch, null when the file does not exist),"
            + " produced_by_job_ids and consumed_by_job_ids."
      })
  static final class ListFiles extends StoreCommand {
    @Parameters(paramLabel = "WORKFLOW_ID", description = "The workflow.")
    long workflowId;

    @Option(
        names = "--produced-by-job-id",
        paramLabel = "JOB_ID",
        description = "Only the files this job writes.")
    Long producedBy;

    @Mixin ListOptionsMixin list;

    @Override
    int run(Torc torc) {
      Listed files = torc.files(workflowId, producedBy, list.query());
      if (json()) {
        output().json(files.toJson());
      } else {
        output()
            .table(
                List.of("Name", "Path", "Exists", "Produced by", "Consumed by"),
                files.items().stream()
                    .map(
                        f ->
                            List.of(
                                str(f, "name"),
                                str(f, "path"),
                                f.get("st_mtime") == null ? "no" : "yes",
                                str(f, "produced_by_job_ids"),
                                str(f, "consumed_by_job_ids")))
                    .toList());
      }
      return ExitCodes.OK;
    }
  }

  /** A field of a JSON object as table text: lists without brackets, null as empty. */
  static String str(Map<String, Object> json, String field) {
    Object value = json.get(field);
    if (value instanceof List<?> list) {
      return String.join(",", list.stream().map(String::valueOf).toList());
    }
    return WorkflowsCommand.nullToEmpty(value);
  }
}
