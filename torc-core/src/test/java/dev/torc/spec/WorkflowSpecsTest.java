package dev.torc.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torc.model.FailureHandler;
import dev.torc.model.FailureRule;
import dev.torc.model.FileSpec;
import dev.torc.model.JobParameters;
import dev.torc.model.JobSpec;
import dev.torc.model.JobsSortMethod;
import dev.torc.model.Memory;
import dev.torc.model.ResourceMonitorConfig;
import dev.torc.model.ResourceRequirements;
import dev.torc.model.SlurmScheduler;
import dev.torc.model.SpecException;
import dev.torc.model.SpecProblem;
import dev.torc.model.UserDataSpec;
import dev.torc.model.Workflow;
import dev.torc.model.WorkflowAction;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WorkflowSpecsTest {

  private static Path spec(String name) throws URISyntaxException {
    return Path.of(WorkflowSpecsTest.class.getResource("/specs/" + name).toURI());
  }

  private static List<SpecProblem> problems(String content, SpecFormat format) {
    try {
      WorkflowSpecs.parse(content, format, "wf." + format.name().toLowerCase());
    } catch (SpecException e) {
      return e.problems();
    }
    throw new AssertionError("expected the spec to be rejected");
  }

  private static List<String> names(Workflow w) {
    return w.jobs().stream().map(JobSpec::name).toList();
  }

  // ------------------------------------------------------------------ examples

  @Test
  void failureHandlerSimulationExpandsToNineSimulationsAndOneAggregate() throws Exception {
    Workflow w = WorkflowSpecs.load(spec("failure_handler_simulation.yaml"));
    assertThat(w.name()).isEqualTo("failure_handler_simulation");
    assertThat(w.jobs()).hasSize(10);
    List<String> simulations =
        List.of(
            "simulate_m0_s0",
            "simulate_m0_s1",
            "simulate_m0_s2",
            "simulate_m1_s0",
            "simulate_m1_s1",
            "simulate_m1_s2",
            "simulate_m2_s0",
            "simulate_m2_s1",
            "simulate_m2_s2");
    assertThat(names(w))
        .startsWith(simulations.toArray(String[]::new))
        .endsWith("aggregate_results");
    assertThat(w.job("simulate_m1_s2").orElseThrow().failureHandler())
        .isEqualTo("simulation_recovery");
    assertThat(w.job("aggregate_results").orElseThrow().dependsOn())
        .containsExactlyElementsOf(simulations);
    FailureHandler handler = w.failureHandler("simulation_recovery").orElseThrow();
    assertThat(handler.rules())
        .containsExactly(
            FailureRule.forExitCodes(3, "examples/scripts/recovery_demo.sh", 10),
            FailureRule.forExitCodes(2, "examples/scripts/recovery_demo.sh", 11),
            FailureRule.forExitCodes(3, null, 12));
  }

  @Test
  void json5SweepUsesSharedParametersFormatsAndFileVariables() throws Exception {
    Workflow w = WorkflowSpecs.load(spec("ml_sweep.json5"));
    assertThat(w.user()).isEqualTo("alice");
    assertThat(w.metadata())
        .isEqualTo(Map.of("owner", "ml-team", "tags", List.of("sweep", "cnn"), "budget_hours", 12));
    assertThat(w.jobs()).hasSize(7);
    JobSpec train = w.job("train_lr0.0010_b64").orElseThrow();
    assertThat(train.command())
        .isEqualTo(
            "python train.py --data data/train.parquet --lr 0.001 --batch 64"
                + " --out models/lr0.0010_b064.pt");
    assertThat(train.inputFiles()).containsExactly("dataset");
    assertThat(train.outputFiles()).containsExactly("model_0.001_64");
    assertThat(train.priority()).isEqualTo(5);
    JobSpec compare = w.job("compare").orElseThrow();
    assertThat(compare.dependsOn()).hasSize(6).allMatch(n -> n.startsWith("train_lr"));
    assertThat(compare.outputFiles()).containsExactly("report");
    assertThat(w.requirementsOf(train))
        .isEqualTo(
            ResourceRequirements.builder("gpu")
                .numCpus(8)
                .memory("32g")
                .numGpus(1)
                .runtime("PT4H")
                .build());
    assertThat(w.jobsSortMethod()).isEqualTo(JobsSortMethod.GPUS_RUNTIME_MEMORY);
    assertThat(w.resourceMonitor())
        .isEqualTo(
            new ResourceMonitorConfig(true, ResourceMonitorConfig.Granularity.TIME_SERIES, 2.5));
  }

  @Test
  void jsonPipelineResolvesUserDataDependencies() throws Exception {
    Workflow w = WorkflowSpecs.load(spec("pipeline.json"));
    assertThat(names(w)).containsExactly("extract", "transform_us", "transform_eu", "load");
    assertThat(w.usePendingFailed()).isTrue();
    assertThat(w.userData())
        .containsExactly(
            UserDataSpec.of("settings", Map.of("regions", List.of("us", "eu"), "retries", 2)),
            UserDataSpec.of("summary_us", Map.of("region", "us")),
            UserDataSpec.of("summary_eu", Map.of("region", "eu")));
    JobSpec load = w.job("load").orElseThrow();
    assertThat(load.dependsOn()).containsExactly("transform_us", "transform_eu");
    assertThat(load.inputUserData()).containsExactly("summary_us", "summary_eu");
    assertThat(load.cancelOnBlockingJobFailure()).isFalse();
    assertThat(load.supportsTermination()).isTrue();
    assertThat(w.slurmSchedulers())
        .containsExactly(
            new SlurmScheduler(
                "short", "etl", "debug", 1, "00:30:00", null, null, null, null, null, null));
  }

  @Test
  void hundredThousandJobSpecLoads() throws Exception {
    Workflow w = WorkflowSpecs.load(spec("sweep_100k.yaml"));
    assertThat(w.jobs()).hasSize(100_001);
    assertThat(w.jobs().get(99_999).command())
        .isEqualTo("process data/in_100000.txt > data/out_100000.txt");
    assertThat(w.job("gather").orElseThrow().dependsOn()).hasSize(100_000);
  }

  // ------------------------------------------------------------------ values

  @Test
  void parameterValuesMayBeNumbersOrLists() {
    Workflow w =
        WorkflowSpecs.parse(
            """
            name: w
            jobs:
              - name: a_{i}_{x}_{s}
                command: run {x:.1f}
                parameters:
                  i: 5
                  x: [0.5, 2]
                  s: ['it''s', plain]
            """,
            SpecFormat.YAML,
            "w.yaml");
    assertThat(names(w))
        .containsExactly("a_5_0.5_it's", "a_5_0.5_plain", "a_5_2_it's", "a_5_2_plain");
    assertThat(w.jobs().get(2).command()).isEqualTo("run 2.0");
  }

  @Test
  void eachExpandedJobKeepsItsParameterValuesAsTheSpecTypesThem() {
    Workflow w =
        WorkflowSpecs.parse(
            """
            name: w
            parameters:
              opt: "['adam', 'sgd']"
            jobs:
              - name: train_{i}_{lr}_{opt}
                command: train --lr {lr}
                use_parameters: [opt]
                parameters:
                  i: "1:3"
                  lr: "[0.01, 0.1]"
              - name: best_{opt}
                command: pick
                depends_on: ["train_{i}_{lr}_{opt}"]
                use_parameters: [opt]
                parameters:
                  i: "1:3"
                  lr: "[0.01, 0.1]"
              - name: report
                command: echo done
            """,
            SpecFormat.YAML,
            "w.yaml");
    JobParameters values = w.jobParameters("train_3_0.01_sgd");
    assertThat(values.asMap())
        .containsExactly(Map.entry("opt", "sgd"), Map.entry("i", 3L), Map.entry("lr", 0.01));
    assertThat(values.integer("i")).isEqualTo(3);
    assertThat(values.number("lr")).isEqualTo(0.01);
    assertThat(values.text("opt")).isEqualTo("sgd");
    assertThatThrownBy(() -> values.integer("lr"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parameter 'lr' is not an integer: 0.01");
    assertThatThrownBy(() -> values.text("epochs"))
        .hasMessage("the job has no parameter 'epochs' (it has opt, i, lr)");
    // A job merged from several instances keeps only the values they share.
    assertThat(w.jobParameters("best_adam").asMap()).containsExactly(Map.entry("opt", "adam"));
    assertThat(w.jobParameters("report").isEmpty()).isTrue();
  }

  @Test
  void yamlAnchorsAliasesAndMergeKeysWork() {
    Workflow w =
        WorkflowSpecs.parse(
            """
            name: w
            resource_requirements:
              - {name: small, num_cpus: 1, memory: 1g}
            jobs:
              - &base
                name: a
                command: run --fast
                resource_requirements: small
                priority: 2
              - <<: *base
                name: b
                priority: 7
              - name: c
                command: run --fast
                depends_on: &deps [a, b]
              - name: d
                command: report
                depends_on: *deps
            """,
            SpecFormat.YAML,
            "w.yaml");
    JobSpec b = w.job("b").orElseThrow();
    assertThat(b.command()).isEqualTo("run --fast");
    assertThat(b.resourceRequirements()).isEqualTo("small");
    assertThat(b.priority()).isEqualTo(7);
    assertThat(w.job("d").orElseThrow().dependsOn()).containsExactly("a", "b");
    assertThat(
            problems(
                "name: w\njobs:\n  - name: a\n    command: &c run\n  - name: b\n    command: *c\n",
                SpecFormat.YAML))
        .containsExactly(
            new SpecProblem(
                "wf.yaml",
                6,
                14,
                "YAML alias '*c' does not name an anchored map or list defined before it (anchors"
                    + " on single values are not supported)"));
  }

  @Test
  void memoryAndRuntimeAreParsed() {
    Workflow w =
        WorkflowSpecs.parse(
            """
            name: w
            resource_requirements:
              - {name: big, num_cpus: 4, memory: 1.5g, num_nodes: 2, runtime: P1DT2H}
              - {name: bytes, num_cpus: "2", memory: 1048576}
            jobs:
              - {name: a, command: x, resource_requirements: big}
            """,
            SpecFormat.YAML,
            "w.yaml");
    assertThat(w.resourceRequirements().get(0).memory()).isEqualTo(Memory.parse("1.5g"));
    assertThat(w.resourceRequirements().get(0).runtime()).isEqualTo(Duration.ofHours(26));
    assertThat(w.resourceRequirements().get(0).numNodes()).isEqualTo(2);
    assertThat(w.resourceRequirements().get(1).memory().bytes()).isEqualTo(1_048_576);
    assertThat(w.resourceRequirements().get(1).numCpus()).isEqualTo(2);
  }

  // ------------------------------------------------------------------ problems

  @Test
  void yamlSyntaxErrorsHaveLineAndColumn() {
    assertThat(
            problems(
                "name: w\njobs:\n  - name: a\n    command: echo\n   - name: b\n", SpecFormat.YAML))
        .containsExactly(
            new SpecProblem(
                "wf.yaml",
                5,
                4,
                "syntax error: while parsing a block collection: expected <block end>, but found"
                    + " '<block sequence start>'"));
    assertThat(problems("name: w\njobs:\n  - name: a\n    command: echo: x\n", SpecFormat.YAML))
        .containsExactly(
            new SpecProblem("wf.yaml", 4, 18, "syntax error: mapping values are not allowed here"));
  }

  @Test
  void jsonSyntaxErrorsHaveLineAndColumn() {
    List<SpecProblem> found =
        problems(
            "{\"name\": \"w\",\n \"jobs\": [\n  {\"name\": \"a\" \"command\": \"x\"}]}",
            SpecFormat.JSON);
    assertThat(found).hasSize(1);
    assertThat(found.get(0).line()).isEqualTo(3);
    assertThat(found.get(0).column()).isEqualTo(16);
    assertThat(found.get(0).message()).startsWith("syntax error: Unexpected character");
    assertThat(found.get(0).toString()).startsWith("wf.json:3:16: syntax error");

    // Comments and trailing commas are JSON5, not JSON.
    assertThat(problems("{\"name\": \"w\", \"jobs\": [],}", SpecFormat.JSON).get(0).message())
        .contains("was expecting double-quote to start field name");
  }

  @Test
  void json5AcceptsItsExtensions() {
    Workflow w =
        WorkflowSpecs.parse(
            """
            // comment
            {
              name: 'w', /* block comment */
              jobs: [
                {name: "a", command: 'echo \\'hi\\'', priority: +3,},
                {name: 'b', command: 'echo', depends_on: ['a',],},
              ],
              metadata: {half: .5, five: 5., big: +1e3, inf: Infinity,},
            }
            """,
            SpecFormat.JSON5,
            "w.json5");
    assertThat(names(w)).containsExactly("a", "b");
    assertThat(w.jobs().get(0).command()).isEqualTo("echo 'hi'");
    assertThat(w.jobs().get(0).priority()).isEqualTo(3);
    assertThat(w.metadata())
        .isEqualTo(
            Map.of("half", 0.5, "five", 5.0, "big", 1000.0, "inf", Double.POSITIVE_INFINITY));
    assertThat(
            problems(
                "{name: 'w', jobs: [{name: 'a', command: 'x', priority: .5e1}]}", SpecFormat.JSON5))
        .extracting(SpecProblem::message)
        .containsExactly("'priority' of job 'a' must be an integer, not 5.0");
  }

  @Test
  void typeErrorsNameFieldAndPosition() {
    List<SpecProblem> found =
        problems(
            """
            name: w
            use_pending_failed: maybe
            resource_requirements:
              - name: r
                num_cpus: many
                memory: 12gb?
                runtime: 1 hour
            jobs:
              - name: a
                command: [echo]
                depends_on: {x: 1}
                parameter_mode: zipp
            """,
            SpecFormat.YAML);
    assertThat(found)
        .containsExactly(
            new SpecProblem(
                "wf.yaml",
                2,
                21,
                "'use_pending_failed' of the workflow must be true or false, not 'maybe'"),
            new SpecProblem(
                "wf.yaml",
                5,
                15,
                "'num_cpus' of resource_requirements 'r' must be an integer, not 'many'"),
            new SpecProblem(
                "wf.yaml",
                6,
                13,
                "resource_requirements 'r': invalid memory '12gb?': expected a number with an"
                    + " optional unit k, m, g or t (for example 512k, 1m, 2g, 1.5g)"),
            new SpecProblem(
                "wf.yaml",
                7,
                14,
                "resource_requirements 'r': invalid runtime '1 hour': expected an ISO-8601"
                    + " duration such as PT30M or P1DT2H"),
            new SpecProblem("wf.yaml", 10, 14, "'command' of job 'a' must be text, not a list"),
            new SpecProblem(
                "wf.yaml", 11, 17, "'depends_on' of job 'a' must be a list of names, not a map"),
            new SpecProblem(
                "wf.yaml",
                12,
                21,
                "'parameter_mode' of job 'a' must be one of product, zip, not 'zipp'; did you mean"
                    + " 'zip'?"));
  }

  @Test
  void unknownFieldsAreRejectedWithASuggestion() {
    assertThat(
            problems(
                """
                name: w
                desciption: typo
                jobs:
                  - name: a
                    comand: echo
                    flavour: x
                """,
                SpecFormat.YAML))
        .containsExactly(
            new SpecProblem(
                "wf.yaml",
                2,
                1,
                "unknown field 'desciption' in the workflow; did you mean 'description'?"),
            new SpecProblem(
                "wf.yaml", 5, 5, "unknown field 'comand' in job 'a'; did you mean 'command'?"),
            new SpecProblem("wf.yaml", 6, 5, "unknown field 'flavour' in job 'a'"),
            new SpecProblem("wf.yaml", 4, 5, "job 'a' needs a 'command'"));
  }

  @Test
  void actionsAreReadWithEveryFieldAndWrittenBack() {
    String yaml =
        String.join(
            "\n",
            "name: w",
            "slurm_schedulers:",
            "  - {name: gpu, account: acct}",
            "jobs:",
            "  - {name: prep, command: 'true'}",
            "  - {name: train_1, command: 'true', depends_on: [prep]}",
            "  - {name: train_2, command: 'true', depends_on: [prep]}",
            "actions:",
            "  - trigger_type: on_workflow_start",
            "    action_type: run_commands",
            "    commands: [mkdir -p out, echo hi]",
            "  - trigger_type: on_jobs_ready",
            "    action_type: schedule_nodes",
            "    job_name_regexes: ['train_.*']",
            "    scheduler: gpu",
            "    scheduler_type: slurm",
            "    num_allocations: 2",
            "    start_one_worker_per_node: true",
            "    max_parallel_jobs: 4",
            "  - trigger_type: on_jobs_complete",
            "    action_type: run_commands",
            "    jobs: [prep]",
            "    commands: [echo done]",
            "    persistent: true",
            "");
    Workflow w = WorkflowSpecs.parse(yaml, SpecFormat.YAML, "wf.yaml");
    assertThat(w.actions()).hasSize(3);
    WorkflowAction schedule = w.actions().get(1);
    assertThat(schedule.trigger()).isEqualTo(WorkflowAction.Trigger.ON_JOBS_READY);
    assertThat(schedule.type()).isEqualTo(WorkflowAction.Type.SCHEDULE_NODES);
    assertThat(schedule.scheduler()).isEqualTo("gpu");
    assertThat(schedule.numAllocations()).isEqualTo(2);
    assertThat(schedule.startOneWorkerPerNode()).isTrue();
    assertThat(schedule.maxParallelJobs()).isEqualTo(4);
    assertThat(w.actionJobs(1)).containsExactly("train_1", "train_2");
    assertThat(w.actions().get(2).persistent()).isTrue();
    assertThat(w.actionJobs(2)).containsExactly("prep");
    assertThat(w.actions().get(0).commands()).containsExactly("mkdir -p out", "echo hi");

    Workflow built =
        Workflow.builder("w")
            .slurmScheduler(dev.torc.model.SlurmScheduler.of("gpu", "acct"))
            .job(JobSpec.builder("prep").command("true").build())
            .job(JobSpec.builder("train_1").command("true").dependsOn("prep").build())
            .job(JobSpec.builder("train_2").command("true").dependsOn("prep").build())
            .action(
                WorkflowAction.runCommands(
                    WorkflowAction.Trigger.ON_WORKFLOW_START, List.of("mkdir -p out", "echo hi")))
            .action(
                WorkflowAction.scheduleNodes(
                        WorkflowAction.Trigger.ON_JOBS_READY, "slurm", "gpu", 2)
                    .onJobs(List.of(), List.of("train_.*"))
                    .withWorkers(true, 4))
            .action(
                WorkflowAction.runCommands(
                        WorkflowAction.Trigger.ON_JOBS_COMPLETE, List.of("echo done"))
                    .onJobs(List.of("prep"), List.of())
                    .withPersistent(true))
            .build();
    assertThat(built.actions()).isEqualTo(w.actions());
    for (SpecFormat format : List.of(SpecFormat.YAML, SpecFormat.JSON)) {
      Workflow again = WorkflowSpecs.parse(WorkflowSpecs.write(w, format), format, "again");
      assertThat(again.actions()).isEqualTo(w.actions());
    }
  }

  @Test
  void badActionsAreReportedEachOnItsLine() {
    String yaml =
        String.join(
            "\n",
            "name: w",
            "jobs:",
            "  - {name: a, command: 'true'}",
            "actions:",
            "  - {trigger_type: on_jobs_done, action_type: run_commands, commands: [x]}",
            "  - {trigger_type: on_jobs_ready, action_type: run_commands}",
            "  - {trigger_type: on_jobs_ready, action_type: run_commands, jobs: [b], commands: [x]}",
            "  - {trigger_type: on_jobs_complete, action_type: run_commands, job_name_regexes: ['z.*'],"
                + " commands: [x]}",
            "  - {trigger_type: on_workflow_start, action_type: schedule_nodes, scheduler: nope}",
            "  - {action_type: run_commands, commands: [x], colour: red}",
            "");
    List<String> messages =
        problems(yaml, SpecFormat.YAML).stream().map(SpecProblem::toString).toList();
    assertThat(messages)
        .anySatisfy(m -> assertThat(m).contains("wf.yaml:5").contains("on_jobs_done"))
        .anySatisfy(m -> assertThat(m).contains("wf.yaml:10").contains("unknown field 'colour'"))
        .anySatisfy(m -> assertThat(m).contains("wf.yaml:10").contains("needs a 'trigger_type'"));
    // Reference problems come once the spec is well formed.
    String references =
        String.join(
            "\n",
            "name: w",
            "jobs:",
            "  - {name: a, command: 'true'}",
            "actions:",
            "  - {trigger_type: on_jobs_ready, action_type: run_commands, jobs: [b], commands: [x]}",
            "  - {trigger_type: on_jobs_complete, action_type: run_commands, job_name_regexes: ['z.*'],"
                + " commands: [x]}",
            "  - {trigger_type: on_workflow_start, action_type: schedule_nodes, scheduler: nope}",
            "");
    assertThat(problems(references, SpecFormat.YAML))
        .extracting(SpecProblem::message)
        .containsExactlyInAnyOrder(
            "action #1 (on_jobs_ready run_commands) refers to unknown job 'b'; did you mean 'a'?",
            "action #2 (on_jobs_complete run_commands): job_name_regexes entry 'z.*' matches no"
                + " job",
            "action #3 (on_workflow_start schedule_nodes (slurm nope)) refers to unknown slurm"
                + " scheduler 'nope'");
  }

  @Test
  void theOriginalsExampleSpecsWithActionsLoad() throws Exception {
    Path folder = Path.of(getClass().getResource("original").toURI());
    List<Path> specs;
    try (var files = Files.list(folder)) {
      specs = files.sorted().toList();
    }
    assertThat(specs).hasSizeGreaterThanOrEqualTo(10);
    for (Path spec : specs) {
      Workflow w = WorkflowSpecs.load(spec);
      assertThat(w.actions()).as(spec.toString()).isNotEmpty();
    }
    Workflow simple = WorkflowSpecs.load(folder.resolve("workflow_actions_simple_slurm.yaml"));
    assertThat(simple.actionJobs(1)).containsExactly("process1", "process2", "process3");
    assertThat(simple.actions().get(1).numAllocations()).isEqualTo(3);
    assertThat(WorkflowSpecs.load(folder.resolve("workflow_actions_ml_training.json5")).actions())
        .isEqualTo(
            WorkflowSpecs.load(folder.resolve("workflow_actions_ml_training.yaml")).actions());
  }

  @Test
  void missingAndDuplicateFieldsAreReported() {
    assertThat(problems("description: no name\n", SpecFormat.YAML))
        .extracting(SpecProblem::message)
        .containsExactly("the workflow needs a 'name'", "the workflow needs a 'jobs' list");
    assertThat(problems("name: w\nname: v\njobs: []\n", SpecFormat.YAML))
        .containsExactly(new SpecProblem("wf.yaml", 2, 1, "duplicate key 'name'"));
    assertThat(problems("", SpecFormat.YAML))
        .extracting(SpecProblem::message)
        .containsExactly("the spec is empty");
    assertThat(problems("- a\n- b\n", SpecFormat.YAML))
        .extracting(SpecProblem::message)
        .containsExactly(
            "a workflow spec must be a map of fields such as 'name' and 'jobs', not a list");
  }

  @Test
  void resolverProblemsNameTheFileAndTheJobPosition() {
    assertThat(
            problems(
                """
                name: w
                jobs:
                  - name: a
                    command: echo
                    depends_on: [b]
                  - name: b
                    command: echo
                    depends_on: [a]
                  - name: c
                    command: echo
                    depends_on: [work_1]
                """,
                SpecFormat.YAML))
        .containsExactly(
            new SpecProblem("wf.yaml", 9, 5, "job 'c' depends on unknown job 'work_1'"),
            SpecProblem.of("dependency cycle: a -> b -> a (each job waits for the next)")
                .inSource("wf.yaml"));
  }

  @Test
  void aTemplatesMistakeIsOneProblemAtTheTemplatesPosition() {
    assertThat(
            problems(
                """
                name: w
                jobs:
                  - name: prep
                    command: echo
                  - name: work_{i}
                    command: cat ${files.input.data_{i}}
                    depends_on: ["prep_{i}"]
                    parameters: {i: "1:1000"}
                """,
                SpecFormat.YAML))
        .containsExactly(
            new SpecProblem(
                "wf.yaml",
                5,
                5,
                "job 'work_{i}' refers to unknown file 'data_{i}' in ${files.input.data_{i}} (in"
                    + " all 1000 of its jobs)"),
            new SpecProblem(
                "wf.yaml",
                5,
                5,
                "job 'work_{i}' depends on unknown job 'prep_{i}' (in all 1000 of its jobs)"));
  }

  @Test
  void modelConstraintsBecomePositionedProblems() {
    assertThat(
            problems(
                """
                name: w
                slurm_schedulers:
                  - {name: s, account: acct, walltime: 1 hour}
                failure_handlers:
                  - name: h
                    rules:
                      - {max_retries: 2}
                jobs: []
                """,
                SpecFormat.YAML))
        .containsExactly(
            new SpecProblem(
                "wf.yaml",
                7,
                9,
                "a rule of failure handler 'h': a failure rule needs exit_codes or"
                    + " match_all_exit_codes: true"),
            new SpecProblem(
                "wf.yaml",
                3,
                5,
                "slurm scheduler 's': invalid walltime '1 hour': expected HH:MM:SS or D-HH:MM:SS"));
  }

  @Test
  void unsupportedExtensionsAreRejected(@TempDir Path dir) throws Exception {
    Path toml = Files.writeString(dir.resolve("w.toml"), "name = 'w'");
    assertThatThrownBy(() -> WorkflowSpecs.load(toml))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("unsupported spec format");
    assertThatThrownBy(() -> WorkflowSpecs.load(dir.resolve("missing.yaml")))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("cannot read the spec");
  }

  // ------------------------------------------------------------------ writing

  static Workflow rich() {
    return Workflow.builder("rich")
        .user("bob")
        .description("multi-line\ndescription: with a colon")
        .project("p")
        .metadata(Map.of("n", 1, "pi", 3.14, "ok", true, "list", List.of("a", 2)))
        .parameter("i", "1:3")
        .usePendingFailed(true)
        .jobsSortMethod(JobsSortMethod.GPUS_MEMORY_RUNTIME)
        .resourceMonitor(
            new ResourceMonitorConfig(
                false, ResourceMonitorConfig.Granularity.TIME_SERIES, 0.5, true))
        .slurmDefaults(Map.of("qos", "normal"))
        .resourceRequirements(
            ResourceRequirements.builder("big")
                .numCpus(16)
                .memory("1.5g")
                .numGpus(2)
                .numNodes(3)
                .runtime("PT90M")
                .build())
        .resourceRequirements(ResourceRequirements.builder("small").build())
        .failureHandler(
            FailureHandler.of(
                "h",
                FailureRule.forExitCodes(3, "fix.sh", 10, 11),
                FailureRule.forAnyExitCode(1, null)))
        .slurmScheduler(
            new SlurmScheduler(
                "s",
                "acct",
                "gpu",
                2,
                "1-00:00:00",
                "100G",
                "gpu:2",
                "high",
                4,
                "10G",
                "--exclusive"))
        .file("in", "data/in.txt")
        .file(new FileSpec("part_{i}", "data/part_{i}.txt", Map.of("i", "1:3"), null))
        .userData(UserDataSpec.of("cfg", Map.of("a", List.of(1, 2), "b", "true")))
        .userData(new UserDataSpec("empty", null, Map.of(), null, true))
        .job(
            JobSpec.builder("split")
                .command("split ${files.input.in} 'true' \"1:3\" null")
                .resourceRequirements("big")
                .failureHandler("h")
                .scheduler("s")
                .inputUserData("cfg")
                .outputFileRegexes("part_.*")
                .priority(-2)
                .supportsTermination(true)
                .build())
        .job(
            JobSpec.builder("work_{i}")
                .command("work {i} ${HOME} {}")
                .invocationScript("srun")
                .inputFiles("part_{i}")
                .useParameters("i")
                .cancelOnBlockingJobFailure(false)
                .build())
        .job(JobSpec.builder("done").command("true").dependsOnRegexes("work_.*").build())
        .build();
  }

  @ParameterizedTest
  @EnumSource(
      value = SpecFormat.class,
      names = {"KDL"},
      mode = EnumSource.Mode.EXCLUDE)
  void writtenSpecsLoadBackIntoAnEqualWorkflow(SpecFormat format) {
    Workflow w = rich();
    String text = WorkflowSpecs.write(w, format);
    Workflow back = WorkflowSpecs.parse(text, format, "back");
    assertThat(back.jobs()).isEqualTo(w.jobs());
    assertThat(back.files()).isEqualTo(w.files());
    assertThat(back.userData()).isEqualTo(w.userData());
    assertThat(back.resourceRequirements()).isEqualTo(w.resourceRequirements());
    assertThat(back.failureHandlers()).isEqualTo(w.failureHandlers());
    assertThat(back.slurmSchedulers()).isEqualTo(w.slurmSchedulers());
    assertThat(back.metadata()).isEqualTo(w.metadata());
    assertThat(back.slurmDefaults()).isEqualTo(w.slurmDefaults());
    assertThat(back.parameters()).isEqualTo(w.parameters());
    assertThat(back.resourceMonitor()).isEqualTo(w.resourceMonitor());
    assertThat(back.jobsSortMethod()).isEqualTo(w.jobsSortMethod());
    assertThat(back.usePendingFailed()).isTrue();
    assertThat(List.of(back.name(), back.user(), back.description(), back.project()))
        .isEqualTo(List.of(w.name(), w.user(), w.description(), w.project()));
    assertThat(WorkflowSpecs.write(back, format)).isEqualTo(text);
  }

  @Test
  void writingLeavesOutDefaultsAndUsesSnakeCase() {
    Workflow w =
        Workflow.builder("w")
            .job(JobSpec.builder("a").command("echo").build())
            .job(JobSpec.builder("b").command("echo").dependsOn("a").build())
            .build();
    assertThat(WorkflowSpecs.write(w, SpecFormat.YAML))
        .isEqualTo(
            """
            name: w
            jobs:
              - name: a
                command: echo
              - name: b
                command: echo
                depends_on:
                  - a
            """);
    assertThat(WorkflowSpecs.write(rich(), SpecFormat.JSON))
        .contains("\"cancel_on_blocking_job_failure\" : false")
        .contains("\"use_pending_failed\" : true")
        .doesNotContain("parameter_mode");
  }

  @Test
  void javaTasksCannotBeWritten() {
    Workflow w =
        Workflow.builder("w").job(JobSpec.builder("inproc").task(ctx -> {}).build()).build();
    assertThatThrownBy(() -> WorkflowSpecs.write(w, SpecFormat.YAML))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("job 'inproc'");
  }
}
