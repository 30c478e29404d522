package dev.torc.model;

import dev.torc.model.internal.BudgetExceeded;
import dev.torc.model.internal.Cycles;
import dev.torc.model.internal.Expansion;
import dev.torc.model.internal.JsonText;
import dev.torc.model.internal.NameIndex;
import dev.torc.model.internal.Names;
import dev.torc.model.internal.ParameterRanges;
import dev.torc.model.internal.ParameterValue;
import dev.torc.model.internal.Printable;
import dev.torc.model.internal.Problems;
import dev.torc.model.internal.RegexBudget;
import dev.torc.model.internal.RequirementLimits;
import dev.torc.model.internal.Suggestions;
import dev.torc.model.internal.Template;
import dev.torc.model.internal.TextBudget;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.regex.PatternSyntaxException;

/**
 * Expands templates, resolves dependencies and validates a workflow under construction.
 *
 * <p>The steps, each linear in the size of the expanded workflow:
 *
 * <ol>
 *   <li>Files, user data and jobs with parameters expand into one entry per combination (see {@link
 *       Expansion} for the order). A job's parameters are the shared parameters it names in {@code
 *       use_parameters} plus its own, its own winning on a clash. Values are substituted into the
 *       job's name, command, invocation script, resource requirements, failure handler, scheduler,
 *       {@code depends_on} and file and user-data names, and regex-escaped inside the {@code
 *       *_regexes} lists.
 *   <li>Instances of one template that share a name are merged when all their other single-valued
 *       fields agree, their lists unioned in order: a template whose name leaves out a parameter
 *       (an aggregation job whose {@code depends_on} is {@code sim_{i}}) becomes one job that
 *       depends on every {@code sim_i}. Instances that disagree, and separately defined jobs with
 *       the same name, are duplicate-name errors.
 *   <li>{@code ${files.input.NAME}} and {@code ${files.output.NAME}} in commands, invocation
 *       scripts and fallback commands become the file's path and add {@code NAME} to the job's
 *       input or output files; {@code ${user_data.input.NAME}} and {@code ${user_data.output.NAME}}
 *       likewise become the data as compact JSON and add {@code NAME} to the job's input or output
 *       user data. An unknown name is an error.
 *   <li>Regex lists resolve to names by full match (excluding the job itself for {@code
 *       depends_on_regexes}); a regex that matches nothing is an error.
 *   <li>A job depends on the jobs it names, the jobs its regexes match, and the jobs that write the
 *       files and user data it reads (never itself). {@link JobSpec#dependsOn()} lists them once
 *       each, in the order the jobs are defined.
 *   <li>Everything is validated and all problems are reported together.
 * </ol>
 */
final class WorkflowResolver {
  private static final String FILE_VARIABLE_START = "${files.";
  private static final String USER_DATA_VARIABLE_START = "${user_data.";
  private static final int MAX_SUGGESTION_SEARCHES = 20;

  private final Workflow.Builder builder;
  private final InputLimits limits;
  private final RegexBudget regexBudget;
  private final TextBudget textBudget;
  private final Problems problems = new Problems();
  private final Map<String, List<ParameterValue>> rangeCache = new HashMap<>();
  private boolean jobsIncomplete;
  private boolean filesIncomplete;
  private boolean userDataIncomplete;
  private int suggestionSearches;

  private WorkflowResolver(Workflow.Builder builder) {
    this.builder = builder;
    this.limits = builder.limits != null ? builder.limits : InputLimits.defaults();
    this.regexBudget = new RegexBudget(limits.maxRegexSteps());
    this.textBudget = new TextBudget(limits.maxExpandedText());
  }

  static Workflow resolve(Workflow.Builder builder) {
    return new WorkflowResolver(builder).run();
  }

  private Workflow run() {
    if (builder.name == null || builder.name.isBlank()) {
      problems.add("the workflow needs a name");
    } else {
      checkName("workflow", builder.name);
    }
    if (builder.user != null) {
      checkName("user", builder.user);
    }
    if (builder.project != null) {
      checkName("project", builder.project);
    }
    checkExpandedCounts();
    for (ResourceRequirements requirements : builder.resourceRequirements) {
      checkName("resource requirements", requirements.name());
      RequirementLimits.problems(requirements).forEach(problems::add);
    }
    builder.failureHandlers.forEach(h -> checkName("failure handler", h.name()));
    builder.slurmSchedulers.forEach(s -> checkName("slurm scheduler", s.name()));
    for (Map.Entry<String, String> shared : builder.parameters.entrySet()) {
      checkParameterName(shared.getKey(), "shared parameters");
      values(shared.getValue(), "shared parameter '" + shared.getKey() + "'");
    }
    List<FileSpec> files = withinTextBudget(this::expandFiles);
    List<UserDataSpec> userData = withinTextBudget(this::expandUserData);
    files.forEach(f -> checkName("file", f.name()));
    userData.forEach(d -> checkName("user data", d.name()));
    reportDuplicates("file", files, FileSpec::name);
    reportDuplicates("user data", userData, UserDataSpec::name);
    reportDuplicates(
        "resource requirements", builder.resourceRequirements, ResourceRequirements::name);
    reportDuplicates("failure handler", builder.failureHandlers, FailureHandler::name);
    reportDuplicates("slurm scheduler", builder.slurmSchedulers, SlurmScheduler::name);

    Map<String, Integer> jobPositions = new HashMap<>();
    List<Draft> drafts = withinTextBudget(() -> expandJobs(jobPositions));
    drafts.forEach(d -> checkName("job", d.name));
    NameIndex fileIndex = new NameIndex(files.stream().map(FileSpec::name).toList());
    NameIndex dataIndex = new NameIndex(userData.stream().map(UserDataSpec::name).toList());
    List<Variables> variables =
        List.of(
            new Variables(
                FILE_VARIABLE_START,
                "file",
                fileIndex,
                filesIncomplete,
                i -> files.get(i).path(),
                (draft, input, name) -> {
                  if (input) {
                    draft.inputFiles = Draft.concat(draft.inputFiles, List.of(name));
                  } else {
                    draft.outputFiles = Draft.concat(draft.outputFiles, List.of(name));
                  }
                }),
            new Variables(
                USER_DATA_VARIABLE_START,
                "user data",
                dataIndex,
                userDataIncomplete,
                i -> JsonText.of(userData.get(i).data()),
                (draft, input, name) -> {
                  if (input) {
                    draft.inputUserData = Draft.concat(draft.inputUserData, List.of(name));
                  } else {
                    draft.outputUserData = Draft.concat(draft.outputUserData, List.of(name));
                  }
                }));
    withinTextBudget(
        () -> {
          for (Draft draft : drafts) {
            draft.command = substituteVariables(draft, draft.command, variables);
            draft.invocationScript = substituteVariables(draft, draft.invocationScript, variables);
            List<String> fallbacks = new ArrayList<>(draft.fallbackCommands.size());
            for (String fallback : draft.fallbackCommands) {
              fallbacks.add(substituteVariables(draft, fallback, variables));
            }
            draft.fallbackCommands = fallbacks;
          }
          return null;
        });
    List<JobParameters> jobParameters = new ArrayList<>(drafts.size());
    List<JobSpec> jobs = resolveJobs(drafts, jobPositions, fileIndex, dataIndex, jobParameters);
    List<List<String>> actionJobs = resolveActions(jobs);
    if (!problems.isEmpty()) {
      throw new SpecException(problems.toList());
    }
    return new Workflow(builder, jobs, jobParameters, files, userData, actionJobs);
  }

