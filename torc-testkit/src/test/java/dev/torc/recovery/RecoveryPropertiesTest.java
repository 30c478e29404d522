package dev.torc.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.torc.model.FailureHandler;
import dev.torc.model.FailureRule;
import dev.torc.model.Memory;
import dev.torc.model.ResourceRequirements;
import dev.torc.recovery.breaker.BreakerConfig;
import dev.torc.recovery.breaker.BreakerRegistry;
import dev.torc.recovery.breaker.BreakerState;
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
import dev.torc.testkit.Outcome;
import dev.torc.testkit.SimulatedExecutor;
import dev.torc.testkit.SimulatedJob;
import dev.torc.testkit.SimulationReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class RecoveryPropertiesTest {

  private static final ResourceRequirements RR =
      ResourceRequirements.builder("r").memory("2g").runtime("PT1H").build();

  /** The outcomes scripts draw from. */
  private static Outcome outcome(int kind) {
    return switch (kind) {
      case 0 -> Outcome.success();
      case 1 -> Outcome.error("ConnectionError: Connection refused to db:5432");
      case 2 -> Outcome.error("KeyError: 'timestamp'");
      case 3 -> Outcome.oom(Memory.parse("3g"));
      case 4 -> Outcome.timeout();
      case 5 -> Outcome.exit(3, "solver went sideways");
      case 6 -> Outcome.exit(10);
      default -> Outcome.preempted();
    };
  }

  private static final List<FailureCause> BUDGETED =
      List.of(
          FailureCause.TRANSIENT,
          FailureCause.OOM,
          FailureCause.TIMEOUT,
          FailureCause.PREEMPTED,
          FailureCause.NODE_FAIL,
          FailureCause.UNKNOWN);

  /** Up to three jobs, each with a script of up to six outcomes. */
  private static Gen<List<List<Integer>>> scripts() {
    return lists().of(lists().of(integers().between(0, 7)).ofSizeBetween(1, 6)).ofSizeBetween(1, 3);
  }

  private static Gen<List<Integer>> budgets() {
    return lists().of(integers().between(0, 3)).ofSize(BUDGETED.size());
  }

  private static SimulatedExecutor.Builder simulate(
      RecoveryPolicy policy, List<List<Integer>> scripts, int maxRetries) {
    FailureHandler handler = FailureHandler.of("h", FailureRule.forAnyExitCode(maxRetries, null));
    SimulatedExecutor.Builder sim = SimulatedExecutor.builder(policy).usePendingFailed(true);
    for (int j = 0; j < scripts.size(); j++) {
      List<Outcome> script = scripts.get(j).stream().map(RecoveryPropertiesTest::outcome).toList();
      sim.job(new SimulatedJob("j" + j, "run j" + j, RR, handler, script));
    }
    return sim;
  }

  private static Map<FailureCause, Integer> budgetMap(List<Integer> budgets) {
    Map<FailureCause, Integer> map = new EnumMap<>(FailureCause.class);
    for (int i = 0; i < BUDGETED.size(); i++) {
      map.put(BUDGETED.get(i), budgets.get(i));
    }
    return map;
  }

  @Test
  void noJobRunsMoreAttemptsThanItsBudgetsAllow() {
    qt().withExamples(300)
        .forAll(scripts(), budgets(), integers().between(0, 4))
        .checkAssert(
            (scripts, budgets, maxRetries) -> {
              Map<FailureCause, Integer> budget = budgetMap(budgets);
              RecoveryPolicy policy =
                  RecoveryPolicies.builder()
                      .causeBudgets(budget)
                      .resourceScaling(ResourceScaling.Config.DEFAULT)
                      .failureHandlers()
                      .pendingFailed(PendingFailedPolicy.Config.DEFAULT)
                      .build();
              SimulationReport report = simulate(policy, scripts, maxRetries).build().run();
              int total = budget.values().stream().mapToInt(Integer::intValue).sum();
              for (int j = 0; j < scripts.size(); j++) {
                List<SimulationReport.Attempt> attempts = report.attemptsOf("j" + j);
                assertThat(attempts.size()).isLessThanOrEqualTo(1 + total);
                for (FailureCause cause : FailureCause.values()) {
                  long retried =
                      attempts.stream()
                          .filter(a -> a.failure() != null && a.failure().cause() == cause)
                          .filter(a -> a.decision() instanceof Decision.Retry)
                          .count();
                  assertThat(retried)
                      .as("retries of %s failures", cause)
                      .isLessThanOrEqualTo(budget.getOrDefault(cause, 0));
                }
              }
            });
  }

  @Test
  void failureHandlersAloneRunAtMostMaxRetriesPlusOneAttempts() {
    qt().withExamples(200)
        .forAll(scripts(), integers().between(0, 5))
        .checkAssert(
            (scripts, maxRetries) -> {
              SimulationReport report =
                  simulate(FailureHandlerPolicy.create(), scripts, maxRetries).build().run();
              for (int j = 0; j < scripts.size(); j++) {
                List<SimulationReport.Attempt> attempts = report.attemptsOf("j" + j);
                assertThat(attempts.size()).isLessThanOrEqualTo(maxRetries + 1);
                boolean failedEveryTime = attempts.stream().allMatch(a -> a.failure() != null);
                if (failedEveryTime) {
                  assertThat(attempts).hasSize(maxRetries + 1);
                }
              }
            });
  }

  @Test
  void backoffDelaysStayWithinTheirBounds() {
    qt().withExamples(1000)
        .forAll(
            integers().between(1, 600_000),
            integers().between(100, 400),
            integers().between(0, 99),
            integers().between(1, 40))
        .checkAssert(
            (baseMillis, multiplierPercent, jitterPercent, attempt) -> {
              double multiplier = multiplierPercent / 100.0;
              double r = jitterPercent / 100.0;
              Duration base = Duration.ofMillis(baseMillis);
              Duration max = base.multipliedBy(50);
              ExponentialBackoff backoff =
                  ExponentialBackoff.of(base, multiplier, r, max, baseMillis * 31L + attempt);
              long delay = backoff.delay(attempt * 7L, 1, attempt).toMillis();
              double centre = baseMillis * Math.pow(multiplier, attempt - 1);
              long lower = (long) Math.min(max.toMillis(), Math.floor(centre * (1 - r)));
              double upper = Math.min(max.toMillis(), centre * (1 + r));
              assertThat(delay).isBetween(lower, (long) Math.ceil(upper));
              assertThat(delay).isLessThanOrEqualTo(max.toMillis());
              assertThat(backoff.delay(attempt * 7L, 1, attempt).toMillis()).isEqualTo(delay);
            });
  }

  @Test
  void aPermanentFailureIsNeverRetried() {
    List<RecoveryPolicy> retrying =
        List.of(
            FailureHandlerPolicy.create(),
            ResourceScaling.of(ResourceScaling.Config.DEFAULT),
            PendingFailedPolicy.of(
                new PendingFailedPolicy.Config(
                    Set.of(FailureCause.TRANSIENT, FailureCause.UNKNOWN, FailureCause.PREEMPTED),
                    Set.of())),
            FallbackChain.of("b", "c", "d"));
    qt().withExamples(300)
        .forAll(
            scripts(),
            lists().of(integers().between(0, 3)).ofSizeBetween(0, 4),
            integers().between(0, 4))
        .checkAssert(
            (scripts, order, maxRetries) -> {
              List<RecoveryPolicy> chain = new ArrayList<>();
              chain.add(ExponentialBackoff.of(ExponentialBackoff.Config.DEFAULT));
              chain.add(CauseBudgets.of(budgetMap(List.of(3, 3, 3, 3, 3, 3))));
              order.forEach(i -> chain.add(retrying.get(i)));
              SimulationReport report =
                  simulate(RecoveryPolicy.chain(chain), scripts, maxRetries)
                      .maxAttemptsPerJob(100)
                      .build()
                      .run();
              report.attempts().stream()
                  .filter(a -> a.failure() != null && a.failure().cause() == FailureCause.PERMANENT)
                  .forEach(a -> assertThat(a.decision()).isNotInstanceOf(Decision.Retry.class));
            });
  }

  @Test
  void anOpenBreakerNeverLetsMoreThanItsProbesThrough() {
    int[] probesGranted = {0};
    qt().withExamples(300)
        .forAll(
            lists().of(integers().between(0, 4)).ofSizeBetween(1, 80),
            integers().between(1, 5),
            integers().between(1, 3),
            longs().between(0, 1_000_000))
        .checkAssert(
            (ops, window, probes, seed) -> {
              int minCalls = 1 + (int) (seed % window);
              double threshold = List.of(0.25, 0.5, 1.0).get((int) (seed % 3));
              BreakerConfig config =
                  new BreakerConfig(
                      "p",
                      threshold,
                      window,
                      minCalls,
                      Duration.ofMinutes(10),
                      probes,
                      BreakerConfig.OpenAction.FAIL);
              BreakerRegistry registry = BreakerRegistry.of(config, PolicyState.inMemory());
              String sig = "s";
              Instant now = Fixtures.T0;
              int throughSinceOpen = 0;
              int attempt = 0;
              Instant lastOpenedAt = null;
              for (int op : ops) {
                BreakerState before = registry.state(sig, now);
                switch (op) {
                  case 0 -> {
                    boolean granted = registry.tryAcquireLaunch(sig, now);
                    if (before.state() == BreakerState.State.OPEN) {
                      assertThat(granted).isFalse();
                    }
                    if (granted && before.state() != BreakerState.State.CLOSED) {
                      throughSinceOpen++;
                      probesGranted[0]++;
                    }
                  }
                  case 1 -> registry.recordFailure(sig, 1, 1, ++attempt, now);
                  case 2 -> registry.recordSuccess(sig, 1, 1, ++attempt, now);
                  case 3 -> now = now.plus(Duration.ofMinutes(seed % 7 + attempt % 5));
                  default -> {
                    if (before.state() == BreakerState.State.HALF_OPEN
                        && before.probesIssued() > 0) {
                      throughSinceOpen--;
                    }
                    registry.releaseLaunch(sig);
                  }
                }
                BreakerState after = registry.state(sig, now);
                if (after.state() == BreakerState.State.CLOSED
                    || (after.openedAt() != null && !after.openedAt().equals(lastOpenedAt))) {
                  throughSinceOpen = 0;
                  lastOpenedAt = after.openedAt();
                }
                assertThat(throughSinceOpen).isLessThanOrEqualTo(probes);
                assertThat(after.probesIssued()).isLessThanOrEqualTo(probes);
              }
            });
    assertThat(probesGranted[0]).as("the examples reached half-open breakers").isPositive();
  }

  @Test
  void decisionsAreTheSameWhenReplayedAfterARestart() {
    BreakerConfig breaker =
        new BreakerConfig(
            "b",
            0.5,
            4,
            2,
            Duration.ofMinutes(20),
            1,
            BreakerConfig.OpenAction.AWAIT_CLASSIFICATION);
    qt().withExamples(150)
        .forAll(scripts(), budgets(), integers().between(0, 4), longs().between(0, 1000))
        .checkAssert(
            (scripts, budgets, maxRetries, seed) -> {
              RecoveryPolicy inner =
                  RecoveryPolicies.builder()
                      .circuitBreaker(breaker)
                      .backoff(
                          new ExponentialBackoff.Config(
                              Duration.ofSeconds(30), 2.0, 0.5, Duration.ofHours(1), seed))
                      .causeBudgets(budgetMap(budgets))
                      .failureHandlers()
                      .resourceScaling(ResourceScaling.Config.DEFAULT)
                      .pendingFailed(PendingFailedPolicy.Config.DEFAULT)
                      .build();
              List<String> mismatches = new ArrayList<>();
              RecoveryPolicy replaying =
                  (ctx, next) -> {
                    Map<String, Record> before = ctx.state().snapshot();
                    Decision first = inner.decide(ctx, next);
                    Map<String, Record> after = ctx.state().snapshot();
                    // A restarted runner: the same history and the state as stored before.
                    FailureContext restarted =
                        new FailureContext(
                            ctx.usePendingFailed(),
                            ctx.job(),
                            ctx.attempt(),
                            ctx.failure(),
                            ctx.history(),
                            ctx.handler(),
                            ctx.now(),
                            PolicyState.inMemory(before));
                    Decision again = inner.decide(restarted, next);
                    // A runner that died after deciding but before recording the result.
                    Decision replayed = inner.decide(ctx, next);
                    if (!first.equals(again) || !first.equals(replayed)) {
                      mismatches.add(first + " / " + again + " / " + replayed);
                    }
                    if (!ctx.state().snapshot().equals(after)
                        || !restarted.state().snapshot().equals(after)) {
                      mismatches.add("state differs after replaying " + first);
                    }
                    return first;
                  };
              SimulationReport once =
                  simulate(replaying, scripts, maxRetries).launchGate(breaker).build().run();
              SimulationReport twice =
                  simulate(inner, scripts, maxRetries).launchGate(breaker).build().run();
              assertThat(mismatches).isEmpty();
              assertThat(twice).isEqualTo(once);
            });
  }
}
