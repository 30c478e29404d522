package dev.torc.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One job of a workflow: a shell command or a Java task, what it needs, what it reads and writes,
 * and what it waits for. Before a workflow is built a job may be a template whose {@code
 * parameters} expand it into many jobs; in a built {@link Workflow} every job is concrete, its
 * {@link #dependsOn()} lists every job it waits for (explicit, matched by regex, and implied by
 * files and user data), and its regex and parameter fields are empty.
 *
 * @param name unique within the workflow
 * @param command the shell command ({@code bash -c}), or {@code null} for a Java task
 * @param task the Java task, or {@code null} for a shell command
 * @param invocationScript a command prefix the command runs under, such as a wrapper, or {@code
 *     null}
 * @param resourceRequirements the name of the job's requirements, or {@code null} for the default
 * @param failureHandler the name of the job's failure handler, or {@code null}
 * @param scheduler the name of the Slurm scheduler, or {@code null}
 * @param cancelOnBlockingJobFailure whether the job is canceled when a job it waits for fails
 * @param supportsTermination whether the job handles SIGTERM and should get it before SIGKILL
 * @param dependsOn names of jobs this job waits for
 * @param dependsOnRegexes regexes; this job waits for every job whose whole name matches one
 * @param inputFiles names of files this job reads
 * @param outputFiles names of files this job writes
 * @param inputFileRegexes regexes over file names this job reads
 * @param outputFileRegexes regexes over file names this job writes
 * @param inputUserData names of user data this job reads
 * @param outputUserData names of user data this job writes
 * @param inputUserDataRegexes regexes over user-data names this job reads
 * @param outputUserDataRegexes regexes over user-data names this job writes
 * @param parameters parameter name to range, such as {@code i -> "1:100"}
 * @param parameterMode how several parameters combine
 * @param useParameters names of the workflow's shared parameters this job expands over
 * @param priority larger runs first among ready jobs
 * @param fallbackCommands commands a failed job may be retried with instead, in order
 */
