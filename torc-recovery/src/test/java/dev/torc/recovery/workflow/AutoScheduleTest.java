package dev.torc.recovery.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AutoScheduleTest {
  /** A clock the test moves by hand. */
  private static final class FakeClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final FakeClock clock = new FakeClock();
  private final AutoSchedule auto =
      new AutoSchedule(
          AutoSchedule.DEFAULT_THRESHOLD,
          AutoSchedule.DEFAULT_COOLDOWN,
          AutoSchedule.DEFAULT_STRANDED_TIMEOUT,
          clock);

  @Test
  void noLiveAllocationAndReadyJobsSubmitsAtOnceEvenRightAfterASubmission() {
    assertThat(auto.shouldSubmit(0, 1, 0)).isTrue();
    assertThat(auto.shouldSubmit(0, 1, 0)).isTrue();
  }

  @Test
  void nothingReadyNeverSubmits() {
    assertThat(auto.shouldSubmit(0, 0, 0)).isFalse();
    clock.advance(Duration.ofHours(10));
    assertThat(auto.shouldSubmit(1, 0, 0)).isFalse();
  }

  @Test
  void withLiveAllocationsOnlyMoreRetriedJobsThanTheThresholdSubmit() {
    assertThat(auto.shouldSubmit(1, 20, 5)).isFalse();
    assertThat(auto.shouldSubmit(1, 20, 6)).isTrue();
  }

  @Test
  void withLiveAllocationsSubmissionsAreAtMostOncePerCooldown() {
    assertThat(auto.shouldSubmit(1, 20, 6)).isTrue();
    clock.advance(Duration.ofSeconds(1799));
    assertThat(auto.shouldSubmit(1, 20, 6)).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(auto.shouldSubmit(1, 20, 6)).isTrue();
  }

  @Test
  void retriedJobsBelowTheThresholdAreScheduledOnceStranded() {
    assertThat(auto.shouldSubmit(1, 3, 2)).isFalse();
    clock.advance(Duration.ofSeconds(7199));
    assertThat(auto.shouldSubmit(1, 3, 2)).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(auto.shouldSubmit(1, 3, 2)).isTrue();
    // The wait starts over after the submission.
    clock.advance(Duration.ofSeconds(3600));
    assertThat(auto.shouldSubmit(1, 3, 2)).isFalse();
  }

  @Test
  void theStrandedWaitStartsOverWhenNoRetriedJobWaits() {
    auto.shouldSubmit(1, 3, 2);
    clock.advance(Duration.ofSeconds(7000));
    auto.shouldSubmit(1, 3, 0);
    clock.advance(Duration.ofSeconds(7000));
    assertThat(auto.shouldSubmit(1, 3, 2)).isFalse();
  }

  @Test
  void aZeroStrandedTimeoutDisablesIt() {
    AutoSchedule never = new AutoSchedule(5, Duration.ofSeconds(1800), Duration.ZERO, clock);
    assertThat(never.shouldSubmit(1, 3, 2)).isFalse();
    clock.advance(Duration.ofDays(30));
    assertThat(never.shouldSubmit(1, 3, 2)).isFalse();
  }

  @Test
  void negativeSettingsAreRefused() {
    assertThatThrownBy(() -> new AutoSchedule(-1, Duration.ZERO, Duration.ZERO, clock))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AutoSchedule(1, Duration.ofSeconds(-1), Duration.ZERO, clock))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
