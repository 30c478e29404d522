package dev.torc.recovery.breaker;

import dev.torc.recovery.policy.PolicyState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which jobs a signature's circuit breaker let through as probes and which it holds, kept in the
 * {@link PolicyState} beside the breaker so that a restarted runner knows them too.
 *
 * @param openedAt the opening of the breaker the probes belong to; probes of an earlier opening no
 *     longer count
 * @param probeJobs the jobs let through as probes since the breaker became half-open
 * @param heldJobs the jobs held since the breaker last closed, released when it closes
 */
public record BreakerLaunches(Instant openedAt, List<Long> probeJobs, List<Long> heldJobs) {
  /** No probes, nothing held. */
  public static final BreakerLaunches NONE = new BreakerLaunches(null, List.of(), List.of());

  /**
   * Copies the lists; {@code null} is none.
   *
   * @param openedAt the opening of the breaker the probes belong to; probes of an earlier opening
   *     no longer count
   * @param probeJobs the jobs let through as probes since the breaker became half-open
   * @param heldJobs the jobs held since the breaker last closed, released when it closes
   */
  public BreakerLaunches {
    probeJobs = probeJobs == null ? List.of() : List.copyOf(probeJobs);
    heldJobs = heldJobs == null ? List.of() : List.copyOf(heldJobs);
  }

  /**
   * Whether the job is a probe of the breaker opened at {@code opened}.
   *
   * @param jobId the job
   * @param opened when the breaker opened
   * @return whether the job is a probe of the breaker opened at {@code opened}
   */
  public boolean isProbe(long jobId, Instant opened) {
    return opened != null && opened.equals(openedAt) && probeJobs.contains(jobId);
  }

  /** With the job as a probe of the breaker opened at {@code opened}, and no longer held. */
  BreakerLaunches withProbe(long jobId, Instant opened) {
    List<Long> probes =
        opened.equals(openedAt) ? new ArrayList<>(probeJobs) : new ArrayList<Long>();
    if (!probes.contains(jobId)) {
      probes.add(jobId);
    }
    List<Long> held = new ArrayList<>(heldJobs);
    held.remove(jobId);
    return new BreakerLaunches(opened, probes, held);
  }

  /** With the job held. */
  BreakerLaunches withHeld(long jobId) {
    List<Long> held = new ArrayList<>(heldJobs);
    if (!held.contains(jobId)) {
      held.add(jobId);
    }
    return new BreakerLaunches(openedAt, probeJobs, held);
  }
}
