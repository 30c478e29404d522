package dev.torc.model.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Python's format-spec mini-language ({@code [[fill]align][sign][#][0][width][,|_][.precision]
 * [type]}) for parameter values. Supported types: {@code d n b o x X} for integers, {@code e E f F
 * g G %} for numbers, {@code s} for anything. Without a type, integers render as {@code d}, text as
 * {@code s}, and floats as {@link ParameterValue#plain()} (or as {@code g} when a precision is
 * given). Floats round half-to-even on their exact binary value, as Python does.
 */
public final class PyFormat {
  private PyFormat() {}

  /** A parsed format spec. */
  public record Spec(
      char fill,
      char align,
      char sign,
      boolean alternate,
      int width,
      char grouping,
      int precision,
      char type,
      boolean zero) {}

  /**
   * Parses a format spec.
   *
   * @throws IllegalArgumentException when the spec is not valid
   */
  public static Spec parse(String spec) {
    int n = spec.length();
    int i = 0;
    char fill = 0;
    char align = 0;
    if (n >= 2 && "<>=^".indexOf(spec.charAt(1)) >= 0) {
      fill = spec.charAt(0);
      align = spec.charAt(1);
      i = 2;
    } else if (n >= 1 && "<>=^".indexOf(spec.charAt(0)) >= 0) {
      align = spec.charAt(0);
      i = 1;
    }
    char sign = '-';
    if (i < n && "+- ".indexOf(spec.charAt(i)) >= 0) {
      sign = spec.charAt(i++);
    }
    boolean alternate = false;
    if (i < n && spec.charAt(i) == '#') {
      alternate = true;
      i++;
    }
    boolean zero = false;
    if (i < n && spec.charAt(i) == '0') {
      zero = true;
      if (fill == 0) {
        fill = '0';
      }
      i++;
    }
    int width = 0;
    int start = i;
    while (i < n && Character.isDigit(spec.charAt(i))) {
      i++;
    }
    if (i > start) {
      width = parseBounded(spec, start, i);
    }
    char grouping = 0;
    if (i < n && (spec.charAt(i) == ',' || spec.charAt(i) == '_')) {
      grouping = spec.charAt(i++);
    }
    int precision = -1;
    if (i < n && spec.charAt(i) == '.') {
      i++;
      start = i;
      while (i < n && Character.isDigit(spec.charAt(i))) {
        i++;
      }
      if (i == start) {
        throw invalid(spec, "a '.' needs a precision after it");
      }
      precision = parseBounded(spec, start, i);
    }
    char type = 0;
    if (i < n) {
      type = spec.charAt(i++);
      if ("bdnoxXeEfFgG%s".indexOf(type) < 0) {
        throw invalid(spec, "unknown format type '" + type + "'");
      }
    }
    if (i != n) {
      throw invalid(spec, "unexpected '" + spec.substring(i) + "'");
    }
    return new Spec(
        fill == 0 ? ' ' : fill, align, sign, alternate, width, grouping, precision, type, zero);
  }

  private static int parseBounded(String spec, int from, int to) {
    if (to - from > 3) {
      throw invalid(spec, "width or precision above 999");
    }
    return Integer.parseInt(spec.substring(from, to));
  }

  private static IllegalArgumentException invalid(String spec, String why) {
    return new IllegalArgumentException("invalid format spec '" + spec + "': " + why);
  }

  /**
   * Formats a value.
   *
   * @throws IllegalArgumentException when the spec is invalid or does not suit the value
   */
  public static String format(ParameterValue value, String spec) {
    if (spec == null || spec.isEmpty()) {
      return value.plain();
    }
    return format(value, parse(spec), spec);
  }

