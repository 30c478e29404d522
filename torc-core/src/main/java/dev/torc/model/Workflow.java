package dev.torc.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A workflow: jobs, the files and user data they exchange, and the named resource requirements,
 * failure handlers and schedulers they refer to.
 *
 * <p>A workflow only exists built: {@link Builder#build()} expands parameterized jobs, resolves
 * dependencies (explicit, regex, and implied by files and user data), substitutes {@code
 * ${files.input.X}}, {@code ${files.output.X}}, {@code ${user_data.input.X}} and {@code
 * ${user_data.output.X}} in commands (a file's path, user data as JSON), and validates the whole,
 * reporting every problem at once in a {@link SpecException}. Loading a YAML or JSON spec produces
 * the same value as building it in code.
 *
 * <p>How building treats templates and dependencies:
 *
 * <ul>
 *   <li><b>Ranges</b>: {@code "1:100"} (inclusive), {@code "0:100:10"}, {@code "0.0:1.0:0.1"}
 *       (exact decimal steps, inclusive end), {@code "[1,5]"}, {@code "['a','b']"}, or a single
 *       value. Several parameters combine as a Cartesian product in declaration order, the last
 *       varying fastest, or with {@link ParameterMode#ZIP} element by element (equal lengths
 *       required). A job's parameters are the shared ones it names in {@code use_parameters} plus
 *       its own; its own win on a clash.
 *   <li><b>Placeholders</b>: {@code {name}} or {@code {name:spec}} with a Python format spec
 *       ({@code {i:03d}}, {@code {lr:.4f}}, {@code {x:>8}}, {@code {v:e}}). A bare float renders in
 *       its shortest form without a trailing {@code .0}, as the original torc does ({@code 1.0}
 *       becomes {@code 1}). A placeholder whose name is no parameter ({@code {j}}) is an error in a
 *       name, and in the commands of a job with parameters; other braces ({@code {}}, {@code { j
 *       }}, {@code {1}}) and {@code ${...}} are left as written. Values are substituted into the
 *       name, command, invocation script, resource requirements, failure handler, scheduler, {@code
 *       depends_on} and file and user-data names, and regex-escaped inside the {@code *_regexes}
 *       lists.
 *   <li><b>Merging</b>: instances of one template that share a name (a template whose name leaves
 *       out a parameter) become one job when their other single-valued fields agree; their lists
 *       are unioned in order. Otherwise, and for separately defined jobs, a repeated name is an
 *       error.
 *   <li><b>Dependencies</b>: a built job's {@link JobSpec#dependsOn()} lists, once each and in the
 *       order the jobs are defined, the jobs it names, those its {@code depends_on_regexes} match
 *       in full (never itself), and the writers of the files and user data it reads (never itself).
 *       Regex lists over files and user data become name lists. A regex that matches nothing is an
 *       error, as is any dependency cycle, reported as {@code a -> b -> a}.
 *   <li><b>Limits</b>: the workflow is held to its {@link InputLimits} (how many jobs, files and
 *       user data entries it expands to, name length, regex steps); names may not hold control
 *       characters, and resource requirements may not ask for zero memory or more than {@link
 *       ResourceRequirements#MAX_CPUS} CPUs, {@link ResourceRequirements#MAX_GPUS} GPUs, {@link
 *       ResourceRequirements#MAX_NODES} nodes, {@link ResourceRequirements#MAX_MEMORY} or {@link
 *       ResourceRequirements#MAX_RUNTIME}.
 * </ul>
 */
public final class Workflow {
  private final String name;
  private final String user;
  private final String description;
  private final String project;
  private final Map<String, Object> metadata;
  private final Map<String, String> parameters;
  private final List<JobSpec> jobs;
  private final List<JobParameters> jobParameters;
  private final List<FileSpec> files;
  private final List<UserDataSpec> userData;
  private final List<ResourceRequirements> resourceRequirements;
  private final List<FailureHandler> failureHandlers;
  private final List<SlurmScheduler> slurmSchedulers;
  private final Map<String, Object> slurmDefaults;
  private final ResourceMonitorConfig resourceMonitor;
  private final boolean usePendingFailed;
  private final JobsSortMethod jobsSortMethod;
  private final RecoveryConfig recoveryConfig;
  private final List<WorkflowAction> actions;
  private final List<List<String>> actionJobs;

  Workflow(
      Builder b,
      List<JobSpec> jobs,
      List<JobParameters> jobParameters,
      List<FileSpec> files,
      List<UserDataSpec> userData,
      List<List<String>> actionJobs) {
    this.name = b.name;
    this.user = b.user;
    this.description = b.description;
    this.project = b.project;
    this.metadata = unmodifiableCopy(b.metadata);
    this.parameters = unmodifiableCopy(b.parameters);
    this.jobs = List.copyOf(jobs);
    this.jobParameters = List.copyOf(jobParameters);
    this.files = List.copyOf(files);
    this.userData = List.copyOf(userData);
    this.resourceRequirements = List.copyOf(b.resourceRequirements);
    this.failureHandlers = List.copyOf(b.failureHandlers);
    this.slurmSchedulers = List.copyOf(b.slurmSchedulers);
    this.slurmDefaults = unmodifiableCopy(b.slurmDefaults);
    this.resourceMonitor = b.resourceMonitor;
    this.usePendingFailed = b.usePendingFailed;
    this.jobsSortMethod = b.jobsSortMethod;
    this.recoveryConfig = b.recoveryConfig;
    this.actions = List.copyOf(b.actions);
    this.actionJobs = actionJobs.stream().map(List::copyOf).toList();
  }

  private Workflow(Workflow original, String user) {
    this.name = original.name;
    this.user = user;
    this.description = original.description;
    this.project = original.project;
    this.metadata = original.metadata;
    this.parameters = original.parameters;
    this.jobs = original.jobs;
    this.jobParameters = original.jobParameters;
    this.files = original.files;
    this.userData = original.userData;
    this.resourceRequirements = original.resourceRequirements;
    this.failureHandlers = original.failureHandlers;
    this.slurmSchedulers = original.slurmSchedulers;
    this.slurmDefaults = original.slurmDefaults;
    this.resourceMonitor = original.resourceMonitor;
    this.usePendingFailed = original.usePendingFailed;
    this.jobsSortMethod = original.jobsSortMethod;
    this.recoveryConfig = original.recoveryConfig;
    this.actions = original.actions;
    this.actionJobs = original.actionJobs;
  }

  /**
   * The same workflow with another owner.
   *
   * @param newUser the new owner, or {@code null}
   * @return a copy of this workflow owned by {@code newUser}
   */
  public Workflow withUser(String newUser) {
    return new Workflow(this, newUser);
  }

  private static <V> Map<String, V> unmodifiableCopy(Map<String, V> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  /**
   * Starts a workflow with this name.
   *
   * @param name the workflow's name
   * @return a builder for the workflow
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** {@return the workflow's name} */
  public String name() {
    return name;
  }

  /** {@return the owner, or {@code null}} */
  public String user() {
    return user;
  }

  /** {@return a description, or {@code null}} */
  public String description() {
    return description;
  }

  /** {@return a project name, or {@code null}} */
  public String project() {
    return project;
  }

  /** {@return free-form metadata: plain Java maps, lists and scalars} */
  public Map<String, Object> metadata() {
    return metadata;
  }

  /** {@return the shared parameters that jobs pull in with {@code use_parameters}, by name} */
  public Map<String, String> parameters() {
    return parameters;
  }

  /** {@return the concrete jobs, in definition order (templates expanded in place)} */
  public List<JobSpec> jobs() {
    return jobs;
  }

  /**
   * The Java tasks of the jobs that run one, by job name. A task of a job expanded from parameters
   * sees that job's values in {@link TaskContext#parameters()}.
   *
   * @return each Java task by the name of its job, in job order
   */
  public Map<String, JavaTask> javaTasks() {
    Map<String, JavaTask> tasks = new LinkedHashMap<>();
    for (JobSpec job : jobs) {
      if (job.isJavaTask()) {
        tasks.put(job.name(), job.task());
      }
    }
    return bindParameters(tasks);
  }

  /**
   * Binds Java tasks registered apart from this workflow (such as with {@code
   * RunOptions.builder().task(name, task)}) to the parameter values of their jobs here, so that
   * each sees its job's values in {@link TaskContext#parameters()} as the workflow's own tasks do.
   *
   * @param tasksByJobName Java tasks by the name of the job they run for
   * @return the same tasks in the same order, those of jobs expanded from parameters bound to their
   *     values; tasks of other jobs or of jobs this workflow does not have as given
   */
  public Map<String, JavaTask> bindParameters(Map<String, JavaTask> tasksByJobName) {
    Map<String, JavaTask> bound = new LinkedHashMap<>(tasksByJobName);
    for (int i = 0; i < jobs.size(); i++) {
      JobParameters values = jobParameters.get(i);
      if (!values.isEmpty()) {
        bound.computeIfPresent(
            jobs.get(i).name(), (name, task) -> ParameterizedTask.of(task, values));
      }
    }
    return bound;
  }

  /**
   * The parameter values a job was expanded with.
   *
   * @param jobName the name of a concrete job
   * @return the job's values; {@link JobParameters#EMPTY} for a job that was not expanded from
   *     parameters or that this workflow does not have
   */
  public JobParameters jobParameters(String jobName) {
    for (int i = 0; i < jobs.size(); i++) {
      if (jobs.get(i).name().equals(jobName)) {
        return jobParameters.get(i);
      }
    }
    return JobParameters.EMPTY;
  }

  /** {@return the files the jobs read and write, expanded from templates} */
  public List<FileSpec> files() {
    return files;
  }

  /** {@return the user data entries the jobs read and write, expanded from templates} */
  public List<UserDataSpec> userData() {
    return userData;
  }

  /** {@return the named resource requirements that jobs refer to} */
  public List<ResourceRequirements> resourceRequirements() {
    return resourceRequirements;
  }

  /** {@return the named failure handlers that jobs refer to} */
  public List<FailureHandler> failureHandlers() {
    return failureHandlers;
  }

  /** {@return the named Slurm schedulers that jobs and actions refer to} */
  public List<SlurmScheduler> slurmSchedulers() {
    return slurmSchedulers;
  }

  /** {@return the defaults applied to every Slurm scheduler (model only for now)} */
  public Map<String, Object> slurmDefaults() {
    return slurmDefaults;
  }

  /** {@return how the runner samples each job's process tree} */
  public ResourceMonitorConfig resourceMonitor() {
    return resourceMonitor;
  }

  /** {@return whether a failure of a job without a failure handler awaits classification} */
  public boolean usePendingFailed() {
    return usePendingFailed;
  }

  /** {@return the order in which ready jobs of equal priority are offered to runners} */
  public JobsSortMethod jobsSortMethod() {
    return jobsSortMethod;
  }

  /**
   * {@return the spec's {@code classification_rules} and {@code recovery_policy}; {@link
   * RecoveryConfig#NONE} when the workflow has neither}
   */
  public RecoveryConfig recoveryConfig() {
    return recoveryConfig;
  }

  /** {@return the workflow's actions, in the order written} */
  public List<WorkflowAction> actions() {
    return actions;
  }

  /**
   * The jobs an action waits for.
   *
   * @param actionIndex the action's position in {@link #actions()}
   * @return the names of the jobs the action names and those its regexes match, once each in job
   *     order; empty for triggers that watch no jobs
   */
  public List<String> actionJobs(int actionIndex) {
    return actionJobs.get(actionIndex);
  }

  /**
   * The job with this name.
   *
   * @param jobName a concrete job's name
   * @return the job, or empty when this workflow has none of that name
   */
  public Optional<JobSpec> job(String jobName) {
    return jobs.stream().filter(job -> job.name().equals(jobName)).findFirst();
  }

  /**
   * The requirements a job runs with.
   *
   * @param job one of this workflow's jobs
   * @return the requirements it names, or {@link ResourceRequirements#DEFAULT} when it names none
   * @throws IllegalArgumentException when it names requirements this workflow does not have
   */
  public ResourceRequirements requirementsOf(JobSpec job) {
    if (job.resourceRequirements() == null) {
      return ResourceRequirements.DEFAULT;
    }
    return resourceRequirements.stream()
        .filter(rr -> rr.name().equals(job.resourceRequirements()))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown resource requirements '" + job.resourceRequirements() + "'"));
  }

  /**
   * The failure handler with this name.
   *
   * @param handlerName the handler's name
   * @return the handler, or empty when this workflow has none of that name
   */
  public Optional<FailureHandler> failureHandler(String handlerName) {
    return failureHandlers.stream().filter(h -> h.name().equals(handlerName)).findFirst();
  }

  @Override
  public String toString() {
    return "Workflow[" + name + ", " + jobs.size() + " jobs]";
  }

  /** Builds a {@link Workflow}; not thread-safe. */
  public static final class Builder {
    String name;
    String user;
    String description;
    String project;
    final Map<String, Object> metadata = new LinkedHashMap<>();
    final Map<String, String> parameters = new LinkedHashMap<>();
    final List<JobSpec> jobs = new ArrayList<>();
    final List<FileSpec> files = new ArrayList<>();
    final List<UserDataSpec> userData = new ArrayList<>();
    final List<ResourceRequirements> resourceRequirements = new ArrayList<>();
    final List<FailureHandler> failureHandlers = new ArrayList<>();
    final List<SlurmScheduler> slurmSchedulers = new ArrayList<>();
    final Map<String, Object> slurmDefaults = new LinkedHashMap<>();
    ResourceMonitorConfig resourceMonitor = ResourceMonitorConfig.DEFAULT;
    boolean usePendingFailed;
    JobsSortMethod jobsSortMethod = JobsSortMethod.NONE;
    RecoveryConfig recoveryConfig = RecoveryConfig.NONE;
    final List<WorkflowAction> actions = new ArrayList<>();
    InputLimits limits;

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Renames the workflow.
     *
     * @param name the workflow's name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * Sets the owner.
     *
     * @param user the owner's user name, or {@code null}
     * @return this builder
     */
    public Builder user(String user) {
      this.user = user;
      return this;
    }

    /**
     * Sets the description.
     *
     * @param description a description, or {@code null}
     * @return this builder
     */
    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /**
     * Sets the project.
     *
     * @param project a project name, or {@code null}
     * @return this builder
     */
    public Builder project(String project) {
      this.project = project;
      return this;
    }

    /**
     * Adds free-form metadata, replacing entries of the same key.
     *
     * @param metadata plain Java maps, lists and scalars by key
     * @return this builder
     */
    public Builder metadata(Map<String, ?> metadata) {
      this.metadata.putAll(metadata);
      return this;
    }

    /**
     * Adds a shared parameter that jobs pull in with {@code use_parameters}.
     *
     * @param parameterName the name placeholders use
     * @param range the values, as a range such as {@code "1:100"} or a list such as {@code
     *     "['a','b']"}
     * @return this builder
     */
    public Builder parameter(String parameterName, String range) {
      parameters.put(parameterName, range);
      return this;
    }

    /**
     * Adds a job or a job template.
     *
     * @param job the job or template
     * @return this builder
     */
    public Builder job(JobSpec job) {
      jobs.add(Objects.requireNonNull(job, "job"));
      return this;
    }

    /**
     * Adds jobs or job templates, in order.
     *
     * @param jobs the jobs or templates
     * @return this builder
     */
    public Builder jobs(List<JobSpec> jobs) {
      jobs.forEach(this::job);
      return this;
    }

    /**
     * Adds a file or a file template.
     *
     * @param file the file or template
     * @return this builder
     */
    public Builder file(FileSpec file) {
      files.add(Objects.requireNonNull(file, "file"));
      return this;
    }

    /**
     * Adds a file with this name and path.
     *
     * @param fileName the name jobs refer to it by
     * @param path the file's path
     * @return this builder
     */
    public Builder file(String fileName, String path) {
      return file(FileSpec.of(fileName, path));
    }

    /**
     * Adds a user data entry or template.
     *
     * @param data the entry or template
     * @return this builder
     */
    public Builder userData(UserDataSpec data) {
      userData.add(Objects.requireNonNull(data, "data"));
      return this;
    }

    /**
     * Adds named resource requirements that jobs may refer to.
     *
     * @param requirements the requirements
     * @return this builder
     */
    public Builder resourceRequirements(ResourceRequirements requirements) {
      resourceRequirements.add(Objects.requireNonNull(requirements, "requirements"));
      return this;
    }

    /**
     * Adds a named failure handler that jobs may refer to.
     *
     * @param handler the handler
     * @return this builder
     */
    public Builder failureHandler(FailureHandler handler) {
      failureHandlers.add(Objects.requireNonNull(handler, "handler"));
      return this;
    }

    /**
     * Adds a named Slurm scheduler that jobs and actions may refer to.
     *
     * @param scheduler the scheduler
     * @return this builder
     */
    public Builder slurmScheduler(SlurmScheduler scheduler) {
      slurmSchedulers.add(Objects.requireNonNull(scheduler, "scheduler"));
      return this;
    }

    /**
     * Adds defaults for every Slurm scheduler, replacing entries of the same key (model only for
     * now).
     *
     * @param defaults {@code sbatch} settings by key
     * @return this builder
     */
    public Builder slurmDefaults(Map<String, ?> defaults) {
      slurmDefaults.putAll(defaults);
      return this;
    }

    /**
     * Adds an action; jobs it names must exist and its regexes must match some job.
     *
     * @param action the action
     * @return this builder
     */
    public Builder action(WorkflowAction action) {
      actions.add(Objects.requireNonNull(action, "action"));
      return this;
    }

    /**
     * Sets how the runner samples each job's process tree.
     *
     * @param config the monitor's settings
     * @return this builder
     */
    public Builder resourceMonitor(ResourceMonitorConfig config) {
      this.resourceMonitor = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Sets whether a failure of a job without a failure handler awaits classification.
     *
     * @param use true to hold such failures as pending
     * @return this builder
     */
    public Builder usePendingFailed(boolean use) {
      this.usePendingFailed = use;
      return this;
    }

    /**
     * Sets the order in which ready jobs of equal priority are offered to runners.
     *
     * @param method the order
     * @return this builder
     */
    public Builder jobsSortMethod(JobsSortMethod method) {
      this.jobsSortMethod = Objects.requireNonNull(method, "method");
      return this;
    }

    /**
     * The recovery configuration: classification rules, backoff, budgets and circuit breaker;
     * replaces any set before, classification rules included.
     *
     * @param config the recovery configuration
     * @return this builder
     */
    public Builder recoveryConfig(RecoveryConfig config) {
      this.recoveryConfig = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Adds a user classification rule, which wins over the built-in patterns.
     *
     * @param pattern a Java regular expression searched for in the failed attempt's standard error
     * @param classification {@code transient} or {@code permanent}
     * @param confidence how sure a match makes the verdict, 0 to 1
     * @return this builder
     */
    public Builder classificationRule(String pattern, String classification, double confidence) {
      List<RecoveryConfig.ClassificationRuleSpec> rules =
          new ArrayList<>(recoveryConfig.classificationRules());
      rules.add(new RecoveryConfig.ClassificationRuleSpec(pattern, classification, confidence));
      this.recoveryConfig = recoveryConfig.withClassificationRules(rules);
      return this;
    }

    /**
     * The limits {@link #build()} holds the workflow to: how many jobs, files and user data entries
     * it may expand to, how long names may be and how many steps its regexes may take to match.
     * Without this, {@link InputLimits#defaults()}.
     *
     * @param limits the limits
     * @return this builder
     */
    public Builder limits(InputLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * Expands, resolves and validates the workflow.
     *
     * @return the built workflow
     * @throws SpecException listing every problem found
     */
    public Workflow build() {
      return WorkflowResolver.resolve(this);
    }
  }
}
