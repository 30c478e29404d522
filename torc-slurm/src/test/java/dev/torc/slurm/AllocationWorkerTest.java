package dev.torc.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.exec.MachineResources;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A worker's resources come from the allocation's {@code SLURM_*} environment. */
class AllocationWorkerTest {
  private static final MachineResources NODE = new MachineResources(64, 256L << 30, 4);

  @Test
  void memoryPerNodeWins() {
    MachineResources r =
        AllocationWorker.resources(
            Map.of(
                "SLURM_CPUS_ON_NODE", "8",
                "SLURM_MEM_PER_NODE", "16384",
                "SLURM_MEM_PER_CPU", "1",
                "SLURM_GPUS_ON_NODE", "2"),
            NODE);
    assertThat(r).isEqualTo(new MachineResources(8, 16L << 30, 2));
  }

  @Test
  void memoryPerCpuTimesCpusAndGpusFromTheJobList() {
    MachineResources r =
        AllocationWorker.resources(
            Map.of(
                "SLURM_JOB_CPUS_PER_NODE", "4(x2)",
                "SLURM_MEM_PER_CPU", "1000",
                "SLURM_JOB_GPUS", "0,1,3"),
            NODE);
    assertThat(r).isEqualTo(new MachineResources(4, 4000L << 20, 3));
  }

  @Test
  void whatTheEnvironmentDoesNotSayIsTheNodesButNoGpus() {
    assertThat(AllocationWorker.resources(Map.of(), NODE))
        .isEqualTo(new MachineResources(64, 256L << 30, 0));
  }
}
