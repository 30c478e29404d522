package dev.torc.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torc.model.InputLimits;
import dev.torc.model.JobSpec;
import dev.torc.model.SpecException;
import dev.torc.model.Workflow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every input limit refuses what passes it, and can be raised or lowered. */
class SpecLimitsTest {
  private static final InputLimits DEFAULTS = InputLimits.defaults();

  @TempDir Path dir;

  @AfterEach
  void clearProperty() {
    System.clearProperty(InputLimits.MAX_JOBS_PROPERTY);
  }

  private static Workflow parse(String yaml, InputLimits limits) {
    return WorkflowSpecs.parse(yaml, SpecFormat.YAML, "w.yaml", limits);
  }

  private static String jobs(int count) {
    return "name: w\njobs:\n  - name: j_{i}\n    command: echo\n    parameters: {i: '1:"
        + count
        + "'}\n";
  }

  @Test
  void theMostJobsIsABuilderOptionOfLoadingAndBuilding() {
    InputLimits ten = DEFAULTS.withMaxJobs(10);
    assertThat(parse(jobs(10), ten).jobs()).hasSize(10);
    assertThatThrownBy(() -> parse(jobs(11), ten))
        .isInstanceOf(SpecException.class)
        .hasMessage(
            "w.yaml: the workflow expands to more than 10 jobs ('j_{i}' alone to 11), the most a"
                + " workflow may have; raise the limit with the environment variable TORC_MAX_JOBS"
                + " if it is meant");

    Workflow.Builder builder =
        Workflow.builder("w")
            .job(JobSpec.builder("j_{i}").command("echo").parameter("i", "1:3").build());
    assertThat(builder.limits(DEFAULTS.withMaxJobs(3)).build().jobs()).hasSize(3);
    assertThatThrownBy(() -> builder.limits(DEFAULTS.withMaxJobs(2)).build())
        .hasMessageContaining("expands to more than 2 jobs");
  }

  @Test
  void filesAndUserDataAreHeldToTheMostJobsToo() {
    InputLimits five = DEFAULTS.withMaxJobs(5);
    String files =
        "name: w\nfiles:\n  - {name: 'f_{i}', path: 'p_{i}', parameters: {i: '1:6'}}\n"
            + "user_data:\n  - {name: 'u_{i}', data: 1, parameters: {i: '1:7'}}\njobs: []\n";
    assertThatThrownBy(() -> parse(files, five))
        .hasMessage(
            "w.yaml: the workflow expands to more than 5 files ('f_{i}' alone to 6), the most a"
                + " workflow may have; raise the limit with the environment variable TORC_MAX_JOBS"
                + " if it is meant\n"
                + "w.yaml: the workflow expands to more than 5 user data entries ('u_{i}' alone to"
                + " 7), the most a workflow may have; raise the limit with the environment variable"
                + " TORC_MAX_JOBS if it is meant");
  }

  @Test
  void theSystemPropertyRaisesTheMostJobsForLoadingFromAFile() throws IOException {
    Path spec = dir.resolve("w.yaml");
    Files.writeString(spec, jobs(20));
    System.setProperty(InputLimits.MAX_JOBS_PROPERTY, "19");
    assertThatThrownBy(() -> WorkflowSpecs.load(spec)).hasMessageContaining("more than 19 jobs");
    System.setProperty(InputLimits.MAX_JOBS_PROPERTY, "20");
    assertThat(WorkflowSpecs.load(spec).jobs()).hasSize(20);
  }

  @Test
  void theSpecSizeIsLimitedAlikeInEveryFormat() throws IOException {
    InputLimits small = DEFAULTS.toBuilder().maxSpecBytes(100).build();
    String yaml = "name: w\njobs:\n  - {name: a, command: echo " + "x".repeat(60) + "}\n";
    String json =
        "{\"name\": \"w\", \"jobs\": [{\"name\": \"a\", \"command\": \"echo "
            + "x".repeat(60)
            + "\"}]}";
    for (String[] spec : new String[][] {{"w.yaml", yaml}, {"w.json", json}, {"w.json5", json}}) {
      Path file = dir.resolve(spec[0]);
      Files.writeString(file, spec[1]);
      long bytes = Files.size(file);
      assertThat(bytes).isGreaterThan(100);
      assertThatThrownBy(() -> WorkflowSpecs.load(file, small))
          .hasMessage(
              file
                  + ": the spec is "
                  + bytes
                  + " bytes long, more than the 100 bytes a spec may have");
      assertThatThrownBy(() -> WorkflowSpecs.parse(spec[1], SpecFormat.of(file), "s", small))
          .hasMessage(
              "s: the spec is " + bytes + " bytes long, more than the 100 bytes a spec may have");
      assertThat(WorkflowSpecs.load(file, small.toBuilder().maxSpecBytes(bytes).build()).jobs())
          .hasSize(1);
    }
  }

  @Test
  void multiByteCharactersCountAsTheirUtf8Bytes() {
    String spec = "name: w\ndescription: " + "é".repeat(15) + "\njobs: []\n";
    int bytes = spec.getBytes(StandardCharsets.UTF_8).length;
    assertThat(bytes).isEqualTo(spec.length() + 15);
    InputLimits limits = DEFAULTS.toBuilder().maxSpecBytes(bytes - 1).build();
    assertThatThrownBy(() -> parse(spec, limits))
        .hasMessageContaining("the spec is " + bytes + " bytes long");
    assertThat(parse(spec, limits.toBuilder().maxSpecBytes(bytes).build()).name()).isEqualTo("w");
  }

