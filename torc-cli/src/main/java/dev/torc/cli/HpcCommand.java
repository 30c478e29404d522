package dev.torc.cli;

import dev.torc.sdk.Hpc;
import dev.torc.slurm.hpc.HpcPartition;
import dev.torc.slurm.hpc.HpcProfile;
import dev.torc.slurm.hpc.SlurmTimes;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code torc hpc ...}: the HPC profiles torc knows. */
@Command(
    name = "hpc",
    mixinStandardHelpOptions = true,
    description = {
      "HPC profiles: the partitions of an HPC system (CPUs and memory per node, longest walltime,"
          + " GPUs, minimum nodes, shared or exclusive nodes) and how to detect it.",
      "Built in: kestrel (NREL). Custom profiles come from $TORC_HPC_PROFILES, else"
          + " ~/.config/torc/hpc-profiles.yaml ($XDG_CONFIG_HOME/torc/hpc-profiles.yaml);"
          + " torc hpc generate writes one for the cluster this machine belongs to."
    },
    subcommands = {
      HpcCommand.ListProfiles.class,
      HpcCommand.Detect.class,
      HpcCommand.Show.class,
      HpcCommand.Partitions.class,
      HpcCommand.Generate.class
    })
final class HpcCommand {

  /** What every hpc subcommand shares: the profiles and the output. */
  abstract static class HpcSubcommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      return run(Hpc.fromEnvironment());
    }

    abstract int run(Hpc hpc);

    boolean json() {
      return ((TorcCommand) spec.root().userObject()).format == TorcCommand.Format.json;
    }

    Output output() {
      return new Output(spec.commandLine().getOut());
    }

    void partitions(HpcProfile profile) {
      if (json()) {
        output()
            .json(Map.of("partitions", profile.partitions().stream().map(Hpc::describe).toList()));
        return;
      }
      output()
          .table(
              List.of(
                  "Name", "CPUs/Node", "Mem/Node", "Max Walltime", "GPUs", "Min Nodes", "Shared"),
              profile.partitions().stream().map(HpcSubcommand::row).toList());
    }

    private static List<String> row(HpcPartition p) {
      return List.of(
          p.name() + (p.requiresExplicitRequest() ? " (explicit)" : ""),
          String.valueOf(p.cpusPerNode()),
          p.memoryMb() / 1024 + "g",
          SlurmTimes.format(p.maxWalltime()),
          p.gpusPerNode() == 0
              ? ""
              : p.gpusPerNode() + (p.gpuType() == null ? "" : " " + p.gpuType()),
          String.valueOf(p.minNodes()),
          p.shared() ? "shared" : "exclusive");
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the HPC profiles.")
  static final class ListProfiles extends HpcSubcommand {
    @Override
    int run(Hpc hpc) {
      List<Map<String, Object>> rows = hpc.list();
      if (json()) {
        output().json(Map.of("profiles", rows));
      } else {
        output()
            .table(
                List.of("Name", "Display Name", "Partitions", "Detected"),
                rows.stream()
                    .map(
                        r ->
                            List.of(
                                String.valueOf(r.get("name")),
                                String.valueOf(r.get("display_name")),
                                String.valueOf(r.get("partitions")),
                                Boolean.TRUE.equals(r.get("detected")) ? "yes" : ""))
                    .toList());
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "detect",
      mixinStandardHelpOptions = true,
      description =
          "Show the profile of the system torc runs on (by its environment variable or host"
              + " name); exit 1 when none matches.")
  static final class Detect extends HpcSubcommand {
    @Override
    int run(Hpc hpc) {
      HpcProfile found = hpc.detect().orElse(null);
      if (json()) {
        java.util.Map<String, Object> json = new java.util.LinkedHashMap<>();
        json.put("detected", found != null);
        json.put("name", found == null ? null : found.name());
        output().json(json);
      } else {
        output()
            .line(
                found == null
                    ? "No HPC profile matches this system (see torc hpc list)"
                    : "Detected " + found.name() + " (" + found.displayName() + ")");
      }
      return found == null ? ExitCodes.FAILURE : ExitCodes.OK;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show a profile with its detection rule and partitions.")
  static final class Show extends HpcSubcommand {
    @Parameters(paramLabel = "PROFILE", description = "The profile's name, e.g. kestrel.")
    String name;

    @Override
    int run(Hpc hpc) {
      HpcProfile profile = hpc.profile(name);
      if (json()) {
        output().json(Hpc.describe(profile));
        return ExitCodes.OK;
      }
      output().line(profile.displayName() + " (" + profile.name() + ")");
      if (!profile.description().isEmpty()) {
        output().line(profile.description());
      }
      if (profile.detectEnvVar() != null) {
        output().line("Detected when " + profile.detectEnvVar());
      }
      if (profile.detectHostname() != null) {
        output().line("Detected when the host name matches " + profile.detectHostname());
      }
      partitions(profile);
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "partitions",
      mixinStandardHelpOptions = true,
      description = "List a profile's partitions.")
  static final class Partitions extends HpcSubcommand {
    @Parameters(paramLabel = "PROFILE", description = "The profile's name, e.g. kestrel.")
    String name;

    @Override
    int run(Hpc hpc) {
      partitions(hpc.profile(name));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      description = {
        "Describe the Slurm cluster this machine belongs to as a profile, from sinfo and scontrol"
            + " show partition, in the custom profiles file's YAML format.",
        "Review it (descriptions, requires_explicit_request) and add it to the custom profiles"
            + " file."
      })
  static final class Generate extends HpcSubcommand {
    @Option(
        names = "--name",
        paramLabel = "NAME",
        description = "The profile's name (default: the host's short name).")
    String name;

    @Option(
        names = "--skip-stdby",
        description = "Leave out standby partitions (names ending in -stdby).")
    boolean skipStandby;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FILE",
        description = "Write the profile to this file instead of printing it.")
    Path output;

    @Override
    int run(Hpc hpc) {
      String yaml = hpc.generateProfile(name, skipStandby, output, Hpc::runCommand);
      if (output == null) {
        output().text(yaml);
      } else {
        output().line("Wrote the profile to " + output);
      }
      return ExitCodes.OK;
    }
  }
}
