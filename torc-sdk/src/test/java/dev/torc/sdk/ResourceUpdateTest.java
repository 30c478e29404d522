package dev.torc.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torc.model.JobStatus;
import dev.torc.model.Memory;
import dev.torc.model.ResourceRequirements;
import dev.torc.store.WorkflowEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@link Torc#updateJobResources}: within the machine and the factor, never on live jobs. */
class ResourceUpdateTest extends TorcTest {
  private static final String SPEC =
      """
      name: resources
      resource_requirements:
        - name: medium
          num_cpus: 2
          memory: 1g
          runtime: PT1H
      jobs:
        - name: done
          command: 'true'
          resource_requirements: medium
        - name: waits
          command: 'true'
          resource_requirements: medium
          depends_on: [done]
      """;

  @Test
  void aBlockedJobGetsNewResourcesAndTheChangeIsLoggedWithWhoAndWhy() {
    long wf = fx.create(SPEC);
    long waits = fx.id(wf, "waits");

    ResourcesUpdated updated =
        torc.updateJobResources(
            ResourceUpdateRequest.job(waits)
                .numCpus(4)
                .memory(Memory.parse("3g"))
                .runtime(Duration.ofHours(2))
                .actor("mcp:claude-code")
                .reason("peak memory was 2.5g")
                .build());

    assertThat(updated.before().memory().text()).isEqualTo("1g");
    assertThat(updated.after().numCpus()).isEqualTo(4);
    Map<String, Object> json = updated.toJson();
    assertThat(json)
        .containsEntry("job_id", waits)
        .containsEntry("resource_requirements_id", "medium");
    assertThat(json.get("old")).isEqualTo(Map.of("num_cpus", 2, "memory", "1g", "runtime", "PT1H"));
    assertThat(json.get("new")).isEqualTo(Map.of("num_cpus", 4, "memory", "3g", "runtime", "PT2H"));
    ResourceRequirements stored = fx.jobs(wf).get("waits").requirements();
    assertThat(stored.memory().bytes()).isEqualTo(3L << 30);
    assertThat(stored.runtime()).isEqualTo(Duration.ofHours(2));
    assertThat(fx.jobs(wf).get("done").requirements().memory().text()).isEqualTo("1g");
    assertThat(torc.events(wf, Torc.EVENT_REQUEST).events())
        .singleElement()
        .extracting(WorkflowEvent::message)
        .asString()
        .contains("by mcp:claude-code: peak memory was 2.5g")
        .contains("2 CPUs, memory 1g, runtime PT1H -> 4 CPUs, memory 3g, runtime PT2H");
  }

  @Test
  void changesPastTheMachineOrTheFactorAreRefusedAndChangeNothing() {
    long wf = fx.create(SPEC);
    long waits = fx.id(wf, "waits");

    assertRefused(ResourceUpdateRequest.job(waits).numCpus(8), "8 CPUs exceed the machine's 4");
    assertRefused(
        ResourceUpdateRequest.job(waits).memory(Memory.parse("9g")),
        "memory 9g exceeds the machine's 8.00 GiB");
    assertRefused(ResourceUpdateRequest.job(waits).memory(Memory.parse("5g")), "factor of 4.0");
    assertRefused(ResourceUpdateRequest.job(waits).memory(Memory.parse("200m")), "factor of 4.0");
    assertRefused(ResourceUpdateRequest.job(waits).runtime(Duration.ofHours(5)), "factor of 4.0");
    assertRefused(ResourceUpdateRequest.job(999_999), "give at least one");
    assertThatThrownBy(
            () -> torc.updateJobResources(ResourceUpdateRequest.job(999_999).numCpus(1).build()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("no job with id 999999");

    assertThat(fx.jobs(wf).get("waits").requirements())
        .isEqualTo(fx.jobs(wf).get("done").requirements());
    assertThat(torc.events(wf, Torc.EVENT_REQUEST).events()).isEmpty();
  }

  @Test
  void theFactorIsConfigurable() {
    try (Fixture loose = new Fixture(dir.resolve("loose"), Torc.builder().maxResourceFactor(8))) {
      long wf = loose.create(SPEC);
      loose.torc.updateJobResources(
          ResourceUpdateRequest.job(loose.id(wf, "waits")).memory(Memory.parse("7g")).build());
      assertThat(loose.jobs(wf).get("waits").requirements().memory().text()).isEqualTo("7g");
    }
  }

  private void assertRefused(ResourceUpdateRequest.Builder request, String message) {
    assertThatThrownBy(() -> torc.updateJobResources(request.actor("t").reason("r").build()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining(message);
  }

  @Test
  void completedAndRunningJobsKeepTheirResources() throws Exception {
    long wf =
        fx.create(
            """
            name: live
            jobs:
              - name: quick
                command: 'true'
              - name: slow
                command: sleep 30
                depends_on: [quick]
            """);
    CompletableFuture<RunReport> run = CompletableFuture.supplyAsync(() -> fx.run(wf));
    try {
      Instant deadline = Instant.now().plusSeconds(30);
      while (fx.jobs(wf).get("slow").status() != JobStatus.RUNNING) {
        assertThat(Instant.now()).as("slow never started").isBefore(deadline);
        Thread.sleep(20);
      }
      for (String job : new String[] {"quick", "slow"}) {
        assertThatThrownBy(
                () ->
                    torc.updateJobResources(
                        ResourceUpdateRequest.job(fx.id(wf, job)).numCpus(2).build()))
            .isInstanceOf(InvalidRequestException.class)
            .hasMessageContaining(job.equals("quick") ? "is completed" : "is running");
      }
    } finally {
      torc.cancel(wf, "test", "stop the slow job");
      run.get();
    }
    assertThat(fx.jobs(wf).get("slow").requirements().numCpus()).isEqualTo(1);
  }
}
