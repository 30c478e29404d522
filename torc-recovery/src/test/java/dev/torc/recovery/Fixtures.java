package dev.torc.recovery;

import dev.torc.model.FailureHandler;
import dev.torc.model.JobStatus;
import dev.torc.model.ResourceRequirements;
import dev.torc.recovery.classify.FailureAnalyzer;
import dev.torc.recovery.classify.FailureRecord;
import dev.torc.recovery.policy.FailureContext;
import dev.torc.recovery.policy.PolicyState;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Jobs, results and contexts for policy tests. */
final class Fixtures {
  private Fixtures() {}

  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  static final ResourceRequirements RR =
      ResourceRequirements.builder("small").memory("2g").runtime("PT1H").build();

  static JobRecord job(long id, String handler) {
    return new JobRecord(
        id,
        1,
        "job" + id,
        "run job" + id,
        null,
        JobStatus.RUNNING,
        1,
        0,
        RR,
        handler,
        null,
        true,
        false,
        List.of(),
        List.of(),
        List.of(),
        "run job" + id,
        List.of());
  }

  static JobResult result(long jobId, int attempt, int code) {
    return result(jobId, attempt, code, 1.0, null);
  }

  static JobResult result(long jobId, int attempt, int code, double minutes, Long peak) {
    return new JobResult(
        jobId,
        1,
        1,
        attempt,
        code,
        code == 152 ? JobStatus.TERMINATED : JobStatus.FAILED,
        minutes,
        T0,
        peak,
        peak,
        null,
        null);
  }

  /** Analyzes an attempt of job {@code id} with the standard analyzer. */
  static FailureRecord failure(long id, int attempt, int code, String stderr) {
    return FailureAnalyzer.standard()
        .analyze(job(id, null), result(id, attempt, code), stderr, null);
  }

  /**
   * A context for failed attempt {@code attempt} of job 1 with exit {@code code} and {@code
   * stderr}, whose earlier attempts failed the same way.
   */
  static FailureContext context(
      int attempt, int code, String stderr, FailureHandler handler, PolicyState state) {
    List<FailureRecord> history = new ArrayList<>();
    for (int a = 1; a < attempt; a++) {
      history.add(failure(1, a, code, stderr));
    }
    JobRecord job = job(1, handler == null ? null : handler.name());
    JobResult result = result(1, attempt, code);
    return FailureContext.builder(job, result, failure(1, attempt, code, stderr))
        .history(history)
        .handler(handler)
        .now(T0)
        .state(state)
        .usePendingFailed(true)
        .build();
  }

  static FailureContext context(int attempt, int code, FailureHandler handler) {
    return context(attempt, code, "", handler, PolicyState.inMemory());
  }
}
