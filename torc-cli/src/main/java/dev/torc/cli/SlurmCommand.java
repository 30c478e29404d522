package dev.torc.cli;

import dev.torc.exec.MachineResources;
import dev.torc.model.SlurmScheduler;
import dev.torc.run.NodeRequest;
import dev.torc.run.RunOptions;
import dev.torc.sdk.RunReport;
import dev.torc.sdk.RunRequest;
import dev.torc.sdk.ScheduledNodes;
import dev.torc.sdk.Torc;
import dev.torc.slurm.AllocationWorker;
import dev.torc.slurm.LogFinding;
import dev.torc.store.AllocationRecord;
import dev.torc.store.SlurmSchedulerRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code torc slurm ...}: Slurm scheduler configurations, allocations, accounting and logs. */
@Command(
    name = "slurm",
    mixinStandardHelpOptions = true,
    description =
        "Run a workflow on a Slurm cluster: scheduler configurations (how to ask for an"
            + " allocation), allocations whose batch script runs torc workers, and Slurm's"
            + " accounting and logs of them.",
    subcommands = {
      SlurmCommand.Create.class,
      SlurmCommand.Update.class,
      SlurmCommand.ListSchedulers.class,
      SlurmCommand.Get.class,
      SlurmCommand.Delete.class,
      SlurmCommand.ScheduleNodes.class,
      SlurmCommand.Worker.class,
      SlurmCommand.Sacct.class,
      SlurmCommand.ParseLogs.class,
      SlurmGenerateCommand.class,
      SlurmRegenerateCommand.class
    })
final class SlurmCommand {

  /** The fields of a scheduler configuration, every one optional (for update). */
  static final class SchedulerFields {
    @Option(names = "--name", paramLabel = "NAME", description = "The configuration's name.")
    String name;

    @Option(names = "--account", paramLabel = "ACCOUNT", description = "The Slurm account.")
    String account;

    @Option(
        names = "--partition",
        paramLabel = "PARTITION",
        description = "The partition (default: the cluster's default).")
    String partition;

    @Option(names = "--nodes", paramLabel = "N", description = "Nodes per allocation (default 1).")
    Integer nodes;

    @Option(
        names = "--walltime",
        paramLabel = "TIME",
        description = "The allocation's time limit, HH:MM:SS or D-HH:MM:SS (default 01:00:00).")
    String walltime;

    @Option(names = "--mem", paramLabel = "MEM", description = "Memory per node, e.g. 180G.")
    String mem;

    @Option(names = "--gres", paramLabel = "GRES", description = "Generic resources, e.g. gpu:2.")
    String gres;

    @Option(names = "--qos", paramLabel = "QOS", description = "Quality of service.")
    String qos;

    @Option(names = "--ntasks-per-node", paramLabel = "N", description = "Tasks per node.")
    Integer ntasksPerNode;

    @Option(names = "--tmp", paramLabel = "SIZE", description = "Local scratch space per node.")
    String tmp;

    @Option(
        names = "--extra",
        paramLabel = "ARGS",
        description = "Further sbatch arguments, e.g. '--exclusive --constraint=lbw'.")
    String extra;

    /** These fields over {@code base} (null for none: name and account are then required). */
    SlurmScheduler over(SlurmScheduler base) {
      String n = pick(name, base == null ? null : base.name());
      if (n == null || n.isBlank()) {
        throw new InvalidInputException("--name is required");
      }
      String a = pick(account, base == null ? null : base.account());
      if (a == null || a.isBlank()) {
        throw new InvalidInputException("--account is required");
      }
      try {
        return new SlurmScheduler(
            n,
            a,
            pick(partition, base == null ? null : base.partition()),
            nodes != null ? nodes : base == null ? 1 : base.nodes(),
            pick(walltime, base == null ? null : base.walltime()),
            pick(mem, base == null ? null : base.mem()),
            pick(gres, base == null ? null : base.gres()),
            pick(qos, base == null ? null : base.qos()),
            ntasksPerNode != null ? ntasksPerNode : base == null ? null : base.ntasksPerNode(),
            pick(tmp, base == null ? null : base.tmp()),
            pick(extra, base == null ? null : base.extra()));
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(e.getMessage());
      }
    }

