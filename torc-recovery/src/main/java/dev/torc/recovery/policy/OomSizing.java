package dev.torc.recovery.policy;

import dev.torc.model.Memory;
import java.util.Objects;

/**
 * How much memory a job killed at its memory limit asks for next, and what it asks for once it has
 * run to its end, so that a job needing several times its request is fixed by one resize.
 *
 * <p>The peak measured when a job is killed at its limit is about the limit, not the job's need:
 * sizing from it grows the request by the multiplier per pass, and a job needing 3× its request
 * takes two or three passes. So the first retry after a memory kill runs with headroom: its request
 * is {@code headroomFactor} times the failed request (never past what the machine or partition
 * offers, never below the multiplier's answer), while the limit still stops a true runaway there.
 * Once that retry completes, its measured peak is the job's real need, and the job's requirement
 * becomes that peak times {@code margin} ({@link #rightSize}). A job killed again although it ran
 * with headroom grows by the multiplier as before.
 *
 * <p>The decision depends only on requests, measured peaks and limits, not on where the job ran, so
 * a Slurm executor can size its allocations the same way. Immutable.
 *
 * @param headroomFactor the first retry's request over the failed one, at least 1; 1 turns headroom
 *     off
 * @param margin the requirement after a completed retry over its measured peak, at least 1
 */
public record OomSizing(double headroomFactor, double margin) {

  /** Headroom of 6× the request (needs of up to 4× fit with room for sampling), margin 1.2. */
  public static final OomSizing DEFAULT = new OomSizing(6.0, 1.2);

  /** No headroom: every memory kill grows the request by the multiplier alone. */
  public static final OomSizing OFF = new OomSizing(1.0, 1.2);

  private static final long GIB = 1L << 30;

  /**
   * Checks the factors.
   *
   * @param headroomFactor the first retry's request over the failed one, at least 1; 1 turns
   *     headroom off
   * @param margin the requirement after a completed retry over its measured peak, at least 1
   */
  public OomSizing {
    if (!(headroomFactor >= 1.0) || Double.isInfinite(headroomFactor)) {
      throw new IllegalArgumentException(
          "headroom factor must be at least 1, was " + headroomFactor);
    }
    if (!(margin >= 1.0) || Double.isInfinite(margin)) {
      throw new IllegalArgumentException("margin must be at least 1, was " + margin);
    }
  }

  /**
   * Whether a first retry after a memory kill runs with headroom.
   *
   * @return whether a first retry after a memory kill runs with headroom
   */
  public boolean headroom() {
    return headroomFactor > 1.0;
  }

  /**
   * The memory of the retry after a memory kill.
   *
   * @param requested what the killed attempt requested
   * @param peakBytes the killed attempt's measured peak, or {@code null} when not sampled
   * @param multiplier the growth without headroom, above 1 ({@link Resizing#memory})
   * @param ranWithHeadroom whether the job already had its headroom retry
   * @param maxBytes the most the job may request, or {@code null} for no limit
   * @return the memory of the retry after a memory kill
   */
  public Memory retry(
      Memory requested, Long peakBytes, double multiplier, boolean ranWithHeadroom, Long maxBytes) {
    Memory grown = Resizing.memory(requested, peakBytes, multiplier);
    if (!headroom() || ranWithHeadroom) {
      return grown;
    }
    long wanted = rounded(Math.ceil(requested.bytes() * headroomFactor)).bytes();
    long bounded = maxBytes == null ? wanted : Math.min(wanted, maxBytes);
    return bounded > grown.bytes() ? rounded(bounded, maxBytes) : grown;
  }

  /**
   * The requirement of a job after its retry with headroom completed: its measured peak times the
   * margin, rounded up to a whole unit, and no more than what the retry ran with. A peak that does
   * not pass the request the job was killed at was not measured right (the samples missed it), so
   * then the job keeps what the retry ran with.
   *
   * @param killed the request the job was killed at
   * @param ranWith the request of the attempt that completed
   * @param peakBytes that attempt's measured peak
   * @return the requirement of a job after its retry with headroom completed: its measured peak
   *     times the margin, rounded up to a whole unit, and no more than what the retry ran with
   */
  public Memory rightSize(Memory killed, Memory ranWith, long peakBytes) {
    Objects.requireNonNull(killed, "killed");
    Objects.requireNonNull(ranWith, "ranWith");
    Memory sized = rounded(Math.ceil(peakBytes * margin));
    boolean missed = peakBytes <= killed.bytes();
    return missed || sized.compareTo(ranWith) >= 0 ? ranWith : sized;
  }

  private static Memory rounded(double bytes) {
    long b = (long) bytes;
    return Memory.ceilingIn(b, b >= GIB ? 'g' : 'm');
  }

  /** Rounded up to a whole unit, or down to whole mebibytes when rounding up would pass the max. */
  private static Memory rounded(long bytes, Long maxBytes) {
    Memory up = rounded((double) bytes);
    if (maxBytes == null || up.bytes() <= maxBytes) {
      return up;
    }
    return Memory.ofBytes(bytes / (1 << 20) * (1 << 20));
  }
}
