package dev.torc.recovery.internal;

import java.util.SplittableRandom;

/** Deterministic pseudo-random fractions keyed by a seed and an attempt. */
public final class Jitter {
  private Jitter() {}

  /** A fraction in [0, 1) that depends only on the arguments. */
  public static double fraction(long seed, long jobId, int runId, int attemptId) {
    long key = seed;
    key = key * 0x9E3779B97F4A7C15L + jobId;
    key = key * 0x9E3779B97F4A7C15L + runId;
    key = key * 0x9E3779B97F4A7C15L + attemptId;
    return new SplittableRandom(key).nextDouble();
  }
}
