package dev.torc.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineResourcesTest {

  @Test
  void detectsCpusAndMemoryOfThisMachine() {
    MachineResources machine = MachineResources.detect();

    assertThat(machine.cpus()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(machine.memoryBytes()).isGreaterThan(Runtime.getRuntime().maxMemory() / 4);
    assertThat(machine.gpus()).isNotNegative();
    assertThat(machine.memoryGb()).isEqualTo(machine.memoryBytes() >> 30);
  }

  @Test
  void countsNvidiaDeviceNodesOnly(@TempDir Path dev) throws Exception {
    for (String name : new String[] {"nvidia0", "nvidia1", "nvidiactl", "nvidia-uvm", "null"}) {
      Files.createFile(dev.resolve(name));
    }

    assertThat(MachineResources.nvidiaGpus(dev)).isEqualTo(2);
    assertThat(MachineResources.nvidiaGpus(dev.resolve("missing"))).isZero();
  }
}
