package dev.torc.sdk.internal;

import dev.torc.sdk.InvalidRequestException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads job logs only from inside an output directory, and only their end: at most a number of
 * lines and bytes.
 */
public final class BoundedLogs {
  private BoundedLogs() {}

  /**
   * What was read.
   *
   * @param content the text
   * @param truncated whether the byte cap cut it
   */
  public record Read(String content, boolean truncated) {}

  /**
   * The file's real path, when it lies inside the output directory's real path: no {@code ..}, no
   * symbolic link leads out of it.
   *
   * @throws InvalidRequestException when it does not
   * @throws IOException when the file does not exist or cannot be resolved
   */
  public static Path contained(Path outputDir, Path file) throws IOException {
    Path root = outputDir.toRealPath();
    Path real = file.toRealPath();
    if (!real.startsWith(root)) {
      throw new InvalidRequestException(
          "refusing to read " + file + ": it lies outside the output directory " + outputDir);
    }
    return real;
  }

  /**
   * The end of a log inside the output directory: its last {@code tailLines} lines (all when {@code
   * null}), cut to its last {@code maxBytes} bytes. A final line break does not start another line.
   *
   * @throws InvalidRequestException when the file lies outside the output directory
   */
  public static Read read(Path outputDir, Path file, Integer tailLines, int maxBytes)
      throws IOException {
    Path real = contained(outputDir, file);
    try (SeekableByteChannel channel = Files.newByteChannel(real)) {
      long size = channel.size();
      int window = (int) Math.min(size, maxBytes);
      ByteBuffer buffer = ByteBuffer.allocate(window);
      channel.position(size - window);
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // read the whole window
      }
      byte[] bytes = buffer.array();
      int length = buffer.position();
      boolean cut = window < size;
      if (tailLines == null) {
        return new Read(new String(bytes, 0, length, StandardCharsets.UTF_8), cut);
      }
      int end = length > 0 && bytes[length - 1] == '\n' ? length - 1 : length;
      int found = 0;
      for (int i = end - 1; i >= 0; i--) {
        if (bytes[i] == '\n' && ++found == tailLines) {
          return new Read(new String(bytes, i + 1, length - i - 1, StandardCharsets.UTF_8), false);
        }
      }
      return new Read(new String(bytes, 0, length, StandardCharsets.UTF_8), cut);
    }
  }
}
