package dev.torc.model.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Parses parameter ranges as written in specs.
 *
 * <ul>
 *   <li>{@code "1:100"}: integers from 1 to 100 inclusive; {@code "0:100:10"} with a step; a
 *       negative step counts down ({@code "10:1:-3"}).
 *   <li>{@code "0.0:1.0:0.1"}: floats when any bound or the step is not an integer. Values are
 *       {@code start + k * step} computed in exact decimal arithmetic (no accumulated rounding
 *       error), and the end is inclusive with a tolerance of 1e-10 as in the original torc.
 *   <li>{@code "[1,5]"}, {@code "['a','b']"}, {@code "[\"a\", 2, 0.5]"}: lists; quoted items are
 *       text (a backslash escapes the next character), unquoted items are integers, floats or
 *       otherwise text.
 *   <li>anything else is a single value: an integer, a float or text. A range wrapped in braces
 *       ({@code "{1:5}"}) is accepted as the original torc does.
 * </ul>
 */
public final class ParameterRanges {
  /** The most values one range may produce. */
  public static final int MAX_VALUES = 10_000_000;

  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final int MAX_DIGITS = 40;
  private static final BigDecimal TOLERANCE = new BigDecimal("1e-10");

  private ParameterRanges() {}

  /**
   * The values of a range.
   *
   * @throws IllegalArgumentException naming what is wrong with the range
   */
  public static List<ParameterValue> parse(String range) {
    if (range == null) {
      throw new IllegalArgumentException("a parameter range cannot be null");
    }
    String text = range.trim();
    if (text.startsWith("{") && text.endsWith("}") && text.indexOf(',') < 0) {
      text = text.substring(1, text.length() - 1).trim();
    }
    if (text.isEmpty()) {
      throw new IllegalArgumentException("empty parameter range");
    }
    if (text.startsWith("@")) {
      throw new IllegalArgumentException(
          "invalid range '" + range + "': file-backed value lists ('@path') are not supported");
    }
    if (text.startsWith("[")) {
      if (!text.endsWith("]")) {
        throw new IllegalArgumentException("invalid list '" + range + "': missing closing ']'");
      }
      return parseList(range, text.substring(1, text.length() - 1));
    }
    if (text.indexOf(':') >= 0) {
      return parseRange(range, text);
    }
    return List.of(scalar(text));
  }

  private static ParameterValue scalar(String item) {
    if (INTEGER.matcher(item).matches()) {
      try {
        return new ParameterValue.IntValue(Long.parseLong(item));
      } catch (NumberFormatException e) {
        return new ParameterValue.FloatValue(Double.parseDouble(item));
      }
    }
    if (DECIMAL.matcher(item).matches()) {
      return new ParameterValue.FloatValue(Double.parseDouble(item));
    }
    return new ParameterValue.TextValue(item);
  }

  private static List<ParameterValue> parseList(String range, String inner) {
    List<ParameterValue> values = new ArrayList<>();
    int i = 0;
    int n = inner.length();
    if (inner.isBlank()) {
      throw new IllegalArgumentException("invalid list '" + range + "': it has no values");
    }
    while (true) {
      while (i < n && Character.isWhitespace(inner.charAt(i))) {
        i++;
      }
      if (i < n && (inner.charAt(i) == '\'' || inner.charAt(i) == '"')) {
        char quote = inner.charAt(i++);
        StringBuilder text = new StringBuilder();
        boolean closed = false;
        while (i < n) {
          char c = inner.charAt(i++);
          if (c == '\\' && i < n) {
            text.append(inner.charAt(i++));
          } else if (c == quote) {
            closed = true;
            break;
          } else {
            text.append(c);
          }
        }
        if (!closed) {
          throw new IllegalArgumentException(
              "invalid list '" + range + "': unterminated quote " + quote);
        }
        values.add(new ParameterValue.TextValue(text.toString()));
        while (i < n && Character.isWhitespace(inner.charAt(i))) {
          i++;
        }
        if (i < n && inner.charAt(i) != ',') {
          throw new IllegalArgumentException(
              "invalid list '" + range + "': expected ',' after a quoted value");
        }
      } else {
        int comma = inner.indexOf(',', i);
        int end = comma < 0 ? n : comma;
        String item = inner.substring(i, end).trim();
        if (item.isEmpty()) {
          if (comma < 0 && !values.isEmpty()) {
            break; // a trailing comma
          }
          throw new IllegalArgumentException("invalid list '" + range + "': empty value");
        }
        values.add(scalar(item));
        i = end;
      }
      if (i >= n) {
        break;
      }
      i++; // the comma
      if (values.size() > MAX_VALUES) {
        throw tooMany(range);
      }
    }
    return values;
  }

