package dev.torc.recovery.breaker;

import dev.torc.recovery.internal.BreakerNotices;
import dev.torc.recovery.policy.PolicyState;
import dev.torc.run.JobListener;
import dev.torc.run.LaunchGate;
import dev.torc.store.FailureInfo;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import dev.torc.store.WorkflowStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's {@link LaunchGate} for the circuit breakers of a {@link SignatureCircuitBreaker}: a
 * job whose last failure (its latest failure record of the current run) had a signature whose
 * breaker is open is held until the breaker's wait ends. A half-open breaker lets {@link
 * BreakerConfig#probes()} jobs through; others are held for another wait, or until the breaker
 * closes. A probe whose attempt was lost (its runner died) may launch again as the same probe. When
 * an attempt of a job with the signature completes, the breaker counts a success; when that closes
 * it, the held jobs are released at once. A failed probe re-opens the breaker ({@link
 * SignatureCircuitBreaker} records the failure), and the held jobs wait for the new window.
 *
 * <p>All its state is in the {@link PolicyState} and the store's holds, so it survives restarts.
 */
public final class BreakerLaunchGate implements LaunchGate {
  private static final Logger LOG = LoggerFactory.getLogger(BreakerLaunchGate.class);
  private static final String PREFIX = "breaker-launches/";

  /** Where the gate learns a job's last failure signature and releases held jobs. */
  public interface Jobs {
    /**
     * The signature of the job's latest failed attempt before the current one, or null.
     *
     * @param job the job
     * @return the signature of the job's latest failed attempt before the current one, or null
     */
    String lastSignature(JobRecord job);

    /**
     * Makes a held job claimable at once; a job that is no longer held is left alone.
     *
     * @param jobId the job
     * @param reason why, in words
     */
    void release(long jobId, String reason);
  }

  private final BreakerRegistry registry;
  private final PolicyState state;
  private final Jobs jobs;
  private final BreakerNotices notices;

