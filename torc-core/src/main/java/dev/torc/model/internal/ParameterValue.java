package dev.torc.model.internal;

import java.math.BigDecimal;

/**
 * One value of a job parameter: an integer, a floating-point number or a piece of text.
 *
 * <p>{@link #plain()} renders a value the way the original torc does for a bare {@code {x}}
 * placeholder: integers in decimal, text as is, and floats in their shortest round-trip decimal
 * form without an exponent and without a trailing {@code .0} ({@code 1.0} renders as {@code 1},
 * {@code 0.1} as {@code 0.1}). {@link #format(String)} applies a Python format spec.
 */
public sealed interface ParameterValue
    permits ParameterValue.IntValue, ParameterValue.FloatValue, ParameterValue.TextValue {

  /** The value as a bare {@code {x}} placeholder renders it. */
  String plain();

  /** The value formatted with a Python format spec such as {@code 03d} or {@code .4f}. */
  default String format(String spec) {
    return PyFormat.format(this, spec);
  }

  /** An integer value. */
  record IntValue(long value) implements ParameterValue {
    @Override
    public String plain() {
      return Long.toString(value);
    }
  }

  /** A floating-point value. */
  record FloatValue(double value) implements ParameterValue {
    @Override
    public String plain() {
      if (Double.isNaN(value)) {
        return "NaN";
      }
      if (Double.isInfinite(value)) {
        return value > 0 ? "inf" : "-inf";
      }
      String text = new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
      return value == 0 && 1 / value < 0 ? "-" + text : text;
    }
  }

  /** A text value. */
  record TextValue(String value) implements ParameterValue {
    @Override
    public String plain() {
      return value;
    }
  }
}
