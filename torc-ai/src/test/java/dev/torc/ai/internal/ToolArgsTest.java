package dev.torc.ai.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ToolArgsTest {
  private static ToolArgs args(Map<String, Object> values) {
    return new ToolArgs(
        "tool", values, Set.of("workflow_id", "limit", "dry_run", "status", "items"));
  }

  @Test
  void readsIdsFromJsonIntegersAndDigitStrings() {
    assertThat(args(Map.of("workflow_id", 7)).id("workflow_id")).isEqualTo(7);
    assertThat(args(Map.of("workflow_id", 7.0)).id("workflow_id")).isEqualTo(7);
    assertThat(args(Map.of("workflow_id", " 12 ")).id("workflow_id")).isEqualTo(12);
  }

  @Test
  void namesTheParameterAndTheValueWhenAnIdIsWrong() {
    assertThatThrownBy(() -> args(Map.of("workflow_id", "abc")).id("workflow_id"))
        .isInstanceOf(ToolException.class)
        .hasMessage("workflow_id must be an integer, was \"abc\"");
    assertThatThrownBy(() -> args(Map.of("workflow_id", 1.5)).id("workflow_id"))
        .hasMessage("workflow_id must be an integer, was 1.5");
    assertThatThrownBy(() -> args(Map.of("workflow_id", 0)).id("workflow_id"))
        .hasMessage("workflow_id must be a positive integer, was 0");
    assertThatThrownBy(() -> args(Map.of()).id("workflow_id"))
        .hasMessage("tool needs workflow_id (a positive integer)");
  }

  @Test
  void refusesUnknownParametersAndOutOfRangeValues() {
    assertThatThrownBy(() -> args(Map.of("colour", "blue")))
        .hasMessageContaining("tool has no parameter colour");
    assertThatThrownBy(() -> args(Map.of("limit", 5000)).integer("limit", 100, 1, 1000))
        .hasMessage("limit must be between 1 and 1000, was 5000");
    assertThat(args(Map.of()).integer("limit", 100, 1, 1000)).isEqualTo(100);
    assertThatThrownBy(() -> args(Map.of("dry_run", "maybe")).flag("dry_run", false))
        .hasMessage("dry_run must be true or false, was \"maybe\"");
    assertThat(args(Map.of("dry_run", "TRUE")).flag("dry_run", false)).isTrue();
    assertThatThrownBy(
            () -> args(Map.of("status", "sleeping")).choice("status", null, List.of("ready")))
        .hasMessage("status must be one of [ready], was \"sleeping\"");
  }

  @Test
  void readsArraysOfObjectsEachWithItsOwnParameters() {
    ToolArgs args = args(Map.of("items", List.of(Map.of("job_id", 3), "oops")));

    assertThatThrownBy(() -> args.objects("items", Set.of("job_id")))
        .hasMessage("items[1] must be an object, was \"oops\"");
    assertThat(
            args(Map.of("items", List.of(Map.of("job_id", 3))))
                .objects("items", Set.of("job_id"))
                .get(0)
                .id("job_id"))
        .isEqualTo(3);
    assertThatThrownBy(
            () ->
                args(Map.of("items", List.of(Map.of("job", 3)))).objects("items", Set.of("job_id")))
        .hasMessageContaining("items[0] has no parameter job");
    assertThat(
            args(Map.of("items", "[{\"job_id\": 4}]"))
                .objects("items", Set.of("job_id"))
                .get(0)
                .id("job_id"))
        .isEqualTo(4);
    assertThatThrownBy(() -> args(Map.of("items", "[oops")).objects("items", Set.of("job_id")))
        .hasMessage("items must be an array of objects, was \"[oops\"");
  }
}
