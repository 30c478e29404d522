package dev.torc.benchmarks;

import dev.torc.model.JobSpec;
import dev.torc.model.JobStatus;
import dev.torc.model.Workflow;
import dev.torc.store.AttemptRef;
import dev.torc.store.AttemptStart;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import dev.torc.store.ResourceBudget;
import dev.torc.store.RunnerInfo;
import dev.torc.store.WorkflowStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A runner's store traffic without processes, for the store benchmarks: each pass records the
 * starts and results of the jobs the pass before claimed (all completed at once) and claims the
 * next ones, as a runner of very short jobs does.
 */
final class RunnerPasses {
  private static final RunnerInfo RUNNER = new RunnerInfo("bench", 1, null);

  private RunnerPasses() {}

  /** Creates a workflow of {@code jobs} independent jobs, every one of them ready. */
  static long createIndependentJobs(WorkflowStore store, String name, int jobs) {
    List<JobSpec> specs = new ArrayList<>(jobs);
    for (int i = 0; i < jobs; i++) {
      specs.add(JobSpec.builder("job_" + i).command("true").build());
    }
    return store.createWorkflow(Workflow.builder(name).jobs(specs).build());
  }

  /** Registers a runner of the workflow, as a runner does before its first pass. */
  static long register(WorkflowStore store, long workflowId) {
    return store.registerRunner(workflowId, RUNNER);
  }

  /**
   * Passes until a pass claims nothing: then no job of the workflow is ready any more.
   *
   * @param perPass the most jobs a pass claims, all of which {@code budget} must hold
   * @param claimed told of every job the runner claimed
   * @return how many jobs this runner completed
   */
  static int runUntilNoneIsReady(
      WorkflowStore store,
      long workflowId,
      long runnerId,
      ResourceBudget budget,
      int perPass,
      Consumer<JobRecord> claimed) {
    List<JobRecord> last = List.of();
    int done = 0;
    while (true) {
      List<AttemptStart> starts = new ArrayList<>(last.size());
      List<JobResult> results = new ArrayList<>(last.size());
      Instant now = Instant.now();
      for (JobRecord job : last) {
        starts.add(new AttemptStart(job.id(), attempt(job), now));
        results.add(
            new JobResult(
                job.id(),
                workflowId,
                1,
                job.attemptId(),
                0,
                JobStatus.COMPLETED,
                0.0,
                now,
                null,
                null,
                null,
                null));
      }
      done += last.size();
      last =
          store
              .runnerPass(
                  workflowId,
                  runnerId,
                  starts,
                  results,
                  budget,
                  perPass,
                  (job, run) -> attempt(job))
              .claimed();
      if (last.isEmpty()) {
        return done;
      }
      last.forEach(claimed);
    }
  }

  private static AttemptRef attempt(JobRecord job) {
    return new AttemptRef("local", "bench", "job-" + job.id(), null);
  }
}