  // ---------------------------------------------------------------- actions

  /**
   * For each action, the names of the jobs it waits for, in job order; reports unknown jobs and
   * schedulers and regexes that match nothing.
   */
  private List<List<String>> resolveActions(List<JobSpec> jobs) {
    List<List<String>> resolved = new ArrayList<>(builder.actions.size());
    if (builder.actions.isEmpty()) {
      return resolved;
    }
    List<String> names = jobs.stream().map(JobSpec::name).toList();
    NameIndex index = new NameIndex(names);
    Set<String> schedulers = names(builder.slurmSchedulers, SlurmScheduler::name);
    for (int a = 0; a < builder.actions.size(); a++) {
      WorkflowAction action = builder.actions.get(a);
      String label = "action #" + (a + 1) + " (" + action.describe() + ")";
      if (action.type() == WorkflowAction.Type.SCHEDULE_NODES
          && "slurm".equals(action.schedulerType())
          && !schedulers.contains(action.scheduler())) {
        problems.add(
            label
                + " refers to unknown slurm scheduler '"
                + action.scheduler()
                + "'"
                + suggest(action.scheduler(), schedulers));
      }
      if (action.trigger().watchesJobs()
          && action.jobs().isEmpty()
          && action.jobNameRegexes().isEmpty()) {
        problems.add(label + " needs 'jobs' or 'job_name_regexes' naming the jobs it waits for");
      }
      java.util.BitSet chosen = new java.util.BitSet(names.size());
      for (String jobName : action.jobs()) {
        int at = index.indexOf(jobName);
        if (at < 0) {
          problems.add(
              label + " refers to unknown job '" + jobName + "'" + suggest(jobName, names));
        } else {
          chosen.set(at);
        }
      }
      for (String regex : action.jobNameRegexes()) {
        try {
          int[] matched = index.matching(regex, regexBudget);
          if (matched.length == 0) {
            problems.add(label + ": job_name_regexes entry '" + regex + "' matches no job");
          }
          for (int at : matched) {
            chosen.set(at);
          }
        } catch (PatternSyntaxException e) {
          problems.add(
              label + ": invalid regex '" + regex + "' in job_name_regexes: " + e.getDescription());
        } catch (BudgetExceeded e) {
          problems.add(label + ": job_name_regexes entry '" + regex + "' is too costly to match");
        }
      }
      List<String> selected = new ArrayList<>(chosen.cardinality());
      chosen.stream().forEach(at -> selected.add(names.get(at)));
      resolved.add(selected);
    }
    return resolved;
  }

  // ---------------------------------------------------------------- limits

  /** What an expansion makes, or a refusal of the whole workflow when it renders too much text. */
  private <T> T withinTextBudget(java.util.function.Supplier<T> expansion) {
    try {
      return expansion.get();
    } catch (BudgetExceeded e) {
      problems.add(e.getMessage());
      throw new SpecException(problems.toList());
    }
  }

  private void checkName(String kind, String name) {
    String problem = Names.problem(kind, name, limits.maxNameLength());
    if (problem != null) {
      problems.add(problem);
    }
  }

  /**
   * Refuses, before anything is expanded, a workflow whose templates would expand to more jobs,
   * files or user data entries than the limit.
   */
  private void checkExpandedCounts() {
    int before = problems.count();
    Map<String, Integer> counts = new HashMap<>();
    checkExpandedCount(
        "jobs", builder.jobs, j -> j.name(), j -> jobParameters(j), JobSpec::parameterMode, counts);
    checkExpandedCount(
        "files",
        builder.files,
        FileSpec::name,
        FileSpec::parameters,
        FileSpec::parameterMode,
        counts);
    checkExpandedCount(
        "user data entries",
        builder.userData,
        UserDataSpec::name,
        UserDataSpec::parameters,
        UserDataSpec::parameterMode,
        counts);
    if (problems.count() > before) {
      throw new SpecException(problems.toList());
    }
  }

  private <T> void checkExpandedCount(
      String noun,
      List<T> templates,
      Function<T, String> name,
      Function<T, Map<String, String>> parameters,
      Function<T, ParameterMode> mode,
      Map<String, Integer> counts) {
    long total = 0;
    long largest = 0;
    String largestName = null;
    for (T template : templates) {
      long count = combinations(parameters.apply(template), mode.apply(template), counts);
      total += count;
      if (count > largest) {
        largest = count;
        largestName = name.apply(template);
      }
      if (total > limits.maxJobs()) {
        break;
      }
    }
    if (total > limits.maxJobs()) {
      problems.add(
          String.format(
              Locale.ROOT,
              "the workflow expands to more than %,d %s (%s alone to %,d), the most a workflow may"
                  + " have; raise the limit with the environment variable %s if it is meant",
              limits.maxJobs(),
              noun,
              "'" + Printable.shorten(largestName, 60) + "'",
              largest,
              InputLimits.MAX_JOBS_ENV));
    }
  }

  /** A job's parameters: the shared ones it uses, then its own; unknown shared ones left out. */
  private Map<String, String> jobParameters(JobSpec job) {
    if (job.useParameters().isEmpty()) {
      return job.parameters();
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String shared : job.useParameters()) {
      String range = builder.parameters.get(shared);
      if (range != null) {
        parameters.put(shared, range);
      }
    }
    parameters.putAll(job.parameters());
    return parameters;
  }

