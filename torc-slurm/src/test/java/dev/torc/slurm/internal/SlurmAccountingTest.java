package dev.torc.slurm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.executor.AttemptEnd;
import dev.torc.store.JobResult;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How sacct's lines for a job and its steps become the attempt's end. */
class SlurmAccountingTest {
  private static AttemptEnd end(String sacct) {
    Map<String, SlurmExecutor.Accounting> jobs = SlurmExecutor.Accounting.parse(sacct);
    return jobs.get(SlurmExecutor.Accounting.key("42", "n")).toEnd();
  }

  @Test
  void aFailedJobKeepsItsExitCodeAndElapsedTime() {
    AttemptEnd end = end("42|FAILED|3:0|00:01:05||n\n42.batch|FAILED|3:0|00:01:05|1024K|batch\n");
    assertThat(end.returnCode()).isEqualTo(3);
    assertThat(end.timedOut()).isFalse();
    assertThat(end.wallTime()).isEqualTo(Duration.ofSeconds(65));
    assertThat(end.usage().peakMemoryBytes()).isEqualTo(1024L << 10);
  }

  @Test
  void timeoutIsAnEndAtTheRuntimeLimit() {
    AttemptEnd end =
        end("42|TIMEOUT|0:0|00:02:00||n\n42.batch|CANCELLED|0:15|00:02:01|12M|batch\n");
    assertThat(end.timedOut()).isTrue();
    assertThat(end.returnCode()).isEqualTo(152);
  }

  @Test
  void outOfMemoryIsAMemoryKillWithMaxRssOfItsLargestStepAsThePeak() {
    AttemptEnd end =
        end(
            "42|OUT_OF_MEMORY|0:125|00:00:09||n\n"
                + "42.batch|OUT_OF_MEMORY|0:125|00:00:09|1.5G|batch\n"
                + "42.extern|COMPLETED|0:0|00:00:09|100K|extern\n");
    assertThat(end.returnCode()).isEqualTo(137);
    assertThat(end.note()).contains("memory");
    assertThat(end.usage().peakMemoryBytes()).isEqualTo((long) (1.5 * (1L << 30)));
  }

  @Test
  void overMemoryKillWithoutCgroupsIsAMemoryKillWithMaxRssAsThePeak() {
    // sacct's lines for a job killed by JobAcctGatherParams=OverMemoryKill (no cgroups) on the
    // local 22.05 cluster: --mem=100M, 250 MB held.
    AttemptEnd end =
        end("42|FAILED|0:9|00:00:01||n\n42.batch|CANCELLED by 0|0:9|00:00:01|261892K|batch\n");
    assertThat(end.returnCode()).isEqualTo(137);
    assertThat(end.lost()).isFalse();
    assertThat(end.usage().peakMemoryBytes()).isEqualTo(268177408L);
  }

  @Test
  void nodeFailurePreemptionAndBootFailureAreLostAttemptsAndCancelIsNotSuccess() {
    // The job line sacct printed for a job whose node was set down under it (scontrol update
    // nodename=vm state=down) on the local 22.05 cluster.
    AttemptEnd nodeFail =
        end("42|NODE_FAIL|0:0|00:00:05||n\n42.batch|CANCELLED||00:00:05||batch\n");
    assertThat(nodeFail.lost()).isTrue();
    assertThat(nodeFail.returnCode()).isEqualTo(JobResult.LOST_RETURN_CODE);
    assertThat(nodeFail.note()).contains("NODE_FAIL");
    assertThat(end("42|PREEMPTED|0:15|00:00:09||n\n").lost()).isTrue();
    assertThat(end("42|BOOT_FAIL|0:0|00:00:00||n\n").lost()).isTrue();
    assertThat(end("42|FAILED|1:0|00:00:09||n\n").lost()).isFalse();
    assertThat(end("42|CANCELLED by 0|0:0|00:00:09||n\n").returnCode()).isEqualTo(143);
    assertThat(end("42|COMPLETED|0:0|00:00:01||n\n").returnCode()).isZero();
  }

  @Test
  void anOldJobOfTheSameIdIsToldApartByItsName() {
    Map<String, SlurmExecutor.Accounting> jobs =
        SlurmExecutor.Accounting.parse(
            "42|COMPLETED|0:0|00:00:01||allocation\n42.batch|COMPLETED|0:0|00:00:01|9G|batch\n"
                + "42|FAILED|4:0|00:00:01||n\n42.batch|FAILED|4:0|00:00:01|1M|batch\n");
    AttemptEnd end = jobs.get(SlurmExecutor.Accounting.key("42", "n")).toEnd();
    assertThat(end.returnCode()).isEqualTo(4);
    assertThat(end.usage().peakMemoryBytes()).isEqualTo(1L << 20);
  }

  @Test
  void aJobSacctDoesNotKnowYetIsNotThere() {
    assertThat(SlurmExecutor.Accounting.parse("43|RUNNING|0:0|00:00:01||n\n"))
        .containsOnlyKeys(SlurmExecutor.Accounting.key("43", "n"));
  }
}
