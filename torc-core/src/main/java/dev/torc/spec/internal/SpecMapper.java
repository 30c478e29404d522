package dev.torc.spec.internal;

import dev.torc.model.FailureHandler;
import dev.torc.model.FailureRule;
import dev.torc.model.FileSpec;
import dev.torc.model.InputLimits;
import dev.torc.model.JobSpec;
import dev.torc.model.JobsSortMethod;
import dev.torc.model.Memory;
import dev.torc.model.ParameterMode;
import dev.torc.model.RecoveryConfig;
import dev.torc.model.ResourceMonitorConfig;
import dev.torc.model.ResourceRequirements;
import dev.torc.model.SlurmScheduler;
import dev.torc.model.SpecException;
import dev.torc.model.SpecProblem;
import dev.torc.model.UserDataSpec;
import dev.torc.model.Workflow;
import dev.torc.model.WorkflowAction;
import dev.torc.model.internal.Names;
import dev.torc.model.internal.ParameterRanges;
import dev.torc.model.internal.Printable;
import dev.torc.model.internal.Problems;
import dev.torc.model.internal.Suggestions;
import dev.torc.spec.SpecFormat;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a {@link SpecNode} tree into a {@link Workflow}: checks every field's name and type,
 * reporting each problem with its line and column, then builds the workflow, which expands,
 * resolves and validates it.
 */
public final class SpecMapper {
  static final List<String> WORKFLOW_FIELDS =
      List.of(
          "name",
          "user",
          "description",
          "project",
          "metadata",
          "parameters",
          "jobs",
          "files",
          "user_data",
          "resource_requirements",
          "failure_handlers",
          "slurm_schedulers",
          "slurm_defaults",
          "resource_monitor",
          "use_pending_failed",
          "jobs_sort_method",
          "classification_rules",
          "recovery_policy",
          "actions",
          "compute_node_expiration_buffer_seconds",
          "compute_node_wait_for_new_jobs_seconds",
          "compute_node_ignore_workflow_completion",
          "compute_node_wait_for_healthy_database_minutes");

  /**
   * The original's settings for its compute-node workers, each with what it does there: recognised,
   * and refused with that reason, since torc's runners do not take them.
   */
  static final Map<String, String> COMPUTE_NODE_FIELDS =
      Map.of(
          "compute_node_expiration_buffer_seconds",
          "workers stop claiming jobs this many seconds before their allocation ends",
          "compute_node_wait_for_new_jobs_seconds",
          "idle workers wait this long for new jobs before they exit",
          "compute_node_ignore_workflow_completion",
          "workers keep their allocation after the workflow completes",
          "compute_node_wait_for_healthy_database_minutes",
          "workers wait this long for an unresponsive database");

  static final List<String> JOB_FIELDS =
      List.of(
          "name",
          "command",
          "invocation_script",
          "resource_requirements",
          "failure_handler",
          "scheduler",
          "cancel_on_blocking_job_failure",
          "supports_termination",
          "depends_on",
          "depends_on_regexes",
          "input_files",
          "output_files",
          "input_file_regexes",
          "output_file_regexes",
          "input_user_data",
          "output_user_data",
          "input_user_data_regexes",
          "output_user_data_regexes",
          "parameters",
          "parameter_mode",
          "use_parameters",
          "priority",
          "fallback_commands");
  static final List<String> REQUIREMENTS_FIELDS =
      List.of("name", "num_cpus", "memory", "num_gpus", "num_nodes", "runtime");
  static final List<String> HANDLER_FIELDS = List.of("name", "rules");
  static final List<String> RULE_FIELDS =
      List.of("exit_codes", "match_all_exit_codes", "recovery_script", "max_retries");
  static final List<String> SCHEDULER_FIELDS =
      List.of(
          "name",
          "account",
          "partition",
          "nodes",
          "walltime",
          "mem",
          "gres",
          "qos",
          "ntasks_per_node",
          "tmp",
          "extra");
  static final List<String> FILE_FIELDS =
      List.of("name", "path", "parameters", "parameter_mode", "use_parameters");
  static final List<String> USER_DATA_FIELDS =
      List.of("name", "data", "is_ephemeral", "parameters", "parameter_mode", "use_parameters");
  static final List<String> CLASSIFICATION_RULE_FIELDS =
      List.of("pattern", "classification", "confidence");
  static final List<String> RECOVERY_POLICY_FIELDS =
      List.of("backoff", "budgets", "circuit_breaker");
  static final List<String> BACKOFF_FIELDS = List.of("base", "multiplier", "jitter", "max");
  static final List<String> BREAKER_FIELDS =
      List.of(
          "failure_rate_threshold",
          "sliding_window_size",
          "minimum_calls",
          "wait_in_open",
          "probes",
          "when_open");
  static final List<String> ACTION_FIELDS =
      List.of(
          "trigger_type",
          "action_type",
          "jobs",
          "job_name_regexes",
          "commands",
          "scheduler",
          "scheduler_type",
          "num_allocations",
          "start_one_worker_per_node",
          "max_parallel_jobs",
          "persistent");
  static final List<String> MONITOR_FIELDS =
      List.of("enabled", "granularity", "sample_interval_seconds", "generate_plots", "metrics");

