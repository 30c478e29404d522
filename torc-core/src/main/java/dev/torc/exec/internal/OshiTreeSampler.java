package dev.torc.exec.internal;

import java.util.List;
import oshi.SystemInfo;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * Walks a process tree with OSHI: portable, but on Linux each call reads several files per process
 * and finding descendants reads every process on the machine. CPU time of children the tree has
 * already reaped is not counted.
 */
public final class OshiTreeSampler implements ProcessTreeSampler {
  private final OperatingSystem os = new SystemInfo().getOperatingSystem();

  @Override
  public String name() {
    return "oshi";
  }

  @Override
  public TreeUsage sample(long rootPid) {
    OSProcess root = os.getProcess((int) rootPid);
    if (root == null || root.getState() == OSProcess.State.ZOMBIE) {
      return null;
    }
    long rss = root.getResidentMemory();
    long cpuMillis = root.getKernelTime() + root.getUserTime();
    List<OSProcess> descendants = os.getDescendantProcesses((int) rootPid, null, null, 0);
    for (OSProcess process : descendants) {
      rss += process.getResidentMemory();
      cpuMillis += process.getKernelTime() + process.getUserTime();
    }
    return new TreeUsage(rss, cpuMillis * 1_000_000L, 1 + descendants.size());
  }
}
