package dev.torc.model.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;

class RegexBudgetTest {

  @Test
  void matchesAsTheRegexWould() {
    RegexBudget budget = new RegexBudget(1_000_000);
    var matcher = Pattern.compile("work_\\d+").matcher("");
    assertThat(budget.matches(matcher, "work_12")).isTrue();
    assertThat(budget.matches(matcher, "work_12x")).isFalse();
    assertThat(budget.exhausted()).isFalse();
  }

  @Test
  void aCatastrophicRegexFailsFastNamingTheText() {
    String text = "a".repeat(40) + "b";
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () ->
            assertThatThrownBy(
                    () ->
                        new RegexBudget(Long.MAX_VALUE / 2)
                            .matches(Pattern.compile("(.*a){12}").matcher(""), text))
                .isInstanceOf(BudgetExceeded.class)
                .hasMessage(
                    "it takes more than 1,041,000 steps to match '" + text + "'; simplify it"));
  }

  @Test
  void manyCheapMatchesUseUpTheTotal() {
    RegexBudget budget = new RegexBudget(10_000);
    var matcher = Pattern.compile("x.*").matcher("");
    List<String> names = Collections.nCopies(1000, "abc");
    assertThatThrownBy(() -> names.forEach(name -> budget.matches(matcher, name)))
        .isInstanceOf(BudgetExceeded.class)
        .hasMessageStartingWith(
            "matching the workflow's regexes took more than 10,000 steps in all");
    assertThat(budget.exhausted()).isTrue();
  }

  @Test
  void aRegexTooDeepToCompileIsRefused() {
    String deep = "(".repeat(100_000) + "a" + ")".repeat(100_000);
    assertThatThrownBy(() -> RegexBudget.compile(deep))
        .isInstanceOfAny(BudgetExceeded.class, PatternSyntaxException.class);
  }
}
