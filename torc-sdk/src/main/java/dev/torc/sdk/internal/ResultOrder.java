package dev.torc.sdk.internal;

import dev.torc.store.JobResult;
import java.util.Comparator;
import java.util.Map;
import java.util.function.Function;

/** Orders results by one of their JSON fields; missing values go last. */
public final class ResultOrder {
  private ResultOrder() {}

  /**
   * The order by a field of {@link dev.torc.sdk.ResultQuery#SORT_FIELDS}.
   *
   * @param names job names by id, for {@code job_name}
   * @throws IllegalArgumentException for another field
   */
  public static Comparator<JobResult> by(String field, Map<Long, String> names) {
    return switch (field) {
      case "job_id" -> Comparator.comparingLong(JobResult::jobId);
      case "job_name" -> nullsLast(r -> names.get(r.jobId()));
      case "run_id" -> Comparator.comparingInt(JobResult::runId);
      case "attempt_id" -> Comparator.comparingInt(JobResult::attemptId);
      case "return_code" -> Comparator.comparingInt(JobResult::returnCode);
      case "status" -> Comparator.comparing(r -> r.status().label());
      case "exec_time_minutes" -> Comparator.comparingDouble(JobResult::execTimeMinutes);
      case "completion_time" -> Comparator.comparing(JobResult::completionTime);
      case "peak_memory_bytes" -> nullsLast(JobResult::peakMemoryBytes);
      case "avg_memory_bytes" -> nullsLast(JobResult::avgMemoryBytes);
      case "peak_cpu_percent" -> nullsLast(JobResult::peakCpuPercent);
      case "avg_cpu_percent" -> nullsLast(JobResult::avgCpuPercent);
      default -> throw new IllegalArgumentException("cannot sort results by " + field);
    };
  }

  private static <T extends Comparable<? super T>> Comparator<JobResult> nullsLast(
      Function<JobResult, T> key) {
    return Comparator.comparing(key, Comparator.nullsLast(Comparator.naturalOrder()));
  }
}
