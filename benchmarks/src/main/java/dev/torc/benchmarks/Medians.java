package dev.torc.benchmarks;

import java.util.Arrays;
import java.util.List;

/** The median of measured values, as the benchmarks report it. */
final class Medians {
  private Medians() {}

  /** The middle value, or the mean of the two middle ones for an even count. */
  static double of(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /** {@link #of(double[])} of a list. */
  static double of(List<Double> values) {
    return of(values.stream().mapToDouble(Double::doubleValue).toArray());
  }
}
