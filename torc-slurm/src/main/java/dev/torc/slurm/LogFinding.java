package dev.torc.slurm;

/**
 * A known Slurm error or warning line in an allocation's log.
 *
 * @param file the log file
 * @param line its line number, from 1
 * @param kind what it means: {@code timeout}, {@code oom}, {@code node_fail}, {@code preempted},
 *     {@code cancelled}, {@code crash}, {@code slurm_error} or {@code slurm_warning}
 * @param error whether it is an error (else a warning)
 * @param text the line
 */
public record LogFinding(String file, int line, String kind, boolean error, String text) {}
