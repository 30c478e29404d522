package dev.torc.ai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.torc.ai.internal.AgentCommand;
import dev.torc.model.JobStatus;
import dev.torc.sdk.PendingFailedClassifier;
import dev.torc.sdk.Torc;
import dev.torc.store.Stores;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classifies pending_failed jobs by running an AI agent (Claude Code, GitHub Copilot CLI or any
 * command) non-interactively, with an MCP configuration that starts {@code torc mcp-server} on the
 * same store and output directory, and a prompt that names the workflow and the tools to use. The
 * agent changes jobs only through the server's tools; this class changes nothing itself. When the
 * agent cannot start, exits non-zero, runs past the timeout or classifies nothing, the jobs stay
 * pending_failed and one warning says why.
 */
public final class AgentClassifier implements PendingFailedClassifier {
  /** The tools the prompt asks the agent to use, and the only ones Claude is allowed. */
  public static final List<String> TOOLS =
      List.of(
          "list_pending_failed_jobs",
          "get_job_logs",
          "get_job_details",
          "classify_and_resolve_failures");

  private static final Logger LOG = LoggerFactory.getLogger(AgentClassifier.class);

  private final String agent;
  private final Duration timeout;
  private final List<String> torcCommand;
  private final String database;
  private final Path outputDir;

  private AgentClassifier(Builder builder) {
    this.agent = builder.agent;
    this.timeout = builder.timeout;
    this.torcCommand = builder.torcCommand;
    this.database =
        Stores.isPostgres(builder.database)
            ? builder.database
            : Path.of(builder.database).toAbsolutePath().toString();
    this.outputDir = builder.outputDir.toAbsolutePath();
  }

  /**
   * A classifier that runs this agent: {@code claude}, {@code copilot}, or a command line that gets
   * the prompt as its last argument.
   *
   * @param agent {@code claude}, {@code copilot}, or a command line
   * @return a builder
   */
  public static Builder builder(String agent) {
    return new Builder(agent);
  }

  /**
   * The command that starts torc in this JVM's way: its java, its class path (made absolute, as the
   * agent may start the server elsewhere), this main class.
   *
   * @param mainClass the class whose {@code main} runs torc
   * @return the command line, program first
   */
  public static List<String> thisJvm(String mainClass) {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String classPath =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .map(entry -> Path.of(entry).toAbsolutePath().toString())
            .collect(Collectors.joining(File.pathSeparator));
    return List.of(java, "-cp", classPath, mainClass);
  }

  @Override
  public int classify(Torc torc, long workflowId) {
    int before = pendingFailed(torc, workflowId);
    if (before == 0) {
      return 0;
    }
    Path dir = null;
    try {
      dir = Files.createTempDirectory("torc-ai-");
      AgentCommand command =
          AgentCommand.of(
              agent, prompt(workflowId, before), dir.resolve("mcp.json"), workflowId, TOOLS);
      writeConfig(dir.resolve("mcp.json"), command.copilot());
      Path log = agentLog(workflowId);
      String failure = runAgent(command, log);
      int after = pendingFailed(torc, workflowId);
      int resolved = Math.max(0, before - after);
      if (failure == null && resolved == 0) {
        failure = "classified none of the jobs";
      }
      if (failure != null) {
        LOG.warn(
            "AI agent {} {}; {} job(s) of workflow {} stay pending_failed (agent output: {})",
            command.name(),
            failure,
            after,
            workflowId,
            log);
      } else {
        LOG.info(
            "AI agent {} resolved {} of {} pending_failed job(s) of workflow {}",
            command.name(),
            resolved,
            before,
            workflowId);
      }
      return resolved;
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn(
          "AI agent {} could not be prepared: {}; {} job(s) of workflow {} stay pending_failed",
          agent,
          e.getMessage(),
          before,
          workflowId);
      return 0;
    } finally {
      deleteQuietly(dir);
    }
  }

