package dev.torc.sdk.internal;

import dev.torc.diagnosis.ResourceDiagnosis;
import dev.torc.model.Memory;
import dev.torc.model.ResourceRequirements;
import dev.torc.sdk.ResourceCorrections;
import dev.torc.store.JobRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The new values {@code workflows correct-resources} gives a set of requirements: the highest peak
 * seen among the jobs that exceeded it, times a multiplier; a job that likely ran out of memory or
 * time without a higher peak on record gets the current value times the multiplier.
 */
public final class ResourceCorrection {
  private ResourceCorrection() {}

  /** The adjustment of {@code rr} for the jobs that exceeded it. */
  public static ResourceCorrections.Adjustment adjust(
      long requirementsId,
      ResourceRequirements rr,
      List<ResourceDiagnosis> exceeded,
      Map<Long, JobRecord> jobs,
      double memoryMultiplier,
      double runtimeMultiplier) {
    Long peakMemory = null;
    Double peakCpu = null;
    double longestMinutes = 0;
    boolean memory = false;
    boolean runtime = false;
    boolean cpu = false;
    for (ResourceDiagnosis d : exceeded) {
      if (d.memoryOver() || d.likelyOom()) {
        memory = true;
        Long peak = d.result().peakMemoryBytes();
        if (peak != null && (peakMemory == null || peak > peakMemory)) {
          peakMemory = peak;
        }
      }
      if (d.runtimeOver() || d.likelyTimeout()) {
        runtime = true;
        longestMinutes = Math.max(longestMinutes, d.result().execTimeMinutes());
      }
      if (d.cpuOver()) {
        cpu = true;
        Double peak = d.result().peakCpuPercent();
        if (peak != null && (peakCpu == null || peak > peakCpu)) {
          peakCpu = peak;
        }
      }
    }
    String newMemory = null;
    if (memory) {
      long base = Math.max(peakMemory == null ? 0 : peakMemory, rr.memory().bytes());
      newMemory = Memory.ceilingIn((long) Math.ceil(base * memoryMultiplier), 'm').text();
    }
    String newRuntime = null;
    if (runtime) {
      double seconds = Math.max(longestMinutes * 60, rr.runtime().toSeconds());
      newRuntime = Duration.ofSeconds((long) Math.ceil(seconds * runtimeMultiplier)).toString();
    }
    Integer newCpus = null;
    if (cpu && peakCpu != null) {
      newCpus = Math.max(rr.numCpus() + 1, (int) Math.ceil(peakCpu / 100.0));
    }
    List<Long> ids = exceeded.stream().map(d -> d.result().jobId()).toList();
    return new ResourceCorrections.Adjustment(
        requirementsId,
        ids,
        ids.stream().map(id -> jobs.get(id).name()).toList(),
        memory ? rr.memory().text() : null,
        newMemory,
        peakMemory,
        runtime ? rr.runtime().toString() : null,
        newRuntime,
        newCpus != null ? rr.numCpus() : null,
        newCpus,
        peakCpu);
  }

  /** {@code rr} with the adjustment's new values. */
  public static ResourceRequirements apply(
      ResourceRequirements rr, ResourceCorrections.Adjustment a) {
    ResourceRequirements.Builder b = rr.toBuilder();
    if (a.newMemory() != null) {
      b.memory(Memory.parse(a.newMemory()));
    }
    if (a.newRuntime() != null) {
      b.runtime(Duration.parse(a.newRuntime()));
    }
    if (a.newCpus() != null) {
      b.numCpus(a.newCpus());
    }
    return b.build();
  }
}
