package dev.torc.ai.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.torc.diagnosis.JobLogs;
import dev.torc.model.JobStatus;
import dev.torc.model.Memory;
import dev.torc.model.ResourceRequirements;
import dev.torc.run.PendingFailures;
import dev.torc.sdk.ClassifyRequest;
import dev.torc.sdk.CreateRequest;
import dev.torc.sdk.LogRequest;
import dev.torc.sdk.Page;
import dev.torc.sdk.RecoverRequest;
import dev.torc.sdk.RecoveryOptions;
import dev.torc.sdk.ResourceUpdateRequest;
import dev.torc.sdk.ResultQuery;
import dev.torc.sdk.Torc;
import dev.torc.sdk.UtilizationQuery;
import dev.torc.spec.SpecFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * The original torc's 16 MCP tools, under its names and parameter names. Each reads its arguments,
 * makes one {@link Torc} call and answers that call's JSON view.
 */
public final class TorcTools {
  private static final List<String> STATUSES =
      Arrays.stream(JobStatus.values()).map(JobStatus::label).toList();
  private static final Set<String> CLASSIFICATION_FIELDS =
      Set.of("job_id", "action", "memory", "runtime", "reason");
  private static final int DEFAULT_TAIL_LINES = 50;
  private static final int MAX_TAIL_LINES = 2_000;
  private static final int MAX_PAGE = 1_000;

  private final Torc torc;
  private final Path outputDir;
  private final Path workingDirectory;
  private final ObjectMapper json = new ObjectMapper();

  public TorcTools(Torc torc, Path outputDir, Path workingDirectory) {
    this.torc = torc;
    this.outputDir = outputDir.toAbsolutePath().normalize();
    this.workingDirectory = workingDirectory.toAbsolutePath().normalize();
  }

  /** Every tool, in the original's order. */
  public List<ToolDefinition> all() {
    return List.of(
        createWorkflow(),
        executionPlan(),
        jobDetails(),
        jobsByStatus(),
        workflowStatus(),
        workflowSummary(),
        results(),
        analyzeLogs(),
        jobLogs(),
        failedJobs(),
        resourceUtilization(),
        slurmSacct(),
        updateResources(),
        recover(),
        pendingFailed(),
        classify());
  }

  private ToolDefinition createWorkflow() {
    return new ToolDefinition(
        "create_workflow",
        "Validate a workflow spec, store it as a new workflow, or save it as a spec file under the"
            + " server's working directory (never overwriting a file).",
        Schema.object()
            .property(
                "spec_json",
                Map.of(
                    "type",
                    List.of("object", "string"),
                    "description",
                    "The workflow spec (torc's spec format: name, jobs, resource_requirements, ...)"
                        + " as a JSON object, or as JSON or YAML text."))
            .string("user", "The workflow's user (default: the spec's).")
            .choice(
                "action",
                "create_workflow (default) stores it; save_spec_file writes it to output_path;"
                    + " validate only checks it and shows its execution plan.",
                List.of("create_workflow", "save_spec_file", "validate"))
            .choice(
                "workflow_type",
                "local (default) or slurm (not supported yet).",
                List.of("local", "slurm"))
            .string("account", "Slurm account (slurm workflows only).")
            .string("hpc_profile", "HPC profile name (slurm workflows only).")
            .string(
                "output_path",
                "For save_spec_file: the file to write, relative to the server's working"
                    + " directory; its extension (.json, .yaml, .json5) sets the format"
                    + " (default: <name>.json).")
            .required("spec_json"),
        true,
        (args, actor) -> {
          String action =
              args.choice(
                  "action",
                  "create_workflow",
                  List.of("create_workflow", "save_spec_file", "validate"));
          if (args.choice("workflow_type", "local", List.of("local", "slurm")).equals("slurm")) {
            throw new ToolException(
                "workflow_type slurm is not supported yet: torc for Java runs workflows on this"
                    + " machine only; use workflow_type local");
          }
          Spec spec = spec(args.raw("spec_json"), "spec_json");
          if (action.equals("save_spec_file")) {
            return torc.saveSpec(spec.text(), savePath(args.string("output_path"), spec)).toJson();
          }
          return torc.createWorkflow(
                  CreateRequest.text(spec.text(), spec.format())
                      .user(args.string("user"))
                      .dryRun(action.equals("validate"))
                      .build())
              .toJson();
        });
  }