  /** Runs the agent to its end; null when it exited 0, else why not. */
  private String runAgent(AgentCommand command, Path log) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command.argv())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(command.environment());
    LOG.info(
        "Running AI agent {} for workflow {} with MCP configuration {}",
        command.name(),
        command.environment().get("TORC_WORKFLOW_ID"),
        command.environment().get("TORC_MCP_CONFIG"));
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return "could not be started (" + e.getMessage() + ")";
    }
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        stop(process);
        return "did not finish within " + timeout.toSeconds() + " s and was stopped";
      }
    } catch (InterruptedException e) {
      stop(process);
      Thread.currentThread().interrupt();
      return "was interrupted";
    }
    int exit = process.exitValue();
    return exit == 0 ? null : "exited with status " + exit;
  }

  /** Stops the agent and what it started (the MCP server among them). */
  private static void stop(Process process) {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroy);
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  private String prompt(long workflowId, int count) {
    return "Workflow "
        + workflowId
        + " in torc has "
        + count
        + " job(s) in status pending_failed: they failed with an error that no rule recognised."
        + " Use the torc MCP server's tools. 1. Call list_pending_failed_jobs with workflow_id="
        + workflowId
        + " to see each job's stderr tail (call get_job_logs with workflow_id, job_id and"
        + " log_type=stderr when the tail is not enough). 2. Classify each job: transient"
        + " failures (network errors such as Connection refused or timed out, service"
        + " unavailable or 503, node failures, preemption, I/O errors) get action retry;"
        + " permanent failures (code bugs such as SyntaxError, ValueError, KeyError, IndexError,"
        + " missing modules or input files, permission errors) get action fail. 3. Call"
        + " classify_and_resolve_failures once with workflow_id="
        + workflowId
        + ", dry_run=false and classifications, one per job: job_id, action and a short reason."
        + " Do nothing else.";
  }

  private void writeConfig(Path file, boolean copilot) throws IOException {
    List<String> args = new ArrayList<>(torcCommand.subList(1, torcCommand.size()));
    args.addAll(
        List.of("--database", database, "mcp-server", "--output-dir", outputDir.toString()));
    Map<String, Object> server = new LinkedHashMap<>();
    server.put("type", "stdio");
    server.put("command", torcCommand.get(0));
    server.put("args", args);
    if (copilot) {
      server.put("tools", List.of("*"));
    }
    Map<String, Object> config = Map.of("mcpServers", Map.of(AgentCommand.SERVER_NAME, server));
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), config);
  }

  private Path agentLog(long workflowId) throws IOException {
    Path dir = Files.createDirectories(outputDir.resolve("ai_recovery"));
    return dir.resolve("agent_wf" + workflowId + "_" + Instant.now().toEpochMilli() + ".log");
  }

  private static int pendingFailed(Torc torc, long workflowId) {
    return torc.status(workflowId).count(JobStatus.PENDING_FAILED);
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      LOG.debug("Could not delete {}", dir, e);
    }
  }

  /** Configures an {@link AgentClassifier}. Not thread-safe. */
  public static final class Builder {
    private final String agent;
    private Duration timeout = Duration.ofMinutes(10);
    private List<String> torcCommand = List.of("torc");
    private String database;
    private Path outputDir = Path.of(dev.torc.diagnosis.JobLogs.DEFAULT_OUTPUT_DIR);

    private Builder(String agent) {
      this.agent = Objects.requireNonNull(agent, "agent");
    }

    /**
     * How long the agent may run before it is stopped (default 10 minutes).
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      if (timeout.isZero() || timeout.isNegative()) {
        throw new IllegalArgumentException("the agent timeout must be positive, was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * The command that starts torc (default {@code torc}); the MCP configuration appends {@code
     * --database DB mcp-server --output-dir DIR}.
     *
     * @param torcCommand the program and its first arguments
     * @return this builder
     */
    public Builder torcCommand(List<String> torcCommand) {
      if (torcCommand.isEmpty()) {
        throw new IllegalArgumentException("the torc command is empty");
      }
      this.torcCommand = List.copyOf(torcCommand);
      return this;
    }

    /**
     * The store the MCP server opens: the same as the caller's.
     *
     * @param database the SQLite file
     * @return this builder
     */
    public Builder database(Path database) {
      return database(database.toString());
    }

    /**
     * The store the MCP server opens, as a location.
     *
     * @param location a SQLite file or a PostgreSQL URL
     * @return this builder
     */
    public Builder database(String location) {
      this.database = Objects.requireNonNull(location, "location");
      return this;
    }

    /**
     * Where the job logs are, and where the agent's output is kept (under {@code ai_recovery}).
     *
     * @param outputDir the workflow's output directory
     * @return this builder
     */
    public Builder outputDir(Path outputDir) {
      this.outputDir = Objects.requireNonNull(outputDir, "outputDir");
      return this;
    }

    /**
     * Builds the classifier.
     *
     * @return a classifier that runs the agent
     * @throws NullPointerException when no database was given
     */
    public AgentClassifier build() {
      Objects.requireNonNull(database, "database");
      return new AgentClassifier(this);
    }
  }
}
