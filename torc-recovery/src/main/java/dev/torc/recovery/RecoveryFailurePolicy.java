package dev.torc.recovery;

import dev.torc.diagnosis.JobLogs;
import dev.torc.model.FailureHandler;
import dev.torc.model.JobStatus;
import dev.torc.model.RecoveryConfig;
import dev.torc.recovery.breaker.BreakerConfig;
import dev.torc.recovery.breaker.BreakerLaunchGate;
import dev.torc.recovery.breaker.BreakerRegistry;
import dev.torc.recovery.breaker.BreakerState;
import dev.torc.recovery.breaker.SignatureCircuitBreaker;
import dev.torc.recovery.classify.FailedAttempt;
import dev.torc.recovery.classify.FailureAnalyzer;
import dev.torc.recovery.classify.FailureRecord;
import dev.torc.recovery.internal.BreakerNotices;
import dev.torc.recovery.policy.FailureContext;
import dev.torc.recovery.policy.PolicyState;
import dev.torc.recovery.policy.RecoveryConfigs;
import dev.torc.recovery.policy.RecoveryPolicies;
import dev.torc.recovery.policy.RecoveryPolicy;
import dev.torc.recovery.policy.StorePolicyState;
import dev.torc.run.Decision;
import dev.torc.run.FailurePolicy;
import dev.torc.run.JobListener;
import dev.torc.run.LaunchGate;
import dev.torc.store.FailureInfo;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import dev.torc.store.WorkflowStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's {@link FailurePolicy} backed by a {@link RecoveryPolicy} chain: each failed or
 * terminated attempt is analyzed by a {@link FailureAnalyzer} (from the last lines of its standard
 * error and output), put in a {@link FailureContext} with the job's failure handler (looked up in
 * the store by the name the job gives) and the job's earlier failed attempts of the same run (from
 * the store's results, oldest first), and decided by the chain.
 *
 * <p>{@link #configured()} is what {@code torc run} uses: the chain the workflow's stored {@code
 * recovery_policy} and {@code classification_rules} describe ({@link RecoveryConfigs}), which
 * without them is what {@link #standard()} does: the failure handlers alone ({@link
 * RecoveryPolicies#failureHandlersOnly()}), so a matching rule retries the job, after its recovery
 * script, while the failed attempt's id is at most the rule's {@code max_retries}; any other
 * failure goes to {@code pending_failed} when the workflow uses it, else fails.
 *
 * <p>Every decision first stores the attempt's analysis as a failure record ({@link
 * dev.torc.store.WorkflowStore#addFailureRecord}).
 *
 * <p>Policy state lives in memory, one per instance, for {@link #standard()} and {@link #of};
 * {@link #configured()} keeps it in the store. Thread-safe when the chain is.
 */
public final class RecoveryFailurePolicy implements FailurePolicy {
  private static final Logger LOG = LoggerFactory.getLogger(RecoveryFailurePolicy.class);

  /** How many lines of standard error the analyzer reads. */
  public static final int STDERR_TAIL_LINES = 200;

  /** A fixed chain and analyzer, or {@code null} for the ones each workflow's config gives. */
  private final RecoveryPolicy policy;

  private final FailureAnalyzer analyzer;
  private final PolicyState state;
  private final Clock clock;

  /** For a fixed chain, its breaker, whose gate holds launches, or {@code null} for none. */
  private final BreakerConfig gate;

  /** Per workflow id, the chain and analyzer of its stored config, when not fixed. */
  private final Map<Long, Configured> configured = new ConcurrentHashMap<>();

  private record Configured(
      RecoveryPolicy policy, FailureAnalyzer analyzer, PolicyState state, BreakerConfig gate) {}

  private RecoveryFailurePolicy(
      RecoveryPolicy policy,
      FailureAnalyzer analyzer,
      PolicyState state,
      Clock clock,
      BreakerConfig gate) {
    this.policy = policy;
    this.analyzer = analyzer;
    this.state = state;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.gate = gate;
  }

  /**
   * The chain each workflow configures in its spec ({@code classification_rules}, {@code
   * recovery_policy}), read from the store on its first failure; see {@link RecoveryConfigs}. A
   * workflow without either gets what {@link #standard()} does. Policy state, such as circuit
   * breakers, is kept in the store ({@link StorePolicyState}), so it survives a restart.
   *
   * @return the chain each workflow configures in its spec ({@code classification_rules}, {@code
   *     recovery_policy}), read from the store on its first failure; see {@link RecoveryConfigs}
   */
  public static RecoveryFailurePolicy configured() {
    return new RecoveryFailurePolicy(null, null, null, Clock.systemUTC(), null);
  }

  /**
   * {@link #configured()} with the given state and clock.
   *
   * @param state where the policies keep durable state
   * @param clock where time is read
   * @return the runner's policy
   */
  public static RecoveryFailurePolicy configured(PolicyState state, Clock clock) {
    return new RecoveryFailurePolicy(
        null, null, Objects.requireNonNull(state, "state"), clock, null);
  }

  /**
   * The failure handlers alone, with the built-in patterns for the analysis.
   *
   * @return the failure handlers alone, with the built-in patterns for the analysis
   */
  public static RecoveryFailurePolicy standard() {
    return of(RecoveryPolicies.failureHandlersOnly(), FailureAnalyzer.standard());
  }

  /**
   * This chain and analyzer, with state in memory and the system clock.
   *
   * @param policy the policy
   * @param analyzer classifies failed attempts
   * @return this chain and analyzer, with state in memory and the system clock
   */
  public static RecoveryFailurePolicy of(RecoveryPolicy policy, FailureAnalyzer analyzer) {
    return of(policy, analyzer, PolicyState.inMemory(), Clock.systemUTC());
  }

  /**
   * This chain and analyzer with the given state and clock.
   *
   * @param policy the policy
   * @param analyzer classifies failed attempts
   * @param state where the policies keep durable state
   * @param clock where time is read
   * @return this chain and analyzer with the given state and clock
   */
  public static RecoveryFailurePolicy of(
      RecoveryPolicy policy, FailureAnalyzer analyzer, PolicyState state, Clock clock) {
    return new RecoveryFailurePolicy(
        Objects.requireNonNull(policy, "policy"),
        Objects.requireNonNull(analyzer, "analyzer"),
        Objects.requireNonNull(state, "state"),
        clock,
        breakerIn(policy));
  }

  /** The configuration of the first circuit breaker in the chain, or {@code null}. */
  private static BreakerConfig breakerIn(RecoveryPolicy policy) {
    return policy.members().stream()
        .filter(SignatureCircuitBreaker.class::isInstance)
        .map(p -> ((SignatureCircuitBreaker) p).config())
        .findFirst()
        .orElse(null);
  }

  /**
   * The circuit breakers' gate ({@link BreakerLaunchGate}) when the chain has a breaker: the
   * workflow's {@code circuit_breaker} for {@link #configured()}, the first {@link
   * SignatureCircuitBreaker} among the chain's {@link RecoveryPolicy#members()} otherwise; {@link
   * LaunchGate#NONE} without one. A breaker in the chain thus gates launches because it is there.
   */
  @Override
  public LaunchGate launchGate(WorkflowStore store, long workflowId) {
    return launchGate(store, workflowId, JobListener.NONE);
  }

  /**
   * {@link #launchGate(WorkflowStore, long)}, telling {@code listener} when a breaker goes
   * half-open or closes as the gate admits jobs and counts their successes.
   */
  @Override
  public LaunchGate launchGate(WorkflowStore store, long workflowId, JobListener listener) {
    Configured chosen = chosen(store, workflowId);
    if (chosen.gate() == null) {
      return LaunchGate.NONE;
    }
    return BreakerLaunchGate.of(chosen.gate(), chosen.state(), store, workflowId, listener);
  }

  @Override
  public Decision decide(Failure failure) {
    Configured chosen = chosen(failure);
    FailureContext context = context(failure, chosen);
    keep(failure, context.failure());
    if (chosen.gate() == null) {
      return chosen.policy().decide(context);
    }
    BreakerNotices notices =
        new BreakerNotices(BreakerRegistry.of(chosen.gate(), chosen.state()), failure.listener());
    List<String> signatures = new ArrayList<>();
    signatures.add(context.failure().signature());
    if (!context.history().isEmpty()) {
      signatures.add(context.history().get(context.history().size() - 1).signature());
    }
    Map<String, BreakerState.State> before = notices.before(signatures);
    Decision decision = chosen.policy().decide(context);
    notices.after(before, context.now());
    return decision;
  }

  /** Stores the analysis of the attempt; a store that cannot keep it does not stop the decision. */
  private static void keep(Failure failure, FailureRecord r) {
    try {
      failure.store().addFailureRecord(toInfo(failure.job().workflowId(), r));
    } catch (RuntimeException e) {
      LOG.warn("cannot store the failure record of job {}: {}", r.jobId(), e.getMessage());
    }
  }

  /**
   * The store's form of a failure record.
   *
   * @param workflowId the workflow
   * @param r the failure record
   * @return the store's form of a failure record
   */
  public static FailureInfo toInfo(long workflowId, FailureRecord r) {
    return new FailureInfo(
        workflowId,
        r.jobId(),
        r.runId(),
        r.attemptId(),
        r.cause().label(),
        r.signature(),
        r.evidence(),
        r.confidence(),
        r.exitCode(),
        r.signal(),
        r.peakMemoryBytes(),
        r.memoryLimitBytes(),
        r.runtime() == null ? null : r.runtime().toMillis() / 1000.0,
        r.runtimeLimit() == null ? null : r.runtimeLimit().toMillis() / 1000.0,
        r.slurmState());
  }

  private Configured chosen(Failure failure) {
    return chosen(failure.store(), failure.job().workflowId());
  }

  private Configured chosen(WorkflowStore store, long workflowId) {
    if (policy != null) {
      return new Configured(policy, analyzer, state, gate);
    }
    return configured.computeIfAbsent(
        workflowId,
        id -> {
          RecoveryConfig config = store.getRecoveryConfig(id);
          if (config == null) {
            config = RecoveryConfig.NONE;
          }
          return new Configured(
              RecoveryConfigs.chain(config),
              RecoveryConfigs.analyzer(config),
              state != null ? state : StorePolicyState.of(store, id),
              config.circuitBreaker() == null
                  ? null
                  : RecoveryConfigs.breaker(config.circuitBreaker()));
        });
  }

  /**
   * The context the chain decides on.
   *
   * @param failure the failure
   * @return the context the chain decides on
   */
  public FailureContext context(Failure failure) {
    return context(failure, chosen(failure));
  }

  private FailureContext context(Failure failure, Configured chosen) {
    FailureAnalyzer analyzer = chosen.analyzer();
    JobRecord job = failure.job();
    JobResult result = failure.result();
    FailureRecord analysis = analyze(analyzer, job, result, failure);
    List<FailureRecord> history = new ArrayList<>();
    for (JobResult earlier : failure.store().listJobResults(job.id())) {
      if (earlier.runId() == result.runId()
          && earlier.attemptId() < result.attemptId()
          && earlier.status() != JobStatus.COMPLETED) {
        history.add(analyze(analyzer, job, earlier, failure));
      }
    }
    FailureHandler handler = null;
    if (job.failureHandler() != null) {
      handler =
          failure.store().listFailureHandlers(job.workflowId()).stream()
              .filter(h -> h.name().equals(job.failureHandler()))
              .findFirst()
              .orElse(null);
      if (handler == null) {
        LOG.warn(
            "job {} ({}) names failure handler {}, which the workflow does not have",
            job.id(),
            job.name(),
            job.failureHandler());
      }
    }
    return FailureContext.builder(job, result, analysis)
        .workflow(failure.workflow())
        .history(history)
        .handler(handler)
        .now(clock.instant())
        .state(chosen.state())
        .build();
  }

  private static FailureRecord analyze(
      FailureAnalyzer analyzer, JobRecord job, JobResult result, Failure failure) {
    return analyzer.analyze(readLogs(job, result, failure.outputDir()));
  }

  /**
   * The failed attempt with the last {@value #STDERR_TAIL_LINES} lines of its standard error and
   * output, read from the runner's output directory; a missing log reads as empty.
   *
   * @param job the job
   * @param result the attempt's result
   * @param outputDir the runner's output directory, where the attempts' logs are
   * @return the failed attempt with the last {@value #STDERR_TAIL_LINES} lines of its standard
   *     error and output, read from the runner's output directory; a missing log reads as empty
   */
  public static FailedAttempt readLogs(JobRecord job, JobResult result, Path outputDir) {
    long wf = result.workflowId();
    return FailedAttempt.of(
        job,
        result,
        tail(JobLogs.stderrPath(outputDir, wf, job.id(), result.runId(), result.attemptId())),
        tail(JobLogs.stdoutPath(outputDir, wf, job.id(), result.runId(), result.attemptId())));
  }

  private static String tail(Path log) {
    if (!Files.isRegularFile(log)) {
      return "";
    }
    try {
      return JobLogs.tail(log, STDERR_TAIL_LINES);
    } catch (IOException e) {
      LOG.debug("cannot read {}: {}", log, e.getMessage());
      return "";
    }
  }

  @Override
  public String toString() {
    return "RecoveryFailurePolicy[" + (policy == null ? "configured per workflow" : policy) + "]";
  }
}
