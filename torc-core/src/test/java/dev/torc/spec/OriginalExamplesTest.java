package dev.torc.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.model.JobSpec;
import dev.torc.model.SpecException;
import dev.torc.model.SpecProblem;
import dev.torc.model.Workflow;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The original torc's own example specs (test resources {@code original-torc}, copied with its
 * licence) load, or are refused with a line that names the feature we do not support.
 */
class OriginalExamplesTest {

  /** Refusals we expect, by file name: the line names the feature and why. */
  private static final Map<String, String> REFUSED = Map.of();

  private static Path root() throws URISyntaxException {
    return Path.of(OriginalExamplesTest.class.getResource("/original-torc/examples").toURI());
  }

  private static List<Path> specs() throws Exception {
    try (Stream<Path> files = Files.walk(root())) {
      return files
          .filter(p -> p.toString().matches(".*\\.(yaml|json|json5|kdl)$"))
          .sorted()
          .toList();
    }
  }

  @Test
  void everyExampleLoadsOrIsRefusedWithALineNamingTheFeature() throws Exception {
    List<Path> specs = specs();
    assertThat(specs).hasSize(57);
    Map<String, String> outcomes = new TreeMap<>();
    for (Path spec : specs) {
      String name = root().relativize(spec).toString();
      try {
        Workflow w = WorkflowSpecs.load(spec);
        assertThat(w.jobs()).as(name).isNotEmpty();
        outcomes.put(name, "loads");
      } catch (SpecException e) {
        for (SpecProblem p : e.problems()) {
          assertThat(p.message()).as(name + ": " + p).isEqualTo(REFUSED.get(name));
        }
        outcomes.put(name, e.problems().get(0).message());
      }
    }
    assertThat(outcomes.values()).doesNotContain("unknown");
    assertThat(outcomes.entrySet().stream().filter(e -> e.getValue().equals("loads")).count())
        .as(outcomes.toString())
        .isEqualTo(57 - REFUSED.size());
  }

  @Test
  void theActionExamplesKeepTheirActionsInEveryFormat() throws Exception {
    for (String base : List.of("workflow_actions_simple", "workflow_actions_ml_training")) {
      Workflow yaml = WorkflowSpecs.load(root().resolve("yaml/" + base + ".yaml"));
      assertThat(yaml.actions()).as(base).isNotEmpty();
      assertThat(WorkflowSpecs.load(root().resolve("json/" + base + ".json5")).actions())
          .as(base + ".json5")
          .isEqualTo(yaml.actions());
      assertThat(WorkflowSpecs.load(root().resolve("kdl/" + base + ".kdl")).actions())
          .as(base + ".kdl")
          .isEqualTo(yaml.actions());
    }
  }

  /**
   * KDL examples whose YAML twin says the same (the others differ in the examples themselves, such
   * as other parameter grids or resource requirements).
   */
  private static final List<String> SAME_AS_YAML =
      List.of(
          "kdl/diamond_workflow.kdl",
          "kdl/failure_handler_simulation.kdl",
          "kdl/sample_workflow.kdl",
          "subgraphs/subgraphs_workflow_no_slurm.kdl");

  @Test
  void kdlExamplesGiveTheSameWorkflowsAsTheirYamlTwins() throws Exception {
    for (String name : SAME_AS_YAML) {
      Path kdl = root().resolve(name);
      String base = kdl.getFileName().toString().replace(".kdl", ".yaml");
      Path yaml =
          name.startsWith("kdl/") ? root().resolve("yaml").resolve(base) : kdl.resolveSibling(base);
      Workflow fromKdl = WorkflowSpecs.load(kdl);
      Workflow fromYaml = WorkflowSpecs.load(yaml);
      assertThat(summary(fromKdl)).as(name).isEqualTo(summary(fromYaml));
      assertThat(fromKdl.userData()).as(name).isEqualTo(fromYaml.userData());
      assertThat(fromKdl.failureHandlers()).as(name).isEqualTo(fromYaml.failureHandlers());
      assertThat(fromKdl.slurmSchedulers()).as(name).isEqualTo(fromYaml.slurmSchedulers());
    }
  }

  @Test
  void documentedFieldsOfTheOriginalAreKept() throws Exception {
    Workflow sample = WorkflowSpecs.load(root().resolve("yaml/sample_workflow.yaml"));
    assertThat(sample.userData())
        .filteredOn(u -> u.name().equals("download_metadata"))
        .singleElement()
        .satisfies(u -> assertThat(u.ephemeral()).isTrue());
    assertThat(sample.userData())
        .filteredOn(u -> u.name().equals("final_analysis"))
        .singleElement()
        .satisfies(u -> assertThat(u.ephemeral()).isFalse());
    Workflow kdlSample = WorkflowSpecs.load(root().resolve("kdl/sample_workflow.kdl"));
    assertThat(kdlSample.userData()).isEqualTo(sample.userData());
    Workflow monitored = WorkflowSpecs.load(root().resolve("yaml/resource_monitoring_demo.yaml"));
    assertThat(monitored.resourceMonitor().enabled()).isTrue();
    assertThat(monitored.resourceMonitor().generatePlots()).isFalse();
  }

  private static String summary(Workflow w) {
    return w.name()
        + "\n"
        + w.jobs().stream()
            .map(
                (JobSpec j) ->
                    j.name()
                        + " | "
                        + j.dependsOn()
                        + " | "
                        + j.inputFiles()
                        + j.outputFiles()
                        + j.inputUserData()
                        + j.outputUserData()
                        + " | "
                        + j.resourceRequirements()
                        + " "
                        + j.failureHandler()
                        + " "
                        + j.scheduler())
            .collect(Collectors.joining("\n"));
  }
}
