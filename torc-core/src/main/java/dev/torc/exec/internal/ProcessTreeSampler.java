package dev.torc.exec.internal;

import java.nio.file.Files;
import java.util.Collection;

/** Reads the memory and CPU use of a process and all its descendants. Thread-safe. */
public interface ProcessTreeSampler {

  /** What the tree rooted at {@code rootPid} uses now, or {@code null} if the root is gone. */
  TreeUsage sample(long rootPid);

  /**
   * What the tree rooted at {@code rootPid} and the other processes of its job use now, or {@code
   * null} if the root is gone. A process in both counts once.
   *
   * @param members processes of the same job that may have left the tree (double forks, daemons)
   */
  default TreeUsage sample(long rootPid, Collection<Long> members) {
    return sample(rootPid);
  }

  /** A short name for logs and benchmarks. */
  String name();

  /** The cheapest sampler that works here: {@code /proc} on Linux, otherwise OSHI. */
  static ProcessTreeSampler best() {
    if (Files.isReadable(ProcStat.PROC.resolve("self").resolve("stat"))
        && Files.exists(ProcStat.PROC.resolve("self").resolve("task"))) {
      return new ProcFsTreeSampler();
    }
    return new OshiTreeSampler();
  }
}