  /** What the monitor samples, by the names the original's {@code metrics} list uses. */
  static final List<String> MONITOR_METRICS = List.of("cpu_percent", "memory_bytes");

  /** The thing a resolver problem starts by naming, such as {@code job 'a'}. */
  private static final Pattern NAMED = Pattern.compile("^[a-z ]{1,30} '[^']*'");

  private final String source;
  private final Problems problems = new Problems();
  private final InputLimits limits;

  /** Jobs and resource requirements by how problems name them ({@code job 'a'}). */
  private final Map<String, SpecNode> named = new HashMap<>();

  private Map<String, String> sharedParameters = Map.of();

  private SpecMapper(String source, InputLimits limits) {
    this.source = source;
    this.limits = limits;
  }

  /**
   * Maps a parsed spec to a workflow, built within these limits.
   *
   * @throws SpecException listing every problem
   */
  public static Workflow toWorkflow(SpecNode root, String source, InputLimits limits) {
    return new SpecMapper(source, limits).map(root);
  }

  private Workflow map(SpecNode root) {
    if (!(root instanceof SpecNode.MapNode top)) {
      problem(
          root,
          "a workflow spec must be a map of fields such as 'name' and 'jobs', not "
              + root.describe());
      throw new SpecException(located(problems.toList()));
    }
    checkFields(top, "the workflow", WORKFLOW_FIELDS);
    String name = name(top, "the workflow", "workflow");
    Workflow.Builder builder = Workflow.builder(name).limits(limits);
    optionalText(top, "user", "the workflow", builder::user);
    optionalText(top, "description", "the workflow", builder::description);
    optionalText(top, "project", "the workflow", builder::project);
    refuseComputeNodeFields(top);
    metadata(top, builder);
    SpecNode.MapNode slurmDefaults = mapField(top, "slurm_defaults", "the workflow");
    if (slurmDefaults != null) {
      builder.slurmDefaults(slurmDefaults.toPlain());
    }
    sharedParameters = parameters(top, "the workflow");
    sharedParameters.forEach(builder::parameter);
    Boolean pendingFailed = bool(top, "use_pending_failed", "the workflow");
    if (pendingFailed != null) {
      builder.usePendingFailed(pendingFailed);
    }
    JobsSortMethod sort = enumValue(top, "jobs_sort_method", "the workflow", JobsSortMethod.class);
    if (sort != null) {
      builder.jobsSortMethod(sort);
    }
    SpecNode.MapNode monitor = mapField(top, "resource_monitor", "the workflow");
    if (monitor != null) {
      resourceMonitor(monitor, builder);
    }
    List<RecoveryConfig.ClassificationRuleSpec> classificationRules = new ArrayList<>();
    eachMap(
        top,
        "classification_rules",
        "classification_rules",
        m -> classificationRule(m, classificationRules));
    SpecNode.MapNode recovery = mapField(top, "recovery_policy", "the workflow");
    RecoveryConfig recoveryConfig =
        recovery == null ? RecoveryConfig.NONE : recoveryPolicy(recovery);
    if (recoveryConfig != null) {
      builder.recoveryConfig(recoveryConfig.withClassificationRules(classificationRules));
    }
    eachMap(top, "resource_requirements", "resource_requirements", m -> requirements(m, builder));
    eachMap(top, "failure_handlers", "failure_handlers", m -> handler(m, builder));
    eachMap(top, "slurm_schedulers", "slurm_schedulers", m -> scheduler(m, builder));
    eachMap(top, "files", "files", m -> file(m, builder));
    eachMap(top, "actions", "actions", m -> action(m, builder));
    eachMap(top, "user_data", "user_data", m -> userData(m, builder));
    if (top.get("jobs") == null) {
      problem(top, "the workflow needs a 'jobs' list");
    } else {
      eachMap(top, "jobs", "jobs", m -> job(m, builder));
    }
    if (!problems.isEmpty()) {
      throw new SpecException(located(problems.toList()));
    }
    try {
      return builder.build();
    } catch (SpecException e) {
      throw new SpecException(located(e.problems()));
    }
  }

  private void refuseComputeNodeFields(SpecNode.MapNode top) {
    COMPUTE_NODE_FIELDS.forEach(
        (field, effect) -> {
          SpecNode.Entry entry = top.entries().get(field);
          if (entry != null) {
            problems.add(
                new SpecProblem(
                    source,
                    entry.line(),
                    entry.column(),
                    "'"
                        + field
                        + "' is not supported: in the original torc "
                        + effect
                        + "; torc's runners have no such setting, so remove it"));
          }
        });
  }

