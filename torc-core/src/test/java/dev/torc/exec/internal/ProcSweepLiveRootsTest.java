package dev.torc.exec.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** After a short job, the window of pids takes the marks of live job roots from the launcher. */
class ProcSweepLiveRootsTest {

  @Test
  void aLiveRootsMarkIsTakenFromWhatTheLauncherNotedUntilItIsReaped() throws Exception {
    ProcSweepContainment containment = new ProcSweepContainment();
    Process unmarked = new ProcessBuilder("sleep", "1000").start();
    long pid = unmarked.pid();
    try {
      assertThat(containment.mayHaveMembers("noted-mark", pid, Duration.ZERO)).isFalse();

      ProcSweepContainment.rootStarted(pid, "noted-mark");
      assertThat(containment.mayHaveMembers("noted-mark", pid, Duration.ZERO)).isTrue();
      assertThat(containment.mayHaveMembers("another-mark", pid, Duration.ZERO)).isFalse();

      ProcSweepContainment.rootReaped(pid);
      assertThat(containment.mayHaveMembers("noted-mark", pid, Duration.ZERO)).isFalse();
    } finally {
      ProcSweepContainment.rootReaped(pid);
      unmarked.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
