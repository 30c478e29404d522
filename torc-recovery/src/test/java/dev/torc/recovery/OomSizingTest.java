package dev.torc.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torc.model.Memory;
import dev.torc.recovery.policy.OomSizing;
import org.junit.jupiter.api.Test;

class OomSizingTest {
  private static final OomSizing SIZING = OomSizing.DEFAULT;

  private static Memory m(String text) {
    return Memory.parse(text);
  }

  @Test
  void theFirstRetryGetsHeadroomWithinWhatTheMachineOffers() {
    assertThat(SIZING.retry(m("1g"), null, 1.5, false, 16L << 30)).isEqualTo(m("6g"));
    assertThat(SIZING.retry(m("100m"), 130L << 20, 1.5, false, null)).isEqualTo(m("600m"));
    assertThat(SIZING.retry(m("1g"), null, 1.5, false, 3L << 30)).isEqualTo(m("3g"));
  }

  @Test
  void withoutMemoryToSpareOrAfterTheHeadroomTheMultiplierDecides() {
    // The multiplier's 2g passes the 1g machine: recovery then finds the job over the limit.
    assertThat(SIZING.retry(m("1g"), null, 1.5, false, 1L << 30)).isEqualTo(m("2g"));
    assertThat(SIZING.retry(m("6g"), 6L << 30, 1.5, true, 16L << 30)).isEqualTo(m("9g"));
    assertThat(OomSizing.OFF.retry(m("100m"), null, 1.5, false, null)).isEqualTo(m("150m"));
    // A peak far above the request outgrows the headroom.
    assertThat(SIZING.retry(m("100m"), 500L << 20, 1.5, false, null)).isEqualTo(m("750m"));
  }

  @Test
  void theRequirementAfterTheHeadroomRetryIsItsPeakWithTheMargin() {
    assertThat(SIZING.rightSize(m("100m"), m("600m"), 394L << 20)).isEqualTo(m("473m"));
    // Never more than what the retry completed with.
    assertThat(SIZING.rightSize(m("100m"), m("600m"), 590L << 20)).isEqualTo(m("600m"));
    // A peak at or below the killed request was missed by the samples: keep what worked.
    assertThat(SIZING.rightSize(m("100m"), m("600m"), 90L << 20)).isEqualTo(m("600m"));
  }

  @Test
  void factorsBelowOneAreRefused() {
    assertThatThrownBy(() -> new OomSizing(0.5, 1.2)).hasMessageContaining("headroom factor");
    assertThatThrownBy(() -> new OomSizing(6, 0.9)).hasMessageContaining("margin");
  }
}