  /** Metadata as a map, or as the original's JSON string holding an object. */
  private void metadata(SpecNode.MapNode top, Workflow.Builder builder) {
    SpecNode node = top.get("metadata");
    if (node instanceof SpecNode.Scalar s && s.value() instanceof String text) {
      try {
        SpecNode parsed = TreeReader.read(text, SpecFormat.JSON, source, limits);
        if (parsed instanceof SpecNode.MapNode map) {
          builder.metadata(map.toPlain());
        } else {
          problem(node, "'metadata' of the workflow must hold a JSON object, not " + s.describe());
        }
      } catch (SpecException e) {
        problem(
            node,
            "'metadata' of the workflow is text that is not a JSON object: "
                + e.problems().get(0).message());
      }
      return;
    }
    SpecNode.MapNode metadata = mapField(top, "metadata", "the workflow");
    if (metadata != null) {
      builder.metadata(metadata.toPlain());
    }
  }

  private List<SpecProblem> located(List<SpecProblem> found) {
    List<SpecProblem> located = new ArrayList<>(found.size());
    for (SpecProblem p : found) {
      located.add(locate(p));
    }
    return located;
  }

  /**
   * A resolver problem, placed at the job or resource requirements it names when they are declared
   * under that name.
   */
  private SpecProblem locate(SpecProblem p) {
    if (p.source() != null) {
      return p;
    }
    Matcher m = NAMED.matcher(p.message());
    SpecNode node = m.find() ? named.get(m.group()) : null;
    return node == null
        ? p.inSource(source)
        : new SpecProblem(source, node.line(), node.column(), p.message());
  }

  // ---------------------------------------------------------------- sections

  private void job(SpecNode.MapNode m, Workflow.Builder builder) {
    String what = describe(m, "jobs");
    checkFields(m, what, JOB_FIELDS);
    String name = name(m, what, "job");
    String command = text(m, "command", what, true);
    JobSpec.Builder job =
        JobSpec.builder(name == null ? "" : name).command(command == null ? "" : command);
    optionalText(m, "invocation_script", what, job::invocationScript);
    optionalText(m, "resource_requirements", what, job::resourceRequirements);
    optionalText(m, "failure_handler", what, job::failureHandler);
    optionalText(m, "scheduler", what, job::scheduler);
    Boolean cancel = bool(m, "cancel_on_blocking_job_failure", what);
    if (cancel != null) {
      job.cancelOnBlockingJobFailure(cancel);
    }
    Boolean termination = bool(m, "supports_termination", what);
    if (termination != null) {
      job.supportsTermination(termination);
    }
    job.dependsOn(texts(m, "depends_on", what).toArray(String[]::new));
    job.dependsOnRegexes(texts(m, "depends_on_regexes", what).toArray(String[]::new));
    job.inputFiles(texts(m, "input_files", what).toArray(String[]::new));
    job.outputFiles(texts(m, "output_files", what).toArray(String[]::new));
    job.inputFileRegexes(texts(m, "input_file_regexes", what).toArray(String[]::new));
    job.outputFileRegexes(texts(m, "output_file_regexes", what).toArray(String[]::new));
    job.inputUserData(texts(m, "input_user_data", what).toArray(String[]::new));
    job.outputUserData(texts(m, "output_user_data", what).toArray(String[]::new));
    job.inputUserDataRegexes(texts(m, "input_user_data_regexes", what).toArray(String[]::new));
    job.outputUserDataRegexes(texts(m, "output_user_data_regexes", what).toArray(String[]::new));
    parameters(m, what).forEach(job::parameter);
    ParameterMode mode = enumValue(m, "parameter_mode", what, ParameterMode.class);
    if (mode != null) {
      job.parameterMode(mode);
    }
    job.useParameters(texts(m, "use_parameters", what).toArray(String[]::new));
    Integer priority = integer(m, "priority", what);
    if (priority != null) {
      job.priority(priority);
    }
    job.fallbackCommands(texts(m, "fallback_commands", what).toArray(String[]::new));
    if (name == null || command == null) {
      return;
    }
    named.putIfAbsent("job '" + Printable.escape(name) + "'", m);
    construct(m, what, () -> builder.job(job.build()));
  }

  private void requirements(SpecNode.MapNode m, Workflow.Builder builder) {
    String what = describe(m, "resource_requirements");
    checkFields(m, what, REQUIREMENTS_FIELDS);
    String name = name(m, what, "resource requirements");
    if (name == null) {
      return;
    }
    ResourceRequirements.Builder rr = ResourceRequirements.builder(name);
    Integer cpus = integer(m, "num_cpus", what);
    Integer gpus = integer(m, "num_gpus", what);
    Integer nodes = integer(m, "num_nodes", what);
    Memory memory = memory(m, what);
    Duration runtime = runtime(m, what);
    if (cpus != null) {
      rr.numCpus(cpus);
    }
    if (gpus != null) {
      rr.numGpus(gpus);
    }
    if (nodes != null) {
      rr.numNodes(nodes);
    }
    if (memory != null) {
      rr.memory(memory);
    }
    if (runtime != null) {
      rr.runtime(runtime);
    }
    named.putIfAbsent("resource requirements '" + Printable.escape(name) + "'", m);
    construct(m, what, () -> builder.resourceRequirements(rr.build()));
  }

