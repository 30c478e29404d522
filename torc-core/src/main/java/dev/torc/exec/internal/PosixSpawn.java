package dev.torc.exec.internal;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a process with glibc's {@code posix_spawn} in a new session ({@code POSIX_SPAWN_SETSID}),
 * with its standard streams opened from files and every other descriptor closed: one {@code exec}
 * where the JDK's launcher plus {@code setsid} take three. Available on glibc 2.34 or newer.
 */
public final class PosixSpawn {
  private static final Logger LOG = LoggerFactory.getLogger(PosixSpawn.class);

  // Linux values, the same on x86_64 and aarch64.
  private static final short POSIX_SPAWN_SETSID = 0x80;
  private static final int O_RDONLY = 0;
  private static final int O_WRONLY_CREAT_TRUNC = 01 | 0100 | 01000;
  private static final int O_WRONLY_CREAT_APPEND = 01 | 0100 | 02000;
  private static final int MODE_0644 = 0644;
  private static final int EINTR = 4;
  // glibc's posix_spawnattr_t is 336 bytes and posix_spawn_file_actions_t 80 on 64-bit Linux.
  private static final int OPAQUE_BYTES = 1024;

  /**
   * The libc calls used here, bound by JNA's direct mapping: a call costs a native method's call,
   * where an interface mapping goes through a proxy and reflection every time.
   */
  private static final class LibC {
    private LibC() {}

    static native int posix_spawn(
        int[] pid,
        String path,
        Pointer fileActions,
        Pointer attributes,
        Pointer argv,
        Pointer envp);

    static native int posix_spawn_file_actions_init(Pointer fileActions);

    static native int posix_spawn_file_actions_destroy(Pointer fileActions);

    static native int posix_spawn_file_actions_addopen(
        Pointer fileActions, int fd, String path, int flags, int mode);

    static native int posix_spawn_file_actions_adddup2(Pointer fileActions, int fd, int newFd);

    static native int posix_spawn_file_actions_addchdir_np(Pointer fileActions, String path);

    static native int posix_spawn_file_actions_addclosefrom_np(Pointer fileActions, int lowFd);

    static native int posix_spawnattr_init(Pointer attributes);

    static native int posix_spawnattr_destroy(Pointer attributes);

    static native int posix_spawnattr_setflags(Pointer attributes, short flags);

    static native int waitpid(int pid, int[] status, int options);
  }

  private static final boolean AVAILABLE = load();

  // Each spawning thread reuses its own buffers (initialised and destroyed around every spawn)
  // rather than allocating native memory, and a cleaner task for it, twice per job.
  private static final ThreadLocal<Memory> ACTIONS =
      ThreadLocal.withInitial(() -> new Memory(OPAQUE_BYTES));
  private static final ThreadLocal<Memory> ATTRIBUTES =
      ThreadLocal.withInitial(() -> new Memory(OPAQUE_BYTES));
  private static final ThreadLocal<Memory> ARGV = new ThreadLocal<>();
  private static final ThreadLocal<Memory> ENVIRONMENT = new ThreadLocal<>();

  private PosixSpawn() {}

  private static boolean load() {
    if (Boolean.getBoolean("torc.exec.noPosixSpawn")) {
      return false;
    }
    try {
      // Binds every method now, so that an old libc is found out here, not mid-launch.
      Native.register(LibC.class, NativeLibrary.getInstance("c"));
      return true;
    } catch (Throwable e) {
      LOG.debug("posix_spawn not available, using the JDK launcher and setsid: {}", e.toString());
      return false;
    }
  }

  /**
   * This process's environment, each variable as {@code NAME=value} in UTF-8, by name: the base of
   * every child's, encoded once.
   */
  private static final Map<String, byte[]> INHERITED = encoded(System.getenv());

