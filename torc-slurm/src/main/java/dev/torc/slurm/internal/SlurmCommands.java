package dev.torc.slurm.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs Slurm's commands ({@code sbatch}, {@code squeue}, {@code sacct}, {@code scancel}). */
public interface SlurmCommands {

  /** What a command printed and how it exited. */
  record Output(int exitCode, String stdout, String stderr) {
    /** The last non-blank line of stderr, or of stdout when stderr is empty; for messages. */
    public String message() {
      String text = stderr.isBlank() ? stdout : stderr;
      return text.strip().replace('\n', ' ').replaceAll("\\s+", " ");
    }
  }

  /**
   * Runs the command with {@code stdin} (may be null) as its input.
   *
   * @throws IOException when the program cannot be started (it is not installed) or does not end in
   *     time
   */
  Output run(List<String> command, String stdin) throws IOException;

  /** Runs the commands as processes of this machine, each bounded by a minute. */
  static SlurmCommands processes() {
    return (command, stdin) -> {
      Process process = new ProcessBuilder(command).start();
      CompletableFuture<String> out = readAsync(process.getInputStream());
      CompletableFuture<String> err = readAsync(process.getErrorStream());
      try (OutputStream in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      try {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IOException(command.get(0) + " did not answer within 60 s");
        }
        return new Output(process.exitValue(), out.join(), err.join());
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while running " + command.get(0), e);
      }
    };
  }

  private static CompletableFuture<String> readAsync(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "";
          }
        });
  }
}