public record JobSpec(
    String name,
    String command,
    JavaTask task,
    String invocationScript,
    String resourceRequirements,
    String failureHandler,
    String scheduler,
    boolean cancelOnBlockingJobFailure,
    boolean supportsTermination,
    List<String> dependsOn,
    List<String> dependsOnRegexes,
    List<String> inputFiles,
    List<String> outputFiles,
    List<String> inputFileRegexes,
    List<String> outputFileRegexes,
    List<String> inputUserData,
    List<String> outputUserData,
    List<String> inputUserDataRegexes,
    List<String> outputUserDataRegexes,
    Map<String, String> parameters,
    ParameterMode parameterMode,
    List<String> useParameters,
    int priority,
    List<String> fallbackCommands) {

  /**
   * Checks that the job has exactly one of a command or a Java task and no blank fallback commands
   * (none for a Java task), and copies the lists; no mode is {@link ParameterMode#PRODUCT}.
   *
   * @param name unique within the workflow
   * @param command the shell command ({@code bash -c}), or {@code null} for a Java task
   * @param task the Java task, or {@code null} for a shell command
   * @param invocationScript a command prefix the command runs under, such as a wrapper, or {@code
   *     null}
   * @param resourceRequirements the name of the job's requirements, or {@code null} for the default
   * @param failureHandler the name of the job's failure handler, or {@code null}
   * @param scheduler the name of the Slurm scheduler, or {@code null}
   * @param cancelOnBlockingJobFailure whether the job is canceled when a job it waits for fails
   * @param supportsTermination whether the job handles SIGTERM and should get it before SIGKILL
   * @param dependsOn names of jobs this job waits for
   * @param dependsOnRegexes regexes; this job waits for every job whose whole name matches one
   * @param inputFiles names of files this job reads
   * @param outputFiles names of files this job writes
   * @param inputFileRegexes regexes over file names this job reads
   * @param outputFileRegexes regexes over file names this job writes
   * @param inputUserData names of user data this job reads
   * @param outputUserData names of user data this job writes
   * @param inputUserDataRegexes regexes over user-data names this job reads
   * @param outputUserDataRegexes regexes over user-data names this job writes
   * @param parameters parameter name to range, such as {@code i -> "1:100"}
   * @param parameterMode how several parameters combine
   * @param useParameters names of the workflow's shared parameters this job expands over
   * @param priority larger runs first among ready jobs
   * @param fallbackCommands commands a failed job may be retried with instead, in order
   */
  public JobSpec {
    fallbackCommands = copy(fallbackCommands);
    for (String fallback : fallbackCommands) {
      if (fallback == null || fallback.isBlank()) {
        throw new IllegalArgumentException("job '" + name + "' has a blank fallback command");
      }
    }
    if (task != null && !fallbackCommands.isEmpty()) {
      throw new IllegalArgumentException(
          "job '" + name + "' runs a Java task, which cannot have fallback commands");
    }
    Objects.requireNonNull(name, "name");
    if ((command == null) == (task == null)) {
      throw new IllegalArgumentException(
          "job '" + name + "' needs exactly one of a command or a Java task");
    }
    dependsOn = copy(dependsOn);
    dependsOnRegexes = copy(dependsOnRegexes);
    inputFiles = copy(inputFiles);
    outputFiles = copy(outputFiles);
    inputFileRegexes = copy(inputFileRegexes);
    outputFileRegexes = copy(outputFileRegexes);
    inputUserData = copy(inputUserData);
    outputUserData = copy(outputUserData);
    inputUserDataRegexes = copy(inputUserDataRegexes);
    outputUserDataRegexes = copy(outputUserDataRegexes);
    parameters = dev.torc.model.internal.OrderedMaps.copyOf(parameters);
    parameterMode = Objects.requireNonNullElse(parameterMode, ParameterMode.PRODUCT);
    useParameters = copy(useParameters);
  }

  private static List<String> copy(List<String> values) {
    return values == null ? List.of() : List.copyOf(values);
  }

  /**
   * Starts a job with this name; give it a {@link Builder#command} or a {@link Builder#task}.
   *
   * @param name the job's name, unique within the workflow
   * @return a builder for the job
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** {@return a builder that starts from this job} */
  public Builder toBuilder() {
    Builder builder = new Builder(name);
    builder.command = command;
    builder.task = task;
    builder.invocationScript = invocationScript;
    builder.resourceRequirements = resourceRequirements;
    builder.failureHandler = failureHandler;
    builder.scheduler = scheduler;
    builder.cancelOnBlockingJobFailure = cancelOnBlockingJobFailure;
    builder.supportsTermination = supportsTermination;
    builder.dependsOn.addAll(dependsOn);
    builder.dependsOnRegexes.addAll(dependsOnRegexes);
    builder.inputFiles.addAll(inputFiles);
    builder.outputFiles.addAll(outputFiles);
    builder.inputFileRegexes.addAll(inputFileRegexes);
    builder.outputFileRegexes.addAll(outputFileRegexes);
    builder.inputUserData.addAll(inputUserData);
    builder.outputUserData.addAll(outputUserData);
    builder.inputUserDataRegexes.addAll(inputUserDataRegexes);
    builder.outputUserDataRegexes.addAll(outputUserDataRegexes);
    builder.parameters.putAll(parameters);
    builder.parameterMode = parameterMode;
    builder.useParameters.addAll(useParameters);
    builder.priority = priority;
    builder.fallbackCommands.addAll(fallbackCommands);
    return builder;
  }

  /** {@return whether this job runs Java code in-process rather than a shell command} */
  public boolean isJavaTask() {
    return task != null;
  }

  /** {@return whether this job still has parameters to expand} */
  public boolean isTemplate() {
    return !parameters.isEmpty() || !useParameters.isEmpty();
  }

  /** Builds a {@link JobSpec}; not thread-safe. */
  public static final class Builder {
    private String name;
    private String command;
    private JavaTask task;
    private String invocationScript;
    private String resourceRequirements;
    private String failureHandler;
    private String scheduler;
    private boolean cancelOnBlockingJobFailure = true;
    private boolean supportsTermination = false;
    private final List<String> dependsOn = new ArrayList<>();
    private final List<String> dependsOnRegexes = new ArrayList<>();
    private final List<String> inputFiles = new ArrayList<>();
    private final List<String> outputFiles = new ArrayList<>();
    private final List<String> inputFileRegexes = new ArrayList<>();
    private final List<String> outputFileRegexes = new ArrayList<>();
    private final List<String> inputUserData = new ArrayList<>();
    private final List<String> outputUserData = new ArrayList<>();
    private final List<String> inputUserDataRegexes = new ArrayList<>();
    private final List<String> outputUserDataRegexes = new ArrayList<>();
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private ParameterMode parameterMode = ParameterMode.PRODUCT;
    private final List<String> useParameters = new ArrayList<>();
    private final List<String> fallbackCommands = new ArrayList<>();
    private int priority;

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Renames the job.
     *
     * @param name the job's name, unique within the workflow
     * @return this builder
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * The shell command, run with {@code bash -c}; replaces a Java task.
     *
     * @param command the command
     * @return this builder
     */
    public Builder command(String command) {
      this.command = command;
      this.task = null;
      return this;
    }

    /**
     * Java code to run in-process instead of a shell command; replaces a command.
     *
     * @param task the task
     * @return this builder
     */
    public Builder task(JavaTask task) {
      this.task = task;
      this.command = null;
      return this;
    }

    /**
     * A command prefix the command runs under, such as a wrapper.
     *
     * @param invocationScript the prefix, or {@code null} for none
     * @return this builder
     */
    public Builder invocationScript(String invocationScript) {
      this.invocationScript = invocationScript;
      return this;
    }

    /**
     * The workflow's resource requirements this job uses.
     *
     * @param name the requirements' name, or {@code null} for the default
     * @return this builder
     */
    public Builder resourceRequirements(String name) {
      this.resourceRequirements = name;
      return this;
    }

    /**
     * The workflow's failure handler this job uses.
     *
     * @param name the handler's name, or {@code null} for none
     * @return this builder
     */
    public Builder failureHandler(String name) {
      this.failureHandler = name;
      return this;
    }

    /**
     * The workflow's Slurm scheduler this job uses.
     *
     * @param name the scheduler's name, or {@code null} for none
     * @return this builder
     */
    public Builder scheduler(String name) {
      this.scheduler = name;
      return this;
    }

    /**
     * Whether the job is canceled when a job it waits for fails (the default) rather than run
     * anyway.
     *
     * @param cancel true to cancel it
     * @return this builder
     */
    public Builder cancelOnBlockingJobFailure(boolean cancel) {
      this.cancelOnBlockingJobFailure = cancel;
      return this;
    }

    /**
     * Whether the job handles SIGTERM and should get it before SIGKILL (off by default).
     *
     * @param supports true when the job handles SIGTERM
     * @return this builder
     */
    public Builder supportsTermination(boolean supports) {
      this.supportsTermination = supports;
      return this;
    }

    /**
     * Adds jobs this job waits for.
     *
     * @param jobNames the jobs' names
     * @return this builder
     */
    public Builder dependsOn(String... jobNames) {
      dependsOn.addAll(List.of(jobNames));
      return this;
    }

    /**
     * Adds regexes; this job waits for every job whose whole name matches one.
     *
     * @param regexes Java regular expressions over job names
     * @return this builder
     */
    public Builder dependsOnRegexes(String... regexes) {
      dependsOnRegexes.addAll(List.of(regexes));
      return this;
    }

    /**
     * Adds files this job reads; it waits for the jobs that write them.
     *
     * @param fileNames the files' names in the workflow
     * @return this builder
     */
    public Builder inputFiles(String... fileNames) {
      inputFiles.addAll(List.of(fileNames));
      return this;
    }

    /**
     * Adds files this job writes.
     *
     * @param fileNames the files' names in the workflow
     * @return this builder
     */
    public Builder outputFiles(String... fileNames) {
      outputFiles.addAll(List.of(fileNames));
      return this;
    }

    /**
     * Adds regexes over the names of files this job reads.
     *
     * @param regexes Java regular expressions over file names
     * @return this builder
     */
    public Builder inputFileRegexes(String... regexes) {
      inputFileRegexes.addAll(List.of(regexes));
      return this;
    }

    /**
     * Adds regexes over the names of files this job writes.
     *
     * @param regexes Java regular expressions over file names
     * @return this builder
     */
    public Builder outputFileRegexes(String... regexes) {
      outputFileRegexes.addAll(List.of(regexes));
      return this;
    }

    /**
     * Adds user data this job reads; it waits for the jobs that write it.
     *
     * @param names the user data entries' names
     * @return this builder
     */
    public Builder inputUserData(String... names) {
      inputUserData.addAll(List.of(names));
      return this;
    }

    /**
     * Adds user data this job writes.
     *
     * @param names the user data entries' names
     * @return this builder
     */
    public Builder outputUserData(String... names) {
      outputUserData.addAll(List.of(names));
      return this;
    }

    /**
     * Adds regexes over the names of user data this job reads.
     *
     * @param regexes Java regular expressions over user-data names
     * @return this builder
     */
    public Builder inputUserDataRegexes(String... regexes) {
      inputUserDataRegexes.addAll(List.of(regexes));
      return this;
    }

    /**
     * Adds regexes over the names of user data this job writes.
     *
     * @param regexes Java regular expressions over user-data names
     * @return this builder
     */
    public Builder outputUserDataRegexes(String... regexes) {
      outputUserDataRegexes.addAll(List.of(regexes));
      return this;
    }

    /**
     * Adds a parameter that expands this job into one job per value.
     *
     * @param name the name placeholders such as {@code {i}} use
     * @param range the values as written in specs: {@code "1:100"}, {@code "0:100:10"}, {@code
     *     "0.0:1.0:0.1"}, {@code "[1,5]"} or {@code "['a','b']"}
     * @return this builder
     */
    public Builder parameter(String name, String range) {
      parameters.put(name, range);
      return this;
    }

    /**
     * Adds a parameter with an explicit list of values.
     *
     * @param name the name placeholders such as {@code {i}} use
     * @param values numbers, or text written as is
     * @return this builder
     */
    public Builder parameter(String name, List<?> values) {
      return parameter(name, dev.torc.model.internal.ParameterRanges.listOf(values));
    }

    /**
     * How several parameters combine ({@link ParameterMode#PRODUCT} by default).
     *
     * @param mode the mode
     * @return this builder
     */
    public Builder parameterMode(ParameterMode mode) {
      this.parameterMode = mode;
      return this;
    }

    /**
     * Adds shared parameters of the workflow that this job expands over.
     *
     * @param names the shared parameters' names
     * @return this builder
     */
    public Builder useParameters(String... names) {
      useParameters.addAll(List.of(names));
      return this;
    }

    /**
     * The job's priority: larger runs first among ready jobs (0 by default).
     *
     * @param priority the priority
     * @return this builder
     */
    public Builder priority(int priority) {
      this.priority = priority;
      return this;
    }

    /**
     * Adds commands tried in order when the command fails and the workflow's recovery chain uses
     * them: retry k runs fallback k.
     *
     * @param commands the fallback commands, none blank
     * @return this builder
     */
    public Builder fallbackCommands(String... commands) {
      fallbackCommands.addAll(List.of(commands));
      return this;
    }

    /**
     * Builds the job.
     *
     * @return the job
     * @throws IllegalArgumentException when it has neither or both of a command and a task, or a
     *     blank fallback command
     */
    public JobSpec build() {
      return new JobSpec(
          name,
          command,
          task,
          invocationScript,
          resourceRequirements,
          failureHandler,
          scheduler,
          cancelOnBlockingJobFailure,
          supportsTermination,
          dependsOn,
          dependsOnRegexes,
          inputFiles,
          outputFiles,
          inputFileRegexes,
          outputFileRegexes,
          inputUserData,
          outputUserData,
          inputUserDataRegexes,
          outputUserDataRegexes,
          parameters,
          parameterMode,
          useParameters,
          priority,
          fallbackCommands);
    }
  }
}
