package dev.torc.cli;

import dev.torc.sdk.Listed;
import dev.torc.sdk.Torc;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code torc resource-requirements ...}: the CPUs, memory, GPUs and runtime jobs ask for. */
@Command(
    name = "resource-requirements",
    mixinStandardHelpOptions = true,
    description = {
      "Inspect and change the resource requirements of a workflow's jobs.",
      "Each distinct set of requirements has an id: the lowest id of the jobs that run with it"
          + " (jobs list shows it as resource_requirements_id). A job whose requirements"
          + " recovery changed has a set, and an id, of its own."
    },
    subcommands = {
      ResourceRequirementsCommand.ListRequirements.class,
      ResourceRequirementsCommand.Get.class,
      ResourceRequirementsCommand.Update.class
    })
final class ResourceRequirementsCommand {

  private static final List<String> HEADER =
      List.of("ID", "Name", "CPUs", "Memory", "GPUs", "Nodes", "Runtime", "Jobs");

  private static List<String> row(Map<String, Object> rr) {
    Object jobs = rr.get("job_ids");
    return List.of(
        FilesCommand.str(rr, "id"),
        FilesCommand.str(rr, "name"),
        FilesCommand.str(rr, "num_cpus"),
        FilesCommand.str(rr, "memory"),
        FilesCommand.str(rr, "num_gpus"),
        FilesCommand.str(rr, "num_nodes"),
        FilesCommand.str(rr, "runtime"),
        jobs instanceof List<?> l ? String.valueOf(l.size()) : "");
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "List a workflow's resource requirements.",
        "With -f json: {\"resource_requirements\": [...], \"total_count\"}, each with id,"
            + " workflow_id, name, num_cpus, memory, memory_bytes, num_gpus, num_nodes, runtime"
            + " and job_ids."
      })
  static final class ListRequirements extends StoreCommand {
    @Parameters(paramLabel = "WORKFLOW_ID", description = "The workflow.")
    long workflowId;

    @Mixin ListOptionsMixin list;

    @Override
    int run(Torc torc) {
      Listed listed = torc.resourceRequirements(workflowId, list.query());
      if (json()) {
        output().json(listed.toJson());
      } else {
        output()
            .table(HEADER, listed.items().stream().map(ResourceRequirementsCommand::row).toList());
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = "Show one set of resource requirements and the jobs that run with it.")
  static final class Get extends StoreCommand {
    @Parameters(paramLabel = "ID", description = "The requirements' id.")
    long id;

    @Override
    int run(Torc torc) {
      show(torc.resourceRequirement(id));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "update",
      mixinStandardHelpOptions = true,
      description = {
        "Change one set of resource requirements for every job that runs with it, except jobs"
            + " pending or running (they keep theirs for the attempt they run). Values not given"
            + " stay as they are. The change goes to the workflow's event log.",
        "With -f json: the new requirements with id, workflow_id and jobs_updated."
      },
      footer = {"", "Example: torc resource-requirements update 3 --memory 8g --runtime PT2H"})
  static final class Update extends StoreCommand {
    @Parameters(paramLabel = "ID", description = "The requirements' id.")
    long id;

    @Option(
        names = {"-n", "--name"},
        paramLabel = "NAME",
        description = "New name.")
    String name;

    @Option(names = "--num-cpus", paramLabel = "N", description = "CPUs per node.")
    Integer numCpus;

    @Option(names = "--num-gpus", paramLabel = "N", description = "GPUs per node.")
    Integer numGpus;

    @Option(names = "--num-nodes", paramLabel = "N", description = "Nodes.")
    Integer numNodes;

    @Option(
        names = {"-m", "--memory"},
        paramLabel = "MEMORY",
        description = "Memory per node, such as 512m or 20g.")
    String memory;

    @Option(
        names = {"-r", "--runtime"},
        paramLabel = "DURATION",
        description = "Runtime limit, ISO-8601 such as PT2H or P0DT30M.")
    String runtime;

    @Override
    int run(Torc torc) {
      if (name == null
          && numCpus == null
          && numGpus == null
          && numNodes == null
          && memory == null
          && runtime == null) {
        throw new InvalidInputException(
            "nothing to change: give --name, --num-cpus, --num-gpus, --num-nodes, --memory or"
                + " --runtime");
      }
      show(
          torc.updateResourceRequirements(
              id, name, numCpus, numGpus, numNodes, memory, runtime, actor()));
      return ExitCodes.OK;
    }
  }
}
