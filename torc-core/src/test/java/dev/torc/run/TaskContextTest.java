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

    RunResult result =
        torc.run(
            workflow,
            RunOptions.builder()
                .outputDir(dir.resolve("out"))
                .resources(new MachineResources(2, 1L << 30, 0))
                .pollInterval(Duration.ofMillis(100))
                .build());

    assertThat(result.job("sum").orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(inputs.get()).containsExactly(Map.entry("numbers", in));
    assertThat(Files.readString(out)).isEqualTo("7");
    assertThat(data.get()).containsOnlyKeys("settings");
    assertThat(data.get().get("settings")).isEqualTo(Map.of("scale", 10));
    assertThat(List.copyOf(data.get().keySet())).containsExactly("settings");
  }
}
