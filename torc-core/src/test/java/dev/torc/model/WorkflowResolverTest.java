package dev.torc.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class WorkflowResolverTest {

  private static JobSpec.Builder job(String name, String command) {
    return JobSpec.builder(name).command(command);
  }

  private static List<String> names(Workflow w) {
    return w.jobs().stream().map(JobSpec::name).toList();
  }

  private static List<String> problems(ThrowingCallable build) {
    try {
      build.call();
    } catch (SpecException e) {
      return e.problems().stream().map(SpecProblem::message).toList();
    } catch (Throwable t) {
      throw new AssertionError("expected a SpecException", t);
    }
    throw new AssertionError("expected a SpecException, but the workflow built");
  }

  @Test
  void concreteJobsPassThroughWithResolvedFields() {
    Workflow w =
        Workflow.builder("w")
            .job(job("a", "echo a").build())
            .job(job("b", "echo b").dependsOn("a").priority(3).build())
            .build();
    assertThat(names(w)).containsExactly("a", "b");
    JobSpec b = w.job("b").orElseThrow();
    assertThat(b.dependsOn()).containsExactly("a");
    assertThat(b.priority()).isEqualTo(3);
    assertThat(b.isTemplate()).isFalse();
  }

  @Test
  void expandsRangesWithFormatsIntoEveryField() {
    Workflow w =
        Workflow.builder("w")
            .resourceRequirements(ResourceRequirements.builder("rr_1").build())
            .resourceRequirements(ResourceRequirements.builder("rr_2").build())
            .job(
                job("train_{i:03d}_lr{lr:.4f}", "python train.py --lr {lr} --i {i} ${HOME} {}")
                    .invocationScript("wrap {i}")
                    .resourceRequirements("rr_{i}")
                    .parameter("i", "1:2")
                    .parameter("lr", "[0.001, 0.01]")
                    .build())
            .build();
    assertThat(names(w))
        .containsExactly(
            "train_001_lr0.0010", "train_001_lr0.0100", "train_002_lr0.0010", "train_002_lr0.0100");
    JobSpec first = w.jobs().get(0);
    assertThat(first.command()).isEqualTo("python train.py --lr 0.001 --i 1 ${HOME} {}");
    assertThat(first.invocationScript()).isEqualTo("wrap 1");
    assertThat(first.resourceRequirements()).isEqualTo("rr_1");
    assertThat(w.jobs().get(3).resourceRequirements()).isEqualTo("rr_2");
    assertThat(first.parameters()).isEmpty();
  }

  @Test
  void floatRangesRenderWithoutTrailingZeros() {
    Workflow w =
        Workflow.builder("w")
            .job(job("a_{x}", "run {x:.2f}").parameter("x", "0.0:1.0:0.5").build())
            .build();
    assertThat(names(w)).containsExactly("a_0", "a_0.5", "a_1");
    assertThat(w.jobs().get(2).command()).isEqualTo("run 1.00");
  }

  @Test
  void zipPairsValuesAndRejectsUnequalLengths() {
    Workflow w =
        Workflow.builder("w")
            .job(
                job("{d}_{m}", "train {d} {m}")
                    .parameter("d", "['cifar','mnist']")
                    .parameter("m", "['resnet','vgg']")
                    .parameterMode(ParameterMode.ZIP)
                    .build())
            .build();
    assertThat(names(w)).containsExactly("cifar_resnet", "mnist_vgg");

    assertThat(
            problems(
                () ->
                    Workflow.builder("w")
                        .job(
                            job("{d}_{m}", "x")
                                .parameter("d", "1:3")
                                .parameter("m", "1:2")
                                .parameterMode(ParameterMode.ZIP)
                                .build())
                        .build()))
        .containsExactly(
            "job '{d}_{m}': parameter_mode zip needs parameters with equally many values, but"
                + " 'd' has 3 and 'm' has 2");
  }

  @Test
  void sharedParametersArePulledInAndOwnParametersWin() {
    Workflow w =
        Workflow.builder("w")
            .parameter("i", "1:3")
            .parameter("s", "['x','y']")
            .job(job("a_{i}_{s}", "echo").useParameters("i", "s").parameter("s", "['z']").build())
            .build();
    assertThat(names(w)).containsExactly("a_1_z", "a_2_z", "a_3_z");

    assertThat(
            problems(
                () ->
                    Workflow.builder("w")
                        .parameter("index", "1:3")
                        .job(job("a_{i}", "echo").useParameters("indx").build())
                        .build()))
        .containsExactly("job 'a_{i}' uses unknown shared parameter 'indx'; did you mean 'index'?");
  }

  @Test
  void mergesInstancesThatShareANameAndAgree() {
    Workflow w =
        Workflow.builder("failure_handler_simulation")
            .job(
                job("simulate_m{model}_s{scenario}", "bash sim.sh")
                    .parameter("model", "0:2")
                    .parameter("scenario", "0:2")
                    .build())
            .job(
                job("aggregate_results", "echo done")
                    .dependsOn("simulate_m{model}_s{scenario}")
                    .parameter("model", "0:2")
                    .parameter("scenario", "0:2")
                    .build())
            .build();
    assertThat(w.jobs()).hasSize(10);
    assertThat(w.job("aggregate_results").orElseThrow().dependsOn())
        .containsExactly(
            "simulate_m0_s0",
            "simulate_m0_s1",
            "simulate_m0_s2",
            "simulate_m1_s0",
            "simulate_m1_s1",
            "simulate_m1_s2",
            "simulate_m2_s0",
            "simulate_m2_s1",
            "simulate_m2_s2");
  }

  @Test
  void instancesThatShareANameButDisagreeAreDuplicates() {
    assertThat(
            problems(
                () ->
                    Workflow.builder("w")
                        .job(job("agg", "echo {i}").parameter("i", "1:2").build())
                        .build()))
        .containsExactly(
            "job 'agg' expands to several jobs named 'agg' that differ in command; use every"
                + " parameter in the name, or make the instances agree");
  }

  @Test
  void separatelyDefinedJobsWithOneNameAreDuplicates() {
    assertThat(
            problems(
                () ->
                    Workflow.builder("w")
                        .job(job("a", "echo").build())
                        .job(job("a", "echo").build())
                        .build()))
        .containsExactly("duplicate job name 'a'");
    assertThat(
            problems(
                () ->
                    Workflow.builder("w")
                        .job(job("work_2", "echo").build())
                        .job(job("work_{i}", "echo").parameter("i", "1:3").build())
                        .build()))
        .containsExactly(
            "duplicate job name 'work_2', produced by both job 'work_2' and job 'work_{i}'");
  }

  @Test
  void regexDependenciesMatchWholeNamesAndEscapeParameterValues() {
    Workflow w =
        Workflow.builder("w")
            .job(job("prep_{v}", "echo").parameter("v", "['1.0', '1x0']").build())
            .job(
                job("use_{v}", "echo")
                    .dependsOnRegexes("prep_{v}")
                    .parameter("v", "['1.0']")
                    .build())
            .job(job("all", "echo").dependsOnRegexes("prep_.*", "use_\\d\\.\\d").build())
            .build();
    assertThat(w.job("use_1.0").orElseThrow().dependsOn()).containsExactly("prep_1.0");
    assertThat(w.job("all").orElseThrow().dependsOn())
        .containsExactly("prep_1.0", "prep_1x0", "use_1.0");
  }

  @Test
  void regexesThatMatchNothingOrDoNotCompileAreErrors() {
    assertThat(
            problems(
                () ->
                    Workflow.builder("w")
                        .job(job("a", "echo").build())
                        .job(job("b", "echo").dependsOnRegexes("z.*", "a(").build())
                        .job(job("c", "echo").dependsOnRegexes("c").build())
                        .build()))
        .containsExactly(
            "job 'b': depends_on_regexes entry 'z.*' matches no job",
            "job 'b': invalid regex 'a(' in depends_on_regexes: Unclosed group near index 2",
            "job 'c': depends_on_regexes entry 'c' matches no other job");
  }

  @Test
  void filesAndUserDataImplyDependencies() {
    Workflow w =
        Workflow.builder("w")
            .file("raw", "data/raw.csv")
            .file("clean", "data/clean.csv")
            .file("report", "out/report.html")
            .userData(UserDataSpec.of("stats", Map.of("n", 1)))
            .job(
                job("report", "make-report")
                    .inputFiles("clean")
                    .inputUserData("stats")
                    .outputFiles("report")
                    .build())
            .job(job("clean", "clean").inputFiles("raw").outputFiles("clean").build())
            .job(job("stats", "stats").inputFileRegexes("cl.*").outputUserData("stats").build())
            .job(job("fetch", "curl").outputFiles("raw").build())
            .build();
    assertThat(w.job("report").orElseThrow().dependsOn()).containsExactly("clean", "stats");
    assertThat(w.job("stats").orElseThrow().dependsOn()).containsExactly("clean");
    assertThat(w.job("stats").orElseThrow().inputFiles()).containsExactly("clean");
    assertThat(w.job("stats").orElseThrow().inputFileRegexes()).isEmpty();
    assertThat(w.job("clean").orElseThrow().dependsOn()).containsExactly("fetch");
  }

  @Test
  void aJobThatReadsAndWritesOneFileDoesNotDependOnItself() {
    Workflow w =
        Workflow.builder("w")
            .file("db", "state.db")
            .job(job("update", "update").inputFiles("db").outputFiles("db").build())
            .build();
    assertThat(w.jobs().get(0).dependsOn()).isEmpty();
  }

  @Test
  void fileVariablesBecomePathsAndRelations() {
    Workflow w =
        Workflow.builder("w")
            .file(new FileSpec("in_{i}", "data/in_{i:02d}.txt", Map.of("i", "1:2"), null))
            .file(new FileSpec("out_{i}", "data/out_{i:02d}.txt", Map.of("i", "1:2"), null))
            .file("cfg", "run.cfg")
            .job(job("make_{i}", "gen > ${files.output.in_{i}}").parameter("i", "1:2").build())
            .job(
                job("work_{i}", "work ${files.input.in_{i}} -o ${files.output.out_{i}} ${X}")
                    .inputFiles("cfg")
                    .invocationScript("wrap ${files.input.in_{i}}")
                    .parameter("i", "1:2")
                    .build())
            .build();
    JobSpec work1 = w.job("work_1").orElseThrow();
    assertThat(work1.command()).isEqualTo("work data/in_01.txt -o data/out_01.txt ${X}");
    assertThat(work1.invocationScript()).isEqualTo("wrap data/in_01.txt");
    assertThat(work1.inputFiles()).containsExactly("cfg", "in_1");
    assertThat(work1.outputFiles()).containsExactly("out_1");
    assertThat(work1.dependsOn()).containsExactly("make_1");
    assertThat(w.files()).hasSize(5);
    assertThat(w.files().get(0)).isEqualTo(FileSpec.of("in_1", "data/in_01.txt"));
  }

  @Test
  void fallbackCommandsGetParametersAndFileVariablesLikeTheCommand() {
    Workflow w =
        Workflow.builder("w")
            .file(new FileSpec("in_{i}", "data/in_{i:02d}.txt", Map.of("i", "1:2"), null))
            .file("mirror", "mirror/in.txt")
            .job(job("make_{i}", "gen > ${files.output.in_{i}}").parameter("i", "1:2").build())
            .job(job("mirror", "sync > ${files.output.mirror}").build())
            .job(
                job("fetch_{i}", "fetch ${files.input.in_{i}}")
                    .fallbackCommands(
                        "fetch --retry {i} ${files.input.in_{i}}", "copy ${files.input.mirror}")
                    .parameter("i", "1:2")
                    .build())
            .build();
    JobSpec fetch2 = w.job("fetch_2").orElseThrow();
    assertThat(fetch2.fallbackCommands())
        .containsExactly("fetch --retry 2 data/in_02.txt", "copy mirror/in.txt");
    assertThat(fetch2.inputFiles()).containsExactly("in_2", "mirror");
    assertThat(fetch2.dependsOn()).containsExactly("make_2", "mirror");
    assertThat(
            problems(
                () ->
                    Workflow.builder("w")
                        .file("input", "in.txt")
                        .job(job("b", "echo").fallbackCommands("cat ${files.input.inptu}").build())
                        .build()))
        .containsExactly(
            "job 'b' refers to unknown file 'inptu' in ${files.input.inptu}; did you mean"
                + " 'input'?");
  }

  @Test
  void unknownReferencesNameTheJobAndSuggest() {
    assertThat(
            problems(
                () ->
                    Workflow.builder("w")
                        .resourceRequirements(ResourceRequirements.builder("small").build())
                        .failureHandler(
                            FailureHandler.of("retry", FailureRule.forAnyExitCode(2, null)))
                        .slurmScheduler(SlurmScheduler.of("short", "acct"))
                        .file("input", "in.txt")
                        .userData(UserDataSpec.of("config", Map.of()))
                        .job(job("work_1", "echo").build())
                        .job(
                            job("b", "echo ${files.input.inptu}")
                                .resourceRequirements("smal")
                                .failureHandler("retyr")
                                .scheduler("long")
                                .dependsOn("work_11")
                                .inputFiles("inpt")
                                .inputUserData("konfig")
                                .outputUserDataRegexes("nothing.*")
                                .build())
                        .build()))
        .containsExactly(
            "job 'b' refers to unknown file 'inptu' in ${files.input.inptu}; did you mean"
                + " 'input'?",
            "job 'b' refers to unknown resource_requirements 'smal'; did you mean 'small'?",
            "job 'b' refers to unknown failure_handler 'retyr'; did you mean 'retry'?",
            "job 'b' refers to unknown scheduler 'long'",
            "job 'b' lists unknown file 'inpt' in input_files; did you mean 'input'?",
            "job 'b' lists unknown user data 'konfig' in input_user_data; did you mean 'config'?",
            "job 'b': output_user_data_regexes entry 'nothing.*' matches no user data",
            "job 'b' depends on unknown job 'work_11'; did you mean 'work_1'?");
  }

  @Test
  void validationCollectsEveryProblem() {
    assertThat(
            problems(
                () ->
                    Workflow.builder(" ")
                        .file("f", "a")
                        .file("f", "b")
                        .userData(UserDataSpec.of("u", 1))
                        .userData(UserDataSpec.of("u", 2))
                        .resourceRequirements(ResourceRequirements.builder("r").build())
                        .resourceRequirements(ResourceRequirements.builder("r").build())
                        .failureHandler(FailureHandler.of("h", FailureRule.forAnyExitCode(1, null)))
                        .failureHandler(FailureHandler.of("h", FailureRule.forAnyExitCode(1, null)))
                        .slurmScheduler(SlurmScheduler.of("s", "a"))
                        .slurmScheduler(SlurmScheduler.of("s", "a"))
                        .job(job("", "echo").build())
                        .job(job("empty", " ").build())
                        .job(job("w1", "echo").outputFiles("f").build())
                        .job(job("w2", "echo").outputFiles("f").build())
                        .job(job("bad_{i}", "echo").parameter("i", "1:x").build())
                        .job(job("bad-name", "echo").parameter("a-b", "1:2").build())
                        .job(job("fmt_{i:q}", "echo").parameter("i", "1:2").build())
                        .build()))
        .containsExactly(
            "the workflow needs a name",
            "duplicate file name 'f'",
            "duplicate user data name 'u'",
            "duplicate resource requirements name 'r'",
            "duplicate failure handler name 'h'",
            "duplicate slurm scheduler name 's'",
            "job #1 has no name",
            "job 'empty' has an empty command",
            "job 'bad_{i}', parameter 'i': invalid range '1:x': 'x' is not a number (expected"
                + " start:end or start:end:step)",
            "parameter name 'a-b' in job 'bad-name' is not an identifier (letters, digits and"
                + " '_', not starting with a digit)",
            "job 'fmt_{i:q}': invalid format spec 'q': unknown format type 'q'",
            "file 'f' is written by both job 'w1' and job 'w2'");
  }

  @Test
  void cyclesAreNamed() {
    assertThat(
            problems(
                () ->
                    Workflow.builder("w")
                        .job(job("a", "echo").dependsOn("c").build())
                        .job(job("b", "echo").dependsOn("a").build())
                        .job(job("c", "echo").dependsOn("b").build())
                        .job(job("d", "echo").dependsOn("d").build())
                        .job(job("e", "echo").dependsOn("a").build())
                        .build()))
        .containsExactly(
            "dependency cycle: a -> c -> b -> a (each job waits for the next)",
            "dependency cycle: d -> d (each job waits for the next)");
  }

  @Test
  void userDataTemplatesSubstituteIntoStrings() {
    Workflow w =
        Workflow.builder("w")
            .userData(
                new UserDataSpec(
                    "cfg_{i}",
                    Map.of("path", "run_{i:02d}", "n", 3, "list", List.of("{i}", true)),
                    Map.of("i", "1:2"),
                    ParameterMode.PRODUCT))
            .job(job("a", "echo").build())
            .build();
    assertThat(w.userData()).hasSize(2);
    assertThat(w.userData().get(1).name()).isEqualTo("cfg_2");
    assertThat(w.userData().get(1).data())
        .isEqualTo(Map.of("path", "run_02", "n", 3, "list", List.of("2", true)));
  }

  @Test
  void bracesThatAreNoPlaceholderStayLiteral() {
    Workflow w =
        Workflow.builder("w")
            .job(
                job("a_{i}", "echo { j } {i} ${i} ${j} {} {1} {i:>3}")
                    .parameter("i", "[x]")
                    .build())
            .job(job("b", "awk '{print}' {j}").build())
            .build();
    assertThat(w.jobs().get(0).command()).isEqualTo("echo { j } x ${i} ${j} {} {1}   x");
    assertThat(w.jobs().get(1).command()).isEqualTo("awk '{print}' {j}");
  }

  @Test
  void undefinedPlaceholdersAreRefused() {
    assertThat(
            problems(
                () ->
                    Workflow.builder("w")
                        .job(job("a_{i}", "echo {j}").parameter("i", "1:2").build())
                        .job(job("b_{j}", "echo").parameter("i", "1:2").build())
                        .job(job("c_{k:03d}", "echo").build())
                        .job(
                            job("d_{i}", "echo")
                                .invocationScript("run {x}")
                                .parameter("i", "1:2")
                                .build())
                        .file(new FileSpec("f_{n}", "p", Map.of(), null))
                        .file(new FileSpec("g_{i}", "p_{m}", Map.of("i", "1:2"), null))
                        .userData(new UserDataSpec("u_{q}", 1, Map.of(), null))
                        .build()))
        .containsExactly(
            "file 'f_{n}': {n} in its name is not one of its parameters (it has none)",
            "file 'g_{i}': {m} in its path is not one of its parameters (it has i)",
            "user data 'u_{q}': {q} in its name is not one of its parameters (it has none)",
            "job 'a_{i}': {j} in its command is not one of its parameters (it has i); for braces"
                + " the shell should see, put a space inside them, as in '{ print }'",
            "job 'b_{j}': {j} in its name is not one of its parameters (it has i)",
            "job 'c_{k:03d}': {k:03d} in its name is not one of its parameters (it has none)",
            "job 'd_{i}': {x} in its invocation_script is not one of its parameters (it has i);"
                + " for braces the shell should see, put a space inside them, as in '{ print }'");
  }

  @Test
  void problemsAreCapped() {
    Workflow.Builder builder = Workflow.builder("w");
    for (int i = 1; i <= 500; i++) {
      builder.job(job("w_" + i, "echo").dependsOn("missing_" + i).build());
    }
    List<String> found = problems(builder::build);
    assertThat(found).hasSize(101);
    assertThat(found.get(100)).isEqualTo("... and 400 more problems");
  }

  @Test
  void aMistakeEveryInstanceRepeatsIsReportedOnceForItsTemplate() {
    List<String> found =
        problems(
            () ->
                Workflow.builder("w")
                    .file(new FileSpec("data_{i}", "d/{i}", Map.of("i", "1:500"), null))
                    .resourceRequirements(ResourceRequirements.builder("small").build())
                    .job(job("prep_{i}", "echo").parameter("i", "1:500").build())
                    .job(
                        job("work_{i}", "cat ${files.input.data_{i}} ${files.input.calib}")
                            .dependsOn("prep_{i}")
                            .dependsOnRegexes("stage_{i}_.*")
                            .inputFiles("table_{i}")
                            .resourceRequirements("smal")
                            .parameter("i", "1:1000")
                            .build())
                    .job(job("solo", "echo").dependsOn("prep_0").build())
                    .build());
    assertThat(found)
        .containsExactly(
            "job 'work_{i}' refers to unknown file 'calib' in ${files.input.calib} (in all 1000"
                + " of its jobs)",
            "job 'work_{i}' refers to unknown file 'data_{i}' in ${files.input.data_{i}} (in 500"
                + " of its 1000 jobs, such as 'work_501')",
            "job 'work_{i}' refers to unknown resource_requirements 'smal' (in all 1000 of its"
                + " jobs)",
            "job 'work_{i}' lists unknown file 'table_{i}' in input_files (in all 1000 of its"
                + " jobs)",
            "job 'work_{i}': depends_on_regexes entry 'stage_{i}_.*' matches no job (in all 1000"
                + " of its jobs)",
            "job 'work_{i}' depends on unknown job 'prep_{i}' (in 500 of its 1000 jobs, such as"
                + " 'work_501')",
            "job 'solo' depends on unknown job 'prep_0'; did you mean 'prep_1'?");
  }

  @Test
  void aMistakeOnlyOneInstanceMakesKeepsThatInstancesOwnMessage() {
    List<String> found =
        problems(
            () ->
                Workflow.builder("w")
                    .job(job("prep_{i}", "echo").parameter("i", "1:9").build())
                    .job(
                        job("work_{i}", "echo")
                            .dependsOn("prep_{i}")
                            .parameter("i", "1:10")
                            .build())
                    .build());
    assertThat(found)
        .containsExactly("job 'work_10' depends on unknown job 'prep_10'; did you mean 'prep_1'?");
  }

  @Test
  void instancesOfATemplateThatWriteOneFileAreOneProblem() {
    List<String> found =
        problems(
            () ->
                Workflow.builder("w")
                    .file("result", "r.txt")
                    .job(job("w_{i}", "echo").outputFiles("result").parameter("i", "1:300").build())
                    .build());
    assertThat(found)
        .containsExactly(
            "file 'result' is written by several jobs of job 'w_{i}', such as 'w_1' (in 299 of"
                + " its 300 jobs, such as 'w_2')");
  }
}
