/**
 * Running one job as a local process and watching it: {@link dev.torc.exec.LocalProcessLauncher}
 * starts a shell command in its own session, {@link dev.torc.exec.JobProcess} signals its whole
 * process group and, through {@link dev.torc.exec.JobContainment}, every process carrying its mark,
 * {@link dev.torc.exec.ResourceMonitor} samples memory and CPU of each job's process tree, and
 * {@link dev.torc.exec.JobSupervisor} enforces runtime and memory limits the way a Slurm node does
 * and reports a {@link dev.torc.exec.ProcessOutcome}. {@link dev.torc.exec.MachineResources} tells
 * what this machine has.
 *
 * <p>These pieces are Linux-first: process groups, {@code setsid} and {@code /proc}. Nothing here
 * touches a store; the job runner builds on them.
 */
package dev.torc.exec;
