package dev.torc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the node scripts in {@code src/test/node} that drive {@code torc mcp-server} with the
 * official MCP TypeScript client, and starts torc the way an MCP client does: a new JVM on this
 * test's class path.
 */
final class NodeClient {
  static final Path NODE_DIR = Path.of("src", "test", "node").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long TIMEOUT_SECONDS = 180;

  private NodeClient() {}

  /**
   * Checks that node and the npm packages are installed: in CI ({@code CI=true}) their absence
   * fails the test, elsewhere it skips the test with the reason.
   */
  static void requireNode() {
    String missing = null;
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        missing = "node --version failed";
      }
    } catch (IOException e) {
      missing = "node is not installed (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      missing = "interrupted";
    }
    if (missing == null
        && !(Files.isDirectory(NODE_DIR.resolve("node_modules/@modelcontextprotocol/sdk"))
            && Files.isDirectory(
                NODE_DIR.resolve("node_modules/@modelcontextprotocol/inspector")))) {
      missing = "the npm packages are not installed: run npm ci in " + NODE_DIR;
    }
    if (missing == null) {
      return;
    }
    String reason = "MCP client tests need Node.js and npm packages: " + missing + " (.ci/node.sh)";
    if ("true".equals(System.getenv("CI"))) {
      fail(reason);
    }
    System.err.println("SKIPPED: " + reason);
    Assumptions.abort(reason);
  }

  /** The command that starts torc in a new JVM with this test's class path. */
  static List<String> torc(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    return command;
  }

  /** What a node script printed and returned. */
  record Run(int exitCode, String out, String err) {
    JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + out + "\nstderr: " + err, e);
      }
    }
  }

  /** Runs a command in the node directory to its end, within the bound. */
  static Run run(List<String> command, Map<String, String> env, Path dir) throws Exception {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(NODE_DIR.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      fail(
          "did not end within "
              + TIMEOUT_SECONDS
              + " s: "
              + command
              + "\n"
              + Files.readString(err));
    }
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /**
   * Connects the official client to a server started in {@code dir} with these torc arguments, and
   * makes the calls.
   */
  static JsonNode calls(Path dir, List<String> serverArgs, String clientName, List<Call> calls)
      throws Exception {
    List<String> server = torc(serverArgs.toArray(String[]::new));
    Map<String, Object> plan = new LinkedHashMap<>();
    plan.put("command", server.get(0));
    plan.put("args", server.subList(1, server.size()));
    plan.put("cwd", dir.toString());
    plan.put("client_name", clientName);
    plan.put(
        "calls",
        calls.stream().map(c -> Map.of("tool", c.tool(), "arguments", c.arguments())).toList());
    Path planFile = Files.createTempFile(dir, "plan", ".json");
    JSON.writeValue(planFile.toFile(), plan);
    Run run = run(List.of("node", "mcp-calls.mjs", planFile.toString()), Map.of(), dir);
    assertThat(run.exitCode()).as("node client exit; stderr:\n%s", run.err()).isZero();
    return run.json();
  }

  /** One tool call. */
  record Call(String tool, Map<String, Object> arguments) {}

  static Call call(String tool, Object... keysAndValues) {
    Map<String, Object> arguments = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      arguments.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return new Call(tool, arguments);
  }
}
