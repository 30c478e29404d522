package dev.torc.store;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Run in a separate JVM by the store tests: claims jobs one at a time from a workflow until none is
 * ready, writing each claimed id to a file as a line.
 *
 * <p>Arguments: database (a SQLite file or a PostgreSQL URL), workflow id, output file.
 */
public final class ClaimMain {
  private ClaimMain() {}

  public static void main(String[] args) throws IOException {
    long workflowId = Long.parseLong(args[1]);
    Path out = Path.of(args[2]);
    try (WorkflowStore store = Stores.open(args[0]);
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
