package dev.torc.exec.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import oshi.software.os.linux.LinuxOperatingSystemJNA;

class ProcessAuxvTest {

  @Test
  void readsTheSameValuesFromTheKernelAsOshi() {
    assertThat(ProcessAuxv.read(Path.of("/proc/self/auxv")))
        .isEqualTo(
            new ProcessAuxv(LinuxOperatingSystemJNA.pageSize(), LinuxOperatingSystemJNA.hz()));
  }

  @Test
  void takesThePageSizeAndClockTicksAndNothingElse(@TempDir Path dir) throws Exception {
    ByteBuffer words = ByteBuffer.allocate(8 * Long.BYTES).order(ByteOrder.nativeOrder());
    words.putLong(17).putLong(250).putLong(3).putLong(999).putLong(6).putLong(65536);
    words.putLong(0).putLong(0);
    Path auxv = Files.write(dir.resolve("auxv"), words.array());

    assertThat(ProcessAuxv.read(auxv)).isEqualTo(new ProcessAuxv(65536, 250));
    assertThat(ProcessAuxv.read(Files.write(dir.resolve("short"), new byte[12]))).isNull();
    assertThat(ProcessAuxv.read(dir.resolve("missing"))).isNull();
  }
}
