package dev.torc.recovery.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.exec.MachineResources;
import dev.torc.model.JobStatus;
import dev.torc.recovery.Recovery;
import dev.torc.recovery.policy.ExponentialBackoff;
import dev.torc.run.BreakerTransition;
import dev.torc.run.JobListener;
import dev.torc.run.JobRunner;
import dev.torc.run.RunOptions;
import dev.torc.spec.SpecFormat;
import dev.torc.spec.WorkflowSpecs;
import dev.torc.store.JobRecord;
import dev.torc.store.Stores;
import dev.torc.store.WorkflowStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's listeners hear the circuit breaker of its recovery chain open, go half-open and close.
 */
class BreakerListenerTest {
  @TempDir Path dir;

  /**
   * Fails once, after the other job has started failing too, with the same message; succeeds on its
   * retry.
   */
  private String job(String self, String other) {
    Path mine = dir.resolve(self);
    Path theirs = dir.resolve(other);
    return ("if [ -e %1$s ]; then exit 0; fi; touch %1$s; "
            + "while [ ! -e %2$s ]; do sleep 0.05; done; "
            + "echo 'Connection refused' >&2; exit 1")
        .formatted(mine, theirs);
  }

  @Test
  void aListenerHearsTheBreakerInTheChainOpenGoHalfOpenAndClose() {
    String yaml =
        """
        name: breaker-heard
        failure_handlers:
          - name: again
            rules:
              - exit_codes: [1]
                max_retries: 2
        jobs:
          - name: left
            command: "%s"
            failure_handler: again
          - name: right
            command: "%s"
            failure_handler: again
        """
            .formatted(job("left", "right"), job("right", "left"));
    // Opens at the second of two identical failures; the first job's retry waits out the backoff,
    // by then the breaker is half-open and the retry is its probe, whose success closes it.
    BreakerConfig breaker =
        new BreakerConfig(
            "net", 1.0, 2, 2, Duration.ofMillis(500), 1, BreakerConfig.OpenAction.FAIL);
    Recovery recovery =
        Recovery.with(
            SignatureCircuitBreaker.of(breaker),
            ExponentialBackoff.builder()
                .initial(Duration.ofSeconds(3))
                .max(Duration.ofSeconds(3))
                .jitter(0.0)
                .build(),
            Recovery.failureHandlers());
    List<String> heard = Collections.synchronizedList(new ArrayList<>());
    List<BreakerTransition> transitions = Collections.synchronizedList(new ArrayList<>());
    JobListener listener =
        new JobListener() {
          @Override
          public void breakerOpened(BreakerTransition t) {
            heard.add("opened");
            transitions.add(t);
          }

          @Override
          public void breakerHalfOpen(BreakerTransition t) {
            heard.add("half-open");
            transitions.add(t);
          }

          @Override
          public void breakerClosed(BreakerTransition t) {
            heard.add("closed");
            transitions.add(t);
          }
        };
    try (WorkflowStore store = Stores.sqlite(dir.resolve("torc.db"))) {
      long id = store.createWorkflow(WorkflowSpecs.parse(yaml, SpecFormat.YAML, "test"));
      RunOptions options =
          RunOptions.builder()
              .outputDir(dir.resolve("out"))
              .resources(new MachineResources(2, MachineResources.detect().memoryBytes(), 0))
              .pollInterval(Duration.ofMillis(100))
              .failurePolicy(recovery)
              .listener(listener)
              .build();

      new JobRunner(store, id, options).run();

      Map<JobStatus, Long> statuses =
          store.listJobs(id, null).stream()
              .collect(Collectors.groupingBy(JobRecord::status, Collectors.counting()));
      assertThat(statuses)
          .containsEntry(JobStatus.COMPLETED, 1L)
          .containsEntry(JobStatus.FAILED, 1L);
    }
    assertThat(heard).containsExactly("opened", "half-open", "closed");
    assertThat(transitions).extracting(BreakerTransition::breaker).containsOnly("net");
    assertThat(transitions)
        .extracting(BreakerTransition::signature)
        .doesNotContainNull()
        .hasSize(3);
    assertThat(transitions.stream().map(BreakerTransition::signature).distinct()).hasSize(1);
    assertThat(transitions.get(0).at())
        .isBeforeOrEqualTo(transitions.get(1).at())
        .isBeforeOrEqualTo(transitions.get(2).at());
  }
}
