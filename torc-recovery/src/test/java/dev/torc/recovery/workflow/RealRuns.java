package dev.torc.recovery.workflow;

import dev.torc.exec.MachineResources;
import dev.torc.recovery.RecoveryFailurePolicy;
import dev.torc.run.RunOptions;
import dev.torc.spec.SpecFormat;
import dev.torc.spec.WorkflowSpecs;
import dev.torc.store.JobRecord;
import dev.torc.store.WorkflowStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What the tests that run real failing processes share. */
final class RealRuns {
  private RealRuns() {}

  /** A job whose every attempt is refused by a closed localhost port. */
  static final String REFUSED =
      "python3 -c \"import socket; socket.create_connection(('127.0.0.1', 1), timeout=5)\"";

  /** Creates the workflow of a YAML spec. */
  static long create(WorkflowStore store, String yaml) {
    return store.createWorkflow(WorkflowSpecs.parse(yaml, SpecFormat.YAML, "test"));
  }

  /** Two CPUs, logs under {@code dir/out}, each workflow's configured recovery, as the CLI runs. */
  static RunOptions options(Path dir) {
    return RunOptions.builder()
        .outputDir(dir.resolve("out"))
        .resources(new MachineResources(2, MachineResources.detect().memoryBytes(), 0))
        .pollInterval(Duration.ofMillis(100))
        .failurePolicy(RecoveryFailurePolicy.configured())
        .build();
  }

  /** The workflow's jobs by name. */
  static Map<String, JobRecord> jobs(WorkflowStore store, long workflowId) {
    return store.listJobs(workflowId, null).stream()
        .collect(Collectors.toMap(JobRecord::name, Function.identity()));
  }
}
