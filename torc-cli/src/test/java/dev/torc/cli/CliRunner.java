package dev.torc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs the CLI in-process against one database, capturing what it prints. */
final class CliRunner {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String database;

  CliRunner(Path database) {
    this(database.toString());
  }

  /** Against a database given as the CLI takes it: a SQLite path or a PostgreSQL URL. */
  CliRunner(String database) {
    this.database = database;
  }

  /** What one command printed and returned. */
  record Result(int exitCode, String out, String err) {
    JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + out + "\nstderr: " + err, e);
      }
    }
  }

  Result run(String... args) {
    List<String> all = new ArrayList<>(List.of("--database", database));
    all.addAll(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = TorcCommand.commandLine(all);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(all.toArray(String[]::new));
    return new Result(exitCode, out.toString(), err.toString());
  }

  /**
   * Starts {@code workflows run} of the workflow in a child JVM with 2 CPUs, polling every 0.2 s,
   * job logs under {@code dir/out}, and its stdout and stderr in {@code dir/NAME.out} and {@code
   * .err}, and these options for the JVM.
   */
  Process startRunner(long workflowId, Path dir, String name, String... jvmOptions)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmOptions));
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "--database",
            database,
            "workflows",
            "run",
            String.valueOf(workflowId),
            "--quiet",
            "--num-cpus",
            "2",
            "--poll-interval",
            "0.2",
            "-o",
            dir.resolve("out").toString()));
    return new ProcessBuilder(command)
        .redirectOutput(dir.resolve(name + ".out").toFile())
        .redirectError(dir.resolve(name + ".err").toFile())
        .start();
  }

  /** Runs the workflow to its end in this JVM, as a user would after a runner was killed. */
  Result resume(long workflowId, Path dir) {
    return run(
        "workflows",
        "run",
        String.valueOf(workflowId),
        "--quiet",
        "--num-cpus",
        "2",
        "-o",
        dir.resolve("out").toString());
  }

  /** The workflow's jobs as {@code jobs list} prints them in JSON, by name. */
  java.util.Map<String, JsonNode> jobsByName(long workflowId) {
    java.util.Map<String, JsonNode> byName = new java.util.TreeMap<>();
    json("jobs", "list", String.valueOf(workflowId))
        .json()
        .get("jobs")
        .forEach(job -> byName.put(job.get("name").asText(), job));
    return byName;
  }

  /** The messages of the workflow's events of this kind, as {@code events list} prints them. */
  List<String> events(long workflowId, String kind) {
    List<String> messages = new ArrayList<>();
    json("events", "list", String.valueOf(workflowId))
        .json()
        .get("events")
        .forEach(
            e -> {
              if (e.get("kind").asText().equals(kind)) {
                messages.add(e.get("message").asText());
              }
            });
    return messages;
  }

  Result json(String... args) {
    List<String> all = new ArrayList<>(List.of("-f", "json"));
    all.addAll(List.of(args));
    return run(all.toArray(String[]::new));
  }
}
