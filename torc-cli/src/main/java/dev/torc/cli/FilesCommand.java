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
    description = {
      "Inspect and change the files of a workflow: what its jobs read and write.",
      "A file is named by its workflow and its name (the original torc used a file id)."
    },
    subcommands = {
      FilesCommand.ListFiles.class,
      FilesCommand.Create.class,
      FilesCommand.Update.class,
      FilesCommand.Delete.class
    })
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

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Add a file to a stored workflow.",
        "With -f json: the file as files list shows it."
      },
      footer = {"", "Example: torc files create 1 --name input_data --path /data/input.csv"})
  static final class Create extends StoreCommand {
    @Parameters(paramLabel = "WORKFLOW_ID", description = "The workflow.")
    long workflowId;

    @Option(
        names = {"-n", "--name"},
        required = true,
        paramLabel = "NAME",
        description = "The file's name, unique in the workflow.")
    String name;

    @Option(
        names = {"-p", "--path"},
        required = true,
        paramLabel = "PATH",
        description = "Where the file is.")
    String path;

    @Override
    int run(Torc torc) {
      show(torc.createFile(workflowId, name, path, actor()));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "update",
      mixinStandardHelpOptions = true,
      description = {
        "Change where a workflow's file is.",
        "With -f json: the file as files list shows it."
      },
      footer = {"", "Example: torc files update 1 input_data --path /data/input2.csv"})
  static final class Update extends StoreCommand {
    @Parameters(index = "0", paramLabel = "WORKFLOW_ID", description = "The workflow.")
    long workflowId;

    @Parameters(index = "1", paramLabel = "NAME", description = "The file's name.")
    String name;

    @Option(
        names = {"-p", "--path"},
        required = true,
        paramLabel = "PATH",
        description = "The new path.")
    String path;

    @Override
    int run(Torc torc) {
      show(torc.updateFile(workflowId, name, path, actor()));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = {
        "Delete a workflow's file. Refused while jobs read or write it, naming them.",
        "With -f json: the file as it was."
      },
      footer = {"", "Example: torc files delete 1 input_data"})
  static final class Delete extends StoreCommand {
    @Parameters(index = "0", paramLabel = "WORKFLOW_ID", description = "The workflow.")
    long workflowId;

    @Parameters(index = "1", paramLabel = "NAME", description = "The file's name.")
    String name;

    @Override
    int run(Torc torc) {
      show(torc.deleteFile(workflowId, name, actor()));
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