  private BreakerLaunchGate(
      BreakerRegistry registry, PolicyState state, Jobs jobs, JobListener listener) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.state = Objects.requireNonNull(state, "state");
    this.jobs = Objects.requireNonNull(jobs, "jobs");
    this.notices = new BreakerNotices(registry, listener);
  }

  /**
   * A gate over these breakers, learning about jobs from {@code jobs}.
   *
   * @param config the breakers' configuration
   * @param state where the breakers live
   * @param jobs where the gate learns signatures and releases held jobs
   * @return the gate
   */
  public static BreakerLaunchGate of(BreakerConfig config, PolicyState state, Jobs jobs) {
    return of(config, state, jobs, JobListener.NONE);
  }

  /**
   * A gate over these breakers, telling {@code listener} when one goes half-open or closes.
   *
   * @param config the breakers' configuration
   * @param state where the breakers live
   * @param jobs where the gate learns signatures and releases held jobs
   * @param listener told of the breakers' transitions
   * @return the gate
   */
  public static BreakerLaunchGate of(
      BreakerConfig config, PolicyState state, Jobs jobs, JobListener listener) {
    return new BreakerLaunchGate(BreakerRegistry.of(config, state), state, jobs, listener);
  }

  /**
   * A gate over these breakers for a workflow of this store.
   *
   * @param config the breakers' configuration
   * @param state where the breakers live
   * @param store the store
   * @param workflowId the workflow
   * @param listener told of the breakers' transitions
   * @return the gate
   */
  public static BreakerLaunchGate of(
      BreakerConfig config,
      PolicyState state,
      WorkflowStore store,
      long workflowId,
      JobListener listener) {
    return of(config, state, new StoreJobs(store, workflowId), listener);
  }

  /**
   * A gate over these breakers for a workflow of this store.
   *
   * @param config the breakers' configuration
   * @param state where the breakers live
   * @param store the store
   * @param workflowId the workflow
   * @return the gate
   */
  public static BreakerLaunchGate of(
      BreakerConfig config, PolicyState state, WorkflowStore store, long workflowId) {
    return of(config, state, store, workflowId, JobListener.NONE);
  }

  /**
   * The registry of the breakers this gate consults.
   *
   * @return the registry of the breakers this gate consults
   */
  public BreakerRegistry registry() {
    return registry;
  }

  @Override
  public Admission admit(JobRecord job, Instant now) {
    String signature = jobs.lastSignature(job);
    if (signature == null) {
      return Admission.GRANTED;
    }
    Map<String, BreakerState.State> was = notices.before(List.of(signature));
    Admission admission = admit(job, signature, now);
    notices.after(was, now);
    return admission;
  }

  private Admission admit(JobRecord job, String signature, Instant now) {
    BreakerState before = registry.state(signature, now);
    if (before.state() == BreakerState.State.HALF_OPEN
        && launches(signature).isProbe(job.id(), before.openedAt())) {
      LOG.info("job {} ({}) launches again as the breaker's probe", job.id(), job.name());
      return Admission.GRANTED;
    }
    if (registry.tryAcquireLaunch(signature, now)) {
      BreakerState after = registry.state(signature, now);
      if (after.state() == BreakerState.State.HALF_OPEN) {
        update(signature, l -> l.withProbe(job.id(), after.openedAt()));
        LOG.info(
            "circuit breaker for '{}' is half-open: job {} ({}) launches as a probe",
            signature,
            job.id(),
            job.name());
      }
      return Admission.GRANTED;
    }
    update(signature, l -> l.withHeld(job.id()));
    BreakerState held = registry.state(signature, now);
    Instant until =
        registry
            .nextLaunchTime(signature, now)
            .filter(t -> t.isAfter(now))
            .orElse(now.plus(registry.config().waitInOpen()));
    return Admission.hold(
        until,
        "circuit breaker "
            + (held.state() == BreakerState.State.OPEN
                ? "open"
                : "half-open with its probe running")
            + " for failures like '"
            + signature
            + "'");
  }

  @Override
  public void completed(JobRecord job, JobResult result, Instant now) {
    String signature = jobs.lastSignature(job);
    if (signature == null) {
      return;
    }
    Map<String, BreakerState.State> was = notices.before(List.of(signature));
    BreakerState.State before = registry.state(signature, now).state();
    BreakerState after =
        registry.recordSuccess(signature, job.id(), result.runId(), result.attemptId(), now);
    notices.after(was, now);
    if (before == BreakerState.State.CLOSED || after.state() != BreakerState.State.CLOSED) {
      return;
    }
    List<Long> held = launches(signature).heldJobs();
    LOG.info(
        "circuit breaker for '{}' closed after job {} ({}) attempt {} succeeded; releasing {} held"
            + " jobs",
        signature,
        job.id(),
        job.name(),
        result.attemptId(),
        held.size());
    String reason =
        "circuit breaker for failures like '"
            + signature
            + "' closed: job "
            + job.name()
            + " attempt "
            + result.attemptId()
            + " succeeded";
    for (long id : held) {
      jobs.release(id, reason);
    }
    state.update(key(signature), BreakerLaunches.class, current -> BreakerLaunches.NONE);
  }

  private BreakerLaunches launches(String signature) {
    return state.get(key(signature), BreakerLaunches.class).orElse(BreakerLaunches.NONE);
  }

  private void update(String signature, java.util.function.UnaryOperator<BreakerLaunches> change) {
    state.update(
        key(signature),
        BreakerLaunches.class,
        current -> change.apply(current.orElse(BreakerLaunches.NONE)));
  }

  private String key(String signature) {
    return PREFIX + registry.config().name() + "/" + signature;
  }

  /** Signatures from the store's failure records; releases through the store's holds. */
  private record StoreJobs(WorkflowStore store, long workflowId) implements Jobs {
    @Override
    public String lastSignature(JobRecord job) {
      if (job.attemptId() <= 1) {
        return null;
      }
      int runId = store.getWorkflow(workflowId).runId();
      return store.listFailureRecords(workflowId).stream()
          .filter(
              f -> f.jobId() == job.id() && f.runId() == runId && f.attemptId() < job.attemptId())
          .max(Comparator.comparingInt(FailureInfo::attemptId))
          .map(FailureInfo::signature)
          .orElse(null);
    }

    @Override
    public void release(long jobId, String reason) {
      try {
        store.holdJob(jobId, null, reason);
      } catch (RuntimeException e) {
        // It was claimed, reset or canceled meanwhile: nothing to release.
        LOG.debug("not releasing job {}: {}", jobId, e.getMessage());
      }
    }
  }
}