  /**
   * How many combinations parameters make, counted without building them; an invalid range counts
   * as one value (it is reported when the template expands). Stops counting past the limit.
   */
  private long combinations(
      Map<String, String> parameters, ParameterMode mode, Map<String, Integer> counts) {
    long product = 1;
    for (String range : parameters.values()) {
      int count =
          counts.computeIfAbsent(
              range,
              r -> {
                try {
                  return ParameterRanges.count(r);
                } catch (IllegalArgumentException e) {
                  return 1;
                }
              });
      if (mode == ParameterMode.ZIP) {
        return count;
      }
      product *= count;
      if (product > limits.maxJobs()) {
        return product;
      }
    }
    return product;
  }

  // ---------------------------------------------------------------- parameters

  private void checkParameterName(String name, String where) {
    if (!Template.isIdentifier(name)) {
      problems.add(
          "parameter name '"
              + name
              + "' in "
              + where
              + " is not an identifier (letters, digits and '_', not starting with a digit)");
    }
  }

  private List<ParameterValue> values(String range, String what) {
    List<ParameterValue> cached = rangeCache.get(range);
    if (cached != null) {
      return cached;
    }
    try {
      List<ParameterValue> parsed = ParameterRanges.parse(range);
      rangeCache.put(range, parsed);
      return parsed;
    } catch (IllegalArgumentException e) {
      problems.add(what + ": " + e.getMessage());
      return null;
    }
  }

  /** The expansion of a template's parameters, or {@code null} after recording a problem. */
  private Expansion expansion(String what, Map<String, String> parameters, ParameterMode mode) {
    List<String> names = new ArrayList<>(parameters.size());
    List<List<ParameterValue>> values = new ArrayList<>(parameters.size());
    boolean ok = true;
    for (Map.Entry<String, String> parameter : parameters.entrySet()) {
      checkParameterName(parameter.getKey(), what);
      List<ParameterValue> parsed =
          values(parameter.getValue(), what + ", parameter '" + parameter.getKey() + "'");
      ok &= parsed != null && Template.isIdentifier(parameter.getKey());
      names.add(parameter.getKey());
      values.add(parsed);
    }
    if (!ok) {
      return null;
    }
    try {
      return new Expansion(names, values, mode);
    } catch (IllegalArgumentException e) {
      problems.add(what + ": " + e.getMessage());
      return null;
    }
  }

  // ---------------------------------------------------------------- files and user data

  private List<FileSpec> expandFiles() {
    List<FileSpec> out = new ArrayList<>(builder.files.size());
    for (FileSpec file : builder.files) {
      if (file.name().isBlank()) {
        problems.add("a file (path '" + file.path() + "') has no name");
        continue;
      }
      String what = "file '" + file.name() + "'";
      Set<String> parameterNames = file.parameters().keySet();
      String undefined = undefinedIn(file.name(), "its name", parameterNames);
      if (undefined == null && !parameterNames.isEmpty()) {
        undefined = undefinedIn(file.path(), "its path", parameterNames);
      }
      if (undefined != null) {
        problems.add(what + ": " + undefined);
        filesIncomplete = true;
        continue;
      }
      if (file.parameters().isEmpty()) {
        out.add(FileSpec.of(file.name(), file.path()));
        continue;
      }
      Expansion x = expansion(what, file.parameters(), file.parameterMode());
      if (x == null) {
        filesIncomplete = true;
        continue;
      }
      try {
        Template name = Template.compile(file.name(), x.index());
        Template path = Template.compile(file.path(), x.index());
        ParameterValue[] combination = x.newCombination();
        String[] plain = x.newPlainCombination();
        for (int k = 0; k < x.count(); k++) {
          x.combination(k, combination, plain);
          out.add(
              FileSpec.of(
                  textBudget.render(name, combination, plain, false),
                  textBudget.render(path, combination, plain, false)));
        }
      } catch (IllegalArgumentException e) {
        problems.add(what + ": " + e.getMessage());
        filesIncomplete = true;
      }
    }
    return out;
  }

  private List<UserDataSpec> expandUserData() {
    List<UserDataSpec> out = new ArrayList<>(builder.userData.size());
    for (UserDataSpec data : builder.userData) {
      if (data.name().isBlank()) {
        problems.add("a user data entry has no name");
        continue;
      }
      String what = "user data '" + data.name() + "'";
      String undefined = undefinedIn(data.name(), "its name", data.parameters().keySet());
      if (undefined != null) {
        problems.add(what + ": " + undefined);
        userDataIncomplete = true;
        continue;
      }
      if (data.parameters().isEmpty()) {
        out.add(data.expanded(data.name(), data.data()));
        continue;
      }
      Expansion x = expansion(what, data.parameters(), data.parameterMode());
      if (x == null) {
        userDataIncomplete = true;
        continue;
      }
      try {
        Template name = Template.compile(data.name(), x.index());
        Map<String, Template> compiled = new HashMap<>();
        ParameterValue[] combination = x.newCombination();
        for (int k = 0; k < x.count(); k++) {
          x.combination(k, combination);
          Object substituted = substituteData(data.data(), x.index(), combination, compiled);
          out.add(data.expanded(textBudget.render(name, combination, null, false), substituted));
        }
      } catch (IllegalArgumentException e) {
        problems.add(what + ": " + e.getMessage());
        userDataIncomplete = true;
      }
    }
    return out;
  }