  private ToolDefinition executionPlan() {
    return new ToolDefinition(
        "get_execution_plan",
        "The order in which jobs become ready, stage by stage: of a stored workflow (by id, from"
            + " its jobs' current statuses) or of a spec that is not stored.",
        Schema.object()
            .property(
                "spec_or_id",
                Map.of(
                    "type",
                    List.of("integer", "object", "string"),
                    "description",
                    "A workflow id, or a spec as a JSON object or JSON/YAML text."))
            .required("spec_or_id"),
        false,
        (args, actor) -> {
          Object value = args.raw("spec_or_id");
          if (value instanceof Number || value instanceof String s && s.strip().matches("\\d+")) {
            return torc.executionPlan(args.id("spec_or_id")).toJson();
          }
          Spec spec = spec(value, "spec_or_id");
          return torc.createWorkflow(
                  CreateRequest.text(spec.text(), spec.format()).dryRun(true).build())
              .toJson();
        });
  }

  private ToolDefinition jobDetails() {
    return new ToolDefinition(
        "get_job_details",
        "One job: its command, status, dependencies, resource requirements, latest result and"
            + " failure records.",
        Schema.object().id("job_id", "The job.").required("job_id"),
        false,
        (args, actor) -> torc.jobDetails(args.id("job_id")).toJson());
  }

  private ToolDefinition jobsByStatus() {
    return new ToolDefinition(
        "list_jobs_by_status",
        "A workflow's jobs in one status (or all), in id order, a page at a time.",
        Schema.object()
            .id("workflow_id", "The workflow.")
            .choice("status", "The status to list (default: every status).", STATUSES)
            .integer("limit", "Jobs per page (default 100).", 1, MAX_PAGE)
            .integer("offset", "Jobs to skip (default 0).", 0, Integer.MAX_VALUE)
            .required("workflow_id"),
        false,
        (args, actor) ->
            torc.listJobs(
                    args.id("workflow_id"),
                    status(args.choice("status", null, STATUSES)),
                    page(args))
                .toJson());
  }

  private ToolDefinition workflowStatus() {
    return aboutWorkflow(
        "get_workflow_status",
        "A workflow's job counts by status, its run id and whether it is complete.",
        id -> torc.status(id).toJson());
  }

  private ToolDefinition workflowSummary() {
    return aboutWorkflow(
        "get_workflow_summary",
        "A workflow's status plus what to look at first: failed jobs, jobs awaiting"
            + " classification, resource alerts.",
        id -> torc.summary(id).toJson());
  }

  private ToolDefinition results() {
    return new ToolDefinition(
        "list_results",
        "A workflow's job results (one per attempt: return code, status, run time, peak memory"
            + " and CPU), filtered, sorted and paged.",
        Schema.object()
            .id("workflow_id", "The workflow.")
            .id("job_id", "Only this job's results.")
            .id("run_id", "Only this run (default: the current run).")
            .integer("return_code", "Only results with this return code.")
            .bool("failed_only", "Only results with a non-zero return code.")
            .choice("status", "Only results with this status.", STATUSES)
            .integer("limit", "Results per page (default 100).", 1, MAX_PAGE)
            .integer("offset", "Results to skip (default 0).", 0, Integer.MAX_VALUE)
            .choice(
                "sort_by",
                "The field to sort by (default: job_id).",
                ResultQuery.SORT_FIELDS.stream().sorted().toList())
            .bool("reverse_sort", "Sort in descending order.")
            .required("workflow_id"),
        false,
        (args, actor) -> {
          Long jobId = args.optionalId("job_id");
          Long returnCode = args.optionalLong("return_code");
          return torc.results(
                  ResultQuery.workflow(args.id("workflow_id"))
                      .jobIds(jobId == null ? null : List.of(jobId))
                      .runId(intOrNull(args.optionalId("run_id")))
                      .returnCode(intOrNull(returnCode))
                      .failedOnly(args.flag("failed_only", false))
                      .status(status(args.choice("status", null, STATUSES)))
                      .limit(args.integer("limit", Page.DEFAULT_LIMIT, 1, MAX_PAGE))
                      .offset(args.integer("offset", 0, 0, Integer.MAX_VALUE))
                      .sortBy(args.string("sort_by"))
                      .reverse(args.flag("reverse_sort", false))
                      .build())
              .toJson();
        });
  }

