package dev.torc.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/** A clock that only moves when told to; thread-safe. */
public final class VirtualClock extends Clock {

  /** Where a clock made with {@link #create()} starts: 2025-01-01T00:00:00Z. */
  public static final Instant DEFAULT_START = Instant.parse("2025-01-01T00:00:00Z");

  private volatile Instant now;

  private VirtualClock(Instant start) {
    this.now = Objects.requireNonNull(start, "start");
  }

  /**
   * A clock at {@link #DEFAULT_START}.
   *
   * @return a clock at {@link #DEFAULT_START}
   */
  public static VirtualClock create() {
    return new VirtualClock(DEFAULT_START);
  }

  /**
   * A clock at the given instant.
   *
   * @param start when it starts
   * @return a clock at the given instant
   */
  public static VirtualClock at(Instant start) {
    return new VirtualClock(start);
  }

  /**
   * Moves the clock forward.
   *
   * @param duration how long
   */
  public synchronized void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("a virtual clock does not go back: " + duration);
    }
    now = now.plus(duration);
  }

  /**
   * Moves the clock forward to the instant; an instant in the past leaves it where it is.
   *
   * @param instant the time
   */
  public synchronized void advanceTo(Instant instant) {
    if (instant.isAfter(now)) {
      now = instant;
    }
  }

  @Override
  public Instant instant() {
    return now;
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
  public String toString() {
    return "VirtualClock[" + now + "]";
  }
}
