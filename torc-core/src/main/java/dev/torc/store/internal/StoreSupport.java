package dev.torc.store.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.torc.model.FailureRule;
import dev.torc.model.IllegalTransitionException;
import dev.torc.model.JobSpec;
import dev.torc.model.JobStatus;
import dev.torc.model.RecoveryConfig;
import dev.torc.model.ResourceRequirements;
import dev.torc.model.SlurmScheduler;
import dev.torc.model.Workflow;
import dev.torc.model.WorkflowAction;
import dev.torc.store.AttemptRef;
import dev.torc.store.AttemptStart;
import dev.torc.store.JobResult;
import dev.torc.store.ResourceBudget;
import dev.torc.store.RunnerInfo;
import dev.torc.store.StoreException;
import dev.torc.store.WorkflowStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** What the SQLite and the in-memory store share, so that both behave the same. */
final class StoreSupport {

  /**
   * How many ready jobs that do not fit the remaining budget one claim passes over before it stops
   * looking. Jobs that fit are not counted, so a claim reads at most {@code maxJobs +
   * CLAIM_SKIP_LIMIT} ready jobs however many are waiting.
   */
  static final int CLAIM_SKIP_LIMIT = 1000;

  static final String EVENT_WORKFLOW_CREATED = "workflow_created";
  static final String EVENT_WORKFLOW_RESET = "workflow_reset";
  static final String EVENT_WORKFLOW_REINITIALIZED = "workflow_reinitialized";
  static final String EVENT_WORKFLOW_CANCELED = "workflow_canceled";
  static final String EVENT_RUNNER_STARTED = "runner_started";
  static final String EVENT_RUNNER_STOPPED = "runner_stopped";
  static final String EVENT_JOB_RETRY = "job_retry";
  static final String EVENT_JOB_HELD = "job_held";
  static final String EVENT_JOB_RELEASED = "job_released";
  static final String EVENT_CLAIM_RELEASED = "claim_released";
  static final String EVENT_RECOVERY_SCRIPT_STARTED = "recovery_script_started";
  static final String EVENT_JOB_REQUIREMENTS = "job_requirements";
  static final String EVENT_JOB_CREATED = "job_created";
  static final String EVENT_JOB_UPDATED = "job_updated";
  static final String EVENT_JOB_DELETED = "job_deleted";

  /** What {@code workflow.status} holds while a workflow is canceled. */
  static final String WORKFLOW_CANCELED = "canceled";

  /** The statuses {@code retryJob} starts from. */
  static final Set<JobStatus> RETRYABLE =
      EnumSet.of(
          JobStatus.FAILED, JobStatus.TERMINATED, JobStatus.CANCELED, JobStatus.PENDING_FAILED);

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

  /** Whether a runner has the job: claimed ({@code pending}) or started ({@code running}). */
  static boolean isActive(JobStatus status) {
    return status == JobStatus.PENDING || status == JobStatus.RUNNING;
  }

  static void checkRunnerInfo(RunnerInfo info, String what) {
    Objects.requireNonNull(info, what);
    Objects.requireNonNull(info.host(), what + " host");
  }

  static void checkAttemptRef(AttemptRef attempt, String what) {
    Objects.requireNonNull(attempt, what);
  }

  /** Checks the arguments of {@link dev.torc.store.WorkflowStore#runnerPass}. */
  static void checkRunnerPass(
      List<AttemptStart> starts,
      List<JobResult> results,
      ResourceBudget budget,
      WorkflowStore.AttemptNamer attempts) {
    Objects.requireNonNull(starts, "starts");
    results.forEach(StoreSupport::checkResult);
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(attempts, "attempts");
  }

  static void checkResult(JobResult result) {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(result.status(), "result status");
    Objects.requireNonNull(result.completionTime(), "result completion time");
  }

  /** A failed attempt to retry must have ended failed or terminated. */
  static void checkRetriedAttempt(JobResult result) {
    checkResult(result);
    if (result.status() != JobStatus.FAILED && result.status() != JobStatus.TERMINATED) {
      throw new IllegalArgumentException(
          "a retried attempt must have failed or been terminated, not " + result.status().label());
    }
  }

