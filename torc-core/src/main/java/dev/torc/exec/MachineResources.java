package dev.torc.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
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
  private static final Pattern MEM_TOTAL = Pattern.compile("MemTotal:\\s+(\\d+) kB");

  /**
   * Checks that there is at least one CPU and no negative memory or GPUs.
   *
   * @param cpus logical processors
   * @param memoryBytes total physical memory
   * @param gpus NVIDIA GPUs seen by their driver, see {@link #detect()}
   */
  public MachineResources {
    if (cpus < 1) {
      throw new IllegalArgumentException("cpus must be at least 1, was " + cpus);
    }
    if (memoryBytes < 0 || gpus < 0) {
      throw new IllegalArgumentException("memory and gpus cannot be negative");
    }
  }

  /**
   * Detects this machine's resources. CPUs are logical processors; memory is the total physical
   * memory. On Linux both come from the kernel's files ({@code /sys/devices/system/cpu/online} and
   * {@code MemTotal} in {@code /proc/meminfo}, as OSHI reads them), elsewhere from OSHI. GPUs count
   * the {@code /dev/nvidiaN} devices the NVIDIA driver creates, so they are 0 without that driver,
   * on other vendors' GPUs and off Linux: OSHI's graphics cards include display adapters that
   * cannot run jobs, so torc does not use them. Container limits (cgroup CPU quotas and memory
   * limits) are not taken into account.
   *
   * @return this machine's resources
   */
  public static MachineResources detect() {
    int gpus = nvidiaGpus(Path.of("/dev"));
    MachineResources resources =
        fromLinuxFiles(Path.of("/sys/devices/system/cpu/online"), Path.of("/proc/meminfo"), gpus)
            .orElseGet(() -> withOshi(gpus));
    LOG.debug("detected {}", resources);
    return resources;
  }

  /** OSHI's model of the hardware, which costs some 150 ms of CPU to build. */
  static MachineResources withOshi(int gpus) {
    HardwareAbstractionLayer hardware = new SystemInfo().getHardware();
    int cpus = Math.max(1, hardware.getProcessor().getLogicalProcessorCount());
    return new MachineResources(cpus, hardware.getMemory().getTotal(), gpus);
  }

  /**
   * The online logical processors (a list of ranges such as {@code 0-3,6}) and {@code MemTotal};
   * empty when either file is missing or not as the Linux kernel writes it.
   */
  static Optional<MachineResources> fromLinuxFiles(Path cpusOnline, Path meminfo, int gpus) {
    try {
      int cpus = 0;
      for (String range : Files.readString(cpusOnline).strip().split(",")) {
        int dash = range.indexOf('-');
        int first = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
        int last = dash < 0 ? first : Integer.parseInt(range.substring(dash + 1));
        cpus += last - first + 1;
      }
      for (String line : Files.readAllLines(meminfo)) {
        Matcher total = MEM_TOTAL.matcher(line);
        if (total.matches() && cpus >= 1) {
          return Optional.of(
              new MachineResources(cpus, Long.parseLong(total.group(1)) * 1024, gpus));
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("cannot read {} and {}: {}", cpusOnline, meminfo, e.toString());
    }
    return Optional.empty();
  }

  static int nvidiaGpus(Path dev) {
    try (Stream<Path> files = Files.list(dev)) {
      return (int)
          files.filter(p -> NVIDIA_DEVICE.matcher(p.getFileName().toString()).matches()).count();
    } catch (Exception e) {
      return 0;
    }
  }

  /** {@return total memory in GiB, rounded down, as {@code --memory-gb} takes it} */
  public long memoryGb() {
    return memoryBytes >> 30;
  }
}
