package dev.torc.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.torc.recovery.breaker.BreakerConfig;
import dev.torc.recovery.breaker.BreakerLaunchGate;
import dev.torc.recovery.breaker.BreakerRegistry;
import dev.torc.recovery.breaker.BreakerState;
import dev.torc.recovery.policy.PolicyState;
import dev.torc.run.LaunchGate.Admission;
import dev.torc.store.JobRecord;
import dev.torc.testkit.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The runner's launch gate over the circuit breakers, driven on a virtual clock. */
class BreakerLaunchGateTest {
  private static final String SIG = "service-x: Connection refused";
  private static final int JOBS = 4;

  /** Jobs whose last signatures the test sets, and what the gate released. */
  private static final class FakeJobs implements BreakerLaunchGate.Jobs {
    final Map<Long, String> signatures = new HashMap<>();
    final List<Long> released = new ArrayList<>();

    @Override
    public String lastSignature(JobRecord job) {
      return signatures.get(job.id());
    }

    @Override
    public void release(long jobId, String reason) {
      released.add(jobId);
    }
  }

  private static BreakerConfig config(int probes) {
    return new BreakerConfig(
        "gate", 0.5, 4, 2, Duration.ofMinutes(5), probes, BreakerConfig.OpenAction.FAIL);
  }

  @Test
  void whileABreakerIsOpenNoMoreThanItsProbesLaunchAndHeldJobsAreReleasedWhenItCloses() {
    int[] probesSeen = {0};
    int[] closesSeen = {0};
    qt().withExamples(300)
        .forAll(
            lists().of(integers().between(0, 5 * JOBS - 1)).ofSizeBetween(1, 120),
            integers().between(1, 3))
        .checkAssert(
            (ops, probes) -> {
              VirtualClock clock = VirtualClock.create();
              PolicyState state = PolicyState.inMemory();
              FakeJobs jobs = new FakeJobs();
              BreakerLaunchGate gate = BreakerLaunchGate.of(config(probes), state, jobs);
              BreakerRegistry registry = gate.registry();
              int[] attempts = new int[JOBS + 1];
              Set<Long> running = new HashSet<>();
              Set<Long> probesThisOpening = new HashSet<>();
              Set<Long> heldSinceClose = new HashSet<>();
              Instant opening = null;
              for (int op : ops) {
                long j = 1 + op % JOBS;
                Instant now = clock.instant();
                BreakerState before = registry.state(SIG, now);
                switch (op / JOBS) {
                  case 0 -> {
                    if (running.contains(j)) {
                      continue;
                    }
                    Admission admission = gate.admit(Fixtures.job(j, null), now);
                    boolean gated = SIG.equals(jobs.signatures.get(j));
                    if (admission.granted()) {
                      running.add(j);
                      heldSinceClose.remove(j);
                      if (gated && before.state() != BreakerState.State.CLOSED) {
                        probesThisOpening.add(j);
                      }
                    } else {
                      assertThat(admission.notBefore()).isAfter(now);
                      heldSinceClose.add(j);
                    }
                    if (gated && before.state() == BreakerState.State.OPEN) {
                      assertThat(admission.granted()).as("launched while open").isFalse();
                    }
                  }
                  case 1 -> {
                    // The attempt fails with the signature (SignatureCircuitBreaker records it).
                    if (running.remove(j)) {
                      registry.recordFailure(SIG, j, 1, ++attempts[(int) j], now);
                      jobs.signatures.put(j, SIG);
                    }
                  }
                  case 2 -> {
                    if (running.remove(j)) {
                      jobs.released.clear();
                      gate.completed(
                          Fixtures.job(j, null), Fixtures.result(j, ++attempts[(int) j], 0), now);
                      if (before.state() != BreakerState.State.CLOSED
                          && registry.state(SIG, now).state() == BreakerState.State.CLOSED) {
                        closesSeen[0]++;
                        assertThat(jobs.released)
                            .as("held jobs released")
                            .containsExactlyInAnyOrderElementsOf(heldSinceClose);
                        heldSinceClose.clear();
                      }
                    }
                  }
                  case 3 -> clock.advance(Duration.ofMinutes(1 + op % 4));
                  default -> {
                    // The attempt is lost (its runner died); a lost probe may launch again.
                    if (running.remove(j)) {
                      attempts[(int) j]++;
                      BreakerState s = registry.state(SIG, now);
                      if (probesThisOpening.contains(j)
                          && s.state() == BreakerState.State.HALF_OPEN
                          && s.openedAt().equals(opening)) {
                        assertThat(gate.admit(Fixtures.job(j, null), now).granted())
                            .as("a lost probe launches again")
                            .isTrue();
                        running.add(j);
                      }
                    }
                  }
                }
                BreakerState after = registry.state(SIG, clock.instant());
                if (after.state() == BreakerState.State.CLOSED
                    || (after.openedAt() != null && !after.openedAt().equals(opening))) {
                  probesSeen[0] += probesThisOpening.size();
                  probesThisOpening.clear();
                  opening = after.state() == BreakerState.State.CLOSED ? null : after.openedAt();
                }
                assertThat(probesThisOpening)
                    .as("probes of one opening")
                    .hasSizeLessThanOrEqualTo(probes);
              }
            });
    assertThat(probesSeen[0]).as("the examples let probes through").isPositive();
    assertThat(closesSeen[0]).as("the examples closed breakers").isPositive();
  }

  @Test
  void aJobThatNeverFailedIsNeverHeld() {
    FakeJobs jobs = new FakeJobs();
    BreakerLaunchGate gate = BreakerLaunchGate.of(config(1), PolicyState.inMemory(), jobs);
    for (int attempt = 1; attempt <= 4; attempt++) {
      gate.registry().recordFailure(SIG, 2, 1, attempt, VirtualClock.DEFAULT_START);
    }
    assertThat(gate.registry().state(SIG, VirtualClock.DEFAULT_START).state())
        .isEqualTo(BreakerState.State.OPEN);
    assertThat(gate.admit(Fixtures.job(1, null), VirtualClock.DEFAULT_START).granted()).isTrue();
  }
}
