package dev.torc.slurm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torc.slurm.SlurmCluster;
import dev.torc.slurm.SlurmException;
import dev.torc.slurm.SlurmJobStatus;
import dev.torc.slurm.SlurmState;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The client against the real cluster; a wrapper around the real commands counts the calls. */
@Tag("slurm")
class SlurmClientTest {

  /** Runs the real commands and remembers each command line. */
  static final class Counting implements SlurmCommands {
    final List<List<String>> calls = Collections.synchronizedList(new ArrayList<>());
    private final SlurmCommands real = SlurmCommands.processes();

    @Override
    public Output run(List<String> command, String stdin) throws IOException {
      calls.add(List.copyOf(command));
      return real.run(command, stdin);
    }

    long count(String program) {
      return calls.stream().filter(c -> c.get(0).equals(program)).count();
    }
  }

  @BeforeAll
  static void cluster() {
    SlurmCluster.require();
  }

  @Test
  void oneStatusCallPerPollWhateverTheNumberOfLiveJobs() throws Exception {
    Counting commands = new Counting();
    SlurmClient client = new SlurmClient(commands, 3, Duration.ofMillis(200));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ids.add(
          client.submit(
              "test job " + i,
              List.of("-t", "1", "-o", "/dev/null", "-J", "torc-count"),
              "#!/bin/bash\nsleep 1\n"));
    }
    assertThat(commands.count("sbatch")).isEqualTo(4);
    List<String> live = new ArrayList<>(ids);
    int polls = 0;
    Instant bound = Instant.now().plus(Duration.ofMinutes(3));
    while (!live.isEmpty()) {
      assertThat(Instant.now()).as("all jobs ended in time").isBefore(bound);
      int before = commands.calls.size();
      Map<String, SlurmJobStatus> states = client.status(live);
      polls++;
      List<List<String>> made = commands.calls.subList(before, commands.calls.size());
      assertThat(made).as("calls of poll " + polls).hasSize(1);
      assertThat(String.join(" ", made.get(0))).contains(String.join(",", live));
      states.values().stream().filter(s -> s.state().ended()).forEach(s -> live.remove(s.jobId()));
      if (!live.isEmpty()) {
        Thread.sleep(300);
      }
    }
    Map<String, SlurmJobStatus> end = client.status(ids);
    assertThat(end.keySet()).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(end.values()).allMatch(s -> s.state() == SlurmState.COMPLETED);
    assertThat(commands.count("sacct") + commands.count("squeue")).isEqualTo(polls + 1);
  }

  @Test
  void sbatchRefusingAnUnknownPartitionIsAClearError() {
    SlurmClient client = new SlurmClient(SlurmCommands.processes(), 1, Duration.ofMillis(1));
    assertThatThrownBy(
            () ->
                client.submit(
                    "Slurm scheduler 'nope'",
                    List.of("-p", "no_such_partition", "-t", "1"),
                    "#!/bin/bash\ntrue\n"))
        .isInstanceOf(SlurmException.class)
        .hasMessageContaining("sbatch refused the allocation of Slurm scheduler 'nope'")
        .hasMessageContaining("invalid partition");
  }

  @Test
  void failingStatusCallsAreRetriedThenUnknownNeverAnError() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    SlurmCommands flaky =
        (command, stdin) -> {
          if (calls.incrementAndGet() <= 2) {
            return new SlurmCommands.Output(1, "", "sacct: error: Problem talking to the database");
          }
          return SlurmCommands.processes().run(command, stdin);
        };
    SlurmClient client = new SlurmClient(flaky, 4, Duration.ofMillis(50));
    String id =
        new SlurmClient(SlurmCommands.processes(), 1, Duration.ofMillis(1))
            .submit("test", List.of("-t", "1", "-o", "/dev/null"), "#!/bin/bash\ntrue\n");
    Map<String, SlurmJobStatus> answer = Map.of();
    Instant bound = Instant.now().plus(Duration.ofMinutes(1));
    while (answer.isEmpty() && Instant.now().isBefore(bound)) {
      answer = client.status(List.of(id));
    }
    assertThat(calls.get()).isGreaterThanOrEqualTo(3);
    assertThat(answer).containsKey(id);

    SlurmClient broken =
        new SlurmClient(
            (command, stdin) -> new SlurmCommands.Output(1, "", "squeue: error: slurm_load_jobs"),
            3,
            Duration.ofMillis(10));
    assertThat(broken.status(List.of(id))).isEmpty();
  }

  @Test
  void noSlurmInstalledIsOneLine() {
    SlurmClient client =
        new SlurmClient(
            (command, stdin) -> {
              throw new IOException(
                  "Cannot run program \""
                      + command.get(0)
                      + "\": error=2, No such file or directory");
            },
            2,
            Duration.ofMillis(1));
    assertThatThrownBy(() -> client.submit("x", List.of(), "true"))
        .isInstanceOf(SlurmException.class)
        .hasMessage("Slurm is not installed here: sbatch was not found on the PATH");
    assertThat(client.status(List.of("1"))).isEmpty();
    assertThat(client.available()).isFalse();
  }
}
