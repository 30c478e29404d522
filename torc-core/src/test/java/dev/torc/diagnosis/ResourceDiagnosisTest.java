package dev.torc.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.torc.diagnosis.ResourceDiagnosis.OomReason;
import dev.torc.diagnosis.ResourceDiagnosis.TimeoutReason;
import dev.torc.model.JobStatus;
import dev.torc.model.ResourceRequirements;
import dev.torc.store.JobResult;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ResourceDiagnosisTest {
  static final long GIB = 1L << 30;

  /** 2 CPUs, 1g, one hour. */
  static final ResourceRequirements REQUESTED =
      ResourceRequirements.builder("rr").numCpus(2).memory("1g").runtime("PT1H").build();

  static JobResult result(
      JobStatus status, int returnCode, double minutes, Long peakMemory, Double peakCpu) {
    return new JobResult(
        7,
        1,
        1,
        1,
        returnCode,
        status,
        minutes,
        Instant.parse("2025-01-01T00:00:00Z"),
        peakMemory,
        peakMemory,
        peakCpu,
        peakCpu);
  }

  static ResourceDiagnosis diagnose(
      JobStatus status, int returnCode, double minutes, Long peakMemory, Double peakCpu) {
    return ResourceDiagnosis.of(
        REQUESTED, result(status, returnCode, minutes, peakMemory, peakCpu));
  }

  @Test
  void aJobWithinItsRequestIsNeitherOverNorUnder() {
    ResourceDiagnosis d = diagnose(JobStatus.COMPLETED, 0, 30, 700L << 20, 150.0);

    assertThat(d.anyOver()).isFalse();
    assertThat(d.anyUnder()).isFalse();
    assertThat(d.overCount()).isZero();
    assertThat(d.likelyOom()).isFalse();
    assertThat(d.likelyTimeout()).isFalse();
    assertThat(d.memoryUtilizationPercent()).isCloseTo(100.0 * 700 / 1024, within(1e-9));
    assertThat(d.cpuUtilizationPercent()).isCloseTo(75.0, within(1e-9));
    assertThat(d.runtimeUtilizationPercent()).isCloseTo(50.0, within(1e-9));
  }

  @Test
  void peaksExactlyAtTheRequestAreNotOver() {
    ResourceDiagnosis d = diagnose(JobStatus.COMPLETED, 0, 60, GIB, 200.0);

    assertThat(d.memoryOver()).isFalse();
    assertThat(d.cpuOver()).isFalse();
    assertThat(d.runtimeOver()).isFalse();
  }

  @Test
  void oneByteOrOnePercentOverIsOver() {
    ResourceDiagnosis d = diagnose(JobStatus.COMPLETED, 0, 60.01, GIB + 1, 200.1);

    assertThat(d.memoryOver()).isTrue();
    assertThat(d.cpuOver()).isTrue();
    assertThat(d.runtimeOver()).isTrue();
    assertThat(d.overCount()).isEqualTo(3);
  }

  @Test
  void aCompletedAttemptIsNeverALikelyOomOrTimeoutEvenWhenOver() {
    ResourceDiagnosis d = diagnose(JobStatus.COMPLETED, 0, 59, 2 * GIB, 100.0);

    assertThat(d.memoryOver()).isTrue();
    assertThat(d.likelyOom()).isFalse();
    assertThat(d.likelyTimeout()).isFalse();
  }

  @Test
  void aFailedAttemptOverItsMemoryLikelyRanOutOfMemory() {
    ResourceDiagnosis d = diagnose(JobStatus.FAILED, 1, 5, GIB + (GIB / 2), null);

    assertThat(d.oomReason()).isEqualTo(OomReason.MEMORY_EXCEEDED);
    assertThat(d.oomReason().label()).isEqualTo("memory_exceeded");
    assertThat(d.likelyTimeout()).isFalse();
  }

  @Test
  void aKillWellBeforeTheRuntimeLimitIsALikelyOomEvenWithoutSamples() {
    ResourceDiagnosis d = diagnose(JobStatus.FAILED, 137, 10, null, null);

    assertThat(d.oomReason()).isEqualTo(OomReason.SIGKILL_137);
    assertThat(d.oomReason().label()).isEqualTo("sigkill_137");
    assertThat(d.memoryOver()).isFalse();
    assertThat(d.memoryUtilizationPercent()).isNull();
    assertThat(d.cpuUtilizationPercent()).isNull();
  }

  @Test
  void aKillAtEightyPercentOfTheLimitOrLaterIsNotAnOom() {
    assertThat(diagnose(JobStatus.FAILED, 137, 47.9, null, null).likelyOom()).isTrue();
    assertThat(diagnose(JobStatus.FAILED, 137, 48, null, null).likelyOom()).isFalse();
    assertThat(diagnose(JobStatus.TERMINATED, 137, 55, null, null).likelyOom()).isFalse();
  }

  @Test
  void aKillPastNinetyPercentOfTheLimitIsALikelyTimeout() {
    ResourceDiagnosis d = diagnose(JobStatus.TERMINATED, 137, 55, null, null);

    assertThat(d.timeoutReason()).isEqualTo(TimeoutReason.NEAR_RUNTIME_LIMIT);
    assertThat(d.timeoutReason().label()).isEqualTo("near_runtime_limit");
  }

  @Test
  void exactlyNinetyPercentIsNotATimeout() {
    assertThat(diagnose(JobStatus.FAILED, 1, 54, null, null).likelyTimeout()).isFalse();
    assertThat(diagnose(JobStatus.FAILED, 1, 54.01, null, null).likelyTimeout()).isTrue();
  }

  @Test
  void exit152IsALikelyTimeoutWhateverTheRuntime() {
    ResourceDiagnosis d = diagnose(JobStatus.FAILED, 152, 1, null, null);

    assertThat(d.timeoutReason()).isEqualTo(TimeoutReason.SIGXCPU_152);
    assertThat(d.timeoutReason().label()).isEqualTo("sigxcpu_152");
    assertThat(d.likelyOom()).isFalse();
  }

  @Test
  void anAttemptCanBeBothALikelyOomAndALikelyTimeout() {
    ResourceDiagnosis d = diagnose(JobStatus.FAILED, 152, 59, 3 * GIB, null);

    assertThat(d.likelyOom()).isTrue();
    assertThat(d.likelyTimeout()).isTrue();
  }

  @Test
  void aRetriedOrPendingFailedAttemptIsDiagnosedLikeAFailedOne() {
    assertThat(diagnose(JobStatus.READY, 137, 1, null, null).likelyOom()).isTrue();
    assertThat(diagnose(JobStatus.PENDING_FAILED, 152, 1, null, null).likelyTimeout()).isTrue();
  }

  @Test
  void anOrdinaryFailureHasNoLikelyCause() {
    ResourceDiagnosis d = diagnose(JobStatus.FAILED, 1, 2, 100L << 20, 50.0);

    assertThat(d.likelyOom()).isFalse();
    assertThat(d.likelyTimeout()).isFalse();
  }

  @Test
  void peaksWellBelowTheRequestAreUnderUse() {
    ResourceDiagnosis d = diagnose(JobStatus.COMPLETED, 0, 1, 100L << 20, 20.0);

    assertThat(d.memoryUnder()).isTrue();
    assertThat(d.cpuUnder()).isTrue();
    assertThat(d.anyUnder()).isTrue();
    assertThat(d.anyOver()).isFalse();
  }

  @Test
  void halfTheRequestIsNotUnderUse() {
    ResourceDiagnosis d = diagnose(JobStatus.COMPLETED, 0, 1, GIB / 2, 100.0);

    assertThat(d.memoryUnder()).isFalse();
    assertThat(d.cpuUnder()).isFalse();
  }

  @Test
  void aSingleCpuJobIsNeverCpuUnderUsed() {
    ResourceRequirements oneCpu = REQUESTED.toBuilder().numCpus(1).build();
    ResourceDiagnosis d =
        ResourceDiagnosis.of(oneCpu, result(JobStatus.COMPLETED, 0, 1, null, 0.0));

    assertThat(d.cpuUnder()).isFalse();
    assertThat(d.cpuUtilizationPercent()).isZero();
  }

  @Test
  void unsampledAttemptsHaveNoMemoryOrCpuFlags() {
    ResourceDiagnosis d = diagnose(JobStatus.COMPLETED, 0, 1, null, null);

    assertThat(d.memoryOver()).isFalse();
    assertThat(d.memoryUnder()).isFalse();
    assertThat(d.cpuOver()).isFalse();
    assertThat(d.cpuUnder()).isFalse();
  }

  @Test
  void aZeroByteRequestHasNoUtilizationPercentButAnyPeakIsOver() {
    ResourceRequirements none = REQUESTED.toBuilder().memory("0").build();
    ResourceDiagnosis d = ResourceDiagnosis.of(none, result(JobStatus.COMPLETED, 0, 1, 1L, null));

    assertThat(d.memoryOver()).isTrue();
    assertThat(d.memoryUtilizationPercent()).isNull();
  }
}
