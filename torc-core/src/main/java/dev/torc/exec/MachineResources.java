package dev.torc.exec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;
import oshi.hardware.HardwareAbstractionLayer;

/**
 * What this machine offers jobs: the defaults of {@code --num-cpus}, {@code --memory-gb} and {@code
 * --num-gpus}.
 *
 * @param cpus logical processors
 * @param memoryBytes total physical memory
 * @param gpus NVIDIA GPUs seen by their driver, see {@link #detect()}
 */
public record MachineResources(int cpus, long memoryBytes, int gpus) {
  private static final Logger LOG = LoggerFactory.getLogger(MachineResources.class);
  private static final Pattern NVIDIA_DEVICE = Pattern.compile("nvidia\\d+");

  public MachineResources {
    if (cpus < 1) {
      throw new IllegalArgumentException("cpus must be at least 1, was " + cpus);
    }
    if (memoryBytes < 0 || gpus < 0) {
      throw new IllegalArgumentException("memory and gpus cannot be negative");
    }
  }

  /**
   * Detects this machine's resources with OSHI. CPUs are logical processors; memory is the total
   * physical memory. GPUs count the {@code /dev/nvidiaN} devices the NVIDIA driver creates, so they
   * are 0 without that driver, on other vendors' GPUs and off Linux: OSHI's graphics cards include
   * display adapters that cannot run jobs, so torc does not use them. Container limits (cgroup CPU
   * quotas and memory limits) are not taken into account.
   */
  public static MachineResources detect() {
    HardwareAbstractionLayer hardware = new SystemInfo().getHardware();
    int cpus = Math.max(1, hardware.getProcessor().getLogicalProcessorCount());
    long memory = hardware.getMemory().getTotal();
    MachineResources resources = new MachineResources(cpus, memory, nvidiaGpus(Path.of("/dev")));
    LOG.debug("detected {}", resources);
    return resources;
  }

  static int nvidiaGpus(Path dev) {
    try (Stream<Path> files = Files.list(dev)) {
      return (int)
          files.filter(p -> NVIDIA_DEVICE.matcher(p.getFileName().toString()).matches()).count();
    } catch (Exception e) {
      return 0;
    }
  }

  /** Total memory in GiB, rounded down, as {@code --memory-gb} takes it. */
  public long memoryGb() {
    return memoryBytes >> 30;
  }
}
