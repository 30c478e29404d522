package dev.torc.recovery;

import static dev.torc.recovery.Fixtures.context;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torc.model.FailureHandler;
import dev.torc.model.FailureRule;
import dev.torc.model.Memory;
import dev.torc.recovery.classify.FailureAnalyzer;
import dev.torc.recovery.classify.FailureCause;
import dev.torc.recovery.policy.CauseBudgets;
import dev.torc.recovery.policy.ExponentialBackoff;
import dev.torc.recovery.policy.FailureContext;
import dev.torc.recovery.policy.FailureHandlerPolicy;
import dev.torc.recovery.policy.FallbackChain;
import dev.torc.recovery.policy.PendingFailedPolicy;
import dev.torc.recovery.policy.PolicyState;
import dev.torc.recovery.policy.RecoveryPolicies;
import dev.torc.recovery.policy.RecoveryPolicy;
import dev.torc.recovery.policy.ResourceScaling;
import dev.torc.run.Decision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PoliciesTest {
  private static final FailureHandler CATCH_ALL =
      FailureHandler.of("any", FailureRule.forAnyExitCode(100, null));

  // --- composition

  @Test
  void chainsRunOutermostFirstAndMayAdjustTheInnerDecision() {
    List<String> order = new ArrayList<>();
    RecoveryPolicy outer =
        (ctx, next) -> {
          order.add("outer");
          Decision inner = next.decide(ctx);
          order.add("outer after " + inner.kind());
          return inner instanceof Decision.Retry r ? r.withReason("adjusted") : inner;
        };
    RecoveryPolicy inner =
        (ctx, next) -> {
          order.add("inner");
          return Decision.retry("inner");
        };
    Decision d = RecoveryPolicy.chain(outer, inner).decide(context(1, 1, null));
    assertThat(order).containsExactly("outer", "inner", "outer after RETRY");
    assertThat(d.reason()).isEqualTo("adjusted");
  }

  @Test
  void theEndOfAChainLeavesTheFailureUnhandled() {
    assertThat(RecoveryPolicy.chain().decide(context(1, 1, null)).kind())
        .isEqualTo(Decision.Kind.AWAIT_CLASSIFICATION);
  }

  // --- backoff

  @Test
  void backoffGrowsExponentiallyWithinTheJitterBandAndIsCapped() {
    ExponentialBackoff backoff =
        ExponentialBackoff.of(Duration.ofSeconds(10), 2.0, 0.5, Duration.ofSeconds(100), 7);
    for (int attempt = 1; attempt <= 6; attempt++) {
      double centre = 10_000 * Math.pow(2, attempt - 1);
      long delay = backoff.delay(3, 1, attempt).toMillis();
      assertThat(delay)
          .isBetween(
              (long) Math.min(100_000, Math.floor(centre * 0.5)),
              (long) Math.min(100_000, centre * 1.5));
    }
    assertThat(backoff.delay(3, 1, 40)).isEqualTo(Duration.ofSeconds(100));
    assertThat(backoff.delay(3, 1, 2)).isEqualTo(backoff.delay(3, 1, 2));
  }

  @Test
  void withoutJitterTheDelaysAreExact() {
    ExponentialBackoff backoff =
        ExponentialBackoff.of(Duration.ofSeconds(1), 3.0, 0.0, Duration.ofHours(1), 0);
    assertThat(backoff.delay(1, 1, 1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.delay(1, 1, 3)).isEqualTo(Duration.ofSeconds(9));
    assertThat(backoff.asIntervalFunction().apply(2)).isEqualTo(3000L);
  }

  @Test
  void backoffOnlyDelaysRetriesAndKeepsALongerInnerDelay() {
    ExponentialBackoff backoff =
        ExponentialBackoff.of(Duration.ofSeconds(1), 2.0, 0.0, Duration.ofMinutes(1), 0);
    assertThat(backoff.decide(context(2, 1, null), c -> Decision.retry("r")))
        .isInstanceOfSatisfying(
            Decision.Retry.class, r -> assertThat(r.delay()).isEqualTo(Duration.ofSeconds(2)));
    assertThat(
            backoff.decide(
                context(2, 1, null), c -> Decision.retry("r").withDelay(Duration.ofHours(1))))
        .isInstanceOfSatisfying(
            Decision.Retry.class, r -> assertThat(r.delay()).isEqualTo(Duration.ofHours(1)));
    assertThat(backoff.decide(context(2, 1, null), c -> Decision.fail("f")).kind())
        .isEqualTo(Decision.Kind.FAIL);
  }

  @Test
  void backoffConfigIsValidated() {
    assertThatThrownBy(() -> ExponentialBackoff.of(Duration.ZERO, 2, 0.1, Duration.ofSeconds(1), 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> ExponentialBackoff.of(Duration.ofSeconds(1), 0.5, 0.1, Duration.ofSeconds(1), 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> ExponentialBackoff.of(Duration.ofSeconds(1), 2, 1.0, Duration.ofSeconds(1), 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> ExponentialBackoff.of(Duration.ofSeconds(2), 2, 0.1, Duration.ofSeconds(1), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // --- cause budgets

  @Test
  void budgetsCountEarlierFailuresOfTheSameCause() {
    RecoveryPolicy chain =
        CauseBudgets.of(Map.of(FailureCause.TRANSIENT, 2)).then(FailureHandlerPolicy.create());
    String refused = "Connection refused";
    PolicyState s = PolicyState.inMemory();
    assertThat(chain.decide(context(1, 1, refused, CATCH_ALL, s)).kind())
        .isEqualTo(Decision.Kind.RETRY);
    assertThat(chain.decide(context(2, 1, refused, CATCH_ALL, s)).kind())
        .isEqualTo(Decision.Kind.RETRY);
    Decision third = chain.decide(context(3, 1, refused, CATCH_ALL, s));
    assertThat(third.kind()).isEqualTo(Decision.Kind.FAIL);
    assertThat(third.reason()).contains("retry budget for transient failures (2) used up");
  }

  @Test
  void permanentFailuresAreNeverRetriedAndUnbudgetedCausesPassThrough() {
    CauseBudgets budgets = CauseBudgets.of(CauseBudgets.Config.DEFAULT);
    RecoveryPolicy chain = budgets.then(FailureHandlerPolicy.create());
    PolicyState s = PolicyState.inMemory();
    assertThat(chain.decide(context(1, 1, "SyntaxError: bad", CATCH_ALL, s)).kind())
        .isEqualTo(Decision.Kind.FAIL);
    CauseBudgets emptyBudgets = CauseBudgets.of(Map.of());
    assertThat(
            emptyBudgets
                .then(FailureHandlerPolicy.create())
                .decide(context(1, 1, "SyntaxError: bad", CATCH_ALL, s))
                .kind())
        .isEqualTo(Decision.Kind.FAIL);
    assertThat(chain.decide(context(50, 1, "weird", CATCH_ALL, s)).kind())
        .as("unknown causes have no budget by default")
        .isEqualTo(Decision.Kind.RETRY);
    assertThatThrownBy(() -> CauseBudgets.of(Map.of(FailureCause.PERMANENT, 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CauseBudgets.of(Map.of(FailureCause.OOM, -1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // --- fallbacks

  @Test
  void fallbacksAreTriedInOrderThenTheJobFails() {
    FallbackChain chain = FallbackChain.of("run --cheap", "run --local");
    assertThat(chain.decide(context(1, 1, null)))
        .isInstanceOfSatisfying(
            Decision.Retry.class, r -> assertThat(r.fallbackCommand()).isEqualTo("run --cheap"));
    assertThat(chain.decide(context(2, 1, null)))
        .isInstanceOfSatisfying(
            Decision.Retry.class, r -> assertThat(r.fallbackCommand()).isEqualTo("run --local"));
    Decision done = chain.decide(context(3, 1, null));
    assertThat(done.kind()).isEqualTo(Decision.Kind.FAIL);
    assertThat(done.reason()).contains("all 2 fallback commands failed");
    assertThatThrownBy(FallbackChain::of).isInstanceOf(IllegalArgumentException.class);
  }

  // --- classification

  @Test
  void pendingFailedPolicyActsOnTheCause() {
    PendingFailedPolicy p = PendingFailedPolicy.standard();
    PolicyState s = PolicyState.inMemory();
    assertThat(p.decide(context(1, 1, "Service Unavailable", null, s)).kind())
        .isEqualTo(Decision.Kind.RETRY);
    assertThat(p.decide(context(1, 1, "KeyError: 'a'", null, s)).kind())
        .isEqualTo(Decision.Kind.FAIL);
    FailureContext unknown = context(1, 1, "hmm", null, s);
    assertThat(p.decide(unknown).kind()).isEqualTo(Decision.Kind.AWAIT_CLASSIFICATION);
    FailureContext noPending =
        new FailureContext(
            false,
            unknown.job(),
            unknown.attempt(),
            unknown.failure(),
            List.of(),
            null,
            Fixtures.T0,
            s);
    assertThat(p.decide(noPending).kind()).isEqualTo(Decision.Kind.FAIL);
    // Resource failures go to the inner chain.
    assertThat(p.decide(context(1, 152, null), c -> Decision.retry("inner")).reason())
        .isEqualTo("inner");
  }

  @Test
  void retryUnknownIsAConfigurationAndPermanentCannotRetry() {
    PendingFailedPolicy p =
        PendingFailedPolicy.of(
            new PendingFailedPolicy.Config(
                Set.of(FailureCause.TRANSIENT, FailureCause.UNKNOWN),
                Set.of(FailureCause.PERMANENT)));
    assertThat(p.decide(context(1, 1, null)).kind()).isEqualTo(Decision.Kind.RETRY);
    assertThatThrownBy(
            () -> new PendingFailedPolicy.Config(Set.of(FailureCause.PERMANENT), Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // --- resource scaling

  @Test
  void oomAndTimeoutRetryWithMoreOfTheResource() {
    ResourceScaling scaling = ResourceScaling.of(ResourceScaling.Config.DEFAULT);
    FailureContext oom =
        FailureContext.builder(
                Fixtures.job(1, null),
                Fixtures.result(1, 1, 137, 1.0, 3L << 30),
                FailureAnalyzer.standard()
                    .analyze(
                        Fixtures.job(1, null), Fixtures.result(1, 1, 137, 1.0, 3L << 30), "", null))
            .now(Fixtures.T0)
            .state(PolicyState.inMemory())
            .build();
    assertThat(scaling.decide(oom))
        .isInstanceOfSatisfying(
            Decision.Retry.class,
            r -> assertThat(r.newRequirements().memory()).isEqualTo(Memory.parse("5g")));
    assertThat(scaling.decide(context(1, 152, null)))
        .isInstanceOfSatisfying(
            Decision.Retry.class,
            r -> assertThat(r.newRequirements().runtime()).isEqualTo(Duration.ofMinutes(90)));
    assertThat(scaling.decide(context(1, 1, null)).kind())
        .isEqualTo(Decision.Kind.AWAIT_CLASSIFICATION);
  }

  // --- builder

  @Test
  void theRecommendedChainRetriesTransientFailuresWithBackoffAndFailsPermanentOnes() {
    RecoveryPolicy policy = RecoveryPolicies.recommended();
    PolicyState s = PolicyState.inMemory();
    assertThat(policy.decide(context(1, 1, "Connection refused", null, s)))
        .isInstanceOfSatisfying(Decision.Retry.class, r -> assertThat(r.delay()).isPositive());
    assertThat(policy.decide(context(1, 1, "ImportError: x", CATCH_ALL, s)).kind())
        .isEqualTo(Decision.Kind.FAIL);
  }

  @Test
  void contextsRejectInconsistentHistory() {
    FailureContext ok = context(2, 1, null);
    assertThatThrownBy(
            () ->
                FailureContext.builder(ok.job(), ok.attempt(), ok.failure())
                    .history(List.of(ok.failure()))
                    .now(Fixtures.T0)
                    .state(PolicyState.inMemory())
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("earlier attempts");
  }
}
