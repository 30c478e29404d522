package dev.torc.recovery.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.torc.model.Memory;
import dev.torc.store.WorkflowStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The jobs of a workflow that had their retry with headroom after a memory kill ({@link
 * dev.torc.recovery.policy.OomSizing}), kept in the store's recovery policy state so that it holds
 * across passes, runs and restarts: the request the job was killed at, what the retry ran with, and
 * whether the job's requirement was since set from the retry's measured peak.
 */
final class HeadroomRetries {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "oom_headroom:";

  /**
   * One job's headroom retry.
   *
   * @param jobId the job
   * @param killedAt the request the job was killed at
   * @param headroom what the retry requested
   * @param rightSized whether the requirement was since set from the retry's peak
   */
  record Retry(long jobId, Memory killedAt, Memory headroom, boolean rightSized) {}

  private final Map<Long, Retry> retries;

  private HeadroomRetries(Map<Long, Retry> retries) {
    this.retries = retries;
  }

  /** The workflow's headroom retries as the store holds them now. */
  static HeadroomRetries load(WorkflowStore store, long workflowId) {
    Map<Long, Retry> retries = new LinkedHashMap<>();
    store
        .listPolicyState(workflowId)
        .forEach(
            (key, value) -> {
              if (key.startsWith(PREFIX)) {
                Retry r = parse(Long.parseLong(key.substring(PREFIX.length())), value);
                retries.put(r.jobId(), r);
              }
            });
    return new HeadroomRetries(retries);
  }

  /** Whether the job already had its headroom retry. */
  boolean had(long jobId) {
    return retries.containsKey(jobId);
  }

  /** The headroom retries whose job's requirement is not yet set from a measured peak. */
  Iterable<Retry> pending() {
    return retries.values().stream().filter(r -> !r.rightSized()).toList();
  }

  Optional<Retry> of(long jobId) {
    return Optional.ofNullable(retries.get(jobId));
  }

  /** Records that the job runs with headroom next. */
  static void record(WorkflowStore store, long workflowId, Retry retry) {
    store.updatePolicyState(workflowId, PREFIX + retry.jobId(), old -> json(retry));
  }

  private static String json(Retry r) {
    return JSON.createObjectNode()
        .put("killed_at", r.killedAt().text())
        .put("headroom", r.headroom().text())
        .put("right_sized", r.rightSized())
        .toString();
  }

  private static Retry parse(long jobId, String value) {
    try {
      JsonNode n = JSON.readTree(value);
      return new Retry(
          jobId,
          Memory.parse(n.get("killed_at").asText()),
          Memory.parse(n.get("headroom").asText()),
          n.path("right_sized").asBoolean(false));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable headroom state of job " + jobId + ": " + value);
    }
  }
}