  private ToolDefinition analyzeLogs() {
    return new ToolDefinition(
        "analyze_workflow_logs",
        "Scans the logs of a workflow's latest attempts for known error patterns (out of memory,"
            + " timeouts, Python exceptions, segmentation faults, ...).",
        Schema.object()
            .id("workflow_id", "The workflow.")
            .string(
                "output_dir",
                "The output directory holding job_stdio (default: the server's); it must lie"
                    + " inside the server's output directory.")
            .required("workflow_id"),
        false,
        (args, actor) ->
            torc.analyzeLogs(args.id("workflow_id"), insideOutputDir(args.string("output_dir")))
                .toJson());
  }

  private ToolDefinition jobLogs() {
    return new ToolDefinition(
        "get_job_logs",
        "The last lines of a job's stdout or stderr for one run and attempt (default: the latest"
            + " attempt that left a log).",
        Schema.object()
            .id("workflow_id", "The workflow the job belongs to.")
            .id("job_id", "The job.")
            .id("run_id", "The run (default: the current run).")
            .id("attempt_id", "The attempt (default: the latest that left a log).")
            .choice("log_type", "stdout (default) or stderr.", List.of("stdout", "stderr"))
            .integer(
                "tail_lines",
                "How many lines from the end (default " + DEFAULT_TAIL_LINES + ").",
                1,
                MAX_TAIL_LINES)
            .required("workflow_id", "job_id"),
        false,
        (args, actor) ->
            torc.logs(
                    LogRequest.job(args.id("job_id"))
                        .workflowId(args.id("workflow_id"))
                        .runId(intOrNull(args.optionalId("run_id")))
                        .attemptId(intOrNull(args.optionalId("attempt_id")))
                        .stream(
                            args.choice("log_type", "stdout", List.of("stdout", "stderr"))
                                    .equals("stderr")
                                ? JobLogs.Stream.STDERR
                                : JobLogs.Stream.STDOUT)
                        .tailLines(
                            args.integer("tail_lines", DEFAULT_TAIL_LINES, 1, MAX_TAIL_LINES))
                        .outputDir(outputDir)
                        .build())
                .toJson());
  }

  private ToolDefinition failedJobs() {
    return aboutWorkflow(
        "list_failed_jobs",
        "A workflow's failed, canceled and terminated jobs with their last return codes.",
        id -> torc.failedJobs(id).toJson());
  }

  private ToolDefinition resourceUtilization() {
    return new ToolDefinition(
        "check_resource_utilization",
        "Jobs whose peak memory, CPU or run time went over what they requested, with likely OOM"
            + " and timeout flags.",
        Schema.object()
            .id("workflow_id", "The workflow.")
            .bool("include_failed", "Include failed jobs (default false).")
            .required("workflow_id"),
        false,
        (args, actor) ->
            torc.resourceUtilization(
                    new UtilizationQuery(
                        args.id("workflow_id"), null, false, args.flag("include_failed", false)))
                .toJson());
  }

  private ToolDefinition slurmSacct() {
    return aboutWorkflow(
        "get_slurm_sacct",
        "Slurm accounting (sacct) of a workflow's allocations and their steps: one row per sacct"
            + " line (job_id, state, exit_code, elapsed, max_rss, ...); no rows when the workflow"
            + " has no allocation.",
        id -> torc.slurmSacct(id).toJson());
  }