  static StoreException resultOfOtherWorkflow(JobResult result, long jobWorkflowId) {
    return new StoreException(
        "result names workflow "
            + result.workflowId()
            + " but job "
            + result.jobId()
            + " belongs to workflow "
            + jobWorkflowId);
  }

  /**
   * A retried attempt must be the job's current one.
   *
   * @throws StoreException when the result is for another run or attempt
   */
  static void checkCurrentAttempt(JobResult r, String jobName, int runId, int attemptId) {
    if (r.runId() != runId || r.attemptId() != attemptId) {
      throw new StoreException(
          "job '"
              + jobName
              + "' is at run "
              + runId
              + " attempt "
              + attemptId
              + "; the result is for run "
              + r.runId()
              + " attempt "
              + r.attemptId());
    }
  }

  /** Only a running job's attempt can be retried. */
  static void checkRunning(JobStatus status) {
    if (status != JobStatus.RUNNING) {
      throw new IllegalTransitionException(status, JobStatus.READY);
    }
  }

  /** retryJob starts from an ended or unclassified job. */
  static void checkRetryable(JobStatus status) {
    if (!RETRYABLE.contains(status)) {
      throw new IllegalTransitionException(status, JobStatus.READY);
    }
  }

  static StoreException wrongRunner(String jobName, long owner, long runnerId) {
    return new StoreException(
        "job '"
            + jobName
            + "' was claimed by "
            + (owner == 0 ? "no runner" : "runner " + owner)
            + ", not by "
            + (runnerId == 0 ? "no runner" : "runner " + runnerId));
  }

  /**
   * The statuses a failed-only reset starts from: ended unsuccessfully or awaiting classification.
   */
  static final Set<JobStatus> RESET_SEEDS = RETRYABLE;

  /**
   * The jobs a reset initializes again, in id order: every job, or with {@code failedOnly} those
   * that ended unsuccessfully or await classification and every job downstream of them; never a
   * disabled, pending or running job.
   *
   * @param status every job of the workflow with its status
   * @param downstreamOf the given jobs and every job downstream of them
   */
  static List<Long> jobsToReset(
      Map<Long, JobStatus> status,
      Function<Collection<Long>, Set<Long>> downstreamOf,
      boolean failedOnly) {
    if (!failedOnly) {
      return resettable(status.keySet(), status);
    }
    List<Long> seeds = new ArrayList<>();
    status.forEach(
        (id, s) -> {
          if (RESET_SEEDS.contains(s)) {
            seeds.add(id);
          }
        });
    return resettable(downstreamOf.apply(seeds), status);
  }

  /**
   * The jobs a reset of chosen jobs initializes again, in id order: the chosen jobs and every job
   * downstream of them, never a disabled, pending or running one.
   *
   * @throws StoreException when a chosen job is not one of the workflow's, or {@code requirements}
   *     names a job that is not chosen
   * @throws IllegalTransitionException when a chosen job neither ended unsuccessfully nor awaits
   *     classification
   */
  static List<Long> chosenJobsToReset(
      long workflowId,
      Map<Long, JobStatus> status,
      Function<Collection<Long>, Set<Long>> downstreamOf,
      Set<Long> chosen,
      Map<Long, ?> requirements) {
    for (long id : chosen) {
      JobStatus s = status.get(id);
      if (s == null) {
        throw new StoreException("workflow " + workflowId + " has no job with id " + id);
      }
      checkRetryable(s);
    }
    for (long id : requirements.keySet()) {
      if (!chosen.contains(id)) {
        throw new StoreException("new requirements for job " + id + ", which is not reset");
      }
    }
    return resettable(downstreamOf.apply(chosen), status);
  }

