package dev.torc.model.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.torc.model.internal.ParameterValue.FloatValue;
import dev.torc.model.internal.ParameterValue.IntValue;
import dev.torc.model.internal.ParameterValue.TextValue;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TemplateTest {
  private static final Map<String, Integer> INDEX = Map.of("i", 0, "lr", 1, "tag", 2);
  private static final ParameterValue[] VALUES = {
    new IntValue(7), new FloatValue(0.001), new TextValue("a.b")
  };

  private static String render(String text) {
    return Template.compile(text, INDEX).render(VALUES, false);
  }

  @Test
  void substitutesParametersWithAndWithoutFormats() {
    assertThat(render("job_{i}")).isEqualTo("job_7");
    assertThat(render("job_{i:03d}_{lr:.4f}_{tag}")).isEqualTo("job_007_0.0010_a.b");
    assertThat(render("{i}{i:02d}{i}")).isEqualTo("7077");
    assertThat(render("lr={lr}")).isEqualTo("lr=0.001");
  }

  @Test
  void leavesEverythingElseLiteral() {
    assertThat(render("echo ${i} ${HOME} {} {other} {1} { i } find . -exec {} \\;"))
        .isEqualTo("echo ${i} ${HOME} {} {other} {1} { i } find . -exec {} \\;");
    assertThat(render("awk '{print $1}' {i")).isEqualTo("awk '{print $1}' {i");
    assertThat(render("{{i}}")).isEqualTo("{7}");
    assertThat(Template.compile("plain", INDEX).isConstant()).isTrue();
    assertThat(Template.compile("a{i}", INDEX).isConstant()).isFalse();
  }

  @Test
  void escapesValuesInsideRegexes() {
    assertThat(Template.compile("^out_{tag}_{i}$", INDEX).render(VALUES, true))
        .isEqualTo("^out_a\\.b_7$");
    assertThat(Regexes.escape("a+b(c)[d]{e}|f^g$h\\i?*"))
        .isEqualTo("a\\+b\\(c\\)\\[d\\]\\{e\\}\\|f\\^g\\$h\\\\i\\?\\*");
  }

  @Test
  void recognisesLiteralRegexes() {
    assertThat(Regexes.literalOf("work_1")).isEqualTo("work_1");
    assertThat(Regexes.literalOf("a\\.b")).isEqualTo("a.b");
    assertThat(Regexes.literalOf(Regexes.escape("x(1)+[2]"))).isEqualTo("x(1)+[2]");
    assertThat(Regexes.literalOf("work_.*")).isNull();
    assertThat(Regexes.literalOf("a\\d")).isNull();
    assertThat(Regexes.literalOf("a|b")).isNull();
  }

  @Test
  void invalidFormatSpecIsAnError() {
    assertThatThrownBy(() -> Template.compile("{i:zz}", INDEX))
        .hasMessageContaining("invalid format spec 'zz'");
  }

  @Test
  void findsTheFirstPlaceholderThatIsNoParameter() {
    assertThat(Template.firstUndefined("a_{i}_{j}_{k:03d}", Set.of("i"))).isEqualTo("{j}");
    assertThat(Template.firstUndefined("a_{i}_{k:03d}", Set.of("i"))).isEqualTo("{k:03d}");
    assertThat(Template.firstUndefined("${j} { j } {} {1} {j", Set.of())).isNull();
    assertThat(Template.firstUndefined("a_{i}", Set.of("i"))).isNull();
  }

  @Test
  void manyUnclosedBracesAreScannedInOnePass() {
    String text = "{i:".repeat(200_000) + "{j}";
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          assertThat(Template.firstUndefined(text, Set.of("i"))).isEqualTo("{j}");
          assertThat(Template.compile(text, INDEX).isConstant()).isTrue();
        });
  }
}
