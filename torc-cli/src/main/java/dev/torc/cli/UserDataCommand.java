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
    description = "Inspect the user data of a workflow: JSON values its jobs pass to each other.",
    subcommands = {UserDataCommand.ListUserData.class})
final class UserDataCommand {

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