  private ToolDefinition updateResources() {
    return new ToolDefinition(
        "update_job_resources",
        "Changes a job's CPUs, memory or runtime for its next attempt; never a pending, running"
            + " or completed job, and never past what this machine offers.",
        Schema.object()
            .id("job_id", "The job.")
            .integer("num_cpus", "New number of CPUs.", 1, 1_000_000)
            .string("memory", "New memory, such as 512m, 16g or 1.5g.")
            .string("runtime", "New runtime limit as an ISO-8601 duration, such as PT30M or PT4H.")
            .string("reason", "Why (recorded in the workflow's events).")
            .required("job_id"),
        true,
        (args, actor) ->
            torc.updateJobResources(
                    ResourceUpdateRequest.job(args.id("job_id"))
                        .numCpus(intOrNull(args.optionalLong("num_cpus")))
                        .memory(memory(args.string("memory")))
                        .runtime(runtime(args.string("runtime")))
                        .actor(actor)
                        .reason(args.string("reason"))
                        .build())
                .toJson());
  }

  private ToolDefinition recover() {
    return new ToolDefinition(
        "recover_workflow",
        "Diagnoses a workflow's failed jobs (out of memory, timeout, transient, unknown), gives"
            + " OOM jobs more memory and timed-out jobs more runtime, and resets them and their"
            + " downstream jobs so the next run retries them. Use dry_run first.",
        Schema.object()
            .id("workflow_id", "The workflow.")
            .bool("dry_run", "Only show what would change (default false).")
            .number("memory_multiplier", "Factor for the memory of OOM jobs (default 1.5).")
            .number("runtime_multiplier", "Factor for the runtime of timed-out jobs (default 1.4).")
            .bool("retry_unknown", "Also retry failures of unknown cause (default false).")
            .required("workflow_id"),
        true,
        (args, actor) -> {
          RecoveryOptions.Builder options = RecoveryOptions.builder();
          Double memory = args.optionalNumber("memory_multiplier");
          Double runtime = args.optionalNumber("runtime_multiplier");
          if (memory != null) {
            options.memoryMultiplier(memory);
          }
          if (runtime != null) {
            options.runtimeMultiplier(runtime);
          }
          options.retryUnknown(args.flag("retry_unknown", false));
          return torc.recover(
                  args.id("workflow_id"),
                  RecoverRequest.builder()
                      .recovery(options.build())
                      .dryRun(args.flag("dry_run", false))
                      .noRun(true)
                      .actor(actor)
                      .build())
              .toJson();
        });
  }

  private ToolDefinition pendingFailed() {
    return new ToolDefinition(
        "list_pending_failed_jobs",
        "Jobs awaiting classification (status pending_failed), each with the tail of its failed"
            + " attempt's stderr, and guidance for classifying them.",
        Schema.object()
            .id("workflow_id", "The workflow.")
            .integer(
                "tail_lines",
                "Lines of stderr per job (default " + DEFAULT_TAIL_LINES + ").",
                1,
                MAX_TAIL_LINES)
            .required("workflow_id"),
        false,
        (args, actor) ->
            torc.pendingFailedJobs(
                    args.id("workflow_id"),
                    outputDir,
                    args.integer("tail_lines", DEFAULT_TAIL_LINES, 1, MAX_TAIL_LINES))
                .toJson());
  }

  private ToolDefinition classify() {
    Schema item =
        Schema.object()
            .id("job_id", "A pending_failed job of the workflow.")
            .choice(
                "action",
                "retry (transient error: the job runs again as a new attempt) or fail (permanent"
                    + " error: the job fails and its downstream jobs are canceled).",
                List.of("retry", "fail"))
            .string("memory", "With retry: new memory, such as 16g.")
            .string("runtime", "With retry: new runtime limit, such as PT4H.")
            .string("reason", "Why (recorded in the workflow's events).")
            .required("job_id", "action");
    return new ToolDefinition(
        "classify_and_resolve_failures",
        "Applies classifications to pending_failed jobs: retry or fail, optionally with new"
            + " memory or runtime for a retry. All are checked first; with dry_run nothing"
            + " changes.",
        Schema.object()
            .id("workflow_id", "The workflow.")
            .property(
                "classifications",
                Map.of(
                    "type",
                    "array",
                    "minItems",
                    1,
                    "description",
                    "One entry per job to classify.",
                    "items",
                    item.toMap()))
            .bool("dry_run", "Only check and show what would change (default false).")
            .required("workflow_id", "classifications"),
        true,
        (args, actor) -> {
          List<PendingFailures.Resolution> resolutions =
              args.objects("classifications", CLASSIFICATION_FIELDS).stream()
                  .map(TorcTools::resolution)
                  .toList();
          return torc.classify(
                  new ClassifyRequest(
                      args.id("workflow_id"), resolutions, actor, args.flag("dry_run", false)))
              .toJson();
        });
  }

