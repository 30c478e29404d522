package dev.torc.model;

import java.io.PrintStream;
import java.nio.file.Path;

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
}
