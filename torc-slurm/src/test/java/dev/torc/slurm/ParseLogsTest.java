package dev.torc.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.model.JobSpec;
import dev.torc.model.Workflow;
import dev.torc.store.Stores;
import dev.torc.store.WorkflowStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** parse-logs finds Slurm's known lines in the workflow's allocation logs, and only there. */
class ParseLogsTest {
  @TempDir Path dir;

  @Test
  void findsKnownSlurmLinesOfTheWorkflowsAllocations() throws Exception {
    try (WorkflowStore store = Stores.sqlite(dir.resolve("torc.db"))) {
      long wf =
          store.createWorkflow(
              Workflow.builder("logs").job(JobSpec.builder("a").command("true").build()).build());
      Path out = Files.createDirectories(dir.resolve("out"));
      Files.writeString(
          out.resolve("slurm_output_wf" + wf + "_sl14.e"),
          String.join(
              "\n",
              "some output of the worker",
              "slurmstepd-vm: error: *** JOB 14 ON vm CANCELLED AT 2026-12-02T00:52:42 ***",
              "slurmstepd: error: Detected 1 oom-kill event(s) in StepId=14.batch",
              "srun: error: node1: task 0: Exited with exit code 1",
              "slurmstepd: error: *** JOB 14 ON n1 DUE TO TIME LIMIT ***",
              "srun: warning: can't honor --ntasks-per-node set to 2",
              ""));
      Files.writeString(
          out.resolve("slurm_output_wf" + (wf + 1) + "_sl15.e"),
          "srun: error: of another workflow\n");

      Slurm slurm = Slurm.of(store);
      List<LogFinding> all = slurm.parseLogs(wf, out, false);
      assertThat(all)
          .extracting(LogFinding::line, LogFinding::kind)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(2, "cancelled"),
              org.assertj.core.groups.Tuple.tuple(3, "oom"),
              org.assertj.core.groups.Tuple.tuple(4, "slurm_error"),
              org.assertj.core.groups.Tuple.tuple(5, "timeout"),
              org.assertj.core.groups.Tuple.tuple(6, "slurm_warning"));
      assertThat(slurm.parseLogs(wf, out, true)).hasSize(4).allMatch(LogFinding::error);
      assertThat(slurm.parseLogs(wf, dir.resolve("missing"), false)).isEmpty();
    }
  }
}