  private Memory memory(SpecNode.MapNode m, String what) {
    SpecNode node = m.get("memory");
    if (node == null) {
      return null;
    }
    String text = scalarText(node);
    if (text == null) {
      problem(
          node,
          "'memory' of " + what + " must be a memory amount such as 2g, not " + node.describe());
      return null;
    }
    try {
      return Memory.parse(text);
    } catch (IllegalArgumentException e) {
      problem(node, what + ": " + e.getMessage());
      return null;
    }
  }

  private Duration runtime(SpecNode.MapNode m, String what) {
    SpecNode node = m.get("runtime");
    if (node == null) {
      return null;
    }
    if (!(node instanceof SpecNode.Scalar s && s.value() instanceof String text)) {
      problem(
          node,
          "'runtime' of "
              + what
              + " must be an ISO-8601 duration such as PT30M, not "
              + node.describe());
      return null;
    }
    try {
      return ResourceRequirements.parseRuntime(text);
    } catch (IllegalArgumentException e) {
      problem(node, what + ": " + e.getMessage());
      return null;
    }
  }

  private void handler(SpecNode.MapNode m, Workflow.Builder builder) {
    String what = describe(m, "failure_handlers");
    checkFields(m, what, HANDLER_FIELDS);
    String name = name(m, what, "failure handler");
    List<FailureRule> rules = new ArrayList<>();
    SpecNode rulesNode = m.get("rules");
    if (rulesNode == null) {
      problem(m, what + " needs 'rules'");
    } else {
      eachMap(m, "rules", what + " rules", r -> rule(r, what, rules));
    }
    if (name != null) {
      construct(m, what, () -> builder.failureHandler(new FailureHandler(name, rules)));
    }
  }

  private void rule(SpecNode.MapNode m, String handler, List<FailureRule> rules) {
    String what = "a rule of " + handler;
    checkFields(m, what, RULE_FIELDS);
    List<Integer> codes = integers(m, "exit_codes", what);
    Boolean all = bool(m, "match_all_exit_codes", what);
    String script = text(m, "recovery_script", what, false);
    Integer retries = integer(m, "max_retries", what);
    construct(
        m,
        what,
        () ->
            rules.add(
                new FailureRule(
                    codes, Boolean.TRUE.equals(all), script, retries == null ? 1 : retries)));
  }

  private void scheduler(SpecNode.MapNode m, Workflow.Builder builder) {
    String what = describe(m, "slurm_schedulers");
    checkFields(m, what, SCHEDULER_FIELDS);
    String name = name(m, what, "slurm scheduler");
    String account = text(m, "account", what, true);
    String partition = text(m, "partition", what, false);
    Integer nodes = integer(m, "nodes", what);
    String walltime = text(m, "walltime", what, false);
    String mem = text(m, "mem", what, false);
    String gres = text(m, "gres", what, false);
    String qos = text(m, "qos", what, false);
    Integer tasks = integer(m, "ntasks_per_node", what);
    String tmp = text(m, "tmp", what, false);
    String extra = text(m, "extra", what, false);
    if (name == null || account == null) {
      return;
    }
    construct(
        m,
        what,
        () ->
            builder.slurmScheduler(
                new SlurmScheduler(
                    name,
                    account,
                    partition,
                    nodes == null ? 1 : nodes,
                    walltime,
                    mem,
                    gres,
                    qos,
                    tasks,
                    tmp,
                    extra)));
  }

  private void action(SpecNode.MapNode m, Workflow.Builder builder) {
    String what = "an action";
    checkFields(m, what, ACTION_FIELDS);
    WorkflowAction.Trigger trigger =
        required(
            m,
            "trigger_type",
            what,
            enumValue(m, "trigger_type", what, WorkflowAction.Trigger.class));
    WorkflowAction.Type type =
        required(
            m, "action_type", what, enumValue(m, "action_type", what, WorkflowAction.Type.class));
    List<String> jobs = texts(m, "jobs", what);
    List<String> regexes = texts(m, "job_name_regexes", what);
    List<String> commands = texts(m, "commands", what);
    String scheduler = text(m, "scheduler", what, false);
    String schedulerType = text(m, "scheduler_type", what, false);
    Integer allocations = integer(m, "num_allocations", what);
    Boolean perNode = bool(m, "start_one_worker_per_node", what);
    Integer maxParallel = integer(m, "max_parallel_jobs", what);
    Boolean persistent = bool(m, "persistent", what);
    if (trigger == null || type == null) {
      return;
    }
    construct(
        m,
        what + " (" + trigger.specName() + " " + type.specName() + ")",
        () ->
            builder.action(
                new WorkflowAction(
                    trigger,
                    type,
                    jobs,
                    regexes,
                    commands,
                    scheduler,
                    schedulerType,
                    allocations == null ? 1 : allocations,
                    Boolean.TRUE.equals(perNode),
                    maxParallel,
                    Boolean.TRUE.equals(persistent))));
  }

