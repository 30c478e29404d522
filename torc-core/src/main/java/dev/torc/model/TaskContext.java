package dev.torc.model;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/** What a {@link JavaTask} knows about the attempt it runs in, and where it writes its output. */
public interface TaskContext {
  /** {@return the id of the workflow the job belongs to} */
  long workflowId();

  /** {@return the job's id} */
  long jobId();

  /** {@return the job's name} */
  String jobName();

  /** {@return the workflow run this attempt belongs to} */
  int runId();

  /** {@return the attempt's number within the run, from 1} */
  int attemptId();

  /** {@return the workflow's output directory ({@code TORC_OUTPUT_DIR})} */
  Path outputDir();

  /** {@return the attempt's standard output log} */
  PrintStream stdout();

  /** {@return the attempt's standard error log} */
  PrintStream stderr();

  /**
   * {@return the files the job reads, by the names the workflow gives them, with their paths
   * ({@code ${files.input.NAME}} in a shell command); empty when none}
   */
  default Map<String, Path> inputFiles() {
    return Map.of();
  }

  /** {@return the files the job writes, by name, with their paths; empty when none} */
  default Map<String, Path> outputFiles() {
    return Map.of();
  }

  /**
   * {@return the values of the parameters this job was expanded with (such as {@code i} and {@code
   * lr} of a sweep); empty for a job without parameters}
   */
  default JobParameters parameters() {
    return JobParameters.EMPTY;
  }

  /**
   * {@return the workflow's user data by name, with the values it was created with (maps, lists,
   * strings, numbers or booleans as in the spec); empty when it has none}
   */
  default Map<String, Object> userData() {
    return Map.of();
  }
}
