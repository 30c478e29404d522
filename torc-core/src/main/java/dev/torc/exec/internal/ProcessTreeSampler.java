package dev.torc.exec.internal;

import java.nio.file.Files;

/** Reads the memory and CPU use of a process and all its descendants. Thread-safe. */
public interface ProcessTreeSampler {

  /** What the tree rooted at {@code rootPid} uses now, or {@code null} if the root is gone. */
  TreeUsage sample(long rootPid);

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