  /**
   * Checks a range without building its values.
   *
   * @throws IllegalArgumentException naming what is wrong with the range
   */
  public static void validate(String range) {
    count(range);
  }

  /**
   * How many values a range has; a {@code start:end:step} range is counted without building its
   * values.
   *
   * @throws IllegalArgumentException naming what is wrong with the range
   */
  public static int count(String range) {
    String text = range == null ? "" : range.trim();
    if (text.startsWith("{") && text.endsWith("}") && text.indexOf(',') < 0) {
      text = text.substring(1, text.length() - 1).trim();
    }
    if (!text.startsWith("[") && !text.startsWith("@") && text.indexOf(':') >= 0) {
      return span(range, text).count();
    }
    return parse(range).size();
  }

  /** A {@code start:end:step} range, checked and counted. */
  private record Span(BigDecimal start, BigDecimal step, boolean allIntegers, int count) {}

  private static List<ParameterValue> parseRange(String range, String text) {
    Span span = span(range, text);
    List<ParameterValue> values = new ArrayList<>(span.count());
    if (span.allIntegers()) {
      try {
        long first = span.start().longValueExact();
        long by = span.step().longValueExact();
        for (int k = 0; k < span.count(); k++) {
          values.add(new ParameterValue.IntValue(first + k * by));
        }
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException("invalid range '" + range + "': numbers too large");
      }
    } else {
      for (int k = 0; k < span.count(); k++) {
        double value = span.start().add(span.step().multiply(BigDecimal.valueOf(k))).doubleValue();
        values.add(new ParameterValue.FloatValue(value));
      }
    }
    return values;
  }

  private static Span span(String range, String text) {
    String[] parts = text.split(":", -1);
    if (parts.length < 2 || parts.length > 3) {
      throw new IllegalArgumentException(
          "invalid range '" + range + "': expected start:end or start:end:step");
    }
    boolean allIntegers = true;
    for (int p = 0; p < parts.length; p++) {
      parts[p] = parts[p].trim();
      if (!DECIMAL.matcher(parts[p]).matches()) {
        throw new IllegalArgumentException(
            "invalid range '"
                + range
                + "': '"
                + parts[p]
                + "' is not a number (expected start:end or start:end:step)");
      }
      allIntegers &= INTEGER.matcher(parts[p]).matches();
    }
    BigDecimal start = number(range, parts[0]);
    BigDecimal end = number(range, parts[1]);
    BigDecimal step = parts.length == 3 ? number(range, parts[2]) : BigDecimal.ONE;
    if (step.signum() == 0) {
      throw new IllegalArgumentException("invalid range '" + range + "': the step cannot be 0");
    }
    BigDecimal span =
        allIntegers
            ? end.subtract(start)
            : end.add(step.signum() > 0 ? TOLERANCE : TOLERANCE.negate()).subtract(start);
    BigInteger steps = span.divide(step, 0, RoundingMode.FLOOR).toBigInteger();
    if (steps.signum() < 0) {
      throw new IllegalArgumentException(
          "invalid range '"
              + range
              + "': it is empty (the end lies "
              + (step.signum() > 0 ? "below the start" : "above the start")
              + " for a "
              + (step.signum() > 0 ? "positive" : "negative")
              + " step)");
    }
    if (steps.compareTo(BigInteger.valueOf(MAX_VALUES - 1L)) > 0) {
      throw tooMany(range);
    }
    return new Span(start, step, allIntegers, steps.intValueExact() + 1);
  }

  /**
   * A bound or step of a range; numbers with more than {@value #MAX_DIGITS} digits before or after
   * the point (such as {@code 1e999999999}) are refused, as arithmetic on them would take too long.
   */
  private static BigDecimal number(String range, String text) {
    BigDecimal number = new BigDecimal(text);
    if (number.precision() - number.scale() > MAX_DIGITS || number.scale() > MAX_DIGITS) {
      throw new IllegalArgumentException(
          "invalid range '"
              + range
              + "': '"
              + text
              + "' has more than "
              + MAX_DIGITS
              + " digits before or after the point");
    }
    return number;
  }

  private static IllegalArgumentException tooMany(String range) {
    return new IllegalArgumentException(
        "invalid range '" + range + "': more than " + MAX_VALUES + " values");
  }

  /**
   * A list range that parses back to exactly these values: text items are single-quoted, numbers
   * written as they are.
   */
  public static String listOf(List<?> values) {
    StringBuilder out = new StringBuilder("[");
    for (Object value : values) {
      if (out.length() > 1) {
        out.append(',');
      }
      if (value instanceof Number || value instanceof Boolean) {
        out.append(value);
      } else {
        String text = String.valueOf(value);
        out.append('\'').append(text.replace("\\", "\\\\").replace("'", "\\'")).append('\'');
      }
    }
    return out.append(']').toString();
  }
}
