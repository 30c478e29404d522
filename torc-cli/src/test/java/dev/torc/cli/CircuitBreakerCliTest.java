package dev.torc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** An open circuit breaker holds the launches of jobs that failed alike, through torc run. */
class CircuitBreakerCliTest extends RunningCliTest {

  /**
   * Three jobs fail their first attempt alike ("Connection refused"); the first two are retried
   * after a backoff, the third failure opens the breaker (and fails, {@code when_open: fail}). The
   * two retries fall due while the breaker is open: they are held, then one probes, the other waits
   * for the probe; the probe succeeds, the breaker closes and the held one runs.
   */
  @Test
  void anOpenBreakerHoldsRetriesLetsOneProbeThroughAndReleasesTheRestWhenItSucceeds()
      throws IOException {
    CliRunner.Result result =
        run(
            spec("""
                    name: breaker
                    recovery_policy:
                      backoff: {base: PT3S, multiplier: 1.0, jitter: 0.0, max: PT3S}
                      circuit_breaker:
                        failure_rate_threshold: 100
                        sliding_window_size: 3
                        minimum_calls: 3
                        wait_in_open: PT4S
                        probes: 1
                        when_open: fail
                    failure_handlers:
                      - name: again
                        rules:
                          - match_all_exit_codes: true
                            max_retries: 3
                    jobs:
                      - name: s{i}
                        command: >-
                          [ "$TORC_ATTEMPT_ID" -ge 2 ]
                          || { echo "service-x: Connection refused" >&2; exit 7; }
                        failure_handler: again
                        parameters: {i: "1:3"}
                    """)
                .toString());

    assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
    long id = result.json().get("workflow_id").asLong();
    Map<String, String> statuses = new TreeMap<>();
    Map<String, Integer> attempts = new TreeMap<>();
    for (String name : List.of("s1", "s2", "s3")) {
      JsonNode job = job(id, name);
      statuses.put(name, job.get("status").asText());
      attempts.put(name, job.get("attempt_id").asInt());
    }
    assertThat(statuses.values()).containsExactlyInAnyOrder("completed", "completed", "failed");
    String opener =
        statuses.entrySet().stream()
            .filter(e -> e.getValue().equals("failed"))
            .findFirst()
            .orElseThrow()
            .getKey();
    assertThat(attempts.get(opener)).isEqualTo(1);

    JsonNode results = cli.json("results", "list", String.valueOf(id)).json().get("results");
    assertThat(results).hasSize(5);
    List<String> completedAttempts = new ArrayList<>();
    results.forEach(
        r -> {
          if (r.get("status").asText().equals("completed")) {
            completedAttempts.add(r.get("job_name").asText() + "#" + r.get("attempt_id").asInt());
          }
        });
    assertThat(completedAttempts).hasSize(2).allSatisfy(a -> assertThat(a).endsWith("#2"));

    List<JsonNode> events = new ArrayList<>();
    cli.json("events", "list", String.valueOf(id)).json().get("events").forEach(events::add);
    assertThat(kinds(events, "job_failure_decision"))
        .anySatisfy(m -> assertThat(m).contains(opener).contains("circuit breaker open"));
    List<String> held = kinds(events, "job_held");
    assertThat(held)
        .as("both retries held while the breaker was open")
        .filteredOn(m -> m.contains("circuit breaker open"))
        .hasSizeGreaterThanOrEqualTo(2);
    assertThat(held)
        .as("the second retry held while the probe ran")
        .filteredOn(m -> m.contains("half-open"))
        .hasSize(1);
    List<String> released = kinds(events, "job_released");
    assertThat(released).singleElement().satisfies(m -> assertThat(m).contains("closed"));

    // Exactly one second attempt ran before the first one completed: the probe.
    int firstCompletion = -1;
    int secondAttemptsStarted = 0;
    for (int i = 0; i < events.size() && firstCompletion < 0; i++) {
      JsonNode e = events.get(i);
      String message = e.get("message").asText();
      if (e.get("kind").asText().equals("job_running") && message.contains("(attempt 2")) {
        secondAttemptsStarted++;
      }
      if (e.get("kind").asText().equals("job_completed")) {
        firstCompletion = i;
      }
    }
    assertThat(firstCompletion).isPositive();
    assertThat(secondAttemptsStarted).isEqualTo(1);
  }

  private static List<String> kinds(List<JsonNode> events, String kind) {
    return events.stream()
        .filter(e -> e.get("kind").asText().equals(kind))
        .map(e -> e.get("message").asText())
        .toList();
  }
}
