package dev.torc.recovery;

import static dev.torc.recovery.Fixtures.context;
import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.model.FailureHandler;
import dev.torc.model.FailureRule;
import dev.torc.recovery.policy.FailureContext;
import dev.torc.recovery.policy.FailureHandlerPolicy;
import dev.torc.recovery.policy.PendingFailedPolicy;
import dev.torc.recovery.policy.PolicyState;
import dev.torc.recovery.policy.RecoveryPolicy;
import dev.torc.run.Decision;
import org.junit.jupiter.api.Test;

class FailureHandlerPolicyTest {
  private final FailureHandlerPolicy policy = FailureHandlerPolicy.create();

  @Test
  void maxRetriesCountsRetries() {
    FailureHandler h = FailureHandler.of("h", FailureRule.forExitCodes(3, null, 10));
    // Attempts 1, 2 and 3 fail and are retried; attempt 4 is the third retry's failure.
    for (int attempt = 1; attempt <= 3; attempt++) {
      assertThat(policy.decide(context(attempt, 10, h)).kind())
          .as("attempt %d", attempt)
          .isEqualTo(Decision.Kind.RETRY);
    }
    Decision last = policy.decide(context(4, 10, h));
    assertThat(last.kind()).isEqualTo(Decision.Kind.FAIL);
    assertThat(last.reason()).contains("max_retries 3 used up after attempt 4");
  }

  @Test
  void zeroMaxRetriesNeverRetries() {
    FailureHandler h = FailureHandler.of("h", FailureRule.forAnyExitCode(0, null));
    assertThat(policy.decide(context(1, 1, h)).kind()).isEqualTo(Decision.Kind.FAIL);
  }

  @Test
  void aMatchRetriesWithTheRulesRecoveryScript() {
    FailureHandler h = FailureHandler.of("h", FailureRule.forExitCodes(2, "./recover.sh", 10, 11));
    assertThat(policy.decide(context(1, 11, h)))
        .isInstanceOfSatisfying(
            Decision.Retry.class,
            r -> {
              assertThat(r.recoveryScript()).isEqualTo("./recover.sh");
              assertThat(r.delay()).isZero();
              assertThat(r.newRequirements()).isNull();
              assertThat(r.fallbackCommand()).isNull();
              assertThat(r.reason()).contains("rule for exit code 11");
            });
  }

  @Test
  void aRuleNamingTheExitCodeWinsOverACatchAllListedBeforeIt() {
    FailureHandler h =
        FailureHandler.of(
            "h",
            FailureRule.forAnyExitCode(5, "./generic.sh"),
            FailureRule.forExitCodes(0, null, 10));
    // The specific rule allows no retry, so the job fails even though the catch-all would retry.
    assertThat(policy.decide(context(1, 10, h)).kind()).isEqualTo(Decision.Kind.FAIL);
    assertThat(policy.decide(context(1, 12, h)))
        .isInstanceOfSatisfying(
            Decision.Retry.class, r -> assertThat(r.recoveryScript()).isEqualTo("./generic.sh"));
  }

  @Test
  void amongEqualsTheFirstRuleWins() {
    FailureHandler h =
        FailureHandler.of(
            "h",
            FailureRule.forExitCodes(1, "./first.sh", 10),
            FailureRule.forExitCodes(9, "./second.sh", 10));
    assertThat(policy.decide(context(1, 10, h)))
        .isInstanceOfSatisfying(
            Decision.Retry.class, r -> assertThat(r.recoveryScript()).isEqualTo("./first.sh"));
    assertThat(policy.decide(context(2, 10, h)).kind()).isEqualTo(Decision.Kind.FAIL);
  }

  @Test
  void aTerminatedAttemptIsHandledLikeAFailedOne() {
    FailureHandler h =
        FailureHandler.of("timeout_recovery", FailureRule.forExitCodes(2, null, 152));
    FailureContext ctx = context(1, 152, h);
    assertThat(ctx.attempt().status()).isEqualTo(dev.torc.model.JobStatus.TERMINATED);
    assertThat(policy.decide(ctx).kind()).isEqualTo(Decision.Kind.RETRY);
    assertThat(policy.decide(context(3, 152, h)).kind()).isEqualTo(Decision.Kind.FAIL);
  }

  @Test
  void noMatchingRuleAwaitsClassificationWhenTheWorkflowUsesPendingFailed() {
    FailureHandler h = FailureHandler.of("h", FailureRule.forExitCodes(3, null, 10));
    assertThat(policy.decide(context(1, 1, h)).kind())
        .isEqualTo(Decision.Kind.AWAIT_CLASSIFICATION);
    FailureContext without =
        new FailureContext(
            false,
            context(1, 1, h).job(),
            context(1, 1, h).attempt(),
            context(1, 1, h).failure(),
            java.util.List.of(),
            h,
            Fixtures.T0,
            PolicyState.inMemory());
    assertThat(policy.decide(without).kind()).isEqualTo(Decision.Kind.FAIL);
  }

  @Test
  void unmatchedFailuresAndJobsWithoutHandlerGoToTheInnerChain() {
    RecoveryPolicy chain = policy.then(PendingFailedPolicy.standard());
    FailureHandler h = FailureHandler.of("h", FailureRule.forExitCodes(3, null, 10));
    assertThat(chain.decide(context(1, 1, "Connection refused", h, PolicyState.inMemory())).kind())
        .isEqualTo(Decision.Kind.RETRY);
    assertThat(chain.decide(context(1, 1, "SyntaxError: x", null, PolicyState.inMemory())).kind())
        .isEqualTo(Decision.Kind.FAIL);
  }

  @Test
  void allowsRetryIsTheDocumentedComparison() {
    FailureRule rule = FailureRule.forAnyExitCode(3, null);
    assertThat(FailureHandlerPolicy.allowsRetry(rule, 3)).isTrue();
    assertThat(FailureHandlerPolicy.allowsRetry(rule, 4)).isFalse();
  }
}
