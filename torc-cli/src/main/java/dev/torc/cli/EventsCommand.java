package dev.torc.cli;

import dev.torc.store.WorkflowEvent;
import dev.torc.store.WorkflowStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    int run(WorkflowStore store) {
      workflow(store, workflowId);
      List<WorkflowEvent> events =
          store.listEvents(workflowId).stream()
              .filter(e -> kind == null || e.kind().equals(kind))
              .toList();
      if (json()) {
        output()
            .json(
                Map.of(
                    "events",
                    events.stream()
                        .map(
                            e -> {
                              Map<String, Object> json = new LinkedHashMap<>();
                              json.put("id", e.id());
                              json.put("timestamp", e.timestamp().toString());
                              json.put("kind", e.kind());
                              json.put("job_id", e.jobId());
                              json.put("message", e.message());
                              return json;
                            })
                        .toList()));
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
