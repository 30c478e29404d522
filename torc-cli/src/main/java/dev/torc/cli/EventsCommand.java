package dev.torc.cli;

import dev.torc.sdk.EventLog;
import dev.torc.sdk.JsonViews;
import dev.torc.sdk.Torc;
import dev.torc.store.WorkflowEvent;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code torc events list WF}: a workflow's event log. */
@Command(
    name = "events",
    mixinStandardHelpOptions = true,
    description = "Read a workflow's event log.",
    subcommands = {EventsCommand.ListEvents.class, EventsCommand.Monitor.class})
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

    @Option(
        names = {"--kind", "-c", "--category"},
        paramLabel = "KIND",
        description = "Only events of this kind (--category is the original torc's name).")
    String kind;

    @Mixin ListOptionsMixin list;

    @Override
    int run(Torc torc) {
      EventLog log = torc.events(workflowId, kind, list.query());
      List<WorkflowEvent> events = log.events();
      if (json()) {
        output().json(log.toJson());
      } else {
        output().table(HEADER, events.stream().map(EventsCommand::row).toList());
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "monitor",
      mixinStandardHelpOptions = true,
      description = {
        "Print a workflow's new events as they are recorded, until --duration ends (default:"
            + " until interrupted with Ctrl-C). Events recorded before it starts are not shown"
            + " (see: torc events list).",
        "With -f json: one JSON object per line per event: id, timestamp, kind, job_id, message."
      },
      footer = {"", "Example: torc events monitor 1 --duration 30 --poll-interval 2"})
  static final class Monitor extends StoreCommand {
    @Parameters(paramLabel = "WORKFLOW_ID", description = "The workflow.")
    long workflowId;

    @Option(
        names = {"-d", "--duration"},
        paramLabel = "MINUTES",
        description = "Stop after this many minutes (fractions allowed; default: never).")
    Double durationMinutes;

    @Option(
        names = {"-p", "--poll-interval"},
        paramLabel = "SECONDS",
        defaultValue = "5",
        description = "Seconds between looks at the store (default: ${DEFAULT-VALUE}).")
    double pollInterval;

    @Option(
        names = {"-c", "--category", "--kind"},
        paramLabel = "KIND",
        description = "Only events of this kind.")
    String kind;

    @Override
    int run(Torc torc) throws Exception {
      if (durationMinutes != null && !(durationMinutes > 0)) {
        throw new InvalidInputException("--duration must be more than 0 minutes");
      }
      if (!(pollInterval > 0)) {
        throw new InvalidInputException("--poll-interval must be more than 0 seconds");
      }
      List<WorkflowEvent> before = torc.events(workflowId, kind).events();
      long last = before.isEmpty() ? 0 : before.get(before.size() - 1).id();
      long deadline =
          durationMinutes == null
              ? Long.MAX_VALUE
              : System.nanoTime() + (long) (durationMinutes * 60e9);
      err()
          .println(
              "Monitoring events of workflow "
                  + workflowId
                  + (durationMinutes == null
                      ? " until interrupted"
                      : " for " + durationMinutes + " minutes"));
      err().flush();
      while (true) {
        for (WorkflowEvent e : torc.eventsAfter(workflowId, kind, last).events()) {
          last = e.id();
          if (json()) {
            output().line(Output.compactJson(JsonViews.event(e)));
          } else {
            output().line(String.join("  ", row(e)));
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return ExitCodes.OK;
        }
        Thread.sleep(Math.max(1, Math.min(left / 1_000_000, (long) (pollInterval * 1000))));
      }
    }
  }

  private static final List<String> HEADER = List.of("ID", "Time", "Kind", "Job", "Message");

  private static List<String> row(WorkflowEvent e) {
    return List.of(
        String.valueOf(e.id()),
        e.timestamp().toString(),
        e.kind(),
        e.jobId() == null ? "" : String.valueOf(e.jobId()),
        e.message());
  }
}
