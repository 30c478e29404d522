package dev.torc.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.model.JavaTask;
import dev.torc.model.JobSpec;
import dev.torc.model.JobStatus;
import dev.torc.model.Workflow;
import dev.torc.run.RunResult;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Every Java task of a sweep sees its job's parameter values, however it was registered. */
class TaskParametersTest extends TorcTest {
  private final Map<String, Map<String, Object>> seen = new ConcurrentHashMap<>();

  private JavaTask recorder(String who) {
    return ctx -> seen.put(who + " " + ctx.jobName(), ctx.parameters().asMap());
  }

  private Workflow sweep() {
    return Workflow.builder("sweep")
        .job(
            JobSpec.builder("train_{i}_{opt}")
                .parameter("i", "1:2")
                .parameter("opt", "['adam', 'sgd']")
                .task(recorder("declared"))
                .build())
        .build();
  }

  @Test
  void aTaskRegisteredInTheRunOptionsSeesTheParametersOfItsJob() {
    long id = torc.submit(sweep());

    RunResult result =
        torc.run(
            id,
            dev.torc.run.RunOptions.builder()
                .outputDir(fx.out)
                .resources(fx.options().resources())
                .pollInterval(fx.options().pollInterval())
                .task("train_2_sgd", recorder("registered"))
                .build());

    assertThat(result.jobs()).allMatch(j -> j.status() == JobStatus.COMPLETED);
    assertThat(seen.get("registered train_2_sgd"))
        .containsExactly(Map.entry("i", 2L), Map.entry("opt", "sgd"));
    assertThat(seen).doesNotContainKey("declared train_2_sgd");
    assertThat(seen.get("declared train_1_adam"))
        .containsExactly(Map.entry("i", 1L), Map.entry("opt", "adam"));
    assertThat(seen).hasSize(4);
  }

  @Test
  void tasksRegisteredForARebuiltWorkflowSeeTheParametersItBindsThemTo() {
    long id = torc.submit(sweep());
    Map<String, JavaTask> registered =
        sweep().bindParameters(Map.of("train_1_sgd", recorder("bound")));

    try (Torc other = Torc.open(dir.resolve("torc.db"))) {
      RunResult result =
          other.run(
              id,
              dev.torc.run.RunOptions.builder()
                  .outputDir(fx.out)
                  .resources(fx.options().resources())
                  .pollInterval(fx.options().pollInterval())
                  .tasks(sweep().javaTasks())
                  .tasks(registered)
                  .build());
      assertThat(result.jobs()).allMatch(j -> j.status() == JobStatus.COMPLETED);
    }
    assertThat(seen.get("bound train_1_sgd"))
        .containsExactly(Map.entry("i", 1L), Map.entry("opt", "sgd"));
    assertThat(seen).hasSize(4);
  }
}
