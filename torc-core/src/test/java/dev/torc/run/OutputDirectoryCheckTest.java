package dev.torc.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torc.exec.MachineResources;
import dev.torc.model.JobSpec;
import dev.torc.model.Workflow;
import dev.torc.store.JobRecord;
import dev.torc.store.WorkflowStore;
import dev.torc.store.internal.SqliteWorkflowStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An output directory that cannot take the jobs' logs stops the run before any job starts. */
class OutputDirectoryCheckTest {
  @TempDir Path dir;

  private void assertRefusedBeforeAnyJob(Path outputDir, String reason) {
    Path marker = dir.resolve("ran");
    try (WorkflowStore store = SqliteWorkflowStore.open(dir.resolve("torc.db"))) {
      long id =
          store.createWorkflow(
              Workflow.builder("w")
                  .job(JobSpec.builder("a").command("touch " + marker).build())
                  .build());
      List<String> statusesBefore = statuses(store, id);
      RunOptions options =
          RunOptions.builder()
              .outputDir(outputDir)
              .resources(new MachineResources(1, 1L << 30, 0))
              .pollInterval(Duration.ofMillis(100))
              .build();

      assertThatThrownBy(() -> new JobRunner(store, id, options).run())
          .isInstanceOf(RunException.class)
          .hasMessage(
              "cannot write job logs to the output directory "
                  + outputDir
                  + " ("
                  + reason
                  + "); choose another one, or make it writable");

      assertThat(statuses(store, id)).isEqualTo(statusesBefore);
      assertThat(store.listResults(id)).isEmpty();
      assertThat(marker).doesNotExist();
    }
  }

  private static List<String> statuses(WorkflowStore store, long id) {
    return store.listJobs(id, null).stream().map(JobRecord::status).map(Object::toString).toList();
  }

  @Test
  void aFileInTheWayIsRefused() throws Exception {
    Path file = Files.writeString(dir.resolve("out"), "a file, not a directory");
    assertRefusedBeforeAnyJob(file, "Not a directory: " + file.resolve("job_stdio"));
  }

  @Test
  void aDirectoryThatCannotBeCreatedIsRefused() {
    Path inProc = Path.of("/proc/torc-output-check-test/out");
    assertRefusedBeforeAnyJob(inProc, "no such file or directory: /proc/torc-output-check-test");
  }
}
