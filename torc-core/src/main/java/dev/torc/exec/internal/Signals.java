package dev.torc.exec.internal;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import dev.torc.exec.ExecException;
import dev.torc.exec.Signal;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends signals with {@code kill(2)} through JNA, or through the {@code kill} program when JNA
 * cannot load libc.
 */
public final class Signals {
  private static final Logger LOG = LoggerFactory.getLogger(Signals.class);
  private static final int ESRCH = 3;
  private static final boolean NATIVE = loadLibc();

  private Signals() {}

  /** The few libc calls torc needs, bound by JNA's direct mapping (no proxy per call). */
  private static final class LibC {
    private LibC() {}

    /** Returns 0, or -1 with errno in {@link Native#getLastError()}. */
    static native int kill(int pid, int sig);
  }

  private static boolean loadLibc() {
    try {
      Native.register(LibC.class, NativeLibrary.getInstance("c"));
      return true;
    } catch (Throwable e) {
      LOG.warn(
          "cannot load libc through JNA; signals go through the kill program: {}", e.toString());
      return false;
    }
  }

  /** Whether signals go through {@code kill(2)} directly rather than a {@code kill} process. */
  public static boolean isNative() {
    return NATIVE;
  }

  /**
   * Sends {@code signal} to a process ({@code target > 0}) or to a process group ({@code target <
   * 0}, the group's id negated), as {@code kill(2)} does.
   *
   * @return {@code true} if it was delivered, {@code false} if no such process or group exists
   * @throws ExecException when the signal cannot be sent for another reason
   */
  public static boolean send(long target, Signal signal) {
    if (target == 0 || target == -1 || Math.abs(target) > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("refusing to signal target " + target);
    }
    if (NATIVE) {
      // errno, not LastErrorException: a runner signals an empty process group after every job,
      // and building that exception (stack trace, strerror) cost more than the system call.
      if (LibC.kill((int) target, signal.number()) == 0) {
        return true;
      }
      int errno = Native.getLastError();
      if (errno == ESRCH) {
        return false;
      }
      throw new ExecException("cannot send SIG" + signal + " to " + target + ": errno " + errno);
    }
    return sendWithProgram(target, signal);
  }

  private static boolean sendWithProgram(long target, Signal signal) {
    String kill = Executables.find("kill").map(Object::toString).orElse("kill");
    ProcessBuilder builder =
        new ProcessBuilder(kill, "-s", signal.name(), "--", Long.toString(target))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    try {
      Process process = builder.start();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new ExecException("kill -s " + signal + " -- " + target + " did not finish");
      }
      return process.exitValue() == 0;
    } catch (IOException e) {
      throw new ExecException("cannot run kill: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExecException("interrupted while sending SIG" + signal + " to " + target, e);
    }
  }
}
