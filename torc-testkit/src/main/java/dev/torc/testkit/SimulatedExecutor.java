package dev.torc.testkit;

import dev.torc.model.JobStatus;
import dev.torc.model.ResourceRequirements;
import dev.torc.recovery.breaker.BreakerConfig;
import dev.torc.recovery.breaker.BreakerRegistry;
import dev.torc.recovery.breaker.BreakerState;
import dev.torc.recovery.classify.FailureAnalyzer;
import dev.torc.recovery.classify.FailureRecord;
import dev.torc.recovery.policy.FailureContext;
import dev.torc.recovery.policy.PolicyState;
import dev.torc.recovery.policy.RecoveryPolicy;
import dev.torc.run.Decision;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Plays scripted attempts of a few jobs on a {@link VirtualClock} and runs a {@link RecoveryPolicy}
 * after every failed attempt, the way the runner will: it analyzes the failure with a {@link
 * FailureAnalyzer}, passes the job's earlier failures as the history, and honours the decision. A
 * retry starts after its delay (the clock jumps; nothing waits), with the decision's requirements
 * and fallback command; a recovery script succeeds unless {@link Builder#failingRecoveryScript}
 * names it, and then the job fails instead of retrying. Jobs can have fallback commands ({@link
 * Builder#fallbacks}) whose attempts end as {@link Builder#commandOutcomes} says. Jobs run
 * concurrently and without resource limits; all start at the clock's time.
 *
 * <p>With {@link Builder#launchGate}, launches of a job whose last failure had a signature go
 * through that breaker family's {@link BreakerRegistry#tryAcquireLaunch}; a held launch is tried
 * again when the breaker's wait ends or, for a half-open breaker whose probes are out, after the
 * next attempt ends. Successes are reported to the gates, and so are failures (recording is
 * idempotent, so a policy that records them too changes nothing).
 *
 * <p>Not thread-safe; {@link #run()} may be called once.
 */
public final class SimulatedExecutor {

  private final RecoveryPolicy policy;
  private final FailureAnalyzer analyzer;
  private final VirtualClock clock;
  private final PolicyState state;
  private final boolean usePendingFailed;
  private final List<BreakerRegistry> gates;
  private final int maxAttemptsPerJob;
  private final List<SimulatedJob> jobs;
  private final Map<String, List<String>> fallbacks;
  private final Map<String, List<Outcome>> commandOutcomes;
  private final Set<String> failingScripts;
  private boolean ran;

  private SimulatedExecutor(Builder b) {
    this.policy = Objects.requireNonNull(b.policy, "policy");
    this.analyzer = b.analyzer;
    this.clock = b.clock;
    this.state = b.state;
    this.usePendingFailed = b.usePendingFailed;
    this.gates = b.gates.stream().map(c -> BreakerRegistry.of(c, b.state)).toList();
    this.maxAttemptsPerJob = b.maxAttemptsPerJob;
    this.jobs = List.copyOf(b.jobs);
    this.fallbacks = Map.copyOf(b.fallbacks);
    this.commandOutcomes = Map.copyOf(b.commandOutcomes);
    this.failingScripts = Set.copyOf(b.failingScripts);
    Set<String> names = new HashSet<>();
    for (SimulatedJob job : jobs) {
      if (!names.add(job.name())) {
        throw new IllegalArgumentException("two simulated jobs are named " + job.name());
      }
    }
  }

  /**
   * Starts a simulation of a policy.
   *
   * @param policy the policy
   * @return the builder
   */
  public static Builder builder(RecoveryPolicy policy) {
    return new Builder(policy);
  }

  /**
   * The simulation's clock.
   *
   * @return the simulation's clock
   */
  public VirtualClock clock() {
    return clock;
  }

  /**
   * The policy state the simulation uses.
   *
   * @return the policy state the simulation uses
   */
  public PolicyState state() {
    return state;
  }

  private static final int RUN_ID = 1;
  private static final long WORKFLOW_ID = 1;

  private enum Kind {
    LAUNCH,
    COMPLETE
  }

  private record Event(Instant at, long seq, Kind kind, int job) implements Comparable<Event> {
    @Override
    public int compareTo(Event o) {
      int c = at.compareTo(o.at);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  private static final class Live {
    final SimulatedJob spec;
    final long id;
    int attemptId = 1;
    ResourceRequirements requirements;
    String command;
    Instant start;
    boolean probe;
    final List<FailureRecord> history = new ArrayList<>();
    final Map<String, Integer> commandRuns = new HashMap<>();
    Outcome outcome;
    String lastSignature;
    JobStatus status;

    Live(SimulatedJob spec, long id) {
      this.spec = spec;
      this.id = id;
      this.requirements = spec.requirements();
      this.command = spec.command();
    }
  }

  private final PriorityQueue<Event> queue = new PriorityQueue<>();
  private long seq;

  private void schedule(Instant at, Kind kind, int job) {
    queue.add(new Event(at, seq++, kind, job));
  }

  /**
   * Runs every job to completed, failed or pending_failed and reports what happened.
   *
   * @return the report
   */
  public SimulationReport run() {
    if (ran) {
      throw new IllegalStateException("a simulation runs once");
    }
    ran = true;
    List<Live> live = new ArrayList<>();
    for (int i = 0; i < jobs.size(); i++) {
      live.add(new Live(jobs.get(i), i + 1));
      schedule(clock.instant(), Kind.LAUNCH, i);
    }
    List<SimulationReport.Attempt> attempts = new ArrayList<>();
    List<SimulationReport.Hold> holds = new ArrayList<>();
    List<Integer> awaitingOutcome = new ArrayList<>();
    while (!queue.isEmpty()) {
      Event e = queue.poll();
      clock.advanceTo(e.at());
      Live job = live.get(e.job());
      if (e.kind() == Kind.LAUNCH) {
        launch(job, e.job(), holds, awaitingOutcome);
      } else {
        attempts.add(complete(job, e.job()));
        for (int waiting : awaitingOutcome) {
          schedule(clock.instant(), Kind.LAUNCH, waiting);
        }
        awaitingOutcome.clear();
      }
    }
    if (!awaitingOutcome.isEmpty()) {
      throw new IllegalStateException("jobs held by a half-open breaker with no probe running");
    }
    Map<String, JobStatus> finals = new LinkedHashMap<>();
    live.forEach(j -> finals.put(j.spec.name(), j.status));
    return new SimulationReport(attempts, holds, finals, clock.instant());
  }

  private void launch(
      Live job, int index, List<SimulationReport.Hold> holds, List<Integer> awaitingOutcome) {
    Instant now = clock.instant();
    boolean probe = false;
    for (int g = 0; g < gates.size(); g++) {
      BreakerRegistry gate = gates.get(g);
      boolean halfOpen =
          job.lastSignature != null
              && gate.state(job.lastSignature, now).state() == BreakerState.State.HALF_OPEN;
      if (!gate.tryAcquireLaunch(job.lastSignature, now)) {
        for (int r = 0; r < g; r++) {
          gates.get(r).releaseLaunch(job.lastSignature);
        }
        holds.add(
            new SimulationReport.Hold(
                job.spec.name(), job.attemptId, now, job.lastSignature, gate.config().name()));
        gate.nextLaunchTime(job.lastSignature, now)
            .ifPresentOrElse(
                at -> schedule(at, Kind.LAUNCH, index), () -> awaitingOutcome.add(index));
        return;
      }
      probe |= halfOpen;
    }
    job.start = now;
    job.probe = probe;
    job.outcome = outcome(job);
    schedule(now.plus(runtime(job, job.outcome)), Kind.COMPLETE, index);
  }

  /**
   * The outcome of the attempt about to start: the next of its command's outcomes when the command
   * has its own, else the job's scripted outcome for the attempt.
   */
  private Outcome outcome(Live job) {
    List<Outcome> byCommand = commandOutcomes.get(job.command);
    if (byCommand == null) {
      return job.spec.outcome(job.attemptId);
    }
    int run = job.commandRuns.merge(job.command, 1, Integer::sum);
    return byCommand.get(Math.min(run, byCommand.size()) - 1);
  }

  private static Duration runtime(Live job, Outcome outcome) {
    if (outcome.runtime() != null) {
      return outcome.runtime();
    }
    return outcome.isTimeout() ? job.requirements.runtime() : Outcome.DEFAULT_RUNTIME;
  }

  private SimulationReport.Attempt complete(Live job, int index) {
    Instant now = clock.instant();
    Outcome outcome = job.outcome;
    Duration ran = Duration.between(job.start, now);
    JobStatus status =
        outcome.succeeded()
            ? JobStatus.COMPLETED
            : outcome.isTimeout() ? JobStatus.TERMINATED : JobStatus.FAILED;
    JobResult result =
        new JobResult(
            job.id,
            WORKFLOW_ID,
            RUN_ID,
            job.attemptId,
            outcome.exitCode(),
            status,
            ran.toMillis() / 60_000.0,
            now,
            outcome.peakMemoryBytes(),
            outcome.peakMemoryBytes(),
            null,
            null);
    JobRecord record = record(job);
    if (outcome.succeeded()) {
      for (BreakerRegistry gate : gates) {
        gate.recordSuccess(job.lastSignature, job.id, RUN_ID, job.attemptId, now);
      }
      job.status = JobStatus.COMPLETED;
      return attempt(job, outcome, null, null);
    }
    FailureRecord failure =
        analyzer.analyze(record, result, outcome.stderr(), outcome.slurmState());
    FailureContext context =
        FailureContext.builder(record, result, failure)
            .usePendingFailed(usePendingFailed)
            .history(job.history)
            .handler(job.spec.handler())
            .now(now)
            .state(state)
            .build();
    Decision decision = policy.decide(context);
    for (BreakerRegistry gate : gates) {
      if (job.lastSignature != null && !job.lastSignature.equals(failure.signature())) {
        gate.recordSuccess(job.lastSignature, job.id, RUN_ID, job.attemptId, now);
      }
      gate.recordFailure(failure.signature(), job.id, RUN_ID, job.attemptId, now);
    }
    SimulationReport.Attempt done = attempt(job, outcome, failure, decision);
    job.history.add(failure);
    job.lastSignature = failure.signature();
    if (decision instanceof Decision.Retry retry
        && retry.recoveryScript() != null
        && failingScripts.contains(retry.recoveryScript())) {
      // As the runner does when a recovery script fails: the retry does not happen.
      job.status = JobStatus.FAILED;
    } else if (decision instanceof Decision.Retry retry) {
      if (job.attemptId >= maxAttemptsPerJob) {
        throw new IllegalStateException(
            "job " + job.spec.name() + " reached " + maxAttemptsPerJob + " attempts");
      }
      job.attemptId++;
      if (retry.newRequirements() != null) {
        job.requirements = retry.newRequirements();
      }
      if (retry.fallbackCommand() != null) {
        job.command = retry.fallbackCommand();
      }
      schedule(now.plus(retry.delay()), Kind.LAUNCH, index);
    } else {
      job.status =
          decision.kind() == Decision.Kind.FAIL ? JobStatus.FAILED : JobStatus.PENDING_FAILED;
    }
    return done;
  }

  private SimulationReport.Attempt attempt(
      Live job, Outcome outcome, FailureRecord failure, Decision decision) {
    return new SimulationReport.Attempt(
        job.spec.name(),
        job.id,
        job.attemptId,
        job.start,
        clock.instant(),
        job.command,
        job.requirements,
        job.probe,
        outcome,
        failure,
        decision);
  }

  private JobRecord record(Live job) {
    return new JobRecord(
        job.id,
        WORKFLOW_ID,
        job.spec.name(),
        job.command,
        null,
        JobStatus.RUNNING,
        job.attemptId,
        0,
        job.requirements,
        job.spec.handler() == null ? null : job.spec.handler().name(),
        null,
        true,
        false,
        List.of(),
        List.of(),
        List.of(),
        job.command,
        fallbacks.getOrDefault(job.spec.name(), List.of()));
  }

  /** Configures a simulation; not thread-safe. */
  public static final class Builder {
    private final RecoveryPolicy policy;
    private FailureAnalyzer analyzer = FailureAnalyzer.standard();
    private VirtualClock clock = VirtualClock.create();
    private PolicyState state = PolicyState.inMemory();
    private boolean usePendingFailed;
    private final List<BreakerConfig> gates = new ArrayList<>();
    private int maxAttemptsPerJob = 1_000;
    private final List<SimulatedJob> jobs = new ArrayList<>();
    private final Map<String, List<String>> fallbacks = new HashMap<>();
    private final Map<String, List<Outcome>> commandOutcomes = new HashMap<>();
    private final Set<String> failingScripts = new HashSet<>();

    private Builder(RecoveryPolicy policy) {
      this.policy = policy;
    }

    /**
     * The analyzer of failures; {@link FailureAnalyzer#standard()} by default.
     *
     * @param a classifies the simulated failures
     * @return this builder
     */
    public Builder analyzer(FailureAnalyzer a) {
      this.analyzer = Objects.requireNonNull(a, "analyzer");
      return this;
    }

    /**
     * The clock; a new {@link VirtualClock} by default.
     *
     * @param c the clock
     * @return this builder
     */
    public Builder clock(VirtualClock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /**
     * The policy state; a new in-memory one by default.
     *
     * @param s the state
     * @return this builder
     */
    public Builder state(PolicyState s) {
      this.state = Objects.requireNonNull(s, "state");
      return this;
    }

    /**
     * Whether the simulated workflow uses {@code pending_failed}; false by default.
     *
     * @param use whether to use it
     * @return this builder
     */
    public Builder usePendingFailed(boolean use) {
      this.usePendingFailed = use;
      return this;
    }

    /**
     * Holds launches the way the runner will, with this breaker family.
     *
     * @param config the configuration
     * @return this builder
     */
    public Builder launchGate(BreakerConfig config) {
      gates.add(Objects.requireNonNull(config, "config"));
      return this;
    }

    /**
     * A safety net against policies that never stop retrying; 1000 by default.
     *
     * @param max the largest value
     * @return this builder
     */
    public Builder maxAttemptsPerJob(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("max attempts must be at least 1");
      }
      this.maxAttemptsPerJob = max;
      return this;
    }

    /**
     * Adds a job.
     *
     * @param job the job
     * @return this builder
     */
    public Builder job(SimulatedJob job) {
      jobs.add(Objects.requireNonNull(job, "job"));
      return this;
    }

    /**
     * Adds a job with the default requirements and no handler.
     *
     * @param name the name
     * @param script the outcomes of its attempts, in order
     * @return this builder
     */
    public Builder job(String name, Outcome... script) {
      return job(SimulatedJob.of(name, script));
    }

    /**
     * Gives a job {@code fallback_commands}, as a spec does, for policies such as {@link
     * dev.torc.recovery.policy.JobFallbackPolicy} to retry it with.
     *
     * @param job the job's name
     * @param commands the fallback commands, in order
     * @return this builder
     */
    public Builder fallbacks(String job, String... commands) {
      fallbacks.put(Objects.requireNonNull(job, "job"), List.of(commands));
      return this;
    }

    /**
     * How attempts that run this command end, whatever the job: the first run of it in a job ends
     * with the first outcome, and so on; the last repeats. Attempts of other commands follow their
     * job's script. Use it for fallback commands and for commands of other jobs alike.
     *
     * @param command the command, as a retry's fallback or a job's own
     * @param outcomes the outcomes, at least one
     * @return this builder
     */
    public Builder commandOutcomes(String command, Outcome... outcomes) {
      if (outcomes.length == 0) {
        throw new IllegalArgumentException("a command needs at least one outcome");
      }
      commandOutcomes.put(Objects.requireNonNull(command, "command"), List.of(outcomes));
      return this;
    }

    /**
     * Makes this recovery script fail (other scripts succeed): a retry that runs it fails the job
     * instead, as the runner does.
     *
     * @param script the recovery script, as a failure handler rule gives it
     * @return this builder
     */
    public Builder failingRecoveryScript(String script) {
      failingScripts.add(Objects.requireNonNull(script, "script"));
      return this;
    }

    /**
     * The simulation.
     *
     * @return the simulation
     */
    public SimulatedExecutor build() {
      return new SimulatedExecutor(this);
    }
  }
}
