package dev.torc.recovery;

import dev.torc.recovery.classify.ClassificationRule;
import dev.torc.recovery.classify.FailureAnalyzer;
import dev.torc.recovery.policy.FailureHandlerPolicy;
import dev.torc.recovery.policy.JobFallbackPolicy;
import dev.torc.recovery.policy.PolicyState;
import dev.torc.recovery.policy.RecoveryPolicies;
import dev.torc.recovery.policy.RecoveryPolicy;
import dev.torc.run.Decision;
import dev.torc.run.FailurePolicy;
import dev.torc.run.JobListener;
import dev.torc.run.LaunchGate;
import dev.torc.store.WorkflowStore;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The entry point of recovery from Java: the runner's {@link FailurePolicy} made of recovery
 * policies, outermost first, and the way failures are classified.
 *
 * <pre>{@code
 * FailurePolicy policy =
 *     Recovery.with(
 *             SignatureCircuitBreaker.of(BreakerConfig.DEFAULT), // stops a recurring failure
 *             ExponentialBackoff.builder().initial(Duration.ofSeconds(10)).build(),
 *             Recovery.jobFallbacks(), // each job's fallback_commands
 *             Recovery.failureHandlers()) // the spec's failure_handlers
 *         .classifyWith(ClassificationRule.transientIf("Connection reset"));
 * RunOptions options = RunOptions.builder().failurePolicy(policy).build();
 * }</pre>
 *
 * <p>The first policy runs first and may ask the ones after it: a backoff spaces the retries that
 * the policies after it decide, so it comes before them. A circuit breaker in the chain also holds
 * the launches of jobs that would fail the same way ({@link #launchGate}); it is configured once.
 * Policy state (the breakers) lives in memory, one per {@code Recovery}; give a {@link PolicyState}
 * to keep it elsewhere. Immutable and thread-safe.
 */
public final class Recovery implements FailurePolicy {
  private final RecoveryPolicy chain;
  private final FailureAnalyzer analyzer;
  private final PolicyState state;
  private final Clock clock;
  private final RecoveryFailurePolicy runnerPolicy;

  private Recovery(RecoveryPolicy chain, FailureAnalyzer analyzer, PolicyState state, Clock clock) {
    this.chain = chain;
    this.analyzer = analyzer;
    this.state = state;
    this.clock = clock;
    this.runnerPolicy = RecoveryFailurePolicy.of(chain, analyzer, state, clock);
  }

  /**
   * Recovery by these policies, outermost first, with the built-in classification.
   *
   * @param outermostFirst the policies; the first decides first
   * @return the recovery
   * @throws IllegalStateException when the order can never act (a backoff with nothing after it
   *     that retries)
   */
  public static Recovery with(RecoveryPolicy... outermostFirst) {
    RecoveryPolicies.Builder builder = RecoveryPolicies.builder();
    Arrays.stream(outermostFirst).forEach(builder::policy);
    return new Recovery(
        builder.build(), FailureAnalyzer.standard(), PolicyState.inMemory(), Clock.systemUTC());
  }

  /**
   * The workflow's failure handlers: a matching rule retries the job after its recovery script
   * while its {@code max_retries} allow, and fails it after that.
   *
   * @return the policy
   */
  public static RecoveryPolicy failureHandlers() {
    return FailureHandlerPolicy.create();
  }

  /**
   * Each job's own {@code fallback_commands}, in order; a job without them is left to the policies
   * after this one.
   *
   * @return the policy
   */
  public static RecoveryPolicy jobFallbacks() {
    return JobFallbackPolicy.create();
  }

  /**
   * What {@code torc run} uses: for each workflow, the chain its spec's {@code recovery_policy} and
   * {@code classification_rules} describe, with state kept in the store.
   *
   * @return the runner's policy
   */
  public static FailurePolicy configured() {
    return RecoveryFailurePolicy.configured();
  }

  /**
   * This recovery, classifying failures by these rules before the built-in patterns.
   *
   * @param rules the rules, the first matching one wins
   * @return the changed recovery
   */
  public Recovery classifyWith(ClassificationRule... rules) {
    return classifyWith(List.of(rules));
  }

  /**
   * This recovery, classifying failures by these rules before the built-in patterns.
   *
   * @param rules the rules, the first matching one wins
   * @return the changed recovery
   */
  public Recovery classifyWith(List<ClassificationRule> rules) {
    return classifyWith(FailureAnalyzer.withRules(rules));
  }

  /**
   * This recovery, classifying failures with this analyzer.
   *
   * @param newAnalyzer the analyzer
   * @return the changed recovery
   */
  public Recovery classifyWith(FailureAnalyzer newAnalyzer) {
    return new Recovery(chain, Objects.requireNonNull(newAnalyzer, "analyzer"), state, clock);
  }

  /**
   * This recovery, keeping policy state (such as circuit breakers) in {@code newState}.
   *
   * @param newState where the policies keep state
   * @return the changed recovery
   */
  public Recovery state(PolicyState newState) {
    return new Recovery(chain, analyzer, Objects.requireNonNull(newState, "state"), clock);
  }

  /**
   * This recovery, reading time from {@code newClock}.
   *
   * @param newClock the clock
   * @return the changed recovery
   */
  public Recovery clock(Clock newClock) {
    return new Recovery(chain, analyzer, state, Objects.requireNonNull(newClock, "clock"));
  }

  /**
   * The chain of policies, outermost first.
   *
   * @return the chain
   */
  public RecoveryPolicy policy() {
    return chain;
  }

  /**
   * How failures are classified.
   *
   * @return the analyzer
   */
  public FailureAnalyzer analyzer() {
    return analyzer;
  }

  @Override
  public Decision decide(Failure failure) {
    return runnerPolicy.decide(failure);
  }

  @Override
  public LaunchGate launchGate(WorkflowStore store, long workflowId) {
    return runnerPolicy.launchGate(store, workflowId);
  }

  @Override
  public LaunchGate launchGate(WorkflowStore store, long workflowId, JobListener listener) {
    return runnerPolicy.launchGate(store, workflowId, listener);
  }

  @Override
  public String toString() {
    return "Recovery" + chain;
  }
}
