package dev.torc.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torc.exec.MachineResources;
import dev.torc.model.FileSpec;
import dev.torc.model.JobSpec;
import dev.torc.model.JobStatus;
import dev.torc.model.Workflow;
import dev.torc.store.JobRecord;
import dev.torc.store.WorkflowStore;
import dev.torc.store.internal.SqliteWorkflowStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run refuses up front when a job reads a file that exists nowhere and no job writes. */
class RequiredInputsTest {
  @TempDir Path dir;

  private RunOptions options() {
    return RunOptions.builder()
        .outputDir(dir.resolve("out"))
        .resources(new MachineResources(1, 1L << 30, 0))
        .pollInterval(Duration.ofMillis(50))
        .build();
  }

  private Workflow workflow(Path marker) {
    return Workflow.builder("w")
        .file(FileSpec.of("raw", dir.resolve("raw.csv").toString()))
        .file(FileSpec.of("made", dir.resolve("made.csv").toString()))
        .file(FileSpec.of("lookup", dir.resolve("lookup.csv").toString()))
        .job(
            JobSpec.builder("make")
                .command("cat ${files.input.raw} > ${files.output.made}; touch " + marker)
                .build())
        .job(
            JobSpec.builder("use")
                .command("cat ${files.input.made} ${files.input.lookup} > /dev/null")
                .build())
        .build();
  }

  @Test
  void missingInputsThatNoJobWritesAreNamedAndNothingRuns() {
    Path marker = dir.resolve("ran");
    try (WorkflowStore store = SqliteWorkflowStore.open(dir.resolve("torc.db"))) {
      long id = store.createWorkflow(workflow(marker));
      assertThatThrownBy(() -> new JobRunner(store, id, options()).run())
          .isInstanceOf(RunException.class)
          .hasMessage(
              "2 input files exist nowhere and no job writes them: 'lookup' ("
                  + dir.resolve("lookup.csv")
                  + ", read by use); 'raw' ("
                  + dir.resolve("raw.csv")
                  + ", read by make); create them, or add the jobs that write them");
      assertThat(marker).doesNotExist();
      assertThat(store.listResults(id)).isEmpty();
    }
  }

  @Test
  void inputsOnDiskOrWrittenByAJobLetTheRunGoAhead() throws Exception {
    Path marker = dir.resolve("ran");
    Files.writeString(dir.resolve("raw.csv"), "1\n");
    Files.writeString(dir.resolve("lookup.csv"), "2\n");
    try (WorkflowStore store = SqliteWorkflowStore.open(dir.resolve("torc.db"))) {
      long id = store.createWorkflow(workflow(marker));
      new JobRunner(store, id, options()).run();
      assertThat(store.listJobs(id, null))
          .extracting(JobRecord::status)
          .containsOnly(JobStatus.COMPLETED);
      assertThat(marker).exists();
    }
  }
}
