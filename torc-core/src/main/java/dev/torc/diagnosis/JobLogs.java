package dev.torc.diagnosis;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The log files a job's attempts leave behind, with the names of the original torc: {@code
 * <output>/job_stdio/job_wf{W}_j{J}_r{R}_a{A}.o} for standard output and {@code .e} for standard
 * error, one pair per attempt.
 */
public final class JobLogs {
  /**
   * The output directory runners use unless told otherwise, as in the original torc (see {@link
   * dev.torc.store.DefaultLocations} for the directory of earlier versions).
   */
  public static final String DEFAULT_OUTPUT_DIR = dev.torc.store.DefaultLocations.OUTPUT_DIR;

  /** The directory under the output directory that holds the jobs' logs. */
  public static final String STDIO_DIR = "job_stdio";

  private static final int BLOCK = 8192;

  /** Which of a job's two output streams a log holds. */
  public enum Stream {
    /** Standard output, in the {@code .o} file. */
    STDOUT("o"),
    /** Standard error, in the {@code .e} file. */
    STDERR("e");

    private final String extension;

    Stream(String extension) {
      this.extension = extension;
    }

    /** {@return the file extension, without the dot} */
    public String extension() {
      return extension;
    }
  }

  private JobLogs() {}

  /**
   * The file name of one attempt's log, such as {@code job_wf1_j7_r1_a2.o}.
   *
   * @param workflowId the workflow
   * @param jobId the job
   * @param runId the workflow run
   * @param attemptId the attempt
   * @param stream which of the two logs
   * @return the file name
   */
  public static String fileName(
      long workflowId, long jobId, int runId, int attemptId, Stream stream) {
    return "job_wf"
        + workflowId
        + "_j"
        + jobId
        + "_r"
        + runId
        + "_a"
        + attemptId
        + "."
        + stream.extension();
  }

  /**
   * Where one attempt's log lives under an output directory.
   *
   * @param outputDir the runner's output directory
   * @param workflowId the workflow
   * @param jobId the job
   * @param runId the workflow run
   * @param attemptId the attempt
   * @param stream which of the two logs
   * @return the log's path
   */
  public static Path path(
      Path outputDir, long workflowId, long jobId, int runId, int attemptId, Stream stream) {
    return outputDir
        .resolve(STDIO_DIR)
        .resolve(fileName(workflowId, jobId, runId, attemptId, stream));
  }

  /**
   * Where one attempt's standard output lives under an output directory.
   *
   * @param outputDir the runner's output directory
   * @param workflowId the workflow
   * @param jobId the job
   * @param runId the workflow run
   * @param attemptId the attempt
   * @return the log's path
   */
  public static Path stdoutPath(
      Path outputDir, long workflowId, long jobId, int runId, int attemptId) {
    return path(outputDir, workflowId, jobId, runId, attemptId, Stream.STDOUT);
  }

  /**
   * Where one attempt's standard error lives under an output directory.
   *
   * @param outputDir the runner's output directory
   * @param workflowId the workflow
   * @param jobId the job
   * @param runId the workflow run
   * @param attemptId the attempt
   * @return the log's path
   */
  public static Path stderrPath(
      Path outputDir, long workflowId, long jobId, int runId, int attemptId) {
    return path(outputDir, workflowId, jobId, runId, attemptId, Stream.STDERR);
  }

  /**
   * The last lines of a text file, read from its end so that a large log costs only what is
   * returned. A final line break does not start another line. Bytes that are not UTF-8 become the
   * replacement character.
   *
   * @param file the file
   * @param lines how many lines, at least 1
   * @return the last lines, with their line breaks; the whole file when it has fewer
   * @throws IllegalArgumentException when {@code lines} is less than 1
   * @throws IOException when the file cannot be read
   */
  public static String tail(Path file, int lines) throws IOException {
    if (lines < 1) {
      throw new IllegalArgumentException("lines must be at least 1, was " + lines);
    }
    try (SeekableByteChannel channel = Files.newByteChannel(file)) {
      long size = channel.size();
      long end = size;
      // A line break at the very end closes the last line; it does not open another one.
      if (size > 0 && byteAt(channel, size - 1) == '\n') {
        end = size - 1;
      }
      long start = 0;
      int found = 0;
      ByteBuffer buffer = ByteBuffer.allocate(BLOCK);
      long position = end;
      search:
      while (position > 0) {
        int length = (int) Math.min(BLOCK, position);
        position -= length;
        buffer.clear().limit(length);
        channel.position(position);
        while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
          // read the whole block
        }
        for (int i = length - 1; i >= 0; i--) {
          if (buffer.get(i) == '\n' && ++found == lines) {
            start = position + i + 1;
            break search;
          }
        }
      }
      if (size - start > Integer.MAX_VALUE - 8) {
        throw new IOException("the last " + lines + " lines of " + file + " are too large to read");
      }
      ByteBuffer out = ByteBuffer.allocate((int) (size - start));
      channel.position(start);
      while (out.hasRemaining() && channel.read(out) >= 0) {
        // read to the end
      }
      return new String(out.array(), 0, out.position(), StandardCharsets.UTF_8);
    }
  }

  private static byte byteAt(SeekableByteChannel channel, long position) throws IOException {
    ByteBuffer one = ByteBuffer.allocate(1);
    channel.position(position);
    channel.read(one);
    return one.get(0);
  }
}
