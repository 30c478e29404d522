package dev.torc.cli;

import dev.torc.sdk.PlotsReport;
import dev.torc.sdk.Torc;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code torc reports plots WF}: writes the workflow's resource-plot page. */
@Command(
    name = "plots",
    mixinStandardHelpOptions = true,
    description = {
      "Write a self-contained HTML page (no network needed) with the workflow's resource plots: a"
          + " timeline of every attempt, memory and CPU over time per job, and the job graph.",
      "Memory and CPU curves come from the time series the resource monitor writes when the"
          + " spec sets resource_monitor.granularity: time_series; other attempts show their"
          + " averages as dashed lines. A spec with resource_monitor.generate_plots: true writes"
          + " the page when `torc run SPEC` ends.",
      "With -f json: {\"workflow_id\", \"path\", \"num_jobs\", \"num_attempts\","
          + " \"num_time_series\"}."
    },
    footer = {
      "",
      "Examples:",
      "  torc reports plots 1",
      "  torc reports plots 1 -o plots/ --run-output-dir /scratch/run1"
    })
final class ReportsPlotsCommand extends StoreCommand {
  @Parameters(paramLabel = "WORKFLOW_ID", description = "The workflow.")
  long workflowId;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      description =
          "Where to write the page, workflow_<id>_resources.html (default: plots under the run"
              + " output directory).")
  Path pageDir;

  @Option(
      names = "--run-output-dir",
      paramLabel = "DIR",
      description =
          "The output directory the runs used, where the time series are (default: the default"
              + " output directory of runs).")
  Path runOutputDir;

  @Override
  int run(Torc torc) {
    PlotsReport report = torc.plots(workflowId, runOutputDir, pageDir);
    if (json()) {
      output().json(report.toJson());
    } else {
      output()
          .line(
              "Wrote "
                  + report.path()
                  + ": "
                  + report.jobs()
                  + " jobs, "
                  + report.attempts()
                  + " attempts, "
                  + report.timeSeries()
                  + " with a time series");
    }
    return ExitCodes.OK;
  }
}
