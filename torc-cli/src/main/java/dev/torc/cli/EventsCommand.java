package dev.torc.cli;

import dev.torc.sdk.EventLog;
import dev.torc.sdk.Torc;
import dev.torc.store.WorkflowEvent;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code torc events list WF}: a workflow's event log. */
@Command(
    name = "events",
    mixinStandardHelpOptions = true,
    description = "Read a workflow's event log.",
    subcommands = {EventsCommand.ListEvents.class})
final class EventsCommand {

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "List a workflow's events, oldest first: creation, status changes, retries,"
            + " classifications (with who made them and why), resets and cancellations."
      })
  static final class ListEvents extends StoreCommand {
    @Parameters(paramLabel = "WORKFLOW_ID", description = "The workflow.")
    long workflowId;

    @Option(names = "--kind", paramLabel = "KIND", description = "Only events of this kind.")
    String kind;

    @Override
    int run(Torc torc) {
      EventLog log = torc.events(workflowId, kind);
      List<WorkflowEvent> events = log.events();
      if (json()) {
        output().json(log.toJson());
      } else {
        output()
            .table(
                List.of("ID", "Time", "Kind", "Job", "Message"),
                events.stream()
                    .map(
                        e ->
                            List.of(
                                String.valueOf(e.id()),
                                e.timestamp().toString(),
                                e.kind(),
                                e.jobId() == null ? "" : String.valueOf(e.jobId()),
                                e.message()))
                    .toList());
      }
      return ExitCodes.OK;
    }
  }
}
