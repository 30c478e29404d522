package dev.torc.sdk;

import java.time.Duration;
import java.util.Locale;

/** How tables write amounts: memory, CPU, durations. */
public final class Formats {
  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

  private Formats() {}

  /**
   * Bytes in the largest binary unit below them, such as {@code 1.50 GiB}; "-" for null.
   *
   * @param bytes a number of bytes, or {@code null}
   * @return the text
   */
  public static String memory(Long bytes) {
    if (bytes == null) {
      return "-";
    }
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0
        ? bytes + " B"
        : String.format(Locale.ROOT, unit >= 3 ? "%.2f %s" : "%.1f %s", value, UNITS[unit]);
  }

  /**
   * A percentage with one decimal, such as {@code 150.0%}; "-" for null.
   *
   * @param percent a percentage, or {@code null}
   * @return the text
   */
  public static String percent(Double percent) {
    return percent == null ? "-" : String.format(Locale.ROOT, "%.1f%%", percent);
  }

  /**
   * Minutes with two decimals, as the original prints execution times.
   *
   * @param minutes a number of minutes
   * @return the text
   */
  public static String minutes(double minutes) {
    return String.format(Locale.ROOT, "%.2f", minutes);
  }

  /**
   * A duration as hours, minutes and seconds, such as {@code 1h 2m 3s} or {@code 42.0s}.
   *
   * @param seconds a number of seconds
   * @return the text
   */
  public static String duration(double seconds) {
    long whole = (long) Math.floor(seconds);
    long hours = whole / 3600;
    long minutes = whole % 3600 / 60;
    long secs = whole % 60;
    if (hours > 0) {
      return hours + "h " + minutes + "m " + secs + "s";
    }
    if (minutes > 0) {
      return minutes + "m " + secs + "s";
    }
    return String.format(Locale.ROOT, "%.1fs", seconds);
  }

  /**
   * A duration as hours, minutes and seconds.
   *
   * @param duration the duration
   * @return the text
   */
  public static String duration(Duration duration) {
    return duration(duration.toNanos() / 1e9);
  }
}
