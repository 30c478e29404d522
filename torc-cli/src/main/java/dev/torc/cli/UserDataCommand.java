package dev.torc.cli;

import dev.torc.sdk.Listed;
import dev.torc.sdk.Torc;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code torc user-data ...}: the data records a workflow's jobs pass to each other. */
@Command(
    name = "user-data",
    mixinStandardHelpOptions = true,
    description = {
      "Inspect and change the user data of a workflow: JSON values its jobs pass to each other.",
      "A record is named by its workflow and its name (the original torc used a record id)."
    },
    subcommands = {
      UserDataCommand.ListUserData.class,
      UserDataCommand.Create.class,
      UserDataCommand.Update.class,
      UserDataCommand.Delete.class
    })
final class UserDataCommand {
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /** The value of --data: JSON text as plain Java values; {@code null} when not given. */
  static Object parse(String data) {
    if (data == null) {
      return null;
    }
    try {
      return JSON.readValue(data, Object.class);
    } catch (java.io.IOException e) {
      throw new InvalidInputException(
          "--data is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Add user data to a stored workflow.",
        "With -f json: the record with workflow_id, name and data."
      },
      footer = {"", "Example: torc user-data create 1 --name config --data '{\"key\": \"value\"}'"})
  static final class Create extends StoreCommand {
    @Parameters(paramLabel = "WORKFLOW_ID", description = "The workflow.")
    long workflowId;

    @Option(
        names = {"-n", "--name"},
        required = true,
        paramLabel = "NAME",
        description = "The record's name, unique in the workflow.")
    String name;

    @Option(
        names = {"-d", "--data"},
        paramLabel = "JSON",
        description = "The value, as JSON; null when not given.")
    String data;

    @Override
    int run(Torc torc) {
      show(torc.createUserData(workflowId, name, parse(data), actor()));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "update",
      mixinStandardHelpOptions = true,
      description = {
        "Replace the value of a workflow's user data.",
        "With -f json: the record with workflow_id, name and data."
      },
      footer = {"", "Example: torc user-data update 1 config --data '[1, 2]'"})
  static final class Update extends StoreCommand {
    @Parameters(index = "0", paramLabel = "WORKFLOW_ID", description = "The workflow.")
    long workflowId;

    @Parameters(index = "1", paramLabel = "NAME", description = "The record's name.")
    String name;

    @Option(
        names = {"-d", "--data"},
        required = true,
        paramLabel = "JSON",
        description = "The new value, as JSON.")
    String data;

    @Override
    int run(Torc torc) {
      show(torc.updateUserData(workflowId, name, parse(data), actor()));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = {
        "Delete a workflow's user data. Refused while jobs read or write it, naming them.",
        "With -f json: the record as it was."
      },
      footer = {"", "Example: torc user-data delete 1 config"})
  static final class Delete extends StoreCommand {
    @Parameters(index = "0", paramLabel = "WORKFLOW_ID", description = "The workflow.")
    long workflowId;

    @Parameters(index = "1", paramLabel = "NAME", description = "The record's name.")
    String name;

    @Override
    int run(Torc torc) {
      show(torc.deleteUserData(workflowId, name, actor()));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "List a workflow's user data in the order of its spec.",
        "With -f json: {\"user_data\": [...], \"total_count\"}, each with workflow_id, name and"
            + " data."
      })
  static final class ListUserData extends StoreCommand {
    @Parameters(paramLabel = "WORKFLOW_ID", description = "The workflow.")
    long workflowId;

    @Option(names = "--name", paramLabel = "NAME", description = "Only the record with this name.")
    String name;

    @Mixin ListOptionsMixin list;

    @Override
    int run(Torc torc) {
      Listed data = torc.userData(workflowId, name, list.query());
      if (json()) {
        output().json(data.toJson());
      } else {
        output()
            .table(
                List.of("Name", "Data"),
                data.items().stream()
                    .map(
                        d ->
                            List.of(FilesCommand.str(d, "name"), Output.compactJson(d.get("data"))))
                    .toList());
      }
      return ExitCodes.OK;
    }
  }
}