    private static String pick(String given, String old) {
      return given != null ? given : old;
    }
  }

  static Map<String, Object> toJson(SlurmSchedulerRecord r) {
    SlurmScheduler s = r.scheduler();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", r.id());
    json.put("workflow_id", r.workflowId());
    json.put("name", s.name());
    json.put("account", s.account());
    json.put("partition", s.partition());
    json.put("nodes", s.nodes());
    json.put("walltime", s.walltime());
    json.put("mem", s.mem());
    json.put("gres", s.gres());
    json.put("qos", s.qos());
    json.put("ntasks_per_node", s.ntasksPerNode());
    json.put("tmp", s.tmp());
    json.put("extra", s.extra());
    return json;
  }

  static Map<String, Object> toJson(AllocationRecord a) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", a.id());
    json.put("workflow_id", a.workflowId());
    json.put("scheduler_id", a.schedulerId());
    json.put("scheduler_name", a.schedulerName());
    json.put("slurm_job_id", a.slurmJobId());
    json.put("state", a.state());
    json.put("num_nodes", a.numNodes());
    json.put("submitted_at", a.submittedAt() == null ? null : a.submittedAt().toString());
    json.put("started_at", a.startedAt() == null ? null : a.startedAt().toString());
    json.put("ended_at", a.endedAt() == null ? null : a.endedAt().toString());
    return json;
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Add a Slurm scheduler configuration to a workflow (--name and --account).")
  static final class Create extends StoreCommand {
    @Parameters(paramLabel = "WORKFLOW_ID", description = "The workflow.")
    long workflowId;

    @Mixin SchedulerFields fields;

    @Override
    int run(Torc torc) {
      show(toJson(torc.slurm().createScheduler(workflowId, fields.over(null))));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "update",
      mixinStandardHelpOptions = true,
      description = "Change fields of a Slurm scheduler configuration; the others stay.")
  static final class Update extends StoreCommand {
    @Parameters(paramLabel = "ID", description = "The scheduler configuration's id.")
    long schedulerId;

    @Mixin SchedulerFields fields;

