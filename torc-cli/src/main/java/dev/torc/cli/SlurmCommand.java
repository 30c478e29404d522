package dev.torc.cli;

import picocli.CommandLine.Command;

/** {@code torc slurm ...}: Slurm schedulers and allocations. */
@Command(
    name = "slurm",
    mixinStandardHelpOptions = true,
    description = "Slurm schedulers and allocations.",
    subcommands = {SlurmGenerateCommand.class})
final class SlurmCommand {}