  static String format(ParameterValue value, Spec s, String specText) {
    char type = s.type();
    if (value instanceof ParameterValue.TextValue text) {
      if (type != 0 && type != 's') {
        throw new IllegalArgumentException(
            "format '" + specText + "' needs a number but the value is '" + text.value() + "'");
      }
      if (s.sign() != '-' || s.grouping() != 0 || s.align() == '=') {
        throw new IllegalArgumentException(
            "format '" + specText + "' does not apply to text value '" + text.value() + "'");
      }
      String body = text.value();
      if (s.precision() >= 0 && body.length() > s.precision()) {
        body = body.substring(0, s.precision());
      }
      return pad("", body, s, '<');
    }
    if (type == 's') {
      return pad("", value.plain(), s, '<');
    }
    boolean isInt = value instanceof ParameterValue.IntValue;
    long longValue = isInt ? ((ParameterValue.IntValue) value).value() : 0;
    double doubleValue = isInt ? (double) longValue : ((ParameterValue.FloatValue) value).value();
    if (type == 0) {
      if (isInt) {
        type = 'd';
      } else if (s.precision() < 0) {
        String plain = value.plain();
        boolean negative = plain.startsWith("-");
        return pad(sign(negative, s), negative ? plain.substring(1) : plain, s, '>');
      } else {
        type = 'g';
      }
    }
    if ("bdnoxX".indexOf(type) >= 0) {
      if (!isInt) {
        if (doubleValue != Math.rint(doubleValue) || Double.isInfinite(doubleValue)) {
          throw new IllegalArgumentException(
              "format '" + specText + "' needs an integer but the value is " + value.plain());
        }
        longValue = (long) doubleValue;
      }
      if (s.precision() >= 0) {
        throw new IllegalArgumentException(
            "format '" + specText + "': integer formats take no precision");
      }
      return formatInteger(longValue, type, s);
    }
    return formatFloat(doubleValue, type, s);
  }

  private static String formatInteger(long value, char type, Spec s) {
    boolean negative = value < 0;
    String digits;
    String prefix = "";
    switch (type) {
      case 'b' -> {
        digits = Long.toBinaryString(Math.abs(value));
        prefix = s.alternate() ? "0b" : "";
      }
      case 'o' -> {
        digits = Long.toOctalString(Math.abs(value));
        prefix = s.alternate() ? "0o" : "";
      }
      case 'x', 'X' -> {
        digits = Long.toHexString(Math.abs(value));
        prefix = s.alternate() ? "0x" : "";
        if (type == 'X') {
          digits = digits.toUpperCase(Locale.ROOT);
          prefix = prefix.toUpperCase(Locale.ROOT);
        }
      }
      default ->
          digits = value == Long.MIN_VALUE ? "9223372036854775808" : Long.toString(Math.abs(value));
    }
    if (value == Long.MIN_VALUE && type != 'd' && type != 'n') {
      digits = new java.math.BigInteger(Long.toString(value)).abs().toString(radix(type));
    }
    if (s.grouping() != 0) {
      digits = group(digits, s.grouping(), type == 'd' || type == 'n' ? 3 : 4);
    }
    return pad(sign(negative, s) + prefix, digits, s, '>');
  }

  private static int radix(char type) {
    return switch (type) {
      case 'b' -> 2;
      case 'o' -> 8;
      case 'x', 'X' -> 16;
      default -> 10;
    };
  }

