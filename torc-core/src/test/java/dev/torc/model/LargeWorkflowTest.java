package dev.torc.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A 100,000-job sweep resolves correctly (its speed is measured by the benchmarks, not here). */
class LargeWorkflowTest {
  static final int N = 100_000;

  static Workflow sweep() {
    String range = "1:" + N;
    return Workflow.builder("sweep")
        .file(new FileSpec("in_{i}", "data/in_{i}.txt", Map.of("i", range), null))
        .file(new FileSpec("out_{i}", "data/out_{i}.txt", Map.of("i", range), null))
        .job(
            JobSpec.builder("work_{i}")
                .command("work ${files.input.in_{i}} > ${files.output.out_{i}}")
                .parameter("i", range)
                .build())
        .job(
            JobSpec.builder("prepare_{i}")
                .command("prepare {i}")
                .outputFiles("in_{i}")
                .parameter("i", range)
                .build())
        .job(
            JobSpec.builder("fan_in")
                .command("summarize")
                .inputFileRegexes("out_\\d+")
                .dependsOnRegexes("work_{i}")
                .parameter("i", "1:3")
                .build())
        .build();
  }

  @Test
  void hundredThousandJobSweepResolves() {
    Workflow w = sweep();
    assertThat(w.jobs()).hasSize(2 * N + 1);
    assertThat(w.files()).hasSize(2 * N);
    JobSpec work = w.jobs().get(41);
    assertThat(work.name()).isEqualTo("work_42");
    assertThat(work.command()).isEqualTo("work data/in_42.txt > data/out_42.txt");
    assertThat(work.dependsOn()).containsExactly("prepare_42");
    JobSpec fanIn = w.jobs().get(2 * N);
    assertThat(fanIn.name()).isEqualTo("fan_in");
    assertThat(fanIn.inputFiles()).hasSize(N).startsWith("out_1", "out_2");
    assertThat(fanIn.dependsOn()).hasSize(N).startsWith("work_1", "work_2").endsWith("work_" + N);
  }
}
