package dev.torc.model.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torc.model.internal.ParameterValue.FloatValue;
import dev.torc.model.internal.ParameterValue.IntValue;
import dev.torc.model.internal.ParameterValue.TextValue;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterRangesTest {

  private static List<String> plain(String range) {
    return ParameterRanges.parse(range).stream().map(ParameterValue::plain).toList();
  }

  @Test
  void integerRangesAreInclusive() {
    assertThat(ParameterRanges.parse("1:3"))
        .containsExactly(new IntValue(1), new IntValue(2), new IntValue(3));
    assertThat(plain("0:100:10")).hasSize(11).startsWith("0", "10").endsWith("100");
    assertThat(plain("0:9:4")).containsExactly("0", "4", "8");
    assertThat(plain("10:1:-3")).containsExactly("10", "7", "4", "1");
    assertThat(plain("-2:2")).containsExactly("-2", "-1", "0", "1", "2");
    assertThat(plain("5:5")).containsExactly("5");
  }

  @Test
  void floatRangesUseExactDecimalStepsAndAnInclusiveEnd() {
    assertThat(plain("0.0:1.0:0.1"))
        .containsExactly("0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1");
    assertThat(ParameterRanges.parse("0.0:1.0:0.5"))
        .containsExactly(new FloatValue(0.0), new FloatValue(0.5), new FloatValue(1.0));
    assertThat(plain("0:1:0.25")).containsExactly("0", "0.25", "0.5", "0.75", "1");
    assertThat(plain("1.0:0.0:-0.5")).containsExactly("1", "0.5", "0");
    assertThat(plain("0:1:0.3")).containsExactly("0", "0.3", "0.6", "0.9");
  }

  @Test
  void listsMixNumbersAndText() {
    assertThat(ParameterRanges.parse("[1,5]")).containsExactly(new IntValue(1), new IntValue(5));
    assertThat(ParameterRanges.parse("['a','b']"))
        .containsExactly(new TextValue("a"), new TextValue("b"));
    assertThat(ParameterRanges.parse("[\"a\", 2, 0.5, plain text]"))
        .containsExactly(
            new TextValue("a"), new IntValue(2), new FloatValue(0.5), new TextValue("plain text"));
    assertThat(ParameterRanges.parse("['a,b', 'it\\'s']"))
        .containsExactly(new TextValue("a,b"), new TextValue("it's"));
    assertThat(ParameterRanges.parse("['1']")).containsExactly(new TextValue("1"));
    assertThat(ParameterRanges.parse("[1, 2,]")).containsExactly(new IntValue(1), new IntValue(2));
  }

  @Test
  void singleValuesAndBracedRanges() {
    assertThat(ParameterRanges.parse("5")).containsExactly(new IntValue(5));
    assertThat(ParameterRanges.parse("2.5")).containsExactly(new FloatValue(2.5));
    assertThat(ParameterRanges.parse("train")).containsExactly(new TextValue("train"));
    assertThat(plain("{1:3}")).containsExactly("1", "2", "3");
  }

  @Test
  void listOfParsesBackToTheSameValues() {
    String range = ParameterRanges.listOf(List.of("a'b", "c\\d", 3, 1.5));
    assertThat(ParameterRanges.parse(range))
        .containsExactly(
            new TextValue("a'b"), new TextValue("c\\d"), new IntValue(3), new FloatValue(1.5));
  }

  @Test
  void malformedRangesSayWhatIsWrong() {
    assertThatThrownBy(() -> ParameterRanges.parse("1:x"))
        .hasMessageContaining("invalid range '1:x'")
        .hasMessageContaining("'x' is not a number");
    assertThatThrownBy(() -> ParameterRanges.parse("1:2:3:4"))
        .hasMessageContaining("expected start:end or start:end:step");
    assertThatThrownBy(() -> ParameterRanges.parse("1:10:0"))
        .hasMessageContaining("the step cannot be 0");
    assertThatThrownBy(() -> ParameterRanges.parse("10:1")).hasMessageContaining("it is empty");
    assertThatThrownBy(() -> ParameterRanges.parse("[1,2"))
        .hasMessageContaining("missing closing ']'");
    assertThatThrownBy(() -> ParameterRanges.parse("[]")).hasMessageContaining("has no values");
    assertThatThrownBy(() -> ParameterRanges.parse("['a]"))
        .hasMessageContaining("unterminated quote");
    assertThatThrownBy(() -> ParameterRanges.parse("[1,,2]")).hasMessageContaining("empty value");
    assertThatThrownBy(() -> ParameterRanges.parse("1:100000000"))
        .hasMessageContaining("more than 10000000 values");
    assertThatThrownBy(() -> ParameterRanges.parse("")).hasMessageContaining("empty");
  }

  @Test
  void rangesAreCountedWithoutBuildingThem() {
    assertThat(ParameterRanges.count("1:10000000")).isEqualTo(10_000_000);
    assertThat(ParameterRanges.count("0:100:10")).isEqualTo(11);
    assertThat(ParameterRanges.count("0.0:1.0:0.1")).isEqualTo(11);
    assertThat(ParameterRanges.count("['a','b']")).isEqualTo(2);
    assertThat(ParameterRanges.count("5")).isEqualTo(1);
    assertThatThrownBy(() -> ParameterRanges.count("1:10000001"))
        .hasMessage("invalid range '1:10000001': more than 10000000 values");
  }

  @Test
  void numbersWithTooManyDigitsAreRefusedBeforeAnyArithmetic() {
    assertThatThrownBy(() -> ParameterRanges.parse("0:1e999999999"))
        .hasMessage(
            "invalid range '0:1e999999999': '1e999999999' has more than 40 digits before or after"
                + " the point");
    assertThatThrownBy(() -> ParameterRanges.count("0:1:1e-999999999"))
        .hasMessageContaining("'1e-999999999' has more than 40 digits");
    assertThat(ParameterRanges.count("0:1e3:1e2")).isEqualTo(11);
  }
}
