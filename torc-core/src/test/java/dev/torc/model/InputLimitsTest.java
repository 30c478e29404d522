package dev.torc.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InputLimitsTest {

  @AfterEach
  void clearProperty() {
    System.clearProperty(InputLimits.MAX_JOBS_PROPERTY);
  }

  @Test
  void defaultsAreTheBuiltInLimits() {
    InputLimits limits = InputLimits.defaults();
    assertThat(limits.maxSpecBytes()).isEqualTo(16L << 20);
    assertThat(limits.maxYamlLineLength()).isEqualTo(256 << 10);
    assertThat(limits.maxNestingDepth()).isEqualTo(100);
    assertThat(limits.maxValues()).isEqualTo(2_000_000);
    assertThat(limits.maxNameLength()).isEqualTo(1024);
    assertThat(limits.maxRegexSteps()).isEqualTo(200_000_000L);
    assertThat(limits.maxExpandedText()).isEqualTo(256L << 20);
    if (System.getenv(InputLimits.MAX_JOBS_ENV) == null) {
      assertThat(limits.maxJobs()).isEqualTo(InputLimits.DEFAULT_MAX_JOBS);
    }
  }

  @Test
  void theSystemPropertySetsTheDefaultMostJobs() {
    System.setProperty(InputLimits.MAX_JOBS_PROPERTY, "2_500_000");
    assertThat(InputLimits.defaults().maxJobs()).isEqualTo(2_500_000);
    assertThat(InputLimits.builder().build().maxJobs()).isEqualTo(2_500_000);
  }

  @Test
  void aPropertyThatIsNoPositiveWholeNumberIsRefusedWithItsName() {
    for (String bad : new String[] {"many", "0", "-5", "99999999999", "1.5"}) {
      System.setProperty(InputLimits.MAX_JOBS_PROPERTY, bad);
      assertThatThrownBy(InputLimits::defaults)
          .isInstanceOf(SpecException.class)
          .hasMessage(
              "the system property torc.max-jobs sets the most jobs a workflow may have; it must"
                  + " be a whole number from 1 to 2,147,483,647, not '"
                  + bad
                  + "'");
    }
  }

  @Test
  void theBuilderChangesOneLimitAndKeepsTheOthers() {
    InputLimits limits =
        InputLimits.builder()
            .maxSpecBytes(1000)
            .maxYamlLineLength(80)
            .maxNestingDepth(5)
            .maxValues(300)
            .maxJobs(7)
            .maxNameLength(12)
            .maxRegexSteps(5000)
            .maxExpandedText(9000)
            .build();
    assertThat(limits).isEqualTo(new InputLimits(1000, 80, 5, 300, 7, 12, 5000, 9000));
    assertThat(limits.withMaxJobs(9))
        .isEqualTo(new InputLimits(1000, 80, 5, 300, 9, 12, 5000, 9000));
    assertThatThrownBy(() -> InputLimits.builder().maxNestingDepth(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxNestingDepth must be at least 1, was 0");
  }

  @Test
  void problemsEscapeControlCharactersAndShortenLongMessages() {
    SpecProblem problem = new SpecProblem("a\u001bb.yaml", 2, 3, "job 'x\u0000\r\n\u009b\u202e'");
    assertThat(problem.toString()).isEqualTo("a\\x1bb.yaml:2:3: job 'x\\0\\r\\n\\x9b\\u202e'");
    String text = "y".repeat(100_000);
    assertThat(SpecProblem.of(text).message())
        .hasSizeLessThanOrEqualTo(SpecProblem.MAX_MESSAGE_LENGTH + 40)
        .contains("characters left out")
        .startsWith("yyyy")
        .endsWith("yyyy");
  }
}
