package dev.torc.store;

import dev.torc.model.JobSpec;
import dev.torc.model.JobStatus;
import dev.torc.model.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An informal measurement, run by hand (not a test): stores a workflow of {@code n} jobs (default
 * 100,000) with 2n files, one input and one output file per job and a dependency on the job that
 * writes its input (a binary tree), then reads it back and claims from it.
 *
 * <p>Arguments: [database file] [n]. Prints timings to standard error.
 */
public final class LargeWorkflowProbe {
  private LargeWorkflowProbe() {}

  static Workflow largeWorkflow(int n) {
    Workflow.Builder b = Workflow.builder("large");
    for (int i = 0; i < n; i++) {
      b.file("in" + i, "data/in" + i + ".txt");
      b.file("out" + i, "data/out" + i + ".txt");
    }
    for (int i = 0; i < n; i++) {
      JobSpec.Builder job = JobSpec.builder("job" + i).command("work " + i).outputFiles("out" + i);
      if (i == 0) {
        job.inputFiles("in0");
      } else {
        int parent = (i - 1) / 2;
        job.inputFiles("out" + parent).dependsOn("job" + parent);
      }
      b.job(job.build());
    }
    return b.build();
  }

  public static void main(String[] args) throws Exception {
    Path db =
        args.length > 0
            ? Path.of(args[0])
            : Files.createTempDirectory("torc-probe").resolve("t.db");
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    Files.deleteIfExists(db);
    long t0 = System.nanoTime();
    Workflow wf = largeWorkflow(n);
    long t1 = System.nanoTime();
    try (WorkflowStore store = Stores.sqlite(db)) {
      long t2 = System.nanoTime();
      long id = store.createWorkflow(wf);
      long t3 = System.nanoTime();
      List<JobRecord> jobs = store.listJobs(id, null);
      long t4 = System.nanoTime();
      Map<JobStatus, Integer> counts = store.countJobsByStatus(id);
      long t5 = System.nanoTime();
      List<JobRecord> claimed = store.claimReadyJobs(id, WorkflowStoreContract.PLENTY, 10);
      long t6 = System.nanoTime();
      System.err.printf(
          "build model %d ms; open %d ms; createWorkflow(%d jobs, %d files) %d ms;"
              + " listJobs %d ms (%d jobs, job%d deps %s); countJobsByStatus %d ms %s;"
              + " claim %d ms (%d)%n",
          (t1 - t0) / 1_000_000,
          (t2 - t1) / 1_000_000,
          n,
          2 * n,
          (t3 - t2) / 1_000_000,
          (t4 - t3) / 1_000_000,
          jobs.size(),
          n - 1,
          jobs.get(n - 1).dependsOn(),
          (t5 - t4) / 1_000_000,
          counts,
          (t6 - t5) / 1_000_000,
          claimed.size());
      long done = 0;
      long t8 = System.nanoTime();
      List<JobRecord> batch = claimed;
      while (!batch.isEmpty()) {
        for (JobRecord job : batch) {
          store.updateJobStatus(job.id(), JobStatus.RUNNING);
          store.completeJob(
              new JobResult(
                  job.id(),
                  id,
                  1,
                  1,
                  0,
                  JobStatus.COMPLETED,
                  0.0,
                  java.time.Instant.now(),
                  null,
                  null,
                  null,
                  null));
          done++;
        }
        batch = store.claimReadyJobs(id, WorkflowStoreContract.PLENTY, 100);
      }
      long t9 = System.nanoTime();
      System.err.printf(
          "ran %d jobs through claim/running/complete in %d ms (%.0f jobs/s); %s%n",
          done, (t9 - t8) / 1_000_000, done / ((t9 - t8) / 1e9), store.countJobsByStatus(id));
      long t7 = System.nanoTime();
      store.deleteWorkflow(id);
      System.err.printf("deleteWorkflow %d ms%n", (System.nanoTime() - t7) / 1_000_000);
    }
  }
}
