package dev.torc.exec.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.exec.Signal;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SignalsTest {

  @Test
  void aSignalReachesALiveProcess() throws Exception {
    Process sleeper = new ProcessBuilder("sleep", "60").start();
    try {
      assertThat(Signals.isNative()).isTrue();

      assertThat(Signals.send(sleeper.pid(), Signal.KILL)).isTrue();

      assertThat(sleeper.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(sleeper.exitValue()).isEqualTo(128 + Signal.KILL.number());
    } finally {
      sleeper.destroyForcibly();
    }
  }

  @Test
  void aProcessOrGroupThatIsGoneIsReportedNotReached() throws Exception {
    Process done = new ProcessBuilder("true").start();
    done.waitFor();

    assertThat(Signals.send(done.pid(), Signal.TERM)).isFalse();
    assertThat(Signals.send(-done.pid(), Signal.TERM)).isFalse();
  }
}
