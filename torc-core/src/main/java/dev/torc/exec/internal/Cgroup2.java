package dev.torc.exec.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** What this machine's cgroup v2 hierarchy offers this process. */
public final class Cgroup2 {
  private static final Path PROC_CGROUP = Path.of("/proc/self/cgroup");
  private static final List<Path> MOUNTS =
      List.of(Path.of("/sys/fs/cgroup"), Path.of("/sys/fs/cgroup/unified"));

  private Cgroup2() {}

  /**
   * Whether this process's cgroup v2 group has the memory controller and may be written: the
   * condition for putting each job in a group of its own with a memory limit.
   */
  public static boolean memoryControllerDelegated() {
    String own = ownGroup();
    if (own == null) {
      return false;
    }
    for (Path mount : MOUNTS) {
      Path group = mount.resolve(own.substring(1));
      Path controllers = group.resolve("cgroup.controllers");
      try {
        if (Files.isRegularFile(controllers)
            && Arrays.asList(Files.readString(controllers).trim().split("\\s+")).contains("memory")
            && Files.isWritable(group.resolve("cgroup.subtree_control"))) {
          return true;
        }
      } catch (IOException | SecurityException e) {
        // Not this mount.
      }
    }
    return false;
  }

  /** This process's cgroup v2 path (the {@code 0::} line), or {@code null} without one. */
  private static String ownGroup() {
    try {
      for (String line : Files.readAllLines(PROC_CGROUP)) {
        if (line.startsWith("0::/")) {
          return line.substring(3);
        }
      }
    } catch (IOException | SecurityException e) {
      return null;
    }
    return null;
  }
}
