package dev.torc.ai;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.torc.ai.internal.JsonRpcInput;
import dev.torc.ai.internal.ToolCalls;
import dev.torc.ai.internal.ToolDefinition;
import dev.torc.ai.internal.TorcTools;
import dev.torc.sdk.Torc;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * torc's MCP server: the original torc's 16 tools (workflow status, jobs, logs, results, resource
 * reports, recovery and classification of pending_failed jobs) over one {@link Torc}, served on
 * stdio to one client. Each tool makes one operations call and answers its JSON view; refused calls
 * answer an error result with one clear message. Every change it makes is recorded with the actor
 * {@code mcp:<client name>} and the reason the client gave.
 *
 * <pre>{@code
 * try (Torc torc = Torc.open(Path.of("output/torc.db"))) {
 *   TorcMcpServer.builder(torc).outputDir(Path.of("output")).build().serveStdio();
 * }
 * }</pre>
 */
public final class TorcMcpServer {
  private static final Logger LOG = LoggerFactory.getLogger(TorcMcpServer.class);

  private final List<ToolDefinition> tools;

  private TorcMcpServer(Builder builder) {
    this.tools =
        new TorcTools(builder.torc, builder.outputDir, builder.workingDirectory)
            .all().stream().filter(t -> !(builder.readOnly && t.mutating())).toList();
  }

  /**
   * Starts building a server over this torc, which the caller keeps open while the server runs.
   *
   * @param torc the operations the tools call
   * @return a builder
   */
  public static Builder builder(Torc torc) {
    return new Builder(torc);
  }

  /**
   * The names of the tools this server lists.
   *
   * @return the names, in listing order
   */
  public List<String> toolNames() {
    return tools.stream().map(ToolDefinition::name).toList();
  }

  /**
   * Serves one client on this process's stdin and stdout until the client closes stdin. While it
   * serves, anything else printed to {@code System.out} goes to stderr, so stdout carries nothing
   * but JSON-RPC.
   *
   * @throws InterruptedException when the thread is interrupted while serving
   */
  public void serveStdio() throws InterruptedException {
    PrintStream stdout = System.out;
    System.setOut(System.err);
    try {
      serve(System.in, stdout);
    } finally {
      System.setOut(stdout);
    }
  }

  /**
   * Serves one client on these streams (newline-delimited JSON-RPC) until the input ends.
   *
   * @param in the client's requests
   * @param out where the answers go
   * @throws InterruptedException when the thread is interrupted while serving
   */
  public void serve(InputStream in, OutputStream out) throws InterruptedException {
    JsonRpcInput input = new JsonRpcInput(in);
    ToolCalls calls = new ToolCalls();
    List<SyncToolSpecification> specifications = tools.stream().map(calls::specification).toList();
    StdioServerTransportProvider transport =
        new StdioServerTransportProvider(new JacksonMcpJsonMapper(new ObjectMapper()), input, out);
    McpSyncServer server =
        McpServer.sync(transport)
            .serverInfo("torc", version())
            .instructions(
                "torc workflows: inspect status, jobs, logs and results; classify pending_failed"
                    + " jobs (list_pending_failed_jobs, then classify_and_resolve_failures,"
                    + " dry_run first).")
            .capabilities(ServerCapabilities.builder().tools(false).build())
            .tools(specifications)
            // Each tool reads its own arguments (ToolArgs): one message naming the parameter and
            // what it takes, and integers sent as strings accepted. The SDK's schema check would
            // answer before it, in its own words, and refuse such strings.
            .validateToolInputs(false)
            // Calls run one at a time on the reading thread: the SDK's stdio transport drops an
            // answer ("Failed to enqueue message") when two threads send at the same moment.
            .immediateExecution(true)
            .build();
    LOG.info("torc MCP server ready with {} tools", specifications.size());
    try {
      input.awaitEnd();
    } finally {
      server.closeGracefully();
    }
    LOG.info("torc MCP server: the client closed stdin");
  }

  private static String version() {
    String version = TorcMcpServer.class.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }

  /** Configures a {@link TorcMcpServer}. Not thread-safe. */
  public static final class Builder {
    private final Torc torc;
    private Path outputDir = Path.of(dev.torc.diagnosis.JobLogs.DEFAULT_OUTPUT_DIR);
    private Path workingDirectory = Path.of("").toAbsolutePath();
    private boolean readOnly;

    private Builder(Torc torc) {
      this.torc = Objects.requireNonNull(torc, "torc");
    }

    /**
     * Where job logs live (default {@code output}); logs are read only from inside it.
     *
     * @param outputDir the output directory
     * @return this builder
     */
    public Builder outputDir(Path outputDir) {
      this.outputDir = Objects.requireNonNull(outputDir, "outputDir");
      return this;
    }

    /**
     * Whether to leave out every tool that changes the store or writes files.
     *
     * @param readOnly true to list only the tools that read
     * @return this builder
     */
    public Builder readOnly(boolean readOnly) {
      this.readOnly = readOnly;
      return this;
    }

    /**
     * The directory against which {@code create_workflow} resolves the paths of spec files it saves
     * (default: the current directory). The torc's save root still bounds where they may go: give
     * both the same directory.
     *
     * @param workingDirectory the directory relative spec paths start from
     * @return this builder
     */
    public Builder workingDirectory(Path workingDirectory) {
      this.workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory");
      return this;
    }

    /**
     * Builds the server.
     *
     * @return a server over the torc, with the tools this builder chose
     */
    public TorcMcpServer build() {
      return new TorcMcpServer(this);
    }
  }
}
