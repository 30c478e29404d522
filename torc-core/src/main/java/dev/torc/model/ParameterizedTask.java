package dev.torc.model;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/** A job's Java task bound to the parameter values of its instance of a sweep. */
record ParameterizedTask(JavaTask task, JobParameters parameters) implements JavaTask {
  /** The task bound to these values; a task bound already is bound to these instead. */
  static JavaTask of(JavaTask task, JobParameters parameters) {
    JavaTask unbound = task instanceof ParameterizedTask p ? p.task() : task;
    return new ParameterizedTask(unbound, parameters);
  }

  @Override
  public void run(TaskContext context) throws Exception {
    task.run(new WithParameters(context, parameters));
  }

  /** The runner's context plus the job's parameters. */
  private record WithParameters(TaskContext context, JobParameters parameters)
      implements TaskContext {
    @Override
    public long workflowId() {
      return context.workflowId();
    }

    @Override
    public long jobId() {
      return context.jobId();
    }

    @Override
    public String jobName() {
      return context.jobName();
    }

    @Override
    public int runId() {
      return context.runId();
    }

    @Override
    public int attemptId() {
      return context.attemptId();
    }

    @Override
    public Path outputDir() {
      return context.outputDir();
    }

    @Override
    public PrintStream stdout() {
      return context.stdout();
    }

    @Override
    public PrintStream stderr() {
      return context.stderr();
    }

    @Override
    public Map<String, Path> inputFiles() {
      return context.inputFiles();
    }

    @Override
    public Map<String, Path> outputFiles() {
      return context.outputFiles();
    }

    @Override
    public Map<String, Object> userData() {
      return context.userData();
    }
  }
}
