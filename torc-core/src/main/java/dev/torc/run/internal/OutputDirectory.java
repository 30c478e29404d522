package dev.torc.run.internal;

import dev.torc.diagnosis.JobLogs;
import dev.torc.run.RunException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Checks, before a run starts, that the output directory can take the jobs' log files. */
public final class OutputDirectory {
  private OutputDirectory() {}

  /**
   * Creates the directory for the jobs' logs when it is missing, and writes and removes a file in
   * it.
   *
   * @throws RunException when the directory cannot be created or written to
   */
  public static void checkWritable(Path outputDir) {
    Path logs = outputDir.resolve(JobLogs.STDIO_DIR);
    try {
      Files.createDirectories(logs);
      Path probe = Files.createTempFile(logs, ".torc-write-check-", "");
      Files.delete(probe);
    } catch (IOException | SecurityException e) {
      throw new RunException(
          "cannot write job logs to the output directory "
              + outputDir
              + " ("
              + reason(e)
              + "); choose another one, or make it writable");
    }
  }

  private static String reason(Exception e) {
    if (e instanceof SecurityException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException fs) {
      String why;
      if (fs instanceof AccessDeniedException) {
        why = "permission denied";
      } else if (fs instanceof NoSuchFileException) {
        why = "no such file or directory";
      } else if (fs instanceof FileAlreadyExistsException) {
        why = "a file is in the way";
      } else {
        why = fs.getReason() == null ? fs.getClass().getSimpleName() : fs.getReason();
      }
      return fs.getFile() == null ? why : why + ": " + fs.getFile();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
