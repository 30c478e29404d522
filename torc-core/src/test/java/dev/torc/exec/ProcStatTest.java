package dev.torc.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.exec.internal.Executables;
import dev.torc.exec.internal.PosixSpawn;
import dev.torc.exec.internal.ProcStat;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcStatTest {

  @Test
  void parsesACommandNameWithSpacesAndParentheses() {
    String line =
        "4242 (a (weird) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 7 3 2 1 20 0 1 0 12345"
            + " 9000000 321 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

    ProcStat stat = ProcStat.parse(4242, line);

    assertThat(stat)
        .isEqualTo(new ProcStat(4242, 'S', 1, 4242, 4242, 7 + 3 + 2 + 1, 1, 12345, 321));
  }

  @Test
  void rejectsATruncatedLine() {
    assertThat(ProcStat.parse(1, "1 (init) S 0 1")).isNull();
    assertThat(ProcStat.parse(1, "garbage")).isNull();
  }

  @Test
  void readsThisJvm() {
    ProcStat self = ProcStat.read(ProcessHandle.current().pid());

    assertThat(self.pid()).isEqualTo(ProcessHandle.current().pid());
    assertThat(self.numThreads()).isGreaterThan(1);
    assertThat(self.rssPages()).isPositive();
  }

  @Test
  void toldAKernelThreadOrAZombieFromALiveUserProcess(@TempDir Path dir) throws Exception {
    long zombie =
        PosixSpawn.spawn(
            Executables.find("true").orElseThrow(),
            List.of("true"),
            Map.of(),
            dir,
            dir.resolve("out"),
            dir.resolve("err"),
            false);
    try {
      Await.until("a zombie", () -> ProcStat.read(zombie).state() == 'Z');

      assertThat(ProcStat.isKernelThreadOrExiting(zombie)).isTrue();
      assertThat(ProcStat.isKernelThreadOrExiting(ProcessHandle.current().pid())).isFalse();
    } finally {
      PosixSpawn.waitFor(zombie);
    }
    assertThat(ProcStat.isKernelThreadOrExiting(zombie)).as("reaped, so gone").isFalse();
  }
}