    @Override
    int run(Torc torc) {
      dev.torc.slurm.Slurm slurm = torc.slurm();
      SlurmScheduler old = slurm.getScheduler(schedulerId).scheduler();
      show(toJson(slurm.updateScheduler(schedulerId, fields.over(old))));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List a workflow's Slurm scheduler configurations.")
  static final class ListSchedulers extends StoreCommand {
    @Parameters(paramLabel = "WORKFLOW_ID", description = "The workflow.")
    long workflowId;

    @Override
    int run(Torc torc) {
      List<Map<String, Object>> rows =
          torc.slurm().listSchedulers(workflowId).stream().map(SlurmCommand::toJson).toList();
      if (json()) {
        output().json(Map.of("slurm_schedulers", rows));
      } else {
        List<String> header =
            List.of("id", "name", "account", "partition", "nodes", "walltime", "mem", "gres");
        output()
            .table(
                header,
                rows.stream()
                    .map(
                        r ->
                            header.stream()
                                .map(h -> WorkflowsCommand.nullToEmpty(r.get(h)))
                                .toList())
                    .toList());
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = "Show one Slurm scheduler configuration.")
  static final class Get extends StoreCommand {
    @Parameters(paramLabel = "ID", description = "The scheduler configuration's id.")
    long schedulerId;

    @Override
    int run(Torc torc) {
      show(toJson(torc.slurm().getScheduler(schedulerId)));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Delete a Slurm scheduler configuration (its allocations stay recorded).")
  static final class Delete extends StoreCommand {
    @Parameters(paramLabel = "ID", description = "The scheduler configuration's id.")
    long schedulerId;

    @Override
    int run(Torc torc) {
      if (!torc.slurm().deleteScheduler(schedulerId)) {
        throw new InvalidInputException("no Slurm scheduler with id " + schedulerId);
      }
      if (json()) {
        output().json(Map.of("id", schedulerId, "deleted", true));
      } else {
        output().line("Deleted Slurm scheduler " + schedulerId);
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "schedule-nodes",
      mixinStandardHelpOptions = true,
      description = {
        "Submit Slurm allocations that run torc workers for a workflow. Each worker runs the"
            + " workflow's ready jobs that fit the allocation's CPUs, memory and GPUs and end"
            + " before its walltime, and exits when nothing it could run is left.",
        "The batch script runs the same Java and torc as this command, on the same --database:"
            + " SQLite serves workers on one node, PostgreSQL workers on many."
      })
  static final class ScheduleNodes extends StoreCommand {
    @Parameters(paramLabel = "WORKFLOW_ID", description = "The workflow.")
    long workflowId;

    @Option(
        names = {"-n", "--num-allocations"},
        paramLabel = "N",
        defaultValue = "1",
        description = "How many allocations to submit (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(
        names = "--scheduler-config-id",
        paramLabel = "ID",
        description =
            "The scheduler configuration to submit with (default: the workflow's only one).")
    Long schedulerId;

    @Option(
        names = "--max-parallel-jobs",
        paramLabel = "N",
        description = "Each worker runs at most N jobs at once (default: as resources allow).")
    Integer maxParallelJobs;

    @Option(
        names = "--start-one-worker-per-node",
        description = "In a multi-node allocation, start a worker on every node (through srun).")
    boolean oneWorkerPerNode;

    @Option(
        names = {"-o", "--output-dir"},
        paramLabel = "DIR",
        defaultValue = TorcCommand.DEFAULT_OUTPUT_DIR,
        description =
            "Where the workers write job logs, and sbatch its own"
                + " (slurm_output_wf{W}_sl{JOB}.o/.e)"
                + TorcCommand.OUTPUT_DIR_HELP
                + ".")
    Path outputDir;

    @Override
    int run(Torc torc) {
      if (count < 1) {
        throw new InvalidInputException("--num-allocations must be at least 1, was " + count);
      }
      if (maxParallelJobs != null && maxParallelJobs < 1) {
        throw new InvalidInputException("--max-parallel-jobs must be at least 1");
      }
      String name =
          schedulerId == null ? null : torc.slurm().getScheduler(schedulerId).scheduler().name();
      ScheduledNodes scheduled =
          torc.scheduleNodes(
              "slurm",
              new NodeRequest(
                  root().databaseLocation(),
                  workflowId,
                  name,
                  count,
                  oneWorkerPerNode,
                  maxParallelJobs,
                  outputDir.toAbsolutePath()));
      if (json()) {
        output().json(scheduled.toJson());
      } else {
        output().line("Submitted Slurm allocations " + String.join(", ", scheduled.ids()));
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "worker",
      mixinStandardHelpOptions = true,
      description = {
        "Run a workflow's jobs inside the Slurm allocation this command runs in (the batch"
            + " script of schedule-nodes starts it): CPUs, memory and GPUs are the allocation's"
            + " on this node unless given, and no job starts whose runtime would not end before"
            + " the allocation's walltime. Exits when nothing it could run is left.",
        "On SIGTERM (scancel, the allocation's time up) it kills its jobs and exits at once;"
            + " torc workflows sync-status then makes them ready again."
      })
  static final class Worker extends StoreCommand {
    @Parameters(paramLabel = "WORKFLOW_ID", description = "The workflow.")
    long workflowId;

    @Mixin RunOptionsMixin run;

    @Override
    int run(Torc torc) {
      WorkerSignals.exitAtOnceOnTerm();
      AllocationWorker worker =
          torc.slurm().joinAllocation(workflowId, System.getenv(), MachineResources.detect());
      RunnerOptionsMixin r = run.runner;
      MachineResources alloc = worker.resources();
      RunOptions options =
          run.toOptions()
              .resources(
                  new MachineResources(
                      r.numCpus != null ? r.numCpus : alloc.cpus(),
                      r.memoryGb != null ? (long) (r.memoryGb * (1L << 30)) : alloc.memoryBytes(),
                      r.numGpus != null ? r.numGpus : alloc.gpus()))
              .deadline(worker.deadline())
              .build();
      RunReport report = torc.run(workflowId, RunRequest.of(options));
      RunLines.report(this, report);
      return RunLines.exitCode(report.result());
    }
  }

  @Command(
      name = "sacct",
      mixinStandardHelpOptions = true,
      description = "Show Slurm's accounting (sacct) of a workflow's allocations and their steps.")
  static final class Sacct extends StoreCommand {
    @Parameters(paramLabel = "WORKFLOW_ID", description = "The workflow.")
    long workflowId;

    @Option(
        names = "--save-json",
        description = "Also write the rows to OUTPUT_DIR/sacct_wf{W}.json.")
    boolean saveJson;

    @Option(
        names = {"-o", "--output-dir"},
        paramLabel = "DIR",
        defaultValue = TorcCommand.DEFAULT_OUTPUT_DIR,
        description = "Where --save-json writes" + TorcCommand.OUTPUT_DIR_HELP + ".")
    Path outputDir;

    @Override
    int run(Torc torc) throws IOException {
      List<Map<String, String>> rows = torc.slurm().sacct(workflowId);
      if (saveJson) {
        Files.createDirectories(outputDir);
        Path file = outputDir.resolve("sacct_wf" + workflowId + ".json");
        Files.writeString(
            file,
            new com.fasterxml.jackson.databind.ObjectMapper()
                .writerWithDefaultPrettyPrinter()
                .writeValueAsString(Map.of("workflow_id", workflowId, "rows", rows)));
        err().println("Wrote " + file);
      }
      if (json()) {
        output().json(Map.of("workflow_id", workflowId, "rows", rows));
      } else if (!rows.isEmpty()) {
        List<String> header = List.copyOf(rows.get(0).keySet());
        output()
            .table(
                header,
                rows.stream()
                    .map(r -> header.stream().map(h -> r.getOrDefault(h, "")).toList())
                    .toList());
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "parse-logs",
      mixinStandardHelpOptions = true,
      description =
          "Find known Slurm error lines (slurmstepd/srun errors, time limit, out of memory, node"
              + " failure, preemption, cancellation, crashes) in the sbatch logs of a workflow's"
              + " allocations.")
  static final class ParseLogs extends StoreCommand {
    @Parameters(paramLabel = "WORKFLOW_ID", description = "The workflow.")
    long workflowId;

    @Option(names = "--errors-only", description = "Leave out warnings.")
    boolean errorsOnly;

    @Option(
        names = {"-o", "--output-dir"},
        paramLabel = "DIR",
        defaultValue = TorcCommand.DEFAULT_OUTPUT_DIR,
        description = "Where the allocations' logs are" + TorcCommand.OUTPUT_DIR_HELP + ".")
    Path outputDir;

    @Override
    int run(Torc torc) {
      List<LogFinding> found = torc.slurm().parseLogs(workflowId, outputDir, errorsOnly);
      if (json()) {
        output()
            .json(
                Map.of(
                    "workflow_id",
                    workflowId,
                    "findings",
                    found.stream()
                        .map(
                            f -> {
                              Map<String, Object> m = new LinkedHashMap<>();
                              m.put("file", f.file());
                              m.put("line", f.line());
                              m.put("kind", f.kind());
                              m.put("severity", f.error() ? "error" : "warning");
                              m.put("text", f.text());
                              return m;
                            })
                        .toList()));
      } else {
        output()
            .table(
                List.of("file", "line", "kind", "text"),
                found.stream()
                    .map(
                        f ->
                            List.of(
                                Path.of(f.file()).getFileName().toString(),
                                String.valueOf(f.line()),
                                f.kind(),
                                f.text()))
                    .toList());
      }
      return ExitCodes.OK;
    }
  }

  private SlurmCommand() {}
}
