package dev.torc.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.model.JobSpec;
import dev.torc.model.JobStatus;
import dev.torc.model.Workflow;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import dev.torc.store.ResourceBudget;
import dev.torc.store.Stores;
import dev.torc.store.WorkflowStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Torc#status} and {@link Torc#pendingFailedJobs} cost a few store calls, whatever the size.
 */
class StoreCallsTest {
  @TempDir Path dir;

  /** The store, recording the name of each method called through it. */
  private static WorkflowStore recording(WorkflowStore store, List<String> calls) {
    return (WorkflowStore)
        Proxy.newProxyInstance(
            WorkflowStore.class.getClassLoader(),
            new Class<?>[] {WorkflowStore.class},
            (proxy, method, args) -> {
              calls.add(method.getName());
              try {
                return method.invoke(store, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Test
  void statusAndPendingFailedJobsAnswerInAFixedNumberOfStoreCalls() {
    try (WorkflowStore store = Stores.sqlite(dir.resolve("torc.db"))) {
      for (int jobs : new int[] {1, 300}) {
        long wf = pendingFailedWorkflow(store, jobs);
        List<String> calls = new ArrayList<>();
        Torc torc = Torc.using(recording(store, calls), "test");

        WorkflowStatus status = torc.status(wf);
        assertThat(status.count(JobStatus.PENDING_FAILED)).isEqualTo(jobs);
        assertThat(calls).as(jobs + " jobs").containsExactly("findWorkflow", "countJobsByStatus");

        calls.clear();
        PendingFailedJobs pending = torc.pendingFailedJobs(wf, dir.resolve("out"), 10);
        assertThat(pending.count()).isEqualTo(jobs);
        assertThat(pending.jobs()).hasSize(Math.min(jobs, Torc.MAX_LISTED_JOBS));
        assertThat(pending.jobs()).allMatch(j -> j.returnCode() == 1);
        assertThat(calls)
            .as(jobs + " jobs")
            .containsExactly("findWorkflow", "listJobs", "listResults");
      }
    }
  }

  /** A workflow of independent jobs whose first attempts all ended pending_failed. */
  private static long pendingFailedWorkflow(WorkflowStore store, int jobs) {
    Workflow.Builder builder = Workflow.builder("many").usePendingFailed(true);
    for (int i = 0; i < jobs; i++) {
      builder.job(JobSpec.builder("j" + i).command("false").build());
    }
    long wf = store.createWorkflow(builder.build());
    for (JobRecord job : store.claimReadyJobs(wf, new ResourceBudget(1000, 1L << 50, 0), jobs)) {
      store.updateJobStatus(job.id(), JobStatus.RUNNING);
      store.completeJob(
          new JobResult(
              job.id(),
              wf,
              1,
              1,
              1,
              JobStatus.PENDING_FAILED,
              0.1,
              Instant.now(),
              null,
              null,
              null,
              null));
    }
    return wf;
  }
}