  private static List<Long> resettable(Collection<Long> candidates, Map<Long, JobStatus> status) {
    List<Long> reset = new ArrayList<>();
    for (long id : new TreeSet<>(candidates)) {
      JobStatus s = status.get(id);
      if (s != JobStatus.DISABLED && !isActive(s)) {
        reset.add(id);
      }
    }
    return reset;
  }

  /** These jobs without the disabled ones, in id order. */
  static List<Long> withoutDisabled(Collection<Long> jobIds, Map<Long, JobStatus> status) {
    List<Long> kept = new ArrayList<>();
    for (long id : new TreeSet<>(jobIds)) {
      if (status.get(id) != JobStatus.DISABLED) {
        kept.add(id);
      }
    }
    return kept;
  }

  static StoreException activeJobsRefuse(String what, long workflowId, int active) {
    return new StoreException(
        "cannot "
            + what
            + " workflow "
            + workflowId
            + ": "
            + active
            + " of its jobs are pending or running; stop its runners first");
  }

  static String describeRunner(long runnerId, RunnerInfo info) {
    return "runner " + runnerId + " (pid " + info.pid() + " on " + info.host() + ")";
  }

  /** A hold may be put on a job that is claimed or ready. */
  static void checkHoldable(JobStatus status) {
    if (status != JobStatus.PENDING && status != JobStatus.READY) {
      throw new IllegalTransitionException(status, JobStatus.READY);
    }
  }

  static String holdEvent(java.time.Instant notBefore) {
    return notBefore == null ? EVENT_JOB_RELEASED : EVENT_JOB_HELD;
  }

  static String describeHold(
      String jobName, int attemptId, java.time.Instant notBefore, String reason) {
    return "job '"
        + jobName
        + "' attempt "
        + attemptId
        + (notBefore == null ? " may start now: " : " held until " + notBefore + ": ")
        + reason;
  }

  static String describeRecoveryProcess(String jobName, int attemptId, AttemptRef p) {
    return "job '"
        + jobName
        + "' attempt "
        + attemptId
        + ": recovery script runs ("
        + p.describe()
        + ")";
  }

  static String describeRunning(String jobName, int attemptId, long runnerId, AttemptRef a) {
    return "job '"
        + jobName
        + "' pending -> running (attempt "
        + attemptId
        + ", "
        + a.describe()
        + (runnerId == 0 ? "" : ", runner " + runnerId)
        + ")";
  }

  static String describeRetryAttempt(
      String jobName, JobResult r, JobStatus reached, int nextAttempt, String reason) {
    return "job '"
        + jobName
        + "' "
        + r.status().label()
        + " with return code "
        + r.returnCode()
        + " (run "
        + r.runId()
        + ", attempt "
        + r.attemptId()
        + "); "
        + reached.label()
        + " for attempt "
        + nextAttempt
        + reasonSuffix(reason);
  }

  static String describeRetryJob(
      String jobName,
      JobStatus from,
      JobStatus reached,
      int nextAttempt,
      ResourceRequirements requirements,
      String reason) {
    return "job '"
        + jobName
        + "' "
        + from.label()
        + " -> "
        + reached.label()
        + " for attempt "
        + nextAttempt
        + (requirements == null ? "" : " with " + describeRequirements(requirements))
        + reasonSuffix(reason);
  }

  static String describeRequirements(ResourceRequirements rr) {
    return "requirements '"
        + rr.name()
        + "' ("
        + rr.numCpus()
        + " CPUs, "
        + rr.memory().text()
        + ", "
        + rr.numGpus()
        + " GPUs, "
        + rr.numNodes()
        + " nodes, "
        + rr.runtime()
        + ")";
  }

