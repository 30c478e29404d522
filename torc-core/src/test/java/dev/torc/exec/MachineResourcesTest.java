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
  void readsTheSameCpusAndMemoryFromTheKernelAsOshi() {
    assertThat(
            MachineResources.fromLinuxFiles(
                Path.of("/sys/devices/system/cpu/online"), Path.of("/proc/meminfo"), 3))
        .contains(MachineResources.withOshi(3));
  }

  @Test
  void countsOnlineCpuRangesAndTakesMemTotal(@TempDir Path dir) throws Exception {
    Path online = Files.writeString(dir.resolve("online"), "0-3,6,8-9\n");
    Path meminfo =
        Files.writeString(
            dir.resolve("meminfo"), "MemFree:    100 kB\nMemTotal:       2048 kB\nCached: 1 kB\n");

    assertThat(MachineResources.fromLinuxFiles(online, meminfo, 1))
        .contains(new MachineResources(7, 2048L * 1024, 1));
    assertThat(MachineResources.fromLinuxFiles(dir.resolve("missing"), meminfo, 0)).isEmpty();
    assertThat(
            MachineResources.fromLinuxFiles(
                online, Files.writeString(dir.resolve("other"), "MemFree: 1 kB\n"), 0))
        .isEmpty();
    assertThat(
            MachineResources.fromLinuxFiles(
                Files.writeString(dir.resolve("bad"), "zero"), meminfo, 0))
        .isEmpty();
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