  /** Substitutes parameters into every string inside user data (not into map keys). */
  private Object substituteData(
      Object data,
      Map<String, Integer> index,
      ParameterValue[] combination,
      Map<String, Template> compiled) {
    if (data instanceof String text) {
      return textBudget.render(
          compiled.computeIfAbsent(text, t -> Template.compile(t, index)),
          combination,
          null,
          false);
    }
    if (data instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(k, substituteData(v, index, combination, compiled)));
      return out;
    }
    if (data instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(v -> out.add(substituteData(v, index, combination, compiled)));
      return out;
    }
    return data;
  }

  private <T> void reportDuplicates(String kind, List<T> items, Function<T, String> name) {
    Set<String> seen = new HashSet<>(items.size() * 2);
    Set<String> reported = new HashSet<>();
    for (T item : items) {
      String n = name.apply(item);
      if (!seen.add(n) && reported.add(n)) {
        problems.add("duplicate " + kind + " name '" + n + "'");
      }
    }
  }

  // ---------------------------------------------------------------- jobs

  /** The expanded and merged jobs; fills {@code byName} with each name's position. */
  private List<Draft> expandJobs(Map<String, Integer> byName) {
    List<Draft> drafts = new ArrayList<>(builder.jobs.size());
    Set<String> reported = new HashSet<>();
    for (int t = 0; t < builder.jobs.size(); t++) {
      JobSpec job = builder.jobs.get(t);
      if (job.name().isBlank()) {
        problems.add("job #" + (t + 1) + " has no name");
        jobsIncomplete = true;
        continue;
      }
      String label = "job '" + job.name() + "'";
      if (job.command() != null && job.command().isBlank()) {
        problems.add(label + " has an empty command");
      }
      boolean unknownShared = false;
      for (String shared : job.useParameters()) {
        if (!builder.parameters.containsKey(shared)) {
          unknownShared = true;
          problems.add(
              label
                  + " uses unknown shared parameter '"
                  + shared
                  + "'"
                  + Suggestions.didYouMean(shared, builder.parameters.keySet()));
          jobsIncomplete = true;
        }
      }
      Map<String, String> parameters = jobParameters(job);
      String undefined = unknownShared ? null : undefinedIn(job, parameters.keySet());
      if (undefined != null) {
        problems.add(label + ": " + undefined);
        jobsIncomplete = true;
        continue;
      }
      if (parameters.isEmpty()) {
        add(new Draft(job, t), drafts, byName, reported);
        continue;
      }
      Expansion x = expansion(label, parameters, job.parameterMode());
      if (x == null) {
        jobsIncomplete = true;
        continue;
      }
      try {
        JobTemplate template = new JobTemplate(job, x.index(), x.count());
        List<String> names = List.copyOf(parameters.keySet());
        ParameterValue[] combination = x.newCombination();
        String[] plain = x.newPlainCombination();
        for (int k = 0; k < x.count(); k++) {
          x.combination(k, combination, plain);
          Draft draft = template.render(combination, plain, t, textBudget);
          draft.parameters = new JobParameters(names, draft.values);
          add(draft, drafts, byName, reported);
        }
      } catch (IllegalArgumentException e) {
        problems.add(label + ": " + e.getMessage());
        jobsIncomplete = true;
      }
    }
    return drafts;
  }

  /**
   * Where a job uses a placeholder that is none of its parameters, in words, or {@code null}: in
   * its name always, and in its commands when it has parameters (a job without parameters passes
   * its commands to the shell as written).
   */
  private static String undefinedIn(JobSpec job, Set<String> parameters) {
    String found = undefinedIn(job.name(), "its name", parameters);
    if (found != null || parameters.isEmpty()) {
      return found;
    }
    found = undefinedIn(job.command(), "its command", parameters);
    if (found == null) {
      found = undefinedIn(job.invocationScript(), "its invocation_script", parameters);
    }
    for (int k = 0; found == null && k < job.fallbackCommands().size(); k++) {
      found = undefinedIn(job.fallbackCommands().get(k), "its fallback_commands", parameters);
    }
    return found == null
        ? null
        : found + "; for braces the shell should see, put a space inside them, as in '{ print }'";
  }

  private static String undefinedIn(String text, String where, Set<String> parameters) {
    String placeholder = text == null ? null : Template.firstUndefined(text, parameters);
    if (placeholder == null) {
      return null;
    }
    return placeholder
        + " in "
        + where
        + " is not one of its parameters ("
        + (parameters.isEmpty() ? "it has none" : "it has " + String.join(", ", parameters))
        + ")";
  }

  private void add(
      Draft draft, List<Draft> drafts, Map<String, Integer> byName, Set<String> reported) {
    Integer position = byName.putIfAbsent(draft.name, drafts.size());
    if (position == null) {
      drafts.add(draft);
      return;
    }
    Draft existing = drafts.get(position);
    if (existing.origin == draft.origin) {
      String difference = existing.scalarDifference(draft);
      if (difference == null) {
        existing.mergeLists(draft);
        existing.parameters = existing.parameters.common(draft.parameters);
      } else if (reported.add(draft.name)) {
        problems.add(
            "job '"
                + draft.originName
                + "' expands to several jobs named '"
                + draft.name
                + "' that differ in "
                + difference
                + "; use every parameter in the name, or make the instances agree");
      }
    } else if (reported.add(draft.name)) {
      if (existing.originName.equals(draft.name) && draft.originName.equals(draft.name)) {
        problems.add("duplicate job name '" + draft.name + "'");
      } else {
        problems.add(
            "duplicate job name '"
                + draft.name
                + "', produced by both job '"
                + existing.originName
                + "' and job '"
                + draft.originName
                + "'");
      }
    }
  }

  /**
   * A kind of {@code ${...}} variable in commands: how it starts, the names it may use, what each
   * name becomes, and how a use is recorded on the job.
   */
  private record Variables(
      String start,
      String noun,
      NameIndex index,
      boolean incomplete,
      IntFunction<String> value,
      VariableUse use) {}

  /** Records that a job reads ({@code input}) or writes the named file or user data. */
  private interface VariableUse {
    void record(Draft draft, boolean input, String name);
  }

  private String substituteVariables(Draft draft, String text, List<Variables> variables) {
    String out = text;
    for (Variables kind : variables) {
      out = substituteVariables(draft, out, kind);
    }
    return out;
  }

  private String substituteVariables(Draft draft, String text, Variables kind) {
    if (text == null) {
      return null;
    }
    String start = kind.start();
    int at = text.indexOf(start);
    if (at < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 32);
    int copied = 0;
    while (at >= 0) {
      int nameStart = -1;
      boolean input = false;
      if (text.startsWith("input.", at + start.length())) {
        input = true;
        nameStart = at + start.length() + "input.".length();
      } else if (text.startsWith("output.", at + start.length())) {
        nameStart = at + start.length() + "output.".length();
      }
      int close = nameStart < 0 ? -1 : text.indexOf('}', nameStart);
      if (close <= nameStart) {
        at = text.indexOf(start, at + 1);
        continue;
      }
      String name = text.substring(nameStart, close);
      int position = kind.index().indexOf(name);
      if (position < 0) {
        if (!kind.incomplete()) {
          String prefix = text.substring(at, nameStart);
          String rawToken =
              draft.source == null
                  ? null
                  : draft.source.rawVariable(text.substring(at, close + 1), draft);
          reportJob(
              draft,
              (job, unknown) ->
                  "job '"
                      + job
                      + "' refers to unknown "
                      + kind.noun()
                      + " '"
                      + unknown
                      + "' in "
                      + prefix
                      + unknown
                      + "}",
              name,
              rawToken == null ? null : rawToken.substring(prefix.length(), rawToken.length() - 1),
              () -> suggest(name, kind.index().names()));
        }
      } else {
        kind.use().record(draft, input, name);
        out.append(text, copied, at).append(kind.value().apply(position));
        copied = close + 1;
        if (out.length() > Template.MAX_RENDERED_LENGTH) {
          problems.add(
              "job '"
                  + draft.name
                  + "': with "
                  + kind.noun()
                  + " substituted, a command becomes longer than "
                  + Template.MAX_RENDERED_LENGTH
                  + " characters");
          return text;
        }
      }
      at = text.indexOf(start, close + 1);
    }
    return copied == 0
        ? text
        : textBudget.charge(out.append(text, copied, text.length()).toString());
  }

  // ---------------------------------------------------------------- references and dependencies

  private List<JobSpec> resolveJobs(
      List<Draft> drafts,
      Map<String, Integer> jobPositions,
      NameIndex fileIndex,
      NameIndex dataIndex,
      List<JobParameters> jobParameters) {
    int n = drafts.size();
    List<String> jobNames = new ArrayList<>(n);
    for (Draft draft : drafts) {
      jobNames.add(draft.name);
    }
    NameIndex jobs = new NameIndex(jobNames, jobPositions);
    Set<String> requirements = names(builder.resourceRequirements, ResourceRequirements::name);
    Set<String> handlers = names(builder.failureHandlers, FailureHandler::name);
    Set<String> schedulers = names(builder.slurmSchedulers, SlurmScheduler::name);
    Map<String, Integer> fileWriters = new HashMap<>();
    Map<String, Integer> dataWriters = new HashMap<>();

    Kind file = new Kind("file", fileIndex, filesIncomplete);
    Kind data = new Kind("user data", dataIndex, userDataIncomplete);
    for (int i = 0; i < n; i++) {
      Draft d = drafts.get(i);
      checkReference(d, "resource_requirements", d.resourceRequirements, requirements);
      checkReference(d, "failure_handler", d.failureHandler, handlers);
      checkReference(d, "scheduler", d.scheduler, schedulers);
      d.inputFiles = resolveNames(d, "input_files", d.inputFiles, d.inputFileRegexes, file);
      d.outputFiles = resolveNames(d, "output_files", d.outputFiles, d.outputFileRegexes, file);
      d.inputUserData =
          resolveNames(d, "input_user_data", d.inputUserData, d.inputUserDataRegexes, data);
      d.outputUserData =
          resolveNames(d, "output_user_data", d.outputUserData, d.outputUserDataRegexes, data);
      recordWriters("file", d.outputFiles, i, fileWriters, drafts);
      recordWriters("user data", d.outputUserData, i, dataWriters, drafts);
    }

    int[][] edges = new int[n][];
    int[] buffer = new int[16];
    for (int i = 0; i < n; i++) {
      Draft d = drafts.get(i);
      int count = 0;
      for (String name : distinct(d.dependsOn)) {
        int j = jobs.indexOf(name);
        if (j < 0) {
          if (!jobsIncomplete) {
            reportJob(
                d,
                (job, unknown) -> "job '" + job + "' depends on unknown job '" + unknown + "'",
                name,
                d.raw("depends_on", name),
                () -> suggest(name, jobNames));
          }
          continue;
        }
        buffer = grow(buffer, count);
        buffer[count++] = j;
      }
      for (String regex : distinct(d.dependsOnRegexes)) {
        int[] matched = match(jobs, regex, d, "depends_on_regexes");
        if (matched == null) {
          continue;
        }
        int added = 0;
        for (int j : matched) {
          if (j != i) {
            buffer = grow(buffer, count);
            buffer[count++] = j;
            added++;
          }
        }
        if (added == 0 && !jobsIncomplete) {
          String what = matched.length == 0 ? "job" : "other job";
          reportJob(
              d,
              (job, entry) ->
                  "job '" + job + "': depends_on_regexes entry '" + entry + "' matches no " + what,
              regex,
              d.raw("depends_on_regexes", regex),
              () -> "");
        }
      }
      buffer = grow(buffer, count + d.inputFiles.size());
      count = addWriters(d.inputFiles, fileWriters, i, buffer, count);
      buffer = grow(buffer, count + d.inputUserData.size());
      count = addWriters(d.inputUserData, dataWriters, i, buffer, count);
      edges[i] = sortedDistinct(buffer, count);
    }

    for (int[] cycle : Cycles.find(edges)) {
      StringBuilder text = new StringBuilder("dependency cycle: ");
      for (int k = 0; k < cycle.length; k++) {
        text.append(k == 0 ? "" : " -> ").append(jobNames.get(cycle[k]));
      }
      problems.add(text.append(" (each job waits for the next)").toString());
    }
    if (!problems.isEmpty()) {
      return List.of();
    }

    List<JobSpec> result = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Draft d = drafts.get(i);
      String[] dependsOn = new String[edges[i].length];
      for (int k = 0; k < dependsOn.length; k++) {
        dependsOn[k] = jobNames.get(edges[i][k]);
      }
      result.add(d.toJob(Arrays.asList(dependsOn)));
      jobParameters.add(d.parameters);
      drafts.set(i, null);
    }
    return result;
  }

  private record Kind(String noun, NameIndex index, boolean incomplete) {}

  /** The list without repeats, in order; the list itself when it has none. */
  private static List<String> distinct(List<String> list) {
    int size = list.size();
    if (size < 2) {
      return list;
    }
    if (size <= 8) {
      boolean repeats = false;
      for (int a = 1; a < size && !repeats; a++) {
        for (int b = 0; b < a; b++) {
          if (list.get(a).equals(list.get(b))) {
            repeats = true;
            break;
          }
        }
      }
      if (!repeats) {
        return list;
      }
    }
    return new ArrayList<>(new LinkedHashSet<>(list));
  }

  private List<String> resolveNames(
      Draft d, String field, List<String> names, List<String> regexes, Kind kind) {
    List<String> distinctNames = distinct(names);
    for (String name : distinctNames) {
      if (kind.index().indexOf(name) < 0 && !kind.incomplete()) {
        reportJob(
            d,
            (job, unknown) ->
                "job '" + job + "' lists unknown " + kind.noun() + " '" + unknown + "' in " + field,
            name,
            d.raw(field, name),
            () -> suggest(name, kind.index().names()));
      }
    }
    if (regexes.isEmpty()) {
      return distinctNames;
    }
    LinkedHashSet<String> resolved = new LinkedHashSet<>(distinctNames);
    for (String regex : distinct(regexes)) {
      String regexField = field.replace("files", "file") + "_regexes";
      int[] matched = match(kind.index(), regex, d, regexField);
      if (matched == null) {
        continue;
      }
      if (matched.length == 0 && !kind.incomplete()) {
        reportJob(
            d,
            (job, entry) ->
                "job '"
                    + job
                    + "': "
                    + regexField
                    + " entry '"
                    + entry
                    + "' matches no "
                    + kind.noun(),
            regex,
            d.raw(regexField, regex),
            () -> "");
      }
      for (int j : matched) {
        resolved.add(kind.index().name(j));
      }
    }
    return new ArrayList<>(resolved);
  }

  private void recordWriters(
      String noun,
      List<String> outputs,
      int job,
      Map<String, Integer> writers,
      List<Draft> drafts) {
    for (String output : outputs) {
      Integer previous = writers.putIfAbsent(output, job);
      Draft writer = drafts.get(job);
      if (previous != null
          && previous != job
          && writer.source != null
          && writer.source == drafts.get(previous).source) {
        String field = noun.equals("file") ? "output_files" : "output_user_data";
        reportJob(
            writer,
            (template, name) ->
                noun
                    + " '"
                    + name
                    + "' is written by several jobs of job '"
                    + template
                    + "', such as '"
                    + drafts.get(previous).name
                    + "'",
            output,
            writer.raw(field, output),
            () -> "");
      } else if (previous != null && previous != job) {
        problems.add(
            noun
                + " '"
                + output
                + "' is written by both job '"
                + drafts.get(previous).name
                + "' and job '"
                + drafts.get(job).name
                + "'");
      }
    }
  }

  private static int addWriters(
      List<String> inputs, Map<String, Integer> writers, int job, int[] buffer, int count) {
    for (String input : inputs) {
      Integer writer = writers.get(input);
      if (writer != null && writer != job) {
        buffer[count++] = writer;
      }
    }
    return count;
  }

  private static int[] grow(int[] buffer, int needed) {
    return needed < buffer.length
        ? buffer
        : Arrays.copyOf(buffer, Math.max(needed + 1, buffer.length * 2));
  }

  private static int[] sortedDistinct(int[] values, int count) {
    int[] sorted = Arrays.copyOf(values, count);
    Arrays.sort(sorted);
    int distinct = 0;
    for (int k = 0; k < sorted.length; k++) {
      if (k == 0 || sorted[k] != sorted[k - 1]) {
        sorted[distinct++] = sorted[k];
      }
    }
    return distinct == sorted.length ? sorted : Arrays.copyOf(sorted, distinct);
  }

  /**
   * The positions of the names a regex matches, or {@code null} after reporting an invalid regex or
   * one that takes too long; once the workflow's regex budget is used up, further regexes are
   * skipped.
   */
  private int[] match(NameIndex index, String regex, Draft d, String field) {
    if (regexBudget.exhausted()) {
      return null;
    }
    try {
      return index.matching(regex, regexBudget);
    } catch (PatternSyntaxException e) {
      reportJob(
          d,
          (job, entry) -> invalidRegex(job, field, entry, e),
          regex,
          d.raw(field, regex),
          () -> "");
    } catch (BudgetExceeded e) {
      problems.add(
          "job '"
              + d.name
              + "': "
              + field
              + " entry '"
              + regex
              + "' is too costly to match: "
              + e.getMessage());
    }
    return null;
  }

  private static String invalidRegex(
      String label, String field, String regex, PatternSyntaxException e) {
    return "job '"
        + label
        + "'"
        + ": invalid regex '"
        + regex
        + "' in "
        + field
        + ": "
        + e.getDescription()
        + (e.getIndex() >= 0 ? " near index " + e.getIndex() : "");
  }

  private void checkReference(Draft d, String field, String name, Set<String> known) {
    if (name != null && !known.contains(name)) {
      reportJob(
          d,
          (job, unknown) -> "job '" + job + "' refers to unknown " + field + " '" + unknown + "'",
          name,
          d.raw(field, name),
          () -> suggest(name, known));
    }
  }

  /** What names a job and one entry of it: the instance's or its template's. */
  private interface JobMessage {
    String text(String job, String entry);
  }

  /**
   * Reports a problem with an entry of a job; for a job expanded from a template whose entry is
   * known ({@code rawEntry}), instances with the same problem make one report naming the template.
   *
   * @param suggestion what follows the instance's message, such as a "did you mean"; asked for only
   *     when that message may be shown
   */
  private void reportJob(
      Draft d,
      JobMessage message,
      String entry,
      String rawEntry,
      java.util.function.Supplier<String> suggestion) {
    if (d.source == null || rawEntry == null) {
      problems.add(message.text(d.name, entry) + suggestion.get());
    } else {
      problems.addInstance(
          message.text(d.source.name(), rawEntry),
          () -> message.text(d.name, entry) + suggestion.get(),
          d.name,
          d.source.instances);
    }
  }

  private String suggest(String name, Collection<String> candidates) {
    if (candidates.size() > 1000 && ++suggestionSearches > MAX_SUGGESTION_SEARCHES) {
      return "";
    }
    return Suggestions.didYouMean(name, candidates);
  }

  private static <T> Set<String> names(List<T> items, Function<T, String> name) {
    Set<String> names = new HashSet<>();
    for (T item : items) {
      names.add(name.apply(item));
    }
    return names;
  }

  // ---------------------------------------------------------------- drafts

  /** A job under resolution: mutable, one per concrete job. */
  private static final class Draft {
    final int origin;
    final String originName;
    String name;
    String command;
    JavaTask task;
    String invocationScript;
    String resourceRequirements;
    String failureHandler;
    String scheduler;
    boolean cancelOnBlockingJobFailure;
    boolean supportsTermination;
    int priority;
    List<String> dependsOn;
    List<String> dependsOnRegexes;
    List<String> inputFiles;
    List<String> outputFiles;
    List<String> inputFileRegexes;
    List<String> outputFileRegexes;
    List<String> inputUserData;
    List<String> outputUserData;
    List<String> inputUserDataRegexes;
    List<String> outputUserDataRegexes;
    List<String> fallbackCommands;
    JobParameters parameters = JobParameters.EMPTY;

    /** The template this job was expanded from, or {@code null} for a job without parameters. */
    JobTemplate source;

    /** The parameter values of this instance, by the template's parameter index. */
    ParameterValue[] values;

    /**
     * The entry of this field of the job's template that renders to {@code entry} for this
     * instance, or {@code null}.
     */
    String raw(String field, String entry) {
      return source == null ? null : source.raw(field, entry, values);
    }

    /** A draft of a concrete job, its lists still the job's (immutable) lists. */
    Draft(JobSpec job, int origin) {
      this(job, origin, true);
    }

    /** A draft with the job's single-valued fields; lists are copied only when asked. */
    Draft(JobSpec job, int origin, boolean copyLists) {
      this.origin = origin;
      this.originName = job.name();
      this.name = job.name();
      this.command = job.command();
      this.task = job.task();
      this.invocationScript = job.invocationScript();
      this.resourceRequirements = job.resourceRequirements();
      this.failureHandler = job.failureHandler();
      this.scheduler = job.scheduler();
      this.cancelOnBlockingJobFailure = job.cancelOnBlockingJobFailure();
      this.supportsTermination = job.supportsTermination();
      this.priority = job.priority();
      this.fallbackCommands = job.fallbackCommands();
      if (copyLists) {
        this.dependsOn = job.dependsOn();
        this.dependsOnRegexes = job.dependsOnRegexes();
        this.inputFiles = job.inputFiles();
        this.outputFiles = job.outputFiles();
        this.inputFileRegexes = job.inputFileRegexes();
        this.outputFileRegexes = job.outputFileRegexes();
        this.inputUserData = job.inputUserData();
        this.outputUserData = job.outputUserData();
        this.inputUserDataRegexes = job.inputUserDataRegexes();
        this.outputUserDataRegexes = job.outputUserDataRegexes();
      }
    }

    /** The first single-valued field, as a spec names it, in which the two drafts differ. */
    String scalarDifference(Draft other) {
      if (!Objects.equals(command, other.command)) {
        return "command";
      }
      if (!Objects.equals(task, other.task)) {
        return "task";
      }
      if (!Objects.equals(invocationScript, other.invocationScript)) {
        return "invocation_script";
      }
      if (!Objects.equals(resourceRequirements, other.resourceRequirements)) {
        return "resource_requirements";
      }
      if (!Objects.equals(failureHandler, other.failureHandler)) {
        return "failure_handler";
      }
      if (!Objects.equals(scheduler, other.scheduler)) {
        return "scheduler";
      }
      if (cancelOnBlockingJobFailure != other.cancelOnBlockingJobFailure) {
        return "cancel_on_blocking_job_failure";
      }
      if (supportsTermination != other.supportsTermination) {
        return "supports_termination";
      }
      if (priority != other.priority) {
        return "priority";
      }
      if (!fallbackCommands.equals(other.fallbackCommands)) {
        return "fallback_commands";
      }
      return null;
    }

    void mergeLists(Draft other) {
      dependsOn = concat(dependsOn, other.dependsOn);
      dependsOnRegexes = concat(dependsOnRegexes, other.dependsOnRegexes);
      inputFiles = concat(inputFiles, other.inputFiles);
      outputFiles = concat(outputFiles, other.outputFiles);
      inputFileRegexes = concat(inputFileRegexes, other.inputFileRegexes);
      outputFileRegexes = concat(outputFileRegexes, other.outputFileRegexes);
      inputUserData = concat(inputUserData, other.inputUserData);
      outputUserData = concat(outputUserData, other.outputUserData);
      inputUserDataRegexes = concat(inputUserDataRegexes, other.inputUserDataRegexes);
      outputUserDataRegexes = concat(outputUserDataRegexes, other.outputUserDataRegexes);
    }

    /**
     * The first list followed by the second. Lists a draft owns are ArrayLists it may grow; any
     * other list (a job's own, or an empty one) is copied first.
     */
    static List<String> concat(List<String> first, List<String> second) {
      if (second.isEmpty()) {
        return first;
      }
      if (first instanceof ArrayList<String> owned) {
        owned.addAll(second);
        return owned;
      }
      List<String> out = new ArrayList<>(first.size() + second.size());
      out.addAll(first);
      out.addAll(second);
      return out;
    }

    JobSpec toJob(List<String> resolvedDependsOn) {
      return new JobSpec(
          name,
          command,
          task,
          invocationScript,
          resourceRequirements,
          failureHandler,
          scheduler,
          cancelOnBlockingJobFailure,
          supportsTermination,
          resolvedDependsOn,
          List.of(),
          inputFiles,
          outputFiles,
          List.of(),
          List.of(),
          inputUserData,
          outputUserData,
          List.of(),
          List.of(),
          Map.of(),
          ParameterMode.PRODUCT,
          List.of(),
          priority,
          fallbackCommands);
    }
  }

  /** A job template with every string field parsed once. */
  private static final class JobTemplate {
    private final JobSpec job;
    private final Template name;
    private final Template command;
    private final Template invocationScript;
    private final Template resourceRequirements;
    private final Template failureHandler;
    private final Template scheduler;
    private final List<Template> dependsOn;
    private final List<Template> dependsOnRegexes;
    private final List<Template> inputFiles;
    private final List<Template> outputFiles;
    private final List<Template> inputFileRegexes;
    private final List<Template> outputFileRegexes;
    private final List<Template> inputUserData;
    private final List<Template> outputUserData;
    private final List<Template> inputUserDataRegexes;
    private final List<Template> outputUserDataRegexes;
    private final List<Template> fallbackCommands;
    private final int instances;
    private final Map<String, Integer> index;

    JobTemplate(JobSpec job, Map<String, Integer> index, int instances) {
      this.job = job;
      this.instances = instances;
      this.index = index;
      this.name = compile(job.name(), index);
      this.command = compile(job.command(), index);
      this.invocationScript = compile(job.invocationScript(), index);
      this.resourceRequirements = compile(job.resourceRequirements(), index);
      this.failureHandler = compile(job.failureHandler(), index);
      this.scheduler = compile(job.scheduler(), index);
      this.dependsOn = compile(job.dependsOn(), index);
      this.dependsOnRegexes = compile(job.dependsOnRegexes(), index);
      this.inputFiles = compile(job.inputFiles(), index);
      this.outputFiles = compile(job.outputFiles(), index);
      this.inputFileRegexes = compile(job.inputFileRegexes(), index);
      this.outputFileRegexes = compile(job.outputFileRegexes(), index);
      this.inputUserData = compile(job.inputUserData(), index);
      this.outputUserData = compile(job.outputUserData(), index);
      this.inputUserDataRegexes = compile(job.inputUserDataRegexes(), index);
      this.outputUserDataRegexes = compile(job.outputUserDataRegexes(), index);
      this.fallbackCommands = compile(job.fallbackCommands(), index);
    }

    private static Template compile(String text, Map<String, Integer> index) {
      return text == null ? null : Template.compile(text, index);
    }

    private static List<Template> compile(List<String> texts, Map<String, Integer> index) {
      List<Template> templates = new ArrayList<>(texts.size());
      for (String text : texts) {
        templates.add(Template.compile(text, index));
      }
      return templates;
    }

    String name() {
      return job.name();
    }

    /** The entry of a field, named as a spec names it, that renders to this text, or null. */
    String raw(String field, String rendered, ParameterValue[] values) {
      return switch (field) {
        case "resource_requirements" -> raw(resourceRequirements, rendered, values, false);
        case "failure_handler" -> raw(failureHandler, rendered, values, false);
        case "scheduler" -> raw(scheduler, rendered, values, false);
        case "depends_on" -> raw(dependsOn, rendered, values, false);
        case "depends_on_regexes" -> raw(dependsOnRegexes, rendered, values, true);
        case "input_files" -> raw(inputFiles, rendered, values, false);
        case "output_files" -> raw(outputFiles, rendered, values, false);
        case "input_file_regexes" -> raw(inputFileRegexes, rendered, values, true);
        case "output_file_regexes" -> raw(outputFileRegexes, rendered, values, true);
        case "input_user_data" -> raw(inputUserData, rendered, values, false);
        case "output_user_data" -> raw(outputUserData, rendered, values, false);
        case "input_user_data_regexes" -> raw(inputUserDataRegexes, rendered, values, true);
        case "output_user_data_regexes" -> raw(outputUserDataRegexes, rendered, values, true);
        default -> null;
      };
    }

    private static String raw(
        List<Template> entries, String rendered, ParameterValue[] values, boolean regex) {
      for (Template entry : entries) {
        String text = raw(entry, rendered, values, regex);
        if (text != null) {
          return text;
        }
      }
      return null;
    }

    private static String raw(
        Template entry, String rendered, ParameterValue[] values, boolean regex) {
      try {
        return entry != null && entry.render(values, regex).equals(rendered) ? entry.text() : null;
      } catch (IllegalArgumentException e) {
        return null;
      }
    }

    /**
     * The {@code ${...}} variable, as the template's commands write it, that renders to this one
     * for the instance, or null.
     */
    String rawVariable(String rendered, Draft draft) {
      String start = rendered.substring(0, rendered.indexOf('.') + 1);
      List<String> texts = new ArrayList<>(job.fallbackCommands());
      texts.add(job.command());
      texts.add(job.invocationScript());
      for (String text : texts) {
        for (int at = text == null ? -1 : text.indexOf(start);
            at >= 0;
            at = text.indexOf(start, at + 1)) {
          int end = closingBrace(text, at + 1);
          if (end < 0) {
            break;
          }
          String token = text.substring(at, end + 1);
          try {
            if (Template.compile(token, index).render(draft.values, false).equals(rendered)) {
              return token;
            }
          } catch (IllegalArgumentException e) {
            // not a template this instance renders; try the next
          }
        }
      }
      return null;
    }

    /** Where the brace opened at {@code open} closes, counting nested braces, or -1. */
    private static int closingBrace(String text, int open) {
      int depth = 0;
      for (int k = open; k < text.length(); k++) {
        char c = text.charAt(k);
        if (c == '{') {
          depth++;
        } else if (c == '}' && --depth == 0) {
          return k;
        }
      }
      return -1;
    }

    Draft render(ParameterValue[] values, String[] plain, int origin, TextBudget budget) {
      Draft d = new Draft(job, origin, false);
      d.source = this;
      d.values = values.clone();
      d.name = render(name, values, plain, budget);
      d.command = render(command, values, plain, budget);
      d.invocationScript = render(invocationScript, values, plain, budget);
      d.resourceRequirements = render(resourceRequirements, values, plain, budget);
      d.failureHandler = render(failureHandler, values, plain, budget);
      d.scheduler = render(scheduler, values, plain, budget);
      d.dependsOn = render(dependsOn, values, plain, false, budget);
      d.dependsOnRegexes = render(dependsOnRegexes, values, plain, true, budget);
      d.inputFiles = render(inputFiles, values, plain, false, budget);
      d.outputFiles = render(outputFiles, values, plain, false, budget);
      d.inputFileRegexes = render(inputFileRegexes, values, plain, true, budget);
      d.outputFileRegexes = render(outputFileRegexes, values, plain, true, budget);
      d.inputUserData = render(inputUserData, values, plain, false, budget);
      d.outputUserData = render(outputUserData, values, plain, false, budget);
      d.inputUserDataRegexes = render(inputUserDataRegexes, values, plain, true, budget);
      d.outputUserDataRegexes = render(outputUserDataRegexes, values, plain, true, budget);
      d.fallbackCommands = render(fallbackCommands, values, plain, false, budget);
      return d;
    }

    private static String render(
        Template template, ParameterValue[] values, String[] plain, TextBudget budget) {
      return template == null ? null : budget.render(template, values, plain, false);
    }

    private static List<String> render(
        List<Template> templates,
        ParameterValue[] values,
        String[] plain,
        boolean regex,
        TextBudget budget) {
      if (templates.isEmpty()) {
        return List.of();
      }
      List<String> out = new ArrayList<>(templates.size());
      for (Template template : templates) {
        out.add(budget.render(template, values, plain, regex));
      }
      return out;
    }
  }
}
