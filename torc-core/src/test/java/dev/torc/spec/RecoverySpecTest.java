package dev.torc.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.model.RecoveryConfig;
import dev.torc.model.SpecException;
import dev.torc.model.SpecProblem;
import dev.torc.model.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecoverySpecTest {

  private static final String FULL =
      """
      name: w
      classification_rules:
        - pattern: "Connection refused"
          classification: transient
          confidence: 0.8
        - pattern: "(?i)license expired"
          classification: permanent
      recovery_policy:
        backoff: {base: PT5S, multiplier: 2.0, jitter: 0.2, max: PT5M}
        budgets: {transient: 3, oom: 2, timeout: 1}
        circuit_breaker:
          failure_rate_threshold: 50
          sliding_window_size: 10
          minimum_calls: 4
          wait_in_open: PT1M
          probes: 1
          when_open: fail
      jobs:
        - name: a
          command: "true"
      """;

  private static List<SpecProblem> problems(String yaml) {
    try {
      WorkflowSpecs.parse(yaml, SpecFormat.YAML, "wf.yaml");
    } catch (SpecException e) {
      return e.problems();
    }
    throw new AssertionError("expected the spec to be rejected");
  }

  @Test
  void readsClassificationRulesAndTheRecoveryPolicy() {
    RecoveryConfig c = WorkflowSpecs.parse(FULL, SpecFormat.YAML, "wf.yaml").recoveryConfig();
    assertThat(c.classificationRules())
        .containsExactly(
            new RecoveryConfig.ClassificationRuleSpec("Connection refused", "transient", 0.8),
            new RecoveryConfig.ClassificationRuleSpec("(?i)license expired", "permanent", 0.9));
    assertThat(c.backoff())
        .isEqualTo(
            new RecoveryConfig.Backoff(Duration.ofSeconds(5), 2.0, 0.2, Duration.ofMinutes(5)));
    assertThat(c.budgets())
        .containsExactly(Map.entry("transient", 3), Map.entry("oom", 2), Map.entry("timeout", 1));
    assertThat(c.circuitBreaker())
        .isEqualTo(new RecoveryConfig.CircuitBreaker(50, 10, 4, Duration.ofMinutes(1), 1, "fail"));
  }

  @Test
  void aWorkflowWithoutTheSectionsHasNoRecoveryConfig() {
    Workflow w =
        WorkflowSpecs.parse(
            "name: w\njobs: [{name: a, command: 'true'}]\n", SpecFormat.YAML, "wf.yaml");
    assertThat(w.recoveryConfig()).isEqualTo(RecoveryConfig.NONE);
    assertThat(w.recoveryConfig().isEmpty()).isTrue();
  }

  @Test
  void missingFieldsTakeTheDefaults() {
    RecoveryConfig c =
        WorkflowSpecs.parse(
                "name: w\nrecovery_policy:\n  backoff: {base: PT1S}\n  circuit_breaker: {}\n"
                    + "jobs: [{name: a, command: 'true'}]\n",
                SpecFormat.YAML,
                "wf.yaml")
            .recoveryConfig();
    assertThat(c.backoff())
        .isEqualTo(
            new RecoveryConfig.Backoff(Duration.ofSeconds(1), 2.0, 0.5, Duration.ofMinutes(30)));
    assertThat(c.circuitBreaker())
        .isEqualTo(
            new RecoveryConfig.CircuitBreaker(
                50, 10, 5, Duration.ofMinutes(10), 1, "await_classification"));
    assertThat(c.budgets()).isEmpty();
  }

  @Test
  void theSpecWriterWritesTheSectionsBackTheSame() {
    Workflow w = WorkflowSpecs.parse(FULL, SpecFormat.YAML, "wf.yaml");
    for (SpecFormat format : List.of(SpecFormat.YAML, SpecFormat.JSON, SpecFormat.JSON5)) {
      String written = WorkflowSpecs.write(w, format);
      assertThat(WorkflowSpecs.parse(written, format, "again").recoveryConfig())
          .isEqualTo(w.recoveryConfig());
    }
  }

  @Test
  void theBuilderTakesTheSameConfiguration() {
    RecoveryConfig fromSpec =
        WorkflowSpecs.parse(FULL, SpecFormat.YAML, "wf.yaml").recoveryConfig();
    Workflow built =
        Workflow.builder("w")
            .recoveryConfig(
                new RecoveryConfig(
                    List.of(), fromSpec.backoff(), fromSpec.budgets(), fromSpec.circuitBreaker()))
            .classificationRule("Connection refused", "transient", 0.8)
            .classificationRule("(?i)license expired", "permanent", 0.9)
            .job(dev.torc.model.JobSpec.builder("a").command("true").build())
            .build();
    assertThat(built.recoveryConfig()).isEqualTo(fromSpec);
  }

  @Test
  void unknownFieldsAndBadValuesAreReportedWithTheirPositions() {
    String yaml =
        """
        name: w
        classification_rules:
          - pattern: "x"
            classification: sometimes
          - pattern: "("
            classification: transient
          - patern: "y"
            classification: transient
        recovery_policy:
          backof: {}
          backoff: {base: 5s, multiplier: 2.0}
          budgets: {transient: 3, oomm: 2, permanent: 1}
          circuit_breaker: {wait_in_open: PT1M, probe: 2, when_open: maybe}
        jobs: [{name: a, command: 'true'}]
        """;
    assertThat(problems(yaml))
        .containsExactlyInAnyOrder(
            new SpecProblem(
                "wf.yaml",
                3,
                5,
                "a classification rule: classification must be transient or permanent, not"
                    + " 'sometimes'"),
            new SpecProblem(
                "wf.yaml", 5, 5, "a classification rule: invalid pattern '(': Unclosed group"),
            new SpecProblem(
                "wf.yaml",
                7,
                5,
                "unknown field 'patern' in a classification rule; did you mean 'pattern'?"),
            new SpecProblem("wf.yaml", 7, 5, "a classification rule needs a 'pattern'"),
            new SpecProblem(
                "wf.yaml",
                10,
                3,
                "unknown field 'backof' in recovery_policy; did you mean 'backoff'?"),
            new SpecProblem(
                "wf.yaml",
                11,
                19,
                "'base' of the backoff of recovery_policy must be an ISO-8601 duration such as"
                    + " PT30S, not '5s'"),
            new SpecProblem(
                "wf.yaml",
                12,
                27,
                "unknown field 'oomm' in the budgets of recovery_policy; did you mean 'oom'?"),
            new SpecProblem(
                "wf.yaml",
                12,
                47,
                "'permanent' of the budgets of recovery_policy must be 0: permanent failures are"
                    + " never retried"),
            new SpecProblem(
                "wf.yaml",
                13,
                41,
                "unknown field 'probe' in the circuit_breaker of recovery_policy; did you mean"
                    + " 'probes'?"),
            new SpecProblem(
                "wf.yaml",
                13,
                20,
                "the circuit_breaker of recovery_policy: when_open must be await_classification"
                    + " or fail, not 'maybe'"));
  }
}
