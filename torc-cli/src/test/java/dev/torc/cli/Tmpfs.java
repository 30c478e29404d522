package dev.torc.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A small tmpfs mounted on a directory, to fill its disk for real. Mounting needs root (CI runs as
 * root, and {@code .ci/run} installs {@code mount}): without it the calling test is skipped with
 * the reason shown, except in CI ({@code CI=true}), where it fails.
 */
final class Tmpfs implements AutoCloseable {
  private final Path mountPoint;
  private Path filler;

  private Tmpfs(Path mountPoint) {
    this.mountPoint = mountPoint;
  }

  /** Mounts a tmpfs of {@code megabytes} MiB on the directory, creating it. */
  static Tmpfs mount(Path mountPoint, int megabytes) throws IOException, InterruptedException {
    Files.createDirectories(mountPoint);
    Result result =
        run(
            "mount",
            "-t",
            "tmpfs",
            "-o",
            "size=" + megabytes + "m",
            "tmpfs",
            mountPoint.toString());
    if (result.code() != 0) {
      String why = "cannot mount a tmpfs on " + mountPoint + ": " + result.output().strip();
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("in CI the full-disk tests must run (as root, with mount installed), but " + why);
      }
      Assumptions.abort(why);
    }
    return new Tmpfs(mountPoint);
  }

  /** Fills the disk to the last byte with one file. */
  void fill() throws IOException {
    filler = mountPoint.resolve("filler");
    byte[] block = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        try {
          out.write(block);
        } catch (IOException full) {
          break;
        }
      }
      for (int i = 0; i < block.length; i++) {
        try {
          out.write(0);
          out.flush();
        } catch (IOException full) {
          break;
        }
      }
    } catch (IOException closingOnAFullDisk) {
      // Closing flushes what could not be written; the disk is full, as wanted.
    }
  }

  /** Frees the space {@link #fill} took. */
  void free() throws IOException {
    Files.deleteIfExists(filler);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    Result result = run("umount", "-l", mountPoint.toString());
    if (result.code() != 0) {
      throw new IOException("cannot unmount " + mountPoint + ": " + result.output());
    }
  }

  private record Result(int code, String output) {}

  private static Result run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return new Result(-1, command[0] + " did not end");
    }
    return new Result(process.exitValue(), output);
  }
}
