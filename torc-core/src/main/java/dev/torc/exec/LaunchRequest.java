package dev.torc.exec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What to start: a shell command, how to prefix it, what to add to its environment, where to run it
 * and where its output goes.
 *
 * <p>The job runs as {@code bash -c LINE} in a new session, where LINE is {@link #shellLine()}: the
 * command alone, or the invocation script, one space and the command, so {@code invocationScript =
 * "srun --exact"} and {@code command = "python run.py"} run {@code bash -c "srun --exact python
 * run.py"}, and {@code invocationScript = "source env.sh &&"} runs the command after sourcing
 * {@code env.sh}. The invocation script is not quoted or escaped; it is shell text like the
 * command. (The original torc accepted {@code invocation_script} but never applied it; torc for
 * Java does.)
 *
 * @param command the shell command; not blank
 * @param invocationScript shell text put before the command, or {@code null} for none
 * @param environment variables added to (or replacing those of) the launching JVM's environment
 * @param workingDirectory where the job runs, or {@code null} for the JVM's working directory
 * @param stdoutFile the file that receives standard output, truncated first; {@code null} discards
 * @param stderrFile the file that receives standard error, truncated first; {@code null} discards;
 *     the same path as {@code stdoutFile} merges both streams into it
 * @param mark what every process of the job carries in its environment as {@code TORC_ATTEMPT_KEY},
 *     unique among the jobs of this machine, by which {@link JobContainment} finds the processes
 *     that left the job's process group; {@code null} for none
 */
public record LaunchRequest(
    String command,
    String invocationScript,
    Map<String, String> environment,
    Path workingDirectory,
    Path stdoutFile,
    Path stderrFile,
    String mark) {

  /**
   * Checks that the command is not blank and the mark, if any, is a non-empty string without NUL;
   * copies the environment.
   *
   * @param command the shell command; not blank
   * @param invocationScript shell text put before the command, or {@code null} for none
   * @param environment variables added to (or replacing those of) the launching JVM's environment
   * @param workingDirectory where the job runs, or {@code null} for the JVM's working directory
   * @param stdoutFile the file that receives standard output, truncated first; {@code null}
   *     discards
   * @param stderrFile the file that receives standard error, truncated first; {@code null}
   *     discards; the same path as {@code stdoutFile} merges both streams into it
   * @param mark what every process of the job carries in its environment as {@code
   *     TORC_ATTEMPT_KEY}, unique among the jobs of this machine, by which {@link JobContainment}
   *     finds the processes that left the job's process group; {@code null} for none
   */
  public LaunchRequest {
    Objects.requireNonNull(command, "command");
    if (command.isBlank()) {
      throw new IllegalArgumentException("command cannot be blank");
    }
    environment = Map.copyOf(environment == null ? Map.of() : environment);
    if (mark != null && (mark.isEmpty() || mark.indexOf('\0') >= 0)) {
      throw new IllegalArgumentException("a mark must be a non-empty string without NUL");
    }
  }

  /**
   * {@return the environment the job gets on top of the launching JVM's: {@link #environment()} and
   * its mark}
   */
  public Map<String, String> fullEnvironment() {
    if (mark == null) {
      return environment;
    }
    Map<String, String> all = new LinkedHashMap<>(environment);
    all.put(dev.torc.exec.internal.ProcMarks.VARIABLE, mark);
    return all;
  }

  /**
   * Starts a request for the given shell command, with no prefix, extra variables or files.
   *
   * @param command the shell command; not blank
   * @return a builder for the request
   */
  public static Builder builder(String command) {
    return new Builder(command);
  }

  /**
   * {@return the line given to {@code bash -c}: the command, prefixed by the invocation script if
   * any}
   */
  public String shellLine() {
    if (invocationScript == null || invocationScript.isBlank()) {
      return command;
    }
    return invocationScript.strip() + " " + command;
  }

  /** Builds a {@link LaunchRequest}; not thread-safe. */
  public static final class Builder {
    private final String command;
    private String invocationScript;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Path workingDirectory;
    private Path stdoutFile;
    private Path stderrFile;
    private String mark;

    private Builder(String command) {
      this.command = command;
    }

    /**
     * Shell text put before the command; see {@link LaunchRequest}.
     *
     * @param invocationScript the text, or {@code null} for none
     * @return this builder
     */
    public Builder invocationScript(String invocationScript) {
      this.invocationScript = invocationScript;
      return this;
    }

    /**
     * Adds one environment variable.
     *
     * @param name the variable's name
     * @param value its value
     * @return this builder
     */
    public Builder env(String name, String value) {
      environment.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, name));
      return this;
    }

    /**
     * Adds environment variables.
     *
     * @param variables values by name
     * @return this builder
     */
    public Builder env(Map<String, String> variables) {
      variables.forEach(this::env);
      return this;
    }

    /**
     * Where the job runs.
     *
     * @param workingDirectory the directory, or {@code null} for the JVM's working directory
     * @return this builder
     */
    public Builder workingDirectory(Path workingDirectory) {
      this.workingDirectory = workingDirectory;
      return this;
    }

    /**
     * The file that receives standard output, truncated first.
     *
     * @param stdoutFile the file, or {@code null} to discard the output
     * @return this builder
     */
    public Builder stdoutFile(Path stdoutFile) {
      this.stdoutFile = stdoutFile;
      return this;
    }

    /**
     * The file that receives standard error, truncated first; the same path as the output file
     * merges both streams into it.
     *
     * @param stderrFile the file, or {@code null} to discard the output
     * @return this builder
     */
    public Builder stderrFile(Path stderrFile) {
      this.stderrFile = stderrFile;
      return this;
    }

    /**
     * What every process of the job carries in its environment; see {@link LaunchRequest}.
     *
     * @param mark the mark, unique among the jobs of this machine, or {@code null} for none
     * @return this builder
     */
    public Builder mark(String mark) {
      this.mark = mark;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     * @throws IllegalArgumentException when the command is blank or the mark is not valid
     */
    public LaunchRequest build() {
      return new LaunchRequest(
          command, invocationScript, environment, workingDirectory, stdoutFile, stderrFile, mark);
    }
  }
}
