package dev.torc.spec.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.torc.model.FailureHandler;
import dev.torc.model.FailureRule;
import dev.torc.model.FileSpec;
import dev.torc.model.JobSpec;
import dev.torc.model.JobsSortMethod;
import dev.torc.model.ResourceMonitorConfig;
import dev.torc.model.ResourceRequirements;
import dev.torc.model.SlurmScheduler;
import dev.torc.model.UserDataSpec;
import dev.torc.model.Workflow;
import dev.torc.model.WorkflowAction;
import dev.torc.spec.SpecFormat;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes a workflow as a spec with snake_case fields, leaving out defaults and empty values. */
public final class SpecWriter {
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
              .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
              .build());
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private SpecWriter() {}

  /**
   * The workflow as YAML or JSON text ({@link SpecFormat#JSON5} is written as plain JSON, which
   * JSON5 readers accept).
   *
   * @throws IllegalArgumentException when a job runs a Java task, which no file can hold, or for
   *     {@link SpecFormat#KDL}, which is read but not written
   */
  public static String write(Workflow workflow, SpecFormat format) {
    if (format == SpecFormat.KDL) {
      throw new IllegalArgumentException("specs are written as YAML or JSON, not KDL");
    }
    Map<String, Object> tree = tree(workflow);
    try {
      return (format == SpecFormat.YAML ? YAML : JSON).writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write the workflow spec", e);
    }
  }

  static Map<String, Object> tree(Workflow w) {
    for (JobSpec job : w.jobs()) {
      if (job.isJavaTask()) {
        throw new IllegalArgumentException(
            "job '" + job.name() + "' runs a Java task, which a spec file cannot hold");
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    put(out, "name", w.name());
    put(out, "user", w.user());
    put(out, "description", w.description());
    put(out, "project", w.project());
    put(out, "metadata", w.metadata());
    put(out, "parameters", w.parameters());
    if (w.usePendingFailed()) {
      out.put("use_pending_failed", true);
    }
    if (w.jobsSortMethod() != JobsSortMethod.NONE) {
      out.put("jobs_sort_method", lower(w.jobsSortMethod()));
    }
    if (!w.resourceMonitor().equals(ResourceMonitorConfig.DEFAULT)) {
      out.put("resource_monitor", monitor(w.resourceMonitor()));
    }
    put(out, "slurm_defaults", w.slurmDefaults());
    if (!w.recoveryConfig().isEmpty()) {
      Map<String, Object> recovery = new LinkedHashMap<>(w.recoveryConfig().toPlain());
      put(out, "classification_rules", recovery.remove("classification_rules"));
      if (w.recoveryConfig().budgets().isEmpty()) {
        recovery.remove("budgets");
      }
      put(out, "recovery_policy", recovery);
    }
    put(
        out,
        "resource_requirements",
        w.resourceRequirements().stream().map(SpecWriter::rr).toList());
    put(out, "failure_handlers", w.failureHandlers().stream().map(SpecWriter::handler).toList());
    put(out, "slurm_schedulers", w.slurmSchedulers().stream().map(SpecWriter::scheduler).toList());
    put(out, "files", w.files().stream().map(SpecWriter::file).toList());
    put(out, "user_data", w.userData().stream().map(SpecWriter::userData).toList());
    List<Object> jobs = new ArrayList<>(w.jobs().size());
    for (JobSpec job : w.jobs()) {
      jobs.add(job(job));
    }
    out.put("jobs", jobs);
    put(out, "actions", w.actions().stream().map(SpecWriter::action).toList());
    return out;
  }

  /** An action as a spec writes it; also how the store keeps it. */
  public static Map<String, Object> action(WorkflowAction a) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("trigger_type", a.trigger().specName());
    out.put("action_type", a.type().specName());
    put(out, "jobs", a.jobs());
    put(out, "job_name_regexes", a.jobNameRegexes());
    put(out, "commands", a.commands());
    put(out, "scheduler", a.scheduler());
    put(out, "scheduler_type", a.schedulerType());
    if (a.type() == WorkflowAction.Type.SCHEDULE_NODES) {
      out.put("num_allocations", a.numAllocations());
      if (a.startOneWorkerPerNode()) {
        out.put("start_one_worker_per_node", true);
      }
      put(out, "max_parallel_jobs", a.maxParallelJobs());
    }
    if (a.persistent()) {
      out.put("persistent", true);
    }
    return out;
  }

  private static Map<String, Object> job(JobSpec j) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", j.name());
    out.put("command", j.command());
    put(out, "invocation_script", j.invocationScript());
    put(out, "resource_requirements", j.resourceRequirements());
    put(out, "failure_handler", j.failureHandler());
    put(out, "scheduler", j.scheduler());
    if (!j.cancelOnBlockingJobFailure()) {
      out.put("cancel_on_blocking_job_failure", false);
    }
    if (j.supportsTermination()) {
      out.put("supports_termination", true);
    }
    put(out, "depends_on", j.dependsOn());
    put(out, "depends_on_regexes", j.dependsOnRegexes());
    put(out, "input_files", j.inputFiles());
    put(out, "output_files", j.outputFiles());
    put(out, "input_file_regexes", j.inputFileRegexes());
    put(out, "output_file_regexes", j.outputFileRegexes());
    put(out, "input_user_data", j.inputUserData());
    put(out, "output_user_data", j.outputUserData());
    put(out, "input_user_data_regexes", j.inputUserDataRegexes());
    put(out, "output_user_data_regexes", j.outputUserDataRegexes());
    put(out, "parameters", j.parameters());
    if (!j.parameters().isEmpty() || !j.useParameters().isEmpty()) {
      out.put("parameter_mode", lower(j.parameterMode()));
    }
    put(out, "use_parameters", j.useParameters());
    if (j.priority() != 0) {
      out.put("priority", j.priority());
    }
    put(out, "fallback_commands", j.fallbackCommands());
    return out;
  }

  private static Map<String, Object> rr(ResourceRequirements r) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", r.name());
    out.put("num_cpus", r.numCpus());
    out.put("memory", r.memory().text());
    if (r.numGpus() != 0) {
      out.put("num_gpus", r.numGpus());
    }
    if (r.numNodes() != 1) {
      out.put("num_nodes", r.numNodes());
    }
    if (!r.runtime().equals(Duration.ofHours(1))) {
      out.put("runtime", r.runtime().toString());
    }
    return out;
  }

  private static Map<String, Object> handler(FailureHandler h) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", h.name());
    List<Object> rules = new ArrayList<>();
    for (FailureRule rule : h.rules()) {
      Map<String, Object> r = new LinkedHashMap<>();
      put(r, "exit_codes", rule.exitCodes());
      if (rule.matchAllExitCodes()) {
        r.put("match_all_exit_codes", true);
      }
      put(r, "recovery_script", rule.recoveryScript());
      r.put("max_retries", rule.maxRetries());
      rules.add(r);
    }
    out.put("rules", rules);
    return out;
  }

  private static Map<String, Object> scheduler(SlurmScheduler s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", s.name());
    out.put("account", s.account());
    put(out, "partition", s.partition());
    if (s.nodes() != 1) {
      out.put("nodes", s.nodes());
    }
    if (!s.walltime().equals("01:00:00")) {
      out.put("walltime", s.walltime());
    }
    put(out, "mem", s.mem());
    put(out, "gres", s.gres());
    put(out, "qos", s.qos());
    put(out, "ntasks_per_node", s.ntasksPerNode());
    put(out, "tmp", s.tmp());
    put(out, "extra", s.extra());
    return out;
  }

  private static Map<String, Object> file(FileSpec f) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", f.name());
    out.put("path", f.path());
    put(out, "parameters", f.parameters());
    if (!f.parameters().isEmpty()) {
      out.put("parameter_mode", lower(f.parameterMode()));
    }
    return out;
  }

  private static Map<String, Object> userData(UserDataSpec u) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", u.name());
    put(out, "data", u.data());
    put(out, "parameters", u.parameters());
    if (!u.parameters().isEmpty()) {
      out.put("parameter_mode", lower(u.parameterMode()));
    }
    if (u.ephemeral()) {
      out.put("is_ephemeral", true);
    }
    return out;
  }

  private static Map<String, Object> monitor(ResourceMonitorConfig m) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("enabled", m.enabled());
    out.put("granularity", lower(m.granularity()));
    double interval = m.sampleIntervalSeconds();
    out.put(
        "sample_interval_seconds",
        interval == Math.rint(interval) && Math.abs(interval) < 1e15
            ? (Object) (long) interval
            : interval);
    if (m.generatePlots()) {
      out.put("generate_plots", true);
    }
    return out;
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  private static void put(Map<String, Object> out, String key, Object value) {
    if (value == null
        || (value instanceof Collection<?> c && c.isEmpty())
        || (value instanceof Map<?, ?> m && m.isEmpty())) {
      return;
    }
    out.put(key, value);
  }
}