  private static Map<String, byte[]> encoded(Map<String, String> environment) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    environment.forEach(
        (name, value) -> entries.put(name, (name + "=" + value).getBytes(StandardCharsets.UTF_8)));
    return entries;
  }

  /** Whether this libc can spawn into a new session. */
  public static boolean isAvailable() {
    return AVAILABLE;
  }

  /**
   * Starts {@code argv} from {@code executable} in a session of its own.
   *
   * @param environment the variables the process sees besides this process's own, which they
   *     replace where the names are the same
   * @param stdout the file for standard output, or {@code null} for {@code /dev/null}
   * @param stderr the file for standard error, {@code null} for {@code /dev/null}, or the same path
   *     as {@code stdout} to share it
   * @return the new process's pid
   * @throws IllegalStateException with the error number when the spawn fails
   */
  public static long spawn(
      Path executable,
      List<String> argv,
      Map<String, String> environment,
      Path workingDirectory,
      Path stdout,
      Path stderr,
      boolean append) {
    Memory actions = ACTIONS.get();
    Memory attributes = ATTRIBUTES.get();
    check(LibC.posix_spawn_file_actions_init(actions), "file actions");
    check(LibC.posix_spawnattr_init(attributes), "attributes");
    try {
      check(LibC.posix_spawnattr_setflags(attributes, POSIX_SPAWN_SETSID), "setsid flag");
      if (workingDirectory != null) {
        check(
            LibC.posix_spawn_file_actions_addchdir_np(actions, workingDirectory.toString()),
            "chdir");
      }
      int writeFlags = append ? O_WRONLY_CREAT_APPEND : O_WRONLY_CREAT_TRUNC;
      check(LibC.posix_spawn_file_actions_addopen(actions, 0, "/dev/null", O_RDONLY, 0), "stdin");
      open(actions, 1, stdout, writeFlags);
      if (stdout != null && stderr != null && stdout.equals(stderr)) {
        check(LibC.posix_spawn_file_actions_adddup2(actions, 1, 2), "stderr");
      } else {
        open(actions, 2, stderr, writeFlags);
      }
      check(LibC.posix_spawn_file_actions_addclosefrom_np(actions, 3), "closefrom");
      int[] pid = new int[1];
      int error =
          LibC.posix_spawn(
              pid,
              executable.toString(),
              actions,
              attributes,
              argvBlock(argv),
              environmentBlock(environment));
      if (error != 0) {
        throw new IllegalStateException("posix_spawn of " + executable + " failed: errno " + error);
      }
      return pid[0];
    } finally {
      LibC.posix_spawn_file_actions_destroy(actions);
      LibC.posix_spawnattr_destroy(attributes);
    }
  }

  /**
   * A NULL-terminated array of C strings in one block of native memory: JNA's {@code StringArray}
   * allocates every string apart, some forty allocations for an environment.
   */
  static Memory stringArray(String[] values) {
    return cStrings(encoded(values), null);
  }

  /**
   * This process's environment with {@code own} added, as {@link #stringArray}: only {@code own} is
   * encoded.
   */
  static Memory environment(Map<String, String> own) {
    return cStrings(environmentEntries(own), null);
  }

  private static byte[][] encoded(String[] values) {
    byte[][] bytes = new byte[values.length][];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = values[i].getBytes(StandardCharsets.UTF_8);
    }
    return bytes;
  }

  private static byte[][] environmentEntries(Map<String, String> own) {
    byte[][] entries = new byte[INHERITED.size() + own.size()][];
    int count = 0;
    for (Map.Entry<String, byte[]> inherited : INHERITED.entrySet()) {
      if (!own.containsKey(inherited.getKey())) {
        entries[count++] = inherited.getValue();
      }
    }
    for (Map.Entry<String, String> variable : own.entrySet()) {
      entries[count++] =
          (variable.getKey() + "=" + variable.getValue()).getBytes(StandardCharsets.UTF_8);
    }
    return Arrays.copyOf(entries, count);
  }

  /**
   * {@link #stringArray} of strings encoded already, laid out in Java and copied to native memory
   * in one call (a call per string, terminator and pointer cost more than the spawn's own setup).
   * The block is {@code reuse} when that is large enough, else a new one.
   */
  static Memory cStrings(byte[][] bytes, Memory reuse) {
    int pointers = (bytes.length + 1) * Native.POINTER_SIZE;
    int size = pointers;
    for (byte[] value : bytes) {
      size += value.length + 1;
    }
    Memory block = reuse != null && reuse.size() >= size ? reuse : new Memory(size);
    long base = Pointer.nativeValue(block);
    ByteBuffer layout = ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
    int offset = pointers;
    for (int i = 0; i < bytes.length; i++) {
      putPointer(layout, i * Native.POINTER_SIZE, base + offset);
      layout.put(offset, bytes[i]);
      offset += bytes[i].length + 1;
    }
    // The strings' terminators and the array's closing NULL are the buffer's zeros.
    block.write(0, layout.array(), 0, size);
    return block;
  }

  private static void putPointer(ByteBuffer layout, int index, long address) {
    if (Native.POINTER_SIZE == Long.BYTES) {
      layout.putLong(index, address);
    } else {
      layout.putInt(index, (int) address);
    }
  }

  /** {@link #stringArray} of {@code argv} in this thread's block, valid until its next spawn. */
  private static Memory argvBlock(List<String> argv) {
    Memory block = cStrings(encoded(argv.toArray(String[]::new)), ARGV.get());
    ARGV.set(block);
    return block;
  }

  /** {@link #environment} in this thread's block, valid until its next spawn. */
  private static Memory environmentBlock(Map<String, String> own) {
    Memory block = cStrings(environmentEntries(own), ENVIRONMENT.get());
    ENVIRONMENT.set(block);
    return block;
  }

  private static void open(Memory actions, int fd, Path file, int flags) {
    String path = file == null ? "/dev/null" : file.toAbsolutePath().toString();
    check(
        LibC.posix_spawn_file_actions_addopen(
            actions, fd, path, file == null ? 01 : flags, MODE_0644),
        "open " + path);
  }

  private static void check(int error, String what) {
    if (error != 0) {
      throw new IllegalStateException("posix_spawn setup (" + what + ") failed: errno " + error);
    }
  }

  /**
   * Waits for a spawned child to exit and reaps it.
   *
   * @return its exit code, or 128 + the signal that killed it
   */
  public static int waitFor(long pid) {
    int[] status = new int[1];
    while (true) {
      int result = LibC.waitpid((int) pid, status, 0);
      if (result == pid) {
        int raw = status[0];
        int signal = raw & 0x7f;
        return signal == 0 ? (raw >> 8) & 0xff : 128 + signal;
      }
      int errno = Native.getLastError();
      if (result == -1 && errno == EINTR) {
        continue;
      }
      throw new IllegalStateException("waitpid(" + pid + ") failed: errno " + errno);
    }
  }
}
