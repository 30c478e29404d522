package dev.torc.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of memory as written in specs: a number with an optional unit {@code k}, {@code m},
 * {@code g} or {@code t} (powers of 1024), such as {@code 512k}, {@code 1m}, {@code 2g} or {@code
 * 1.5g}. A bare number is bytes.
 *
 * @param bytes the amount in bytes
 * @param text the amount as a person wrote it, or the shortest exact form when built from bytes
 */
public record Memory(long bytes, String text) implements Comparable<Memory> {
  private static final Pattern FORMAT =
      Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(?:i?b)?\\s*", Pattern.CASE_INSENSITIVE);
  private static final String UNITS = "kmgt";

  /**
   * Checks that the amount is not negative.
   *
   * @param bytes the amount in bytes
   * @param text the amount as a person wrote it, or the shortest exact form when built from bytes
   */
  public Memory {
    if (bytes < 0) {
      throw new IllegalArgumentException("memory cannot be negative: " + bytes);
    }
  }

  /**
   * Parses a memory string such as {@code 512k}, {@code 2g} or {@code 1.5g}.
   *
   * @param text a number with an optional unit {@code k}, {@code m}, {@code g} or {@code t}
   * @return the amount, rounded up to whole bytes
   * @throws IllegalArgumentException when the text is not a memory amount
   */
  public static Memory parse(String text) {
    Matcher matcher = text == null ? null : FORMAT.matcher(text);
    if (matcher == null || !matcher.matches()) {
      throw new IllegalArgumentException(
          "invalid memory '"
              + text
              + "': expected a number with an optional unit k, m, g or t"
              + " (for example 512k, 1m, 2g, 1.5g)");
    }
    String unit = matcher.group(2).toLowerCase(Locale.ROOT);
    long unitBytes = unit.isEmpty() ? 1 : 1L << (10 * (UNITS.indexOf(unit) + 1));
    BigDecimal bytes =
        new BigDecimal(matcher.group(1))
            .multiply(BigDecimal.valueOf(unitBytes))
            .setScale(0, RoundingMode.CEILING);
    if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException("invalid memory '" + text + "': too large");
    }
    return new Memory(bytes.longValueExact(), text.trim().toLowerCase(Locale.ROOT));
  }

  /**
   * The given number of bytes, written in the largest unit that divides it exactly.
   *
   * @param bytes the amount in bytes
   * @return the amount
   */
  public static Memory ofBytes(long bytes) {
    return new Memory(bytes, format(bytes));
  }

  /**
   * The given number of bytes in whole units, rounded up: {@code ceilingIn(10.2 GiB, 'g')} is 11g.
   *
   * @param bytes the amount in bytes
   * @param unit {@code k}, {@code m}, {@code g} or {@code t}
   * @return the amount, a whole number of units
   */
  public static Memory ceilingIn(long bytes, char unit) {
    long unitBytes = 1L << (10 * (UNITS.indexOf(Character.toLowerCase(unit)) + 1));
    long units = (bytes + unitBytes - 1) / unitBytes;
    return new Memory(units * unitBytes, units + String.valueOf(Character.toLowerCase(unit)));
  }

  private static String format(long bytes) {
    for (int i = UNITS.length() - 1; i >= 0; i--) {
      long unitBytes = 1L << (10 * (i + 1));
      if (bytes != 0 && bytes % unitBytes == 0) {
        return bytes / unitBytes + String.valueOf(UNITS.charAt(i));
      }
    }
    return Long.toString(bytes);
  }

  @Override
  public int compareTo(Memory other) {
    return Long.compare(bytes, other.bytes);
  }

  @Override
  public String toString() {
    return text;
  }
}
