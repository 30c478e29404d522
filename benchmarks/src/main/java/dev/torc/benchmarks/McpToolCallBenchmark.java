package dev.torc.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.torc.ai.TorcMcpServer;
import dev.torc.model.JobSpec;
import dev.torc.model.Workflow;
import dev.torc.run.RunOptions;
import dev.torc.run.RunResult;
import dev.torc.sdk.Torc;
import dev.torc.store.Stores;
import dev.torc.store.WorkflowStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Times MCP tool calls on a large workflow: a workflow of N jobs (default 100,000) of which five
 * failed and await classification (their stderr on disk, the rest blocked behind them), served by
 * {@link TorcMcpServer} in this process over a piped stdio connection (newline-delimited JSON-RPC,
 * the transport {@code torc mcp-server} uses), called by a minimal JSON-RPC client.
 *
 * <p>Store queries are counted with a proxy around the {@link WorkflowStore}: every call of a store
 * method during one tool call counts once (one method may run more than one SQL statement).
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.torc.benchmarks.McpToolCallBenchmark [jobs]
 * [calls]}; defaults 100000 jobs, 25 timed calls per tool after 5 warm-up calls.
 */
public final class McpToolCallBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int FAILED = 5;

  private McpToolCallBenchmark() {}

  public static void main(String[] args) throws Exception {
    int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 25;
    Path work = Files.createTempDirectory("torc-mcp-bench");
    Path out = work.resolve("out");
    System.out.printf(
        Locale.ROOT,
        "MCP tool calls on a %d-job workflow (%d pending_failed, the rest blocked); load average"
            + " before: %s%n",
        jobs,
        FAILED,
        Files.readString(Path.of("/proc/loadavg")).trim());

    List<String> storeCalls = Collections.synchronizedList(new ArrayList<>());
    WorkflowStore store = counting(Stores.sqlite(work.resolve("torc.db")), storeCalls);
    try (Torc torc = Torc.builder().store(store, "benchmark").outputDir(out).build()) {
      long started = System.nanoTime();
      long id = torc.submit(workflow(jobs));
      RunResult run = torc.run(id, RunOptions.builder().outputDir(out).build());
      System.out.printf(
          Locale.ROOT,
          "Workflow %d stored and run in %.1f s: %s%n",
          id,
          (System.nanoTime() - started) / 1e9,
          run.counts());

      PipedOutputStream toServer = new PipedOutputStream();
      PipedInputStream serverIn = new PipedInputStream(toServer, 1 << 20);
      PipedOutputStream serverOut = new PipedOutputStream();
      PipedInputStream fromServer = new PipedInputStream(serverOut, 1 << 20);
      TorcMcpServer server = TorcMcpServer.builder(torc).outputDir(out).build();
      Thread serving =
          new Thread(
              () -> {
                try {
                  server.serve(serverIn, serverOut);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "mcp-server");
      serving.start();
      Client client =
          new Client(
              toServer,
              new BufferedReader(new InputStreamReader(fromServer, StandardCharsets.UTF_8)));
      client.initialize();

      System.out.println(
          "tool                      median ms   min ms   max ms   store calls per call   answer"
              + " bytes");
      for (String tool : List.of("get_workflow_status", "list_pending_failed_jobs")) {
        Map<String, Object> arguments = Map.of("workflow_id", id);
        for (int i = 0; i < 5; i++) {
          client.call(tool, arguments);
        }
        List<Double> millis = new ArrayList<>();
        TreeMap<Integer, Integer> queries = new TreeMap<>();
        int bytes = 0;
        List<String> names = List.of();
        for (int i = 0; i < calls; i++) {
          storeCalls.clear();
          long t0 = System.nanoTime();
          String answer = client.call(tool, arguments);
          millis.add((System.nanoTime() - t0) / 1e6);
          queries.merge(storeCalls.size(), 1, Integer::sum);
          names = List.copyOf(storeCalls);
          bytes = answer.length();
        }
        Collections.sort(millis);
        System.out.printf(
            Locale.ROOT,
            "%-25s %9.2f %8.2f %8.2f   %-22s %d%n",
            tool,
            millis.get(millis.size() / 2),
            millis.get(0),
            millis.get(millis.size() - 1),
            queries.keySet().size() == 1 ? queries.firstKey().toString() : queries.toString(),
            bytes);
        System.out.println("  store calls: " + names);
      }
      toServer.close();
      serving.join(Duration.ofSeconds(30).toMillis());
    }
  }

  private static Workflow workflow(int jobs) {
    Workflow.Builder workflow = Workflow.builder("mcp_benchmark").usePendingFailed(true);
    String[] failed = new String[FAILED];
    for (int i = 0; i < FAILED; i++) {
      failed[i] = "fetch_" + i;
      workflow.job(
          JobSpec.builder(failed[i])
              .command("echo 'ConnectionError: Connection refused' >&2; exit 1")
              .build());
    }
    workflow.job(JobSpec.builder("gate").command("true").dependsOn(failed).build());
    for (int i = 0; i < jobs - FAILED - 1; i++) {
      workflow.job(JobSpec.builder("work_" + i).command("true").dependsOn("gate").build());
    }
    return workflow.build();
  }

  /** The store, noting the name of each method called (close aside). */
  private static WorkflowStore counting(WorkflowStore store, List<String> calls) {
    return (WorkflowStore)
        Proxy.newProxyInstance(
            WorkflowStore.class.getClassLoader(),
            new Class<?>[] {WorkflowStore.class},
            (proxy, method, methodArgs) -> {
              if (!method.getName().equals("close") && method.getDeclaringClass() != Object.class) {
                calls.add(method.getName());
              }
              try {
                return method.invoke(store, methodArgs);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  /** Newline-delimited JSON-RPC, one request at a time. */
  private static final class Client {
    private final OutputStream out;
    private final BufferedReader in;
    private int nextId = 1;

    Client(OutputStream out, BufferedReader in) {
      this.out = out;
      this.in = in;
    }

    void initialize() throws Exception {
      request(
          "initialize",
          Map.of(
              "protocolVersion",
              "2025-06-18",
              "capabilities",
              Map.of(),
              "clientInfo",
              Map.of("name", "benchmark", "version", "1")));
      send(Map.of("jsonrpc", "2.0", "method", "notifications/initialized"));
    }

    /** The tool's answer text; fails on an error result. */
    String call(String tool, Map<String, Object> arguments) throws Exception {
      JsonNode result = request("tools/call", Map.of("name", tool, "arguments", arguments));
      String text = result.path("content").path(0).path("text").asText();
      if (result.path("isError").asBoolean()) {
        throw new IllegalStateException(tool + " answered an error: " + text);
      }
      return text;
    }

    private JsonNode request(String method, Map<String, Object> params) throws Exception {
      int id = nextId++;
      send(Map.of("jsonrpc", "2.0", "id", id, "method", method, "params", params));
      while (true) {
        String line = in.readLine();
        if (line == null) {
          throw new IllegalStateException("the server closed the connection");
        }
        JsonNode message = JSON.readTree(line);
        if (message.path("id").asInt(-1) == id) {
          if (message.has("error")) {
            throw new IllegalStateException(method + ": " + message.get("error"));
          }
          return message.get("result");
        }
      }
    }

    private void send(Map<String, Object> message) throws Exception {
      out.write(JSON.writeValueAsBytes(message));
      out.write('\n');
      out.flush();
    }
  }
}
