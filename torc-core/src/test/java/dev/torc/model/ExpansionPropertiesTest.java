package dev.torc.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpansionPropertiesTest {

  private static Workflow build(List<Integer> sizes, ParameterMode mode) {
    JobSpec.Builder job = JobSpec.builder("j").command("run").parameterMode(mode);
    StringBuilder name = new StringBuilder("j");
    for (int p = 0; p < sizes.size(); p++) {
      job.parameter("p" + p, "1:" + sizes.get(p));
      name.append("_{p").append(p).append('}');
    }
    return Workflow.builder("w").job(job.name(name.toString()).build()).build();
  }

  @Test
  void productExpandsToTheProductOfRangeSizesWithDistinctNames() {
    qt().withExamples(60)
        .forAll(lists().of(integers().between(1, 6)).ofSizeBetween(1, 4))
        .checkAssert(
            sizes -> {
              Workflow w = build(sizes, ParameterMode.PRODUCT);
              int expected = sizes.stream().reduce(1, (a, b) -> a * b);
              assertThat(w.jobs()).hasSize(expected);
              assertThat(new HashSet<>(w.jobs().stream().map(JobSpec::name).toList()))
                  .hasSize(expected);
            });
  }

  @Test
  void zipExpandsToTheCommonLength() {
    qt().withExamples(60)
        .forAll(integers().between(1, 50), integers().between(1, 4))
        .checkAssert(
            (length, parameters) -> {
              List<Integer> sizes = java.util.Collections.nCopies(parameters, length);
              Workflow w = build(sizes, ParameterMode.ZIP);
              assertThat(w.jobs()).hasSize(length);
              String expected = "j" + "_1".repeat(parameters);
              assertThat(w.jobs().get(0).name()).isEqualTo(expected);
            });
  }
}