  /** The value, or {@code null} after reporting that the field is missing (when it is). */
  private <T> T required(SpecNode.MapNode m, String key, String what, T value) {
    if (m.get(key) == null) {
      problem(m, what + " needs a '" + key + "'");
    }
    return value;
  }

  private void file(SpecNode.MapNode m, Workflow.Builder builder) {
    String what = describe(m, "files");
    checkFields(m, what, FILE_FIELDS);
    String name = name(m, what, "file");
    String path = text(m, "path", what, true);
    Map<String, String> parameters = parametersWithShared(m, what);
    ParameterMode mode = enumValue(m, "parameter_mode", what, ParameterMode.class);
    if (name != null && path != null) {
      builder.file(new FileSpec(name, path, parameters, mode));
    }
  }

  private void userData(SpecNode.MapNode m, Workflow.Builder builder) {
    String what = describe(m, "user_data");
    checkFields(m, what, USER_DATA_FIELDS);
    String name = name(m, what, "user data");
    SpecNode data = m.get("data");
    Boolean ephemeral = bool(m, "is_ephemeral", what);
    Map<String, String> parameters = parametersWithShared(m, what);
    ParameterMode mode = enumValue(m, "parameter_mode", what, ParameterMode.class);
    if (name != null) {
      builder.userData(
          new UserDataSpec(
              name,
              data == null ? null : SpecNode.plain(data),
              parameters,
              mode,
              Boolean.TRUE.equals(ephemeral)));
    }
  }

  /** A file's or user data's own parameters plus the shared ones it names in use_parameters. */
  private Map<String, String> parametersWithShared(SpecNode.MapNode m, String what) {
    Map<String, String> parameters = new LinkedHashMap<>();
    SpecNode use = m.get("use_parameters");
    for (String shared : texts(m, "use_parameters", what)) {
      String range = sharedParameters.get(shared);
      if (range == null) {
        problem(
            use,
            what
                + " uses unknown shared parameter '"
                + shared
                + "'"
                + Suggestions.didYouMean(shared, sharedParameters.keySet()));
      } else {
        parameters.put(shared, range);
      }
    }
    parameters.putAll(parameters(m, what));
    return parameters;
  }

  private void resourceMonitor(SpecNode.MapNode m, Workflow.Builder builder) {
    String what = "resource_monitor";
    checkFields(m, what, MONITOR_FIELDS);
    ResourceMonitorConfig d = ResourceMonitorConfig.DEFAULT;
    Boolean enabled = bool(m, "enabled", what);
    ResourceMonitorConfig.Granularity granularity =
        enumValue(m, "granularity", what, ResourceMonitorConfig.Granularity.class);
    Double interval = number(m, "sample_interval_seconds", what);
    Boolean plots = bool(m, "generate_plots", what);
    for (String metric : texts(m, "metrics", what)) {
      if (!MONITOR_METRICS.contains(metric)) {
        problem(
            m.get("metrics"),
            "metric '"
                + metric
                + "' of resource_monitor is not supported: the monitor samples "
                + String.join(" and ", MONITOR_METRICS)
                + Suggestions.didYouMean(metric, MONITOR_METRICS));
      }
    }
    construct(
        m,
        what,
        () ->
            builder.resourceMonitor(
                new ResourceMonitorConfig(
                    enabled == null ? d.enabled() : enabled,
                    granularity == null ? d.granularity() : granularity,
                    interval == null ? d.sampleIntervalSeconds() : interval,
                    Boolean.TRUE.equals(plots))));
  }

  private void classificationRule(
      SpecNode.MapNode m, List<RecoveryConfig.ClassificationRuleSpec> rules) {
    String what = "a classification rule";
    checkFields(m, what, CLASSIFICATION_RULE_FIELDS);
    String pattern = text(m, "pattern", what, true);
    String classification = text(m, "classification", what, true);
    Double confidence = number(m, "confidence", what);
    if (pattern == null || classification == null) {
      return;
    }
    construct(
        m,
        what,
        () ->
            rules.add(
                new RecoveryConfig.ClassificationRuleSpec(
                    pattern,
                    classification,
                    confidence == null
                        ? RecoveryConfig.ClassificationRuleSpec.DEFAULT_CONFIDENCE
                        : confidence)));
  }

