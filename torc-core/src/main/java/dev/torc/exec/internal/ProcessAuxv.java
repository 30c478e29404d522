package dev.torc.exec.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import oshi.software.os.linux.LinuxOperatingSystemJNA;

/**
 * The page size and the clock ticks per second that {@code /proc}'s counters are in, from the
 * kernel's auxiliary vector of this process ({@code /proc/self/auxv}), as OSHI reads them. OSHI's
 * {@link LinuxOperatingSystemJNA} is asked only when that file cannot be read: loading it costs a
 * command some 100 ms of CPU (it binds libc through JNA).
 */
record ProcessAuxv(long pageSize, long clockTicks) {
  private static final long AT_PAGESZ = 6;
  private static final long AT_CLKTCK = 17;

  /** This process's values. */
  static ProcessAuxv current() {
    ProcessAuxv read = read(Path.of("/proc/self/auxv"));
    return read != null
        ? read
        : new ProcessAuxv(LinuxOperatingSystemJNA.pageSize(), LinuxOperatingSystemJNA.hz());
  }

  /**
   * Reads a vector of (type, value) pairs of 64-bit words in the machine's byte order; {@code null}
   * when the file cannot be read or lacks either value.
   */
  static ProcessAuxv read(Path auxv) {
    try {
      ByteBuffer words = ByteBuffer.wrap(Files.readAllBytes(auxv)).order(ByteOrder.nativeOrder());
      long pageSize = 0;
      long clockTicks = 0;
      while (words.remaining() >= 2 * Long.BYTES) {
        long type = words.getLong();
        long value = words.getLong();
        if (type == AT_PAGESZ) {
          pageSize = value;
        } else if (type == AT_CLKTCK) {
          clockTicks = value;
        }
      }
      return pageSize > 0 && clockTicks > 0 ? new ProcessAuxv(pageSize, clockTicks) : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
