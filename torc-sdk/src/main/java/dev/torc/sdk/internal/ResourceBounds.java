package dev.torc.sdk.internal;

import dev.torc.exec.MachineResources;
import dev.torc.model.Memory;
import dev.torc.model.ResourceRequirements;
import dev.torc.sdk.Formats;
import dev.torc.store.JobRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How far one change may move a job's requirements: never past the machine's CPUs and memory, and
 * by at most a factor up or down.
 *
 * @param machine the most a job may ask for
 * @param factor how much one change may scale a value
 */
public record ResourceBounds(MachineResources machine, double factor) {

  /** The requirements with the values given; {@code null} keeps one. */
  public static ResourceRequirements changed(
      ResourceRequirements now, Integer cpus, Memory memory, Duration runtime) {
    ResourceRequirements.Builder b = now.toBuilder();
    if (cpus != null) {
      b.numCpus(cpus);
    }
    if (memory != null) {
      b.memory(memory);
    }
    if (runtime != null) {
      b.runtime(runtime);
    }
    return b.build();
  }

  /** What is wrong with changing the job's requirements from {@code before} to {@code after}. */
  public List<String> problems(
      JobRecord job, ResourceRequirements before, ResourceRequirements after) {
    List<String> problems = new ArrayList<>();
    String prefix = named(job) + ": ";
    if (after.numCpus() != before.numCpus()) {
      if (after.numCpus() > machine.cpus()) {
        problems.add(prefix + after.numCpus() + " CPUs exceed the machine's " + machine.cpus());
      }
      factor(problems, prefix + "CPUs", before.numCpus(), after.numCpus());
    }
    if (after.memory().bytes() != before.memory().bytes()) {
      if (after.memory().bytes() > machine.memoryBytes()) {
        problems.add(
            prefix
                + "memory "
                + after.memory()
                + " exceeds the machine's "
                + Formats.memory(machine.memoryBytes()));
      }
      factor(problems, prefix + "memory", before.memory().bytes(), after.memory().bytes());
    }
    if (!after.runtime().equals(before.runtime())) {
      factor(problems, prefix + "runtime", before.runtime().toMillis(), after.runtime().toMillis());
    }
    return problems;
  }

  private void factor(List<String> problems, String what, double before, double after) {
    if (before > 0 && (after > before * factor || after * factor < before)) {
      problems.add(
          what + " would change by more than the allowed factor of " + factor + " per change");
    }
  }

  /** "job ID (NAME)", as messages name a job. */
  public static String named(JobRecord job) {
    return "job " + job.id() + " (" + job.name() + ")";
  }

  /** The values a change can touch, in words. */
  public static String describe(ResourceRequirements rr) {
    return rr.numCpus() + " CPUs, memory " + rr.memory() + ", runtime " + rr.runtime();
  }
}