  /** The recovery_policy section, or {@code null} after reporting its problems. */
  private RecoveryConfig recoveryPolicy(SpecNode.MapNode m) {
    String what = "recovery_policy";
    int before = problems.count();
    checkFields(m, what, RECOVERY_POLICY_FIELDS);
    RecoveryConfig.Backoff backoff = null;
    SpecNode.MapNode b = mapField(m, "backoff", what);
    if (b != null) {
      String bw = "the backoff of recovery_policy";
      checkFields(b, bw, BACKOFF_FIELDS);
      Duration base = duration(b, "base", bw);
      Double multiplier = number(b, "multiplier", bw);
      Double jitter = number(b, "jitter", bw);
      Duration max = duration(b, "max", bw);
      backoff =
          constructed(
              b,
              bw,
              () ->
                  new RecoveryConfig.Backoff(
                      base == null ? Duration.ofSeconds(30) : base,
                      multiplier == null ? 2.0 : multiplier,
                      jitter == null ? 0.5 : jitter,
                      max == null ? Duration.ofMinutes(30) : max));
    }
    Map<String, Integer> budgets = new LinkedHashMap<>();
    SpecNode.MapNode budgetNode = mapField(m, "budgets", what);
    if (budgetNode != null) {
      String bw = "the budgets of recovery_policy";
      checkFields(budgetNode, bw, RecoveryConfig.BUDGET_CAUSES);
      for (SpecNode.Entry entry : budgetNode.entries().values()) {
        if (!RecoveryConfig.BUDGET_CAUSES.contains(entry.key())) {
          continue;
        }
        Integer budget = integer(budgetNode, entry.key(), bw);
        if (budget != null) {
          if (budget < 0 || (entry.key().equals("permanent") && budget != 0)) {
            problem(
                entry.value(),
                "'"
                    + entry.key()
                    + "' of "
                    + bw
                    + (budget < 0
                        ? " must be zero or more, not " + budget
                        : " must be 0: permanent failures are never retried"));
          } else {
            budgets.put(entry.key(), budget);
          }
        }
      }
    }
    RecoveryConfig.CircuitBreaker breaker = null;
    SpecNode.MapNode c = mapField(m, "circuit_breaker", what);
    if (c != null) {
      String cw = "the circuit_breaker of recovery_policy";
      checkFields(c, cw, BREAKER_FIELDS);
      Double threshold = number(c, "failure_rate_threshold", cw);
      Integer window = integer(c, "sliding_window_size", cw);
      Integer minimum = integer(c, "minimum_calls", cw);
      Duration wait = duration(c, "wait_in_open", cw);
      Integer probes = integer(c, "probes", cw);
      String whenOpen = text(c, "when_open", cw, false);
      int size = window == null ? 10 : window;
      breaker =
          constructed(
              c,
              cw,
              () ->
                  new RecoveryConfig.CircuitBreaker(
                      threshold == null ? 50.0 : threshold,
                      size,
                      minimum == null ? Math.max(1, Math.min(5, size)) : minimum,
                      wait == null ? Duration.ofMinutes(10) : wait,
                      probes == null ? 1 : probes,
                      whenOpen));
    }
    if (problems.count() > before) {
      return null;
    }
    return new RecoveryConfig(List.of(), backoff, budgets, breaker);
  }

  private Duration duration(SpecNode.MapNode m, String key, String what) {
    SpecNode node = m.get(key);
    if (node == null) {
      return null;
    }
    if (node instanceof SpecNode.Scalar s && s.value() instanceof String text) {
      try {
        return Duration.parse(text.strip().toUpperCase(Locale.ROOT));
      } catch (java.time.format.DateTimeParseException e) {
        // reported below
      }
    }
    fieldProblem(
        node, key, what, " must be an ISO-8601 duration such as PT30S, not " + node.describe());
    return null;
  }

  // ---------------------------------------------------------------- field helpers

  private static String describe(SpecNode.MapNode m, String section) {
    SpecNode name = m.get("name");
    if (name instanceof SpecNode.Scalar s && s.value() != null && !(s.value() instanceof Boolean)) {
      String singular =
          switch (section) {
            case "jobs" -> "job";
            case "files" -> "file";
            case "failure_handlers" -> "failure handler";
            case "slurm_schedulers" -> "slurm scheduler";
            case "user_data" -> "user data";
            default -> section;
          };
      return singular + " '" + s.value() + "'";
    }
    return "an entry of '" + section + "'";
  }

  private void checkFields(SpecNode.MapNode m, String what, List<String> allowed) {
    for (SpecNode.Entry entry : m.entries().values()) {
      String key = entry.key();
      if (allowed.contains(key)) {
        continue;
      }
      problems.add(
          new SpecProblem(
              source,
              entry.line(),
              entry.column(),
              "unknown field '" + key + "' in " + what + Suggestions.didYouMean(key, allowed)));
    }
  }

