package dev.torc.sdk;

import dev.torc.exec.MachineResources;
import dev.torc.recovery.RecoveryFailurePolicy;
import dev.torc.run.RunOptions;
import dev.torc.spec.SpecFormat;
import dev.torc.store.JobRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** A torc over a SQLite file in a temporary directory, with a fixed machine, for tests. */
final class Fixture implements AutoCloseable {
  static final long GIB = 1L << 30;

  /** The machine ceiling: 4 CPUs, 8 GiB. */
  static final MachineResources MACHINE = new MachineResources(4, 8 * GIB, 0);

  final Path dir;
  final Path out;
  final Torc torc;

  Fixture(Path dir) {
    this(dir, Torc.builder());
  }

  Fixture(Path dir, Torc.Builder builder) {
    this.dir = dir;
    this.out = dir.resolve("out");
    this.torc = builder.database(dir.resolve("torc.db")).machine(MACHINE).saveRoot(dir).build();
  }

  /** Run options: logs under {@link #out}, 2 CPUs, the CLI's failure policy. */
  RunOptions options() {
    return RunOptions.builder()
        .outputDir(out)
        .resources(new MachineResources(2, 8 * GIB, 0))
        .pollInterval(Duration.ofMillis(100))
        .terminationGrace(Duration.ofMillis(500))
        .failurePolicy(RecoveryFailurePolicy.configured())
        .build();
  }

  /** Stores a workflow from YAML text. */
  long create(String yaml) {
    return torc.createWorkflow(CreateRequest.text(yaml, SpecFormat.YAML).build()).workflowId();
  }

  /** Runs a stored workflow to its end without a classifier. */
  RunReport run(long workflowId) {
    return torc.run(workflowId, RunRequest.of(options()));
  }

  /** The workflow's jobs by name. */
  Map<String, JobRecord> jobs(long workflowId) {
    return torc.listJobs(workflowId, null, null).jobs().stream()
        .collect(Collectors.toMap(JobRecord::name, Function.identity()));
  }

  /** The id of the workflow's job with this name. */
  long id(long workflowId, String job) {
    return jobs(workflowId).get(job).id();
  }

  @Override
  public void close() {
    torc.close();
  }
}