  private static String formatFloat(double value, char type, Spec s) {
    boolean negative = value < 0 || (value == 0 && 1 / value < 0);
    double abs = Math.abs(value);
    boolean upper = Character.isUpperCase(type);
    String body;
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      body = Double.isNaN(value) ? "nan" : "inf";
      body = upper ? body.toUpperCase(Locale.ROOT) : body;
      negative = value < 0;
    } else {
      int precision = s.precision() < 0 ? 6 : s.precision();
      body =
          switch (Character.toLowerCase(type)) {
            case 'f' -> fixed(abs, precision, s.alternate());
            case 'e' -> scientific(abs, precision, s.alternate());
            case '%' -> fixed(abs * 100, precision, s.alternate()) + "%";
            default -> general(abs, precision == 0 ? 1 : precision, s.alternate());
          };
      if (upper) {
        body = body.toUpperCase(Locale.ROOT);
      }
      if (s.grouping() != 0) {
        int end = 0;
        while (end < body.length() && Character.isDigit(body.charAt(end))) {
          end++;
        }
        body = group(body.substring(0, end), s.grouping(), 3) + body.substring(end);
      }
    }
    return pad(sign(negative, s), body, s, '>');
  }

  private static String fixed(double abs, int precision, boolean alternate) {
    String text = new BigDecimal(abs).setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
    return precision == 0 && alternate ? text + "." : text;
  }

  private static String scientific(double abs, int precision, boolean alternate) {
    String digits;
    int exponent;
    if (abs == 0) {
      digits = "0".repeat(precision + 1);
      exponent = 0;
    } else {
      BigDecimal rounded =
          new BigDecimal(abs).round(new MathContext(precision + 1, RoundingMode.HALF_EVEN));
      exponent = rounded.precision() - rounded.scale() - 1;
      String unscaled = rounded.unscaledValue().toString();
      digits =
          unscaled.length() >= precision + 1
              ? unscaled.substring(0, precision + 1)
              : unscaled + "0".repeat(precision + 1 - unscaled.length());
    }
    StringBuilder out = new StringBuilder().append(digits.charAt(0));
    if (precision > 0 || alternate) {
      out.append('.').append(digits, 1, digits.length());
    }
    out.append('e').append(exponent < 0 ? '-' : '+');
    int absExp = Math.abs(exponent);
    if (absExp < 10) {
      out.append('0');
    }
    return out.append(absExp).toString();
  }

  private static String general(double abs, int precision, boolean alternate) {
    int exponent;
    if (abs == 0) {
      exponent = 0;
    } else {
      BigDecimal rounded =
          new BigDecimal(abs).round(new MathContext(precision, RoundingMode.HALF_EVEN));
      exponent = rounded.precision() - rounded.scale() - 1;
    }
    String text;
    if (exponent >= -4 && exponent < precision) {
      text = fixed(abs, precision - 1 - exponent, alternate);
      if (!alternate && text.indexOf('.') >= 0) {
        text = stripZeros(text);
      }
    } else {
      text = scientific(abs, precision - 1, alternate);
      if (!alternate) {
        int e = text.indexOf('e');
        String mantissa = text.substring(0, e);
        text = (mantissa.indexOf('.') >= 0 ? stripZeros(mantissa) : mantissa) + text.substring(e);
      }
    }
    return text;
  }

  private static String stripZeros(String text) {
    int end = text.length();
    while (text.charAt(end - 1) == '0') {
      end--;
    }
    if (text.charAt(end - 1) == '.') {
      end--;
    }
    return text.substring(0, end);
  }

  private static String group(String digits, char separator, int size) {
    StringBuilder out = new StringBuilder();
    int first = digits.length() % size;
    if (first == 0) {
      first = size;
    }
    out.append(digits, 0, Math.min(first, digits.length()));
    for (int i = first; i < digits.length(); i += size) {
      out.append(separator).append(digits, i, i + size);
    }
    return out.toString();
  }

  private static String sign(boolean negative, Spec s) {
    if (negative) {
      return "-";
    }
    return switch (s.sign()) {
      case '+' -> "+";
      case ' ' -> " ";
      default -> "";
    };
  }

  private static String pad(String prefix, String body, Spec s, char defaultAlign) {
    int length = prefix.length() + body.length();
    if (length >= s.width()) {
      return prefix + body;
    }
    String padding = String.valueOf(s.fill()).repeat(s.width() - length);
    char align = s.align();
    if (align == 0) {
      align = s.zero() && defaultAlign == '>' ? '=' : defaultAlign;
    }
    return switch (align) {
      case '<' -> prefix + body + padding;
      case '^' -> {
        int left = padding.length() / 2;
        yield padding.substring(0, left) + prefix + body + padding.substring(left);
      }
      case '=' -> prefix + padding + body;
      default -> padding + prefix + body;
    };
  }
}