  private void construct(SpecNode at, String what, Runnable action) {
    constructed(
        at,
        what,
        () -> {
          action.run();
          return null;
        });
  }

  /** The value {@code value} makes, or {@code null} after reporting why it refused. */
  private <T> T constructed(SpecNode at, String what, java.util.function.Supplier<T> value) {
    try {
      return value.get();
    } catch (IllegalArgumentException | NullPointerException e) {
      problem(at, what + ": " + e.getMessage());
      return null;
    }
  }

  /** A problem with the field {@code key} of {@code what}: {@code 'key' of what} and the rest. */
  private void fieldProblem(SpecNode at, String key, String what, String rest) {
    problem(at, "'" + key + "' of " + what + rest);
  }

  private void problem(SpecNode at, String message) {
    problems.add(
        new SpecProblem(source, at == null ? 0 : at.line(), at == null ? 0 : at.column(), message));
  }

  private static String scalarText(SpecNode node) {
    if (node instanceof SpecNode.Scalar s && s.value() != null) {
      Object v = s.value();
      if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
        return BigDecimal.valueOf(d).toPlainString();
      }
      return v.toString();
    }
    return null;
  }

  private String text(SpecNode.MapNode m, String key, String what, boolean required) {
    SpecNode node = m.get(key);
    if (node == null || (node instanceof SpecNode.Scalar s && s.value() == null)) {
      if (required) {
        problem(node == null ? m : node, what + " needs a '" + key + "'");
      }
      return null;
    }
    if (!(node instanceof SpecNode.Scalar s)) {
      problem(node, "'" + key + "' of " + what + " must be text, not " + node.describe());
      return null;
    }
    return s.value().toString();
  }

  /** The required {@code name} of a section, reporting a name that is too long or unprintable. */
  private String name(SpecNode.MapNode m, String what, String kind) {
    String name = text(m, "name", what, true);
    String wrong = name == null ? null : Names.problem(kind, name, limits.maxNameLength());
    if (wrong != null) {
      problem(m.get("name"), wrong);
    }
    return name;
  }

  private void optionalText(
      SpecNode.MapNode m, String key, String what, Consumer<String> consumer) {
    String value = text(m, key, what, false);
    if (value != null) {
      consumer.accept(value);
    }
  }

  private Integer integer(SpecNode.MapNode m, String key, String what) {
    SpecNode node = m.get(key);
    if (node == null) {
      return null;
    }
    Integer value = integerValue(node);
    if (value == null) {
      fieldProblem(
          node,
          key,
          what,
          isWholeNumber(node)
              ? " is too large: " + node.describe()
              : " must be an integer, not " + node.describe());
    }
    return value;
  }

  /** Whether a value is a whole number written in digits, however large. */
  private static boolean isWholeNumber(SpecNode node) {
    return node instanceof SpecNode.Scalar s
        && (s.value() instanceof Long
            || s.value() instanceof java.math.BigInteger
            || s.value() instanceof String text && text.strip().matches("[+-]?\\d+"));
  }

  private static Integer integerValue(SpecNode node) {
    if (node instanceof SpecNode.Scalar s) {
      Object v = s.value();
      if (v instanceof Integer i) {
        return i;
      }
      if (v instanceof String text && text.strip().matches("[+-]?\\d{1,9}")) {
        return Integer.parseInt(text.strip());
      }
    }
    return null;
  }

  private Double number(SpecNode.MapNode m, String key, String what) {
    SpecNode node = m.get(key);
    if (node == null) {
      return null;
    }
    if (node instanceof SpecNode.Scalar s && s.value() instanceof Number n) {
      return n.doubleValue();
    }
    problem(node, "'" + key + "' of " + what + " must be a number, not " + node.describe());
    return null;
  }

  private Boolean bool(SpecNode.MapNode m, String key, String what) {
    SpecNode node = m.get(key);
    if (node == null) {
      return null;
    }
    if (node instanceof SpecNode.Scalar s) {
      if (s.value() instanceof Boolean b) {
        return b;
      }
      if (s.value() instanceof String text
          && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
        return Boolean.parseBoolean(text);
      }
    }
    problem(node, "'" + key + "' of " + what + " must be true or false, not " + node.describe());
    return null;
  }

  private <E extends Enum<E>> E enumValue(
      SpecNode.MapNode m, String key, String what, Class<E> type) {
    SpecNode node = m.get(key);
    if (node == null) {
      return null;
    }
    List<String> names =
        Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
    if (node instanceof SpecNode.Scalar s && s.value() instanceof String text) {
      String wanted = text.strip().toLowerCase(Locale.ROOT);
      for (E constant : type.getEnumConstants()) {
        if (constant.name().toLowerCase(Locale.ROOT).equals(wanted)) {
          return constant;
        }
      }
      problem(
          node,
          "'"
              + key
              + "' of "
              + what
              + " must be one of "
              + String.join(", ", names)
              + ", not '"
              + text
              + "'"
              + Suggestions.didYouMean(wanted, names));
      return null;
    }
    problem(
        node,
        "'"
            + key
            + "' of "
            + what
            + " must be one of "
            + String.join(", ", names)
            + ", not "
            + node.describe());
    return null;
  }

  private List<String> texts(SpecNode.MapNode m, String key, String what) {
    SpecNode node = m.get(key);
    if (node == null || (node instanceof SpecNode.Scalar s && s.value() == null)) {
      return List.of();
    }
    if (node instanceof SpecNode.Scalar s) {
      if (s.value() instanceof String text) {
        return List.of(text);
      }
      problem(
          node, "'" + key + "' of " + what + " must be a list of names, not " + node.describe());
      return List.of();
    }
    if (!(node instanceof SpecNode.ListNode list)) {
      problem(
          node, "'" + key + "' of " + what + " must be a list of names, not " + node.describe());
      return List.of();
    }
    List<String> out = new ArrayList<>(list.items().size());
    for (SpecNode item : list.items()) {
      String text = scalarText(item);
      if (text == null || item instanceof SpecNode.Scalar s && s.value() instanceof Boolean) {
        problem(item, "'" + key + "' of " + what + " must list names, not " + item.describe());
      } else {
        out.add(text);
      }
    }
    return out;
  }

  private List<Integer> integers(SpecNode.MapNode m, String key, String what) {
    SpecNode node = m.get(key);
    if (node == null) {
      return List.of();
    }
    if (!(node instanceof SpecNode.ListNode list)) {
      Integer single = integerValue(node);
      if (single != null) {
        return List.of(single);
      }
      problem(
          node, "'" + key + "' of " + what + " must be a list of integers, not " + node.describe());
      return List.of();
    }
    List<Integer> out = new ArrayList<>();
    for (SpecNode item : list.items()) {
      Integer value = integerValue(item);
      if (value == null) {
        problem(item, "'" + key + "' of " + what + " must list integers, not " + item.describe());
      } else {
        out.add(value);
      }
    }
    return out;
  }

  private SpecNode.MapNode mapField(SpecNode.MapNode m, String key, String what) {
    SpecNode node = m.get(key);
    if (node == null || (node instanceof SpecNode.Scalar s && s.value() == null)) {
      return null;
    }
    if (node instanceof SpecNode.MapNode map) {
      return map;
    }
    problem(node, "'" + key + "' of " + what + " must be a map, not " + node.describe());
    return null;
  }

  /**
   * Parameters: name to a range string; a number is a single value and a list is a list of values.
   */
  private Map<String, String> parameters(SpecNode.MapNode m, String what) {
    SpecNode.MapNode map = mapField(m, "parameters", what);
    if (map == null) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (SpecNode.Entry entry : map.entries().values()) {
      SpecNode value = entry.value();
      if (value instanceof SpecNode.ListNode list) {
        List<Object> items = new ArrayList<>();
        for (SpecNode item : list.items()) {
          if (item instanceof SpecNode.Scalar s && s.value() != null) {
            items.add(s.value());
          } else {
            problem(
                item,
                "parameter '"
                    + entry.key()
                    + "' of "
                    + what
                    + " must list numbers or text, not "
                    + item.describe());
          }
        }
        if (items.isEmpty()) {
          problem(list, "parameter '" + entry.key() + "' of " + what + " has no values");
        } else {
          out.put(entry.key(), ParameterRanges.listOf(items));
        }
      } else if (value instanceof SpecNode.Scalar s
          && s.value() != null
          && !(s.value() instanceof Boolean)) {
        String range = scalarText(value);
        if (s.value() instanceof String) {
          try {
            ParameterRanges.validate(range);
          } catch (IllegalArgumentException e) {
            problem(value, "parameter '" + entry.key() + "' of " + what + ": " + e.getMessage());
            continue;
          }
        }
        out.put(entry.key(), range);
      } else {
        problem(
            value,
            "parameter '"
                + entry.key()
                + "' of "
                + what
                + " must be a range such as \"1:10\", a number or a list, not "
                + value.describe());
      }
    }
    return out;
  }

  private void eachMap(
      SpecNode.MapNode parent, String key, String what, Consumer<SpecNode.MapNode> action) {
    SpecNode node = parent.get(key);
    if (node == null || (node instanceof SpecNode.Scalar s && s.value() == null)) {
      return;
    }
    if (!(node instanceof SpecNode.ListNode list)) {
      problem(node, "'" + key + "' must be a list, not " + node.describe());
      return;
    }
    for (SpecNode item : list.items()) {
      if (item instanceof SpecNode.MapNode map) {
        action.accept(map);
      } else {
        problem(item, "each entry of '" + key + "' must be a map, not " + item.describe());
      }
    }
  }
}