  private static String reasonSuffix(String reason) {
    return reason == null || reason.isBlank() ? "" : ": " + reason;
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

  /** The refusal to delete a file or user data that jobs read or write, naming them. */
  static StoreException inUse(String what, String name, List<String> jobs) {
    return new StoreException(
        what
            + " '"
            + name
            + "' cannot be deleted: "
            + String.join(", ", jobs)
            + (jobs.size() == 1 ? " reads or writes it" : " read or write it")
            + "; delete or change those jobs first");
  }

  /** A job as an error message names it: {@code 'name' (id N)}. */
  static String jobRef(String name, long id) {
    return "'" + name + "' (id " + id + ")";
  }

  static StoreException noSuch(String what, String name, long workflowId) {
    return new StoreException("workflow " + workflowId + " has no " + what + " '" + name + "'");
  }

  /** The refusal to add a job that writes what jobs of the workflow already read. */
  static StoreException readByOthers(JobSpec job, String what, String name, List<Long> readers) {
    return new StoreException(
        "job '"
            + job.name()
            + "' cannot write "
            + what
            + " '"
            + name
            + "': jobs with ids "
            + readers
            + " already read it and would not wait for it");
  }

  /**
   * The job's dependencies, once its failure handler and scheduler are known to exist and it does
   * not depend on itself.
   *
   * @throws StoreException naming what is wrong
   */
  static java.util.Set<String> checkedDependencies(
      JobSpec job, java.util.Set<String> handlerNames, java.util.Set<String> schedulerNames) {
    if (job.failureHandler() != null && !handlerNames.contains(job.failureHandler())) {
      throw unknownReference(job, "failure handler", job.failureHandler());
    }
    if (job.scheduler() != null && !schedulerNames.contains(job.scheduler())) {
      throw unknownReference(job, "Slurm scheduler", job.scheduler());
    }
    java.util.Set<String> deps = new java.util.LinkedHashSet<>(job.dependsOn());
    if (deps.contains(job.name())) {
      throw new StoreException("job '" + job.name() + "' depends on itself");
    }
    return deps;
  }

  /** Plain Java values (maps, lists, scalars) as JSON text. */
  static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new StoreException("cannot write as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** The recovery configuration stored as {@link RecoveryConfig#toPlain()} JSON, or NONE. */
  @SuppressWarnings("unchecked")
  static RecoveryConfig recoveryConfigFromJson(String json) {
    if (json == null || json.isBlank()) {
      return RecoveryConfig.NONE;
    }
    return RecoveryConfig.fromPlain((Map<String, Object>) fromJson(json));
  }

  /** An action as JSON, with the fields a spec writes. */
  static String actionToJson(WorkflowAction action) {
    return toJson(dev.torc.spec.internal.SpecWriter.action(action));
  }

  /** The action {@link #actionToJson} wrote. */
  static WorkflowAction actionFromJson(String json) {
    JsonNode node = readTree(json);
    JsonNode maxParallel = node.path("max_parallel_jobs");
    return new WorkflowAction(
        WorkflowAction.Trigger.valueOf(node.path("trigger_type").asText().toUpperCase(Locale.ROOT)),
        WorkflowAction.Type.valueOf(node.path("action_type").asText().toUpperCase(Locale.ROOT)),
        texts(node.path("jobs")),
        texts(node.path("job_name_regexes")),
        texts(node.path("commands")),
        text(node, "scheduler"),
        text(node, "scheduler_type"),
        node.path("num_allocations").asInt(1),
        node.path("start_one_worker_per_node").asBoolean(false),
        maxParallel.isNumber() ? maxParallel.intValue() : null,
        node.path("persistent").asBoolean(false));
  }

  private static List<String> texts(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(item -> out.add(item.asText()));
    return out;
  }

  /** A JSON list of ids. */
  static List<Long> idsFromJson(String json) {
    List<Long> out = new ArrayList<>();
    readTree(json).forEach(item -> out.add(item.asLong()));
    return out;
  }

  /** A list of texts as JSON, or {@code null} for an empty one. */
  static String textsToJson(List<String> texts) {
    return texts.isEmpty() ? null : toJson(texts);
  }

  /** The texts {@link #textsToJson} wrote. */
  static List<String> textsFromJson(String json) {
    if (json == null || json.isBlank()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (Object o : (List<?>) fromJson(json)) {
      out.add(String.valueOf(o));
    }
    return out;
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

  /** This host's name, as runners record it. */
  static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "localhost";
    }
  }
}