  /** A read-only tool whose one parameter is {@code workflow_id}. */
  private static ToolDefinition aboutWorkflow(
      String name, String description, LongFunction<Map<String, Object>> call) {
    return new ToolDefinition(
        name,
        description,
        Schema.object().id("workflow_id", "The workflow.").required("workflow_id"),
        false,
        (args, actor) -> call.apply(args.id("workflow_id")));
  }

  private static PendingFailures.Resolution resolution(ToolArgs item) {
    String action = item.choice("action", null, List.of("retry", "fail"));
    if (action == null) {
      throw new ToolException("each classification needs an action: retry or fail");
    }
    return new PendingFailures.Resolution(
        item.id("job_id"),
        action.equals("retry") ? PendingFailures.Action.RETRY : PendingFailures.Action.FAIL,
        memory(item.string("memory")),
        runtime(item.string("runtime")),
        item.string("reason"));
  }

  /** A spec given as a JSON object, or as JSON or YAML text. */
  private Spec spec(Object value, String name) {
    if (value instanceof Map<?, ?> map) {
      try {
        return new Spec(json.writeValueAsString(map), SpecFormat.JSON);
      } catch (JsonProcessingException e) {
        throw new ToolException(name + " cannot be written as JSON: " + e.getOriginalMessage());
      }
    }
    if (value instanceof String text && !text.isBlank()) {
      return new Spec(text, text.strip().startsWith("{") ? SpecFormat.JSON : SpecFormat.YAML);
    }
    throw new ToolException(name + " must be a spec: a JSON object, or JSON or YAML text");
  }

  private Path savePath(String outputPath, Spec spec) {
    String name = outputPath;
    if (name == null || name.isBlank()) {
      Object specName = null;
      try {
        specName = json.readValue(spec.text(), Map.class).get("name");
      } catch (JsonProcessingException e) {
        // YAML text: the caller must name the file
      }
      if (!(specName instanceof String s) || !s.matches("[A-Za-z0-9._-]+")) {
        throw new ToolException("save_spec_file needs output_path (such as workflow.yaml)");
      }
      name = s + ".json";
    }
    return workingDirectory.resolve(name);
  }

  private Path insideOutputDir(String dir) {
    if (dir == null || dir.isBlank()) {
      return outputDir;
    }
    Path resolved = outputDir.resolve(dir).normalize();
    if (!resolved.startsWith(outputDir)) {
      throw new ToolException(
          "output_dir " + dir + " lies outside the server's output directory " + outputDir);
    }
    return resolved;
  }

  private static Page page(ToolArgs args) {
    return Page.of(
        args.integer("limit", Page.DEFAULT_LIMIT, 1, MAX_PAGE),
        args.integer("offset", 0, 0, Integer.MAX_VALUE));
  }

  private static JobStatus status(String label) {
    return label == null ? null : JobStatus.fromLabel(label);
  }

  private static Integer intOrNull(Long value) {
    if (value == null) {
      return null;
    }
    if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
      throw new ToolException("the number " + value + " is out of range");
    }
    return value.intValue();
  }

  private static Memory memory(String text) {
    return text == null || text.isBlank() ? null : Memory.parse(text.toLowerCase(Locale.ROOT));
  }

  private static Duration runtime(String text) {
    return text == null || text.isBlank() ? null : ResourceRequirements.parseRuntime(text);
  }

  private record Spec(String text, SpecFormat format) {}
}
