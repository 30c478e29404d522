package dev.torc.cli.internal;

import dev.torc.cli.Main;
import dev.torc.run.NodeRequest;
import dev.torc.run.NodeScheduler;
import dev.torc.run.RunException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code local} node scheduler: starts runner processes for the workflow on this machine, each
 * the same Java and class path as this process running {@code torc workflows run WF}, detached (its
 * own session, through {@code setsid}) so that it outlives the process that started it. Each
 * worker's output goes to {@code <output>/local_workers/worker_wf{W}_{PID}.log}.
 */
public final class LocalNodeScheduler implements NodeScheduler {

  @Override
  public String type() {
    return "local";
  }

  @Override
  public List<String> schedule(NodeRequest request) {
    Path logs = request.outputDirectory().toAbsolutePath().resolve("local_workers");
    try {
      Files.createDirectories(logs);
    } catch (IOException e) {
      throw new RunException("cannot create " + logs + ": " + e.getMessage());
    }
    List<Process> started = new ArrayList<>();
    try {
      for (int i = 0; i < request.count(); i++) {
        Path log = Files.createTempFile(logs, "worker_wf" + request.workflowId() + "_", ".log");
        Process process =
            new ProcessBuilder(command(request))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        started.add(process);
        Files.move(
            log, logs.resolve("worker_wf" + request.workflowId() + "_" + process.pid() + ".log"));
      }
    } catch (IOException e) {
      started.forEach(Process::destroyForcibly);
      throw new RunException("cannot start a local worker: " + e.getMessage());
    }
    return started.stream().map(p -> Long.toString(p.pid())).toList();
  }

  private static List<String> command(NodeRequest request) {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command = new ArrayList<>();
    command.add("setsid");
    command.add(java);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.add("--database");
    command.add(request.databaseLocation());
    command.add("workflows");
    command.add("run");
    command.add(Long.toString(request.workflowId()));
    command.add("--quiet");
    command.add("-o");
    command.add(request.outputDirectory().toAbsolutePath().toString());
    if (request.maxParallelJobs() != null) {
      command.add("--max-parallel-jobs");
      command.add(request.maxParallelJobs().toString());
    }
    return command;
  }
}
