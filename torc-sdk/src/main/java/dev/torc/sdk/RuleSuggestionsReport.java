package dev.torc.sdk;

import dev.torc.recovery.workflow.RuleSuggestions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Classification rules proposed from the classifications people and agents made ({@link
 * Torc#suggestRules}); only suggestions, nothing was applied.
 *
 * @param report the suggestions, conflicts and counts
 */
public record RuleSuggestionsReport(RuleSuggestions.Report report) implements JsonView {
  /**
   * Checks that the report is given.
   *
   * @param report the suggestions, conflicts and counts
   */
  public RuleSuggestionsReport {
    Objects.requireNonNull(report, "report");
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("workflow_id", report.workflowId());
    json.put("classifications", report.classifications());
    json.put("without_signature", report.withoutSignature());
    json.put(
        "suggestions",
        report.suggestions().stream()
            .map(
                s -> {
                  Map<String, Object> rule = new LinkedHashMap<>();
                  rule.put("pattern", s.rule().pattern());
                  rule.put("classification", s.rule().classification());
                  rule.put("confidence", s.rule().confidence());
                  rule.put("signature", s.signature());
                  rule.put("support", s.support());
                  rule.put("conflicts", s.conflicts());
                  rule.put("actors", s.actors());
                  rule.put("jobs", s.jobs());
                  return rule;
                })
            .toList());
    json.put(
        "conflicts",
        report.conflicts().stream()
            .map(
                c -> {
                  Map<String, Object> conflict = new LinkedHashMap<>();
                  conflict.put("signature", c.signature());
                  conflict.put("transient", c.transientCount());
                  conflict.put("permanent", c.permanentCount());
                  return conflict;
                })
            .toList());
    return json;
  }
}
