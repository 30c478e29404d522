package dev.torc.model;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/** What a {@link JavaTask} knows about the attempt it runs in, and where it writes its output. */
public interface TaskContext {
  long workflowId();

  long jobId();

  String jobName();

  int runId();

  int attemptId();

  /** The workflow's output directory ({@code TORC_OUTPUT_DIR}). */
  Path outputDir();

  /** The attempt's standard output log. */
  PrintStream stdout();

  /** The attempt's standard error log. */
  PrintStream stderr();

  /**
   * The files the job reads, by the names the workflow gives them, with their paths ({@code
   * ${files.input.NAME}} in a shell command); empty when none.
   */
  default Map<String, Path> inputFiles() {
    return Map.of();
  }

  /** The files the job writes, by name, with their paths; empty when none. */
  default Map<String, Path> outputFiles() {
    return Map.of();
  }

  /**
   * The values of the parameters this job was expanded with (such as {@code i} and {@code lr} of a
   * sweep); empty for a job without parameters.
   */
  default JobParameters parameters() {
    return JobParameters.EMPTY;
  }

  /**
   * The workflow's user data by name, with the values it was created with (maps, lists, strings,
   * numbers or booleans as in the spec); empty when it has none.
   */
  default Map<String, Object> userData() {
    return Map.of();
  }
}
