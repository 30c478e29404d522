package dev.torc.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.exec.MachineResources;
import dev.torc.model.JobSpec;
import dev.torc.model.JobStatus;
import dev.torc.model.UserDataSpec;
import dev.torc.model.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Java task sees its files' paths and the workflow's user data. */
class TaskContextTest {
  @TempDir Path dir;
  LocalRuns torc;

  @BeforeEach
  void open() {
    torc = LocalRuns.open(dir.resolve("torc.db"));
  }

  @AfterEach
  void close() {
    torc.close();
  }

  @Test
  void aJavaTaskSeesItsInputAndOutputPathsAndTheUserData() throws Exception {
    Path in = dir.resolve("in.txt");
    Path out = dir.resolve("out.txt");
    Files.writeString(in, "3 4\n");
    AtomicReference<Map<String, Path>> inputs = new AtomicReference<>();
    AtomicReference<Map<String, Object>> data = new AtomicReference<>();
    Workflow workflow =
        Workflow.builder("context")
            .file("numbers", in.toString())
            .file("total", out.toString())
            .userData(new UserDataSpec("settings", Map.of("scale", 10), null, null))
            .job(
                JobSpec.builder("sum")
                    .inputFiles("numbers")
                    .outputFiles("total")
                    .task(
                        ctx -> {
                          inputs.set(ctx.inputFiles());
                          data.set(ctx.userData());
                          int sum = 0;
                          for (String n :
                              Files.readString(ctx.inputFiles().get("numbers")).split("\\s+")) {
                            if (!n.isBlank()) {
                              sum += Integer.parseInt(n);
                            }
                          }
                          Files.writeString(ctx.outputFiles().get("total"), Integer.toString(sum));
                        })
                    .build())
            .build();

    RunResult result = run(workflow);

    assertThat(result.job("sum").orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(inputs.get()).containsExactly(Map.entry("numbers", in));
    assertThat(Files.readString(out)).isEqualTo("7");
    assertThat(data.get()).containsOnlyKeys("settings");
    assertThat(data.get().get("settings")).isEqualTo(Map.of("scale", 10));
    assertThat(List.copyOf(data.get().keySet())).containsExactly("settings");
  }

  @Test
  void aJavaTaskOfASweepSeesItsParameterValuesAsTyped() {
    Map<String, Map<String, Object>> seen = new java.util.concurrent.ConcurrentHashMap<>();
    Map<String, Double> products = new java.util.concurrent.ConcurrentHashMap<>();
    Workflow workflow =
        Workflow.builder("sweep")
            .parameter("opt", "['adam', 'sgd']")
            .job(
                JobSpec.builder("train_{i}_{lr}_{opt}")
                    .parameter("i", "1:2")
                    .parameter("lr", "[0.01, 0.1]")
                    .useParameters("opt")
                    .task(
                        ctx -> {
                          seen.put(ctx.jobName(), ctx.parameters().asMap());
                          products.put(
                              ctx.jobName(),
                              ctx.parameters().integer("i") * ctx.parameters().number("lr"));
                        })
                    .build())
            .job(
                JobSpec.builder("plain")
                    .task(ctx -> seen.put("plain", ctx.parameters().asMap()))
                    .build())
            .build();

    RunResult result = run(workflow);

    assertThat(result.jobs()).allMatch(j -> j.status() == JobStatus.COMPLETED);
    assertThat(seen).hasSize(9);
    assertThat(seen.get("train_2_0.1_sgd"))
        .containsExactly(Map.entry("opt", "sgd"), Map.entry("i", 2L), Map.entry("lr", 0.1));
    assertThat(products.get("train_2_0.1_sgd")).isEqualTo(0.2);
    assertThat(products.get("train_1_0.01_adam")).isEqualTo(0.01);
    assertThat(seen.get("plain")).isEmpty();
  }

  private RunResult run(Workflow workflow) {
    return torc.run(
        workflow,
        RunOptions.builder()
            .outputDir(dir.resolve("out"))
            .resources(new MachineResources(2, 1L << 30, 0))
            .pollInterval(Duration.ofMillis(100))
            .build());
  }
}
