package dev.torc.cli;

import dev.torc.model.SlurmScheduler;
import dev.torc.model.Workflow;
import dev.torc.model.WorkflowAction;
import dev.torc.sdk.Hpc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code torc slurm generate SPEC}: a spec with Slurm schedulers and staged actions. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Generate Slurm schedulers for a spec's jobs on an HPC profile, and the actions that"
          + " request their allocations, and print (or write) the resulting spec.",
      "One scheduler per resource-requirements group (or partition), on the smallest partition"
          + " that fits its largest job, walltime 1.5 x its longest runtime capped by the partition;"
          + " jobs that wait for nothing are scheduled on_workflow_start, the others on_jobs_ready."
          + " A job that fits no partition is an error naming the limit.",
      "The spec's own slurm_schedulers and schedule_nodes actions are replaced."
    })
final class SlurmGenerateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SPEC", description = "The workflow spec file.")
  Path specFile;

  @Mixin SlurmPlanOptions plan;

  @Option(names = "--no-actions", description = "Generate schedulers only, no actions.")
  boolean noActions;

  @Option(
      names = "--dry-run",
      description = "Show the planned schedulers and actions instead of the spec.")
  boolean dryRun;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write the spec to this file (.yaml, .json or .json5) instead of printing it.")
  Path output;

  @Override
  public Integer call() throws IOException {
    Workflow generated =
        Hpc.fromEnvironment()
            .generateSchedulers(specFile, plan.profile, plan.toOptions(!noActions));
    Output out = new Output(spec.commandLine().getOut());
    boolean json = ((TorcCommand) spec.root().userObject()).format == TorcCommand.Format.json;
    if (dryRun) {
      Map<String, Object> summary = summary(generated);
      if (json) {
        out.json(summary);
      } else {
        out.table(
            List.of("Scheduler", "Partition", "Nodes", "Walltime", "Mem", "GRES"),
            generated.slurmSchedulers().stream()
                .map(
                    s ->
                        List.of(
                            s.name(),
                            s.partition(),
                            String.valueOf(s.nodes()),
                            s.walltime(),
                            String.valueOf(s.mem()),
                            s.gres() == null ? "" : s.gres()))
                .toList());
        for (WorkflowAction a : generated.actions()) {
          out.line(a.describe() + " x" + a.numAllocations());
        }
      }
      return ExitCodes.OK;
    }
    String text = Hpc.specText(generated, output);
    if (output == null) {
      out.text(text);
    } else {
      Files.writeString(output, text);
      out.line(
          "Wrote "
              + output
              + " with "
              + generated.slurmSchedulers().size()
              + " schedulers and "
              + generated.actions().size()
              + " actions");
    }
    return ExitCodes.OK;
  }

  private static Map<String, Object> summary(Workflow w) {
    List<Object> schedulers = new ArrayList<>();
    for (SlurmScheduler s : w.slurmSchedulers()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", s.name());
      m.put("account", s.account());
      m.put("partition", s.partition());
      m.put("nodes", s.nodes());
      m.put("walltime", s.walltime());
      m.put("mem", s.mem());
      m.put("gres", s.gres());
      m.put("job_count", w.jobs().stream().filter(j -> s.name().equals(j.scheduler())).count());
      schedulers.add(m);
    }
    List<Object> actions = new ArrayList<>();
    for (WorkflowAction a : w.actions()) {
      actions.add(dev.torc.spec.internal.SpecWriter.action(a));
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("dry_run", true);
    json.put("schedulers", schedulers);
    json.put("actions", actions);
    return json;
  }
}
