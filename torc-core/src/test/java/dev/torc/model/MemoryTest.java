package dev.torc.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import org.junit.jupiter.api.Test;

class MemoryTest {

  @Test
  void parsesTheUnitsOfSpecsInPowersOf1024() {
    assertThat(Memory.parse("512k").bytes()).isEqualTo(512L * 1024);
    assertThat(Memory.parse("1m").bytes()).isEqualTo(1L << 20);
    assertThat(Memory.parse("2g").bytes()).isEqualTo(2L << 30);
    assertThat(Memory.parse("1.5g").bytes()).isEqualTo(3L << 29);
    assertThat(Memory.parse("1T").bytes()).isEqualTo(1L << 40);
    assertThat(Memory.parse("100").bytes()).isEqualTo(100);
    assertThat(Memory.parse("2GB").bytes()).isEqualTo(2L << 30);
    assertThat(Memory.parse("1.5g").text()).isEqualTo("1.5g");
  }

  @Test
  void refusesWhatIsNotAnAmount() {
    for (String bad : new String[] {"", "g", "2gb?", "-1g", "1.5.2g", "12 parsecs", "1e3g"}) {
      assertThatThrownBy(() -> Memory.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("invalid memory");
    }
  }

  @Test
  void roundsUpToWholeUnits() {
    assertThat(Memory.ceilingIn((10L << 30) + 1, 'g')).isEqualTo(new Memory(11L << 30, "11g"));
    assertThat(Memory.ceilingIn(12L << 30, 'g').text()).isEqualTo("12g");
  }

  @Test
  void writesBytesInTheLargestExactUnitAndReadsThemBack() {
    qt().forAll(longs().between(0, 1L << 50))
        .checkAssert(
            bytes -> {
              Memory memory = Memory.ofBytes(bytes);
              assertThat(Memory.parse(memory.text()).bytes()).isEqualTo(bytes);
            });
    assertThat(Memory.ofBytes(3L << 30).text()).isEqualTo("3g");
    assertThat(Memory.ofBytes(1536L << 20).text()).isEqualTo("1536m");
  }
}
