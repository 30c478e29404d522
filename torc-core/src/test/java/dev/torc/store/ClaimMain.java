package dev.torc.store;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Run in a separate JVM by the SQLite tests: claims jobs one at a time from a workflow until none
 * is ready, writing each claimed id to a file as a line.
 *
 * <p>Arguments: database file, workflow id, output file.
 */
public final class ClaimMain {
  private ClaimMain() {}

  public static void main(String[] args) throws IOException {
    Path db = Path.of(args[0]);
    long workflowId = Long.parseLong(args[1]);
    Path out = Path.of(args[2]);
    try (WorkflowStore store = Stores.sqlite(db);
        Writer writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      List<JobRecord> claimed;
      while (!(claimed = store.claimReadyJobs(workflowId, WorkflowStoreContract.PLENTY, 1))
          .isEmpty()) {
        for (JobRecord job : claimed) {
          writer.write(job.id() + "\n");
        }
        writer.flush();
      }
    }
  }
}
