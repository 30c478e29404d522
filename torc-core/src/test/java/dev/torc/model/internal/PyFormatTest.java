package dev.torc.model.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torc.model.internal.ParameterValue.FloatValue;
import dev.torc.model.internal.ParameterValue.IntValue;
import dev.torc.model.internal.ParameterValue.TextValue;
import org.junit.jupiter.api.Test;

/** Expected strings are what Python's {@code format(value, spec)} returns. */
class PyFormatTest {

  private static String f(Object value, String spec) {
    ParameterValue v =
        value instanceof Long l
            ? new IntValue(l)
            : value instanceof Integer i
                ? new IntValue(i)
                : value instanceof Double d ? new FloatValue(d) : new TextValue((String) value);
    return v.format(spec);
  }

  @Test
  void integers() {
    assertThat(f(5, "03d")).isEqualTo("005");
    assertThat(f(-5, "03d")).isEqualTo("-05");
    assertThat(f(42, "")).isEqualTo("42");
    assertThat(f(42, "5")).isEqualTo("   42");
    assertThat(f(42, "<5")).isEqualTo("42   ");
    assertThat(f(42, "*^6")).isEqualTo("**42**");
    assertThat(f(42, "+d")).isEqualTo("+42");
    assertThat(f(1234567, ",")).isEqualTo("1,234,567");
    assertThat(f(255, "x")).isEqualTo("ff");
    assertThat(f(255, "#X")).isEqualTo("0XFF");
    assertThat(f(5, "b")).isEqualTo("101");
    assertThat(f(8, "#o")).isEqualTo("0o10");
    assertThat(f(3, ".2f")).isEqualTo("3.00");
    assertThat(f(3, "s")).isEqualTo("3");
  }

  @Test
  void floats() {
    assertThat(f(0.1, ".4f")).isEqualTo("0.1000");
    assertThat(f(1.23456, ".2f")).isEqualTo("1.23");
    assertThat(f(2.675, ".2f")).isEqualTo("2.67");
    assertThat(f(0.125, ".2f")).isEqualTo("0.12");
    assertThat(f(1.0, "")).isEqualTo("1");
    assertThat(f(0.5, "f")).isEqualTo("0.500000");
    assertThat(f(12345.678, "e")).isEqualTo("1.234568e+04");
    assertThat(f(0.00012, ".2E")).isEqualTo("1.20E-04");
    assertThat(f(0.0, ".1e")).isEqualTo("0.0e+00");
    assertThat(f(1234.5, "g")).isEqualTo("1234.5");
    assertThat(f(0.0001, "g")).isEqualTo("0.0001");
    assertThat(f(0.00001, "g")).isEqualTo("1e-05");
    assertThat(f(1e16, "g")).isEqualTo("1e+16");
    assertThat(f(123456789.0, ".3g")).isEqualTo("1.23e+08");
    assertThat(f(0.5, ".1%")).isEqualTo("50.0%");
    assertThat(f(-1.5, "08.2f")).isEqualTo("-0001.50");
    assertThat(f(1234.5, ",.1f")).isEqualTo("1,234.5");
    assertThat(f(2.0, "03d")).isEqualTo("002");
    assertThat(f(0.25, "8")).isEqualTo("    0.25");
  }

  @Test
  void text() {
    assertThat(f("ab", "")).isEqualTo("ab");
    assertThat(f("ab", "5")).isEqualTo("ab   ");
    assertThat(f("ab", ">5")).isEqualTo("   ab");
    assertThat(f("abcdef", ".3")).isEqualTo("abc");
    assertThat(f("ab", "05")).isEqualTo("ab000");
  }

  @Test
  void mismatchesAndBadSpecsAreErrors() {
    assertThatThrownBy(() -> f("a", "03d")).hasMessageContaining("needs a number");
    assertThatThrownBy(() -> f(0.5, "d")).hasMessageContaining("needs an integer");
    assertThatThrownBy(() -> f(1, "q")).hasMessageContaining("unknown format type 'q'");
    assertThatThrownBy(() -> f(1, ".f")).hasMessageContaining("needs a precision");
    assertThatThrownBy(() -> f(1, "3dd")).hasMessageContaining("unexpected 'd'");
  }
}
