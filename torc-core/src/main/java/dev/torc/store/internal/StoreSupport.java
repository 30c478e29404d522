package dev.torc.store.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.torc.model.FailureRule;
import dev.torc.model.JobSpec;
import dev.torc.model.JobStatus;
import dev.torc.model.ResourceRequirements;
import dev.torc.model.SlurmScheduler;
import dev.torc.model.Workflow;
import dev.torc.store.JobResult;
import dev.torc.store.StoreException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the SQLite and the in-memory store share, so that both behave the same. */
final class StoreSupport {

  /**
   * How many ready jobs that do not fit the remaining budget one claim passes over before it stops
   * looking. Jobs that fit are not counted, so a claim reads at most {@code maxJobs +
   * CLAIM_SKIP_LIMIT} ready jobs however many are waiting.
   */
  static final int CLAIM_SKIP_LIMIT = 1000;

  static final String EVENT_WORKFLOW_CREATED = "workflow_created";

  private static final ObjectMapper JSON = new ObjectMapper();

  private StoreSupport() {}

  /** Now, to the millisecond (what the SQLite store keeps). */
  static Instant now(Clock clock) {
    return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
  }

  /** The event kind for a job reaching a status, such as {@code job_completed}. */
  static String jobEventKind(JobStatus status) {
    return "job_" + status.label();
  }

  /** The workflow's requirements by name. */
  static Map<String, ResourceRequirements> requirementsByName(Workflow workflow) {
    Map<String, ResourceRequirements> byName = new HashMap<>();
    for (ResourceRequirements rr : workflow.resourceRequirements()) {
      byName.putIfAbsent(rr.name(), rr);
    }
    return byName;
  }

  /** The requirements a job runs with, as {@link Workflow#requirementsOf} defines them. */
  static ResourceRequirements requirementsOf(
      JobSpec job, Map<String, ResourceRequirements> byName) {
    if (job.resourceRequirements() == null) {
      return ResourceRequirements.DEFAULT;
    }
    ResourceRequirements rr = byName.get(job.resourceRequirements());
    if (rr == null) {
      throw new StoreException(
          "job '"
              + job.name()
              + "' names unknown resource requirements '"
              + job.resourceRequirements()
              + "'");
    }
    return rr;
  }

  static String duplicateResult(JobResult r) {
    return "a result for job "
        + r.jobId()
        + " run "
        + r.runId()
        + " attempt "
        + r.attemptId()
        + " exists already";
  }

  /**
   * The status a job actually reaches when asked to move to {@code requested}: a job asked to be
   * ready while jobs it waits for are unfinished (re-opened by a retry upstream) is blocked
   * instead, and becomes ready when they end.
   */
  static JobStatus reached(JobStatus requested, int unfinishedDeps) {
    return requested == JobStatus.READY && unfinishedDeps > 0 ? JobStatus.BLOCKED : requested;
  }

  static String describeMove(
      String jobName, JobStatus from, JobStatus requested, JobStatus reached) {
    String move = "job '" + jobName + "' " + from.label() + " -> " + reached.label();
    return requested == reached
        ? move
        : move + " (asked for " + requested.label() + "; jobs it waits for are unfinished)";
  }

  static String describeResult(String jobName, JobResult r, JobStatus reached) {
    return "job '"
        + jobName
        + "' "
        + r.status().label()
        + (reached == r.status() ? "" : " (now " + reached.label() + ")")
        + " with return code "
        + r.returnCode()
        + " (run "
        + r.runId()
        + ", attempt "
        + r.attemptId()
        + ")";
  }

  static String describeCascade(String jobName, String blockingName, JobStatus blockingStatus) {
    return "job '"
        + jobName
        + "' canceled: job '"
        + blockingName
        + "' it waits for ended "
        + blockingStatus.label();
  }

  static StoreException unknownReference(JobSpec job, String what, String name) {
    return new StoreException("job '" + job.name() + "' names unknown " + what + " '" + name + "'");
  }

  /** Plain Java values (maps, lists, scalars) as JSON text. */
  static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new StoreException("cannot write as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** JSON text as plain Java values. */
  static Object fromJson(String json) {
    try {
      return JSON.readValue(json, Object.class);
    } catch (JsonProcessingException e) {
      throw new StoreException("stored JSON is unreadable: " + e.getOriginalMessage(), e);
    }
  }

  /** A failure handler's rules as JSON, with the field names of the spec format. */
  static String rulesToJson(List<FailureRule> rules) {
    ArrayNode array = JSON.createArrayNode();
    for (FailureRule rule : rules) {
      ObjectNode node = array.addObject();
      ArrayNode codes = node.putArray("exit_codes");
      rule.exitCodes().forEach(codes::add);
      node.put("match_all_exit_codes", rule.matchAllExitCodes());
      node.put("recovery_script", rule.recoveryScript());
      node.put("max_retries", rule.maxRetries());
    }
    return array.toString();
  }

  static List<FailureRule> rulesFromJson(String json) {
    List<FailureRule> rules = new ArrayList<>();
    for (JsonNode node : readTree(json)) {
      List<Integer> codes = new ArrayList<>();
      node.path("exit_codes").forEach(code -> codes.add(code.intValue()));
      rules.add(
          new FailureRule(
              codes,
              node.path("match_all_exit_codes").asBoolean(false),
              text(node, "recovery_script"),
              node.path("max_retries").asInt(0)));
    }
    return rules;
  }

  /** A Slurm scheduler as JSON, with the field names of the spec format. */
  static String schedulerToJson(SlurmScheduler s) {
    ObjectNode node = JSON.createObjectNode();
    node.put("name", s.name());
    node.put("account", s.account());
    node.put("partition", s.partition());
    node.put("nodes", s.nodes());
    node.put("walltime", s.walltime());
    node.put("mem", s.mem());
    node.put("gres", s.gres());
    node.put("qos", s.qos());
    node.put("ntasks_per_node", s.ntasksPerNode());
    node.put("tmp", s.tmp());
    node.put("extra", s.extra());
    return node.toString();
  }

  static SlurmScheduler schedulerFromJson(String json) {
    JsonNode node = readTree(json);
    JsonNode tasks = node.path("ntasks_per_node");
    return new SlurmScheduler(
        text(node, "name"),
        text(node, "account"),
        text(node, "partition"),
        node.path("nodes").asInt(1),
        text(node, "walltime"),
        text(node, "mem"),
        text(node, "gres"),
        text(node, "qos"),
        tasks.isNumber() ? tasks.intValue() : null,
        text(node, "tmp"),
        text(node, "extra"));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static JsonNode readTree(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new StoreException("stored JSON is unreadable: " + e.getOriginalMessage(), e);
    }
  }
}