  @Test
  void yamlLinesAreLimited() {
    String spec = "name: w\ndescription: " + "d".repeat(100) + "\njobs: []\n";
    InputLimits narrow = DEFAULTS.toBuilder().maxYamlLineLength(80).build();
    assertThatThrownBy(() -> parse(spec, narrow))
        .hasMessage(
            "w.yaml:2:81: line 2 is 113 characters long, more than the 80 a line of a YAML spec may"
                + " have; break it up, or write the spec as JSON");
    assertThat(parse(spec, narrow.toBuilder().maxYamlLineLength(113).build()).name())
        .isEqualTo("w");
  }

  @Test
  void nestingIsLimited() {
    String spec = "name: w\nmetadata: {a: {b: {c: [1]}}}\njobs: []\n";
    assertThatThrownBy(() -> parse(spec, DEFAULTS.toBuilder().maxNestingDepth(4).build()))
        .hasMessage(
            "w.yaml:2:23: maps and lists nest more than 4 deep here; a spec may nest at most that deep");
    assertThat(parse(spec, DEFAULTS.toBuilder().maxNestingDepth(5).build()).metadata())
        .containsKey("a");
    String json = "{\"name\": \"w\", \"metadata\": {\"a\": [[[]]]}, \"jobs\": []}";
    assertThatThrownBy(
            () ->
                WorkflowSpecs.parse(
                    json,
                    SpecFormat.JSON,
                    "w.json",
                    DEFAULTS.toBuilder().maxNestingDepth(4).build()))
        .hasMessage(
            "w.json:1:35: maps and lists nest more than 4 deep here; a spec may nest at most that deep");
  }

  @Test
  void valuesAreCountedWithTheirAliasesExpanded() {
    String spec = "name: w\nmetadata:\n  a: &a [1, 2, 3, 4]\n  b: [*a, *a, *a]\njobs: []\n";
    // the top map, its name, the metadata map, a (5), b (1 + 3 x 5) and the jobs list: 25
    assertThat(parse(spec, DEFAULTS.toBuilder().maxValues(25).build()).metadata()).hasSize(2);
    assertThatThrownBy(() -> parse(spec, DEFAULTS.toBuilder().maxValues(23).build()))
        .hasMessage(
            "w.yaml:4:15: the spec holds more than 23 values once its YAML aliases are expanded (an"
                + " alias bomb?)");
    assertThatThrownBy(
            () -> parse("name: w\njobs: [1, 2, 3]\n", DEFAULTS.toBuilder().maxValues(5).build()))
        .hasMessage("w.yaml:2:14: the spec holds more than 5 values");
  }

  @Test
  void namesAreLimitedInLength() {
    String spec = "name: w\njobs:\n  - name: abcdefghijk\n    command: echo\n";
    assertThatThrownBy(() -> parse(spec, DEFAULTS.toBuilder().maxNameLength(10).build()))
        .hasMessage(
            "w.yaml:3:11: job name 'abcdefghijk' is 11 characters long, more than the 10 a name may"
                + " have");
    assertThat(parse(spec, DEFAULTS.toBuilder().maxNameLength(11).build()).jobs()).hasSize(1);
  }

  @Test
  void regexStepsAreLimited() {
    String spec =
        "name: w\njobs:\n  - name: j_{i}\n    command: echo\n    parameters: {i: '1:100'}\n"
            + "  - name: z\n    command: echo\n    depends_on_regexes: ['j_.*']\n";
    assertThat(parse(spec, DEFAULTS.toBuilder().maxRegexSteps(100_000).build()).jobs())
        .hasSize(101);
    assertThatThrownBy(() -> parse(spec, DEFAULTS.toBuilder().maxRegexSteps(1000).build()))
        .hasMessage(
            "w.yaml:6:5: job 'z': depends_on_regexes entry 'j_.*' is too costly to match: matching"
                + " the workflow's regexes took more than 1,000 steps in all; match fewer names"
                + " with regexes, or list the jobs in depends_on");
  }

  @Test
  void expandedTextIsLimitedButConstantTextIsShared() {
    String spec =
        "name: w\njobs:\n  - name: j_{i}\n    command: echo {i} "
            + "x".repeat(100)
            + "\n    parameters: {i: '1:10'}\n  - name: k_{i}\n    command: "
            + "y".repeat(1000)
            + "\n    parameters: {i: '1:10'}\n";
    // each j renders a name of 3 or 4 characters and a command of 108 or 109; k shares its command
    assertThat(parse(spec, DEFAULTS.toBuilder().maxExpandedText(1150).build()).jobs()).hasSize(20);
    assertThatThrownBy(() -> parse(spec, DEFAULTS.toBuilder().maxExpandedText(1000).build()))
        .hasMessage(
            "w.yaml: the workflow's templates expand to more than 1,000 characters of names,"
                + " commands, paths and data, the most a workflow may have");
  }
}
